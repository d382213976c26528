package sendapi_test

import (
	"os/exec"
	"strings"
	"testing"
)

// A program that uses Transport or Middleware links no metrics library and
// no Redis client: they belong to the gateway's Server and to the Redis
// store.
func TestNoServerDependencies(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not installed")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), out)
	}
	for _, d := range deps {
		for _, banned := range []string{"prometheus", "redis", "lint/gateway", "lipgloss"} {
			if strings.Contains(d, banned) {
				t.Errorf("lint/sendapi depends on %s", d)
			}
		}
	}
}
