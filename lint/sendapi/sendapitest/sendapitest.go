// Package sendapitest holds what the tests of lint/sendapi and of the
// gateway built on it share.
package sendapitest

import (
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// Now is the tests' clock: no result depends on the day the suite runs.
// It is before 2026-04-27, when Meta retired the POST_PURCHASE_UPDATE tag
// that the tests' passing send carries: these tests are about the
// mechanics, and message-tag's own goldens judge the retirement on both
// sides of the date.
var Now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// Linter builds the default linter with every rule, on the clock Now.
func Linter(tb testing.TB) *lint.Linter {
	tb.Helper()
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return Now }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		tb.Fatal(err)
	}
	return l
}
