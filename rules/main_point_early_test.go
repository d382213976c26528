package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMainPointEarly(t *testing.T) {
	linttest.Run(t, rules.All(), "main-point-early", "../testdata/main-point-early")
}

// A placeholder whose name holds a configured key word is the point; the
// built-in words stop counting when the list is replaced.
func TestMainPointEarlyKeyPlaceholders(t *testing.T) {
	msg := lint.Message{Channel: "sms", Lang: "fr",
		Text: "Votre créneau du {{creneau}} est gardé pour vous et toute votre famille, à très bientôt. Merci."}
	for _, c := range []struct {
		words []string
		fires bool
	}{
		{nil, true}, // the defaults do not know "creneau"
		{[]string{"creneau"}, false},
	} {
		cfg := linttest.Config()
		if c.words != nil {
			cfg.Rules = map[string]lint.RuleConfig{rules.MainPointEarly.Name: {
				Options: &rules.MainPointEarlyOptions{KeyPlaceholders: c.words}}}
		}
		l, err := lint.New(cfg, []*lint.Rule{rules.MainPointEarly})
		if err != nil {
			t.Fatal(err)
		}
		got := len(l.Check(context.Background(), msg).Findings) > 0
		if got != c.fires {
			t.Errorf("key-placeholders %v: fires %v, want %v", c.words, got, c.fires)
		}
	}
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{rules.MainPointEarly.Name: {
		Options: &rules.MainPointEarlyOptions{KeyPlaceholders: []string{" "}}}}
	if _, err := lint.New(cfg, []*lint.Rule{rules.MainPointEarly}); err == nil || !strings.Contains(err.Error(), "key-placeholders") {
		t.Errorf("an empty key word: error %v", err)
	}
}
