package rules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/rules"
)

func TestGoldenMarketingMessage(t *testing.T) {
	linttest.Run(t, rules.All(), "marketing-message", "../testdata/marketing-message")
}

// TestMarketingMessageConfig: cooldown-hours overrides the policy's
// cooldown, and so does a user's policy file (for the period it names).
func TestMarketingMessageConfig(t *testing.T) {
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	send := func(d time.Duration, text string) lint.Message {
		return lint.Message{Recipient: "psid-c", NotificationMessagesToken: "nmt-c", Lang: "en", SentAt: at.Add(d), Text: text}
	}
	log := []lint.Message{send(-20*time.Hour, "New this week: the Aurora lamp in brass."), send(0, "The Nova desk lamp is back in three colours.")}
	base, err := policy.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	user, _, err := policy.Parse([]byte(`version = "test"
[[fact]]
id = "messenger.marketing-messages.cooldown"
channel = "messenger"
kind = "duration"
value = "24h"
from = 2026-11-01
source = "a test"
confidence = "L"
note = "a stricter cooldown"
`), "user.toml")
	if err != nil {
		t.Fatal(err)
	}
	stricter, err := policy.NewSet("test", base.All(), user)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts *rules.MarketingMessageOptions
		pol  *policy.Set
		want string // "" for no finding
	}{
		{"policy: 12 hours", nil, nil, ""},
		{"cooldown-hours 21", &rules.MarketingMessageOptions{CooldownHours: 21}, nil, "at most one every 21 hours per token"},
		{"policy file: 24 hours", nil, stricter, "since 2026-11-01 a token send is a paid Marketing Message, at most one every 24 hours per token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := linttest.Config()
			cfg.Policy = tt.pol
			if tt.opts != nil {
				cfg.Rules = map[string]lint.RuleConfig{"marketing-message": {Options: tt.opts}}
			}
			l, err := lint.New(cfg, rules.All())
			if err != nil {
				t.Fatal(err)
			}
			res, err := l.CheckLog(context.Background(), history.NewMemory(history.Limits{}), log)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			for _, f := range res[1].Findings {
				if f.Rule == "marketing-message" {
					got = f.Message + " | " + f.Detail // the policy's period is in the detail
				}
			}
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Errorf("finding %q, want one containing %q", got, tt.want)
			}
		})
	}
}
