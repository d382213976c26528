package rules_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestDetail: findings say the problem in plain words and keep the
// technical terms (the encoding, UTF-16 units, the readability formula) in
// Detail.
func TestDetail(t *testing.T) {
	cfg := linttest.Config()
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	sms := "It’s “ready”: your order 4411 can be picked up at the store today until 7pm. Reply STOP to opt out"
	data, err := os.ReadFile("../testdata/readability/fire_en_very_hard.txt")
	if err != nil {
		t.Fatal(err)
	}
	hard := string(data)
	for _, c := range []struct {
		name, channel, lang, text, rule string
		inDetail                        []string
	}{
		{"length sms typography", "sms", "en", sms, "length", []string{"UCS-2", "UTF-16 units", "GSM-7"}},
		{"readability en", "messenger", "en", hard, "readability", []string{"Flesch", "syllables"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := lint.Message{Channel: c.channel, Lang: c.lang, Text: c.text, Map: lint.LineMap(c.text, 1)}
			res := l.Check(context.Background(), m)
			found := false
			for _, f := range res.Findings {
				if f.Rule != c.rule {
					continue
				}
				found = true
				for _, term := range c.inDetail {
					if !strings.Contains(f.Detail, term) {
						t.Errorf("detail %q lacks %q", f.Detail, term)
					}
					if strings.Contains(f.Message, term) {
						t.Errorf("message %q still says %q: the term belongs in the detail", f.Message, term)
					}
				}
				if c.rule == "length" && (len(f.Fixes) == 0 || !f.Fixes[0].Safe) {
					t.Errorf("the GSM-7 replacement is not a safe fix: %+v", f.Fixes)
				}
			}
			if !found {
				t.Fatalf("no %s finding", c.rule)
			}
		})
	}
}
