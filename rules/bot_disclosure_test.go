package rules_test

import (
	"context"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenBotDisclosure(t *testing.T) {
	linttest.Run(t, rules.All(), "bot-disclosure", "../testdata/bot-disclosure")
}

// TestBotDisclosureConfig: the rule is off unless turned on; lapse-hours
// and phrases change what it asks for.
func TestBotDisclosureConfig(t *testing.T) {
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	msg := lint.Message{Recipient: "psid-c", Automated: true, MessagingType: "RESPONSE", Lang: "en",
		SentAt: at, LastUserMessageAt: at.Add(-6 * time.Hour), Text: "Lumi here: your order #4821 arrives Thursday."}
	earlier := lint.Message{Recipient: "psid-c", Automated: true, MessagingType: "RESPONSE", Lang: "en",
		SentAt: at.Add(-6 * time.Hour), LastUserMessageAt: at.Add(-6 * time.Hour), Text: "I'm the Lumière bot: I track orders."}
	on := true
	tests := []struct {
		name string
		rc   *lint.RuleConfig // nil: the default configuration
		log  []lint.Message
		want bool
	}{
		{"off by default", nil, []lint.Message{msg}, false},
		{"on", &lint.RuleConfig{Enabled: &on}, []lint.Message{msg}, true},
		{"own phrase", &lint.RuleConfig{Enabled: &on, Options: &rules.BotDisclosureOptions{Phrases: []string{"Lumi here"}}}, []lint.Message{msg}, false},
		{"6 hours of silence, default lapse", &lint.RuleConfig{Enabled: &on}, []lint.Message{earlier, msg}, false},
		{"6 hours of silence, lapse-hours 4", &lint.RuleConfig{Enabled: &on, Options: &rules.BotDisclosureOptions{LapseHours: 4}}, []lint.Message{earlier, msg}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := linttest.Config()
			if tt.rc != nil {
				cfg.Rules = map[string]lint.RuleConfig{"bot-disclosure": *tt.rc}
			}
			l, err := lint.New(cfg, rules.All())
			if err != nil {
				t.Fatal(err)
			}
			res, err := l.CheckLog(context.Background(), history.NewMemory(history.Limits{}), tt.log)
			if err != nil {
				t.Fatal(err)
			}
			got := false
			for _, f := range res[len(res)-1].Findings {
				got = got || f.Rule == "bot-disclosure"
			}
			if got != tt.want {
				t.Errorf("bot-disclosure finding: %v, want %v", got, tt.want)
			}
		})
	}
}
