// Package deptest checks in tests what a package links: a library package
// must not pull in servers, store clients or styling its users do not need.
package deptest

import (
	"os/exec"
	"strings"
	"testing"
)

// Forbid fails t when a package the package in the test's working folder
// depends on (go list -deps) contains one of banned in its import path. It
// skips when the go command is not installed.
func Forbid(t *testing.T, banned ...string) {
	t.Helper()
	for _, d := range deps(t) {
		for _, b := range banned {
			if strings.Contains(d, b) {
				t.Errorf("the package depends on %s", d)
			}
		}
	}
}

// ForbidExact is Forbid for whole import paths: database/sql, not
// database/sql/driver.
func ForbidExact(t *testing.T, banned ...string) {
	t.Helper()
	for _, d := range deps(t) {
		for _, b := range banned {
			if d == b {
				t.Errorf("the package depends on %s", d)
			}
		}
	}
}

// deps lists the import paths the package in the working folder depends on.
func deps(t *testing.T) []string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	d := strings.Fields(string(out))
	if len(d) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(d), out)
	}
	return d
}
