package sendapi_test

import (
	"testing"

	"github.com/presend/presend/internal/deptest"
)

// A program that uses Transport or Middleware links no metrics library, no
// Redis client and no terminal styling: they belong to the gateway's
// Server, the Redis store and the CLI's report.
func TestNoServerDependencies(t *testing.T) {
	deptest.Forbid(t, "prometheus", "redis", "lint/gateway", "lipgloss")
}
