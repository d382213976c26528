package lint_test

import (
	"testing"

	"github.com/presend/presend/internal/deptest"
)

// TestLibraryDependencies: a program that checks messages with lint links
// no server, store client, terminal styling or phone-number data; those
// belong to the commands, lint/gateway, redisstore and the rules that need
// them.
func TestLibraryDependencies(t *testing.T) {
	deptest.Forbid(t, "prometheus", "redis", "phonenumbers", "lipgloss", "presend/rules", "presend/cmd", "lint/gateway", "lint/sendapi")
}
