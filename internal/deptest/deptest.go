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
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), out)
	}
	for _, d := range deps {
		for _, b := range banned {
			if strings.Contains(d, b) {
				t.Errorf("the package depends on %s", d)
			}
		}
	}
}
