package lint_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryDependencies: a program that checks messages with lint links
// no server, store client, terminal styling or phone-number data; those
// belong to the commands, lint/gateway, redisstore and the rules that need
// them.
func TestLibraryDependencies(t *testing.T) {
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
		for _, banned := range []string{"prometheus", "redis", "phonenumbers", "lipgloss", "presend/rules", "presend/cmd", "lint/gateway", "lint/sendapi"} {
			if strings.Contains(d, banned) {
				t.Errorf("lint depends on %s", d)
			}
		}
	}
}
