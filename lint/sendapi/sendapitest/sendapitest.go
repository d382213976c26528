// Package sendapitest holds what the tests of lint/sendapi and of the
// gateway built on it share.
package sendapitest

import (
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// Now is the tests' clock, linttest.Now (2026-11-24T12:00Z): no result
// depends on the day the suite runs. It is after 2026-04-27, when Meta
// retired the message tags CONFIRMED_EVENT_UPDATE, ACCOUNT_UPDATE and
// POST_PURCHASE_UPDATE: the tests judge sends by the policy in force
// today, and their passing sends are ones Messenger accepts today (a
// RESPONSE inside the 24-hour window, a one-time notification).
var Now = linttest.Now

// TagsRetired is when Meta retired the three message tags (00:00 UTC):
// a send tagged with one of them passes before it, and is refused from
// it on.
var TagsRetired = time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC)

// Linter builds the default linter with every rule, on the clock Now.
func Linter(tb testing.TB) *lint.Linter {
	tb.Helper()
	return LinterAt(tb, Now)
}

// LinterAt builds the default linter with every rule, on a clock that
// stays at now: for the tests of what changed on a date (TagsRetired).
func LinterAt(tb testing.TB, now time.Time) *lint.Linter {
	tb.Helper()
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return now }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		tb.Fatal(err)
	}
	return l
}
