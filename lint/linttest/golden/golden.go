// Package golden holds the one -update flag of presend's tests and the
// comparison of output with golden files.
//
// A test binary knows only the flags its packages define, so `go test ./...
// -update` works only if every test package defines -update: each one
// imports this package (packages without goldens with a blank import in
// update_test.go), and no other package defines the flag.
package golden

import (
	"flag"
	"os"
	"testing"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files (then review the diff)")

// Compare checks got against the golden file, or rewrites it with -update.
func Compare(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test -update and review the diff)\n--- want\n%s--- got\n%s", path, want, got)
	}
}
