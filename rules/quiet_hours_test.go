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

// presend.toml overrides the policy by region and country, and may judge
// transactional messages too.
func TestQuietHoursOptions(t *testing.T) {
	promoEN := "Flash sale: 30% off all sneakers today only! Shop now. Reply STOP to opt out."
	promoFR := "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36111"
	ship := "Your order #4821 has shipped and arrives Thursday."
	o := rules.QuietHours.Options().(*rules.QuietHoursOptions)
	o.Windows = map[string]string{"US-FL": "09:00-20:00", "GB": "10:00-20:00"}
	o.DiscouragedDays = map[string][]string{"FR": {}, "US": {"12-25"}}
	o.Transactional = true
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{"quiet-hours": {Options: o}}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	for _, c := range []struct {
		name, recipient, lang, text, sent string
		want                              lint.Severity // 0: nothing
	}{
		{"Florida 08:30 under a 09:00 start", "+13055550123", "en", promoEN, "2026-11-24T13:30:00Z", lint.Error},
		{"Florida 09:00", "+13055550123", "en", promoEN, "2026-11-24T14:00:00Z", 0},
		{"New York keeps the policy's 08:00", "+12125550123", "en", promoEN, "2026-11-24T13:30:00Z", 0},
		{"UK 09:30 under a 10:00 start", "+447400123456", "en", promoEN, "2026-11-24T09:30:00Z", lint.Error},
		{"French Sunday cleared", "+33612345678", "fr", promoFR, "2026-11-29T10:00:00Z", 0},
		{"US Christmas discouraged", "+12125550123", "en", promoEN, "2026-12-25T15:00:00Z", lint.Warning},
		{"transactional judged", "+12125550123", "en", ship, "2026-11-24T08:00:00Z", lint.Error},
	} {
		m := lint.Message{Channel: "sms", Lang: c.lang, Recipient: c.recipient, Text: c.text, SentAt: at(c.sent)}
		got := findingsOf(l.Check(context.Background(), m), "quiet-hours")
		switch {
		case c.want == 0 && len(got) != 0:
			t.Errorf("%s: %v, want nothing", c.name, got)
		case c.want != 0 && (len(got) != 1 || got[0].Severity != c.want):
			t.Errorf("%s: %v, want one %s", c.name, got, c.want)
		}
	}
	for _, bad := range []func(o *rules.QuietHoursOptions){
		func(o *rules.QuietHoursOptions) { o.Windows = map[string]string{"US-FL": "9-20"} },
		func(o *rules.QuietHoursOptions) { o.Windows = map[string]string{"Florida": "09:00-20:00"} },
		func(o *rules.QuietHoursOptions) { o.DiscouragedDays = map[string][]string{"FR": {"easter+x"}} },
	} {
		o := rules.QuietHours.Options().(*rules.QuietHoursOptions)
		bad(o)
		cfg := linttest.Config()
		cfg.Rules = map[string]lint.RuleConfig{"quiet-hours": {Options: o}}
		if _, err := lint.New(cfg, rules.All()); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}
