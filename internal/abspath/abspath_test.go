package abspath_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/presend/presend/internal/abspath"
)

// TestFrom checks From against filepath.Abs, from the real working
// folder.
func TestFrom(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Skip(err)
	}
	for _, p := range []string{"a.txt", "./drafts/../a.txt", "drafts/x/y.yml", "/tmp/a.txt", "..", ".", string(filepath.Separator) + "x", ""} {
		want, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := abspath.From(cwd, p); got != want {
			t.Errorf("From(%q) = %q, filepath.Abs gives %q", p, got, want)
		}
		if got := abspath.From("", p); got != want {
			t.Errorf("From(\"\", %q) = %q, filepath.Abs gives %q", p, got, want)
		}
	}
}
