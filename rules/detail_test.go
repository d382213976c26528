package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/baseline"
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

// jargon is what a copywriter should not have to read in a finding's
// message: encodings, units, formulas, evidence weights, policy ids and
// confidence grades, file references, API field names and industry
// acronyms. They belong in the detail.
var jargon = []*regexp.Regexp{
	regexp.MustCompile(`UCS-2|UTF-16|UTF-8|GSM-7`),
	regexp.MustCompile(`Flesch|Kincaid|Kandel|syllables`),
	regexp.MustCompile(`\(\+[0-9.]+\)`), // an evidence weight
	regexp.MustCompile(`policy [a-z]+\.|confidence [HML]\b`),
	regexp.MustCompile(`testdata/|\.jsonl?:[0-9]`), // where an earlier send was read
	regexp.MustCompile(`_token|Send API|CTIA|SHAFT|10DLC`),
	regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z`), // an RFC 3339 instant
}

// plainRules are the rules whose messages TestPlainMessages holds to the
// jargon list. spammy-content names its evidence with weights (its own
// work), and whatsapp-template names the fields of a template definition,
// which an engineer writes.
var plainRules = []string{
	"auto-reply-eta", "bot-disclosure", "duplicate-send", "length", "main-point-early",
	"marketing-message", "message-tag", "messaging-window", "offer-choice", "one-time-notification", "paragraphs",
	"preview-truncation", "promo-under-tag", "quick-replies", "quiet-hours", "readability",
	"send-frequency", "sentence-length", "sms-compliance", "spelling", "typography-fr",
}

// TestPlainMessages: over every golden case, in English and in French, the
// findings of the rules above say the problem in plain words; the terms of
// the jargon list appear only in their detail.
func TestPlainMessages(t *testing.T) {
	l, err := lint.New(allOn(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases(t)
	langs := map[string]int{}
	checked := map[string]int{}
	for _, path := range cases {
		for _, res := range linttest.CheckCase(t, l, path) {
			for _, f := range res.Findings {
				if !slices.Contains(plainRules, f.Rule) {
					continue
				}
				checked[f.Rule]++
				langs[res.Lang]++
				for _, re := range jargon {
					if m := re.FindString(f.Message); m != "" {
						t.Errorf("%s: %s says %q in its message: %q", path, f.Rule, m, f.Message)
					}
				}
			}
		}
	}
	for _, rule := range plainRules {
		if checked[rule] == 0 && rule != "sentence-length" && rule != "auto-reply-eta" {
			t.Errorf("no %s finding in the golden cases", rule)
		}
	}
	if langs["en"] == 0 || langs["fr"] == 0 {
		t.Errorf("findings by language: %v, want English and French", langs)
	}
}

// allOn is the goldens' configuration with every rule on, those off by
// default too.
func allOn() lint.Config {
	cfg := linttest.Config()
	on := true
	cfg.Rules = map[string]lint.RuleConfig{}
	for _, r := range rules.All() {
		cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &on}
	}
	return cfg
}

// goldenCases lists the case files of every rule's golden tests.
func goldenCases(t *testing.T) []string {
	t.Helper()
	var cases []string
	for _, ext := range []string{"txt", "jsonl", "json"} {
		m, err := filepath.Glob(filepath.Join("..", "testdata", "*", "*."+ext))
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, m...)
	}
	cases = slices.DeleteFunc(cases, func(p string) bool {
		d := filepath.Base(filepath.Dir(p))
		return d == "bench" || d == "examples" || d == "phrases" || d == "spam" || d == "whatsapp-templates" || d == "sms-compliance-options"
	})
	if len(cases) < 100 {
		t.Fatalf("%d golden cases found", len(cases))
	}
	return cases
}

// TestBaselineKeysIgnoreWording: a baseline written when the findings had
// other messages and no detail still matches every finding of the golden
// cases: rewording a finding, or moving its terms to the detail, does not
// turn a baselined finding into a new one.
func TestBaselineKeysIgnoreWording(t *testing.T) {
	l, err := lint.New(allOn(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	var now, before []lint.Result
	for _, path := range goldenCases(t) {
		for _, res := range linttest.CheckCase(t, l, path) {
			now = append(now, res)
			old := res
			old.Findings = slices.Clone(res.Findings)
			for k := range old.Findings {
				old.Findings[k].Message = "an older wording of " + old.Findings[k].Rule + ": " + old.Findings[k].Detail
				old.Findings[k].Detail = ""
			}
			before = append(before, old)
		}
	}
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := baseline.Write(path, before); err != nil {
		t.Fatal(err)
	}
	b, err := baseline.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := range now {
		n += len(now[i].Findings)
		b.Filter(&now[i])
		for _, f := range now[i].Findings {
			t.Errorf("%s: %s finding %q is new against a baseline of the old wording", now[i].Source, f.Rule, f.Message)
		}
	}
	if n < 200 {
		t.Errorf("%d findings checked, want the goldens' (over 200)", n)
	}
}
