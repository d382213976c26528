package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenQuietHours(t *testing.T) {
	linttest.Run(t, rules.All(), "quiet-hours", "../testdata/quiet-hours")
}

// A message checked on its own (a draft, a template in CI) without sent_at
// is not judged, whatever the clock says: at linttest.Now it is 07:00 in
// Florida, outside the window.
func TestQuietHoursNeedsASendTime(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	m := lint.Message{Channel: "sms", Lang: "en", Recipient: "+13055550123",
		Text: "Flash sale: 30% off all sneakers today only! Shop now. Reply STOP to opt out."}
	if got := findingsOf(l.Check(context.Background(), m), "quiet-hours"); len(got) != 0 {
		t.Errorf("without sent_at: %v", got)
	}
	m.SentAt = linttest.Now
	got := findingsOf(l.Check(context.Background(), m), "quiet-hours")
	if len(got) != 1 || got[0].Severity != lint.Error {
		t.Fatalf("at 07:00 in Florida: %v, want one error", got)
	}
	if want := time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC); !got[0].RetryAfter.Equal(want) {
		t.Errorf("retry after %s, want %s", got[0].RetryAfter, want)
	}
}

func findingsOf(res lint.Result, rule string) []lint.Finding {
	var out []lint.Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}
