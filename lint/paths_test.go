package lint_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/presend/presend/lint"
)

// TestAbsFrom checks AbsFrom against filepath.Abs, from the real working
// folder.
func TestAbsFrom(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Skip(err)
	}
	for _, p := range []string{"a.txt", "./drafts/../a.txt", "drafts/x/y.yml", "/tmp/a.txt", "..", ".", string(filepath.Separator) + "x", ""} {
		want, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := lint.AbsFrom(cwd, p); got != want {
			t.Errorf("AbsFrom(%q) = %q, filepath.Abs gives %q", p, got, want)
		}
		if got := lint.AbsFrom("", p); got != want {
			t.Errorf("AbsFrom(\"\", %q) = %q, filepath.Abs gives %q", p, got, want)
		}
	}
}
