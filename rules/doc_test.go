package rules_test

import (
	"cmp"
	"context"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestDocExamples runs every rule's documented examples: each Bad text must
// draw at least one finding from its rule, each Good text none (from that
// rule), in the example's language and channel, with its envelope and after
// the messages it says were sent before.
func TestDocExamples(t *testing.T) {
	all := rules.All()
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{}
	on := true
	for _, r := range all {
		cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &on} // the rules off by default too
	}
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		if len(r.Doc.Examples) == 0 {
			t.Errorf("%s: no examples", r.Name)
		}
		seen := map[string]bool{}
		for i, ex := range r.Doc.Examples {
			seen[ex.Lang] = true
			if ex.Bad != "" { // no Bad: the example shows a text the rule leaves alone
				bad := checkExample(t, l, ex, ex.Env, ex.Bad, "")
				if got := of(bad, r.Name); len(got) == 0 {
					t.Errorf("%s example %d (%s): Bad draws no finding\n%s", r.Name, i, ex.Lang, ex.Bad)
				} else {
					t.Logf("%s bad %s: %s", r.Name, ex.Lang, got[0].Message)
				}
				if bad.Lang != ex.Lang {
					t.Errorf("%s example %d: language guessed %s, want %s", r.Name, i, bad.Lang, ex.Lang)
				}
			}
			good := checkExample(t, l, ex, cmp.Or(ex.GoodEnv, ex.Env), ex.Good, ex.Lang)
			for _, f := range of(good, r.Name) {
				t.Errorf("%s example %d (%s): Good draws %q\n%s", r.Name, i, ex.Lang, f.Message, ex.Good)
			}
		}
		if !seen["en"] || !seen["fr"] {
			t.Errorf("%s: examples must cover en and fr, have %v", r.Name, seen)
		}
	}
}

// checkExample checks one text of an example with its envelope, after the
// messages sent before it.
func checkExample(t *testing.T, l *lint.Linter, ex lint.Example, env *lint.Message, text, lang string) lint.Result {
	t.Helper()
	m := lint.Message{}
	if env != nil {
		m = *env
	}
	m.Text, m.Lang, m.Channel = text, lang, ex.Channel
	log := append(append([]lint.Message(nil), ex.Sent...), m)
	res, err := l.CheckLog(context.Background(), history.NewMemory(history.Limits{}), log)
	if err != nil {
		t.Fatal(err)
	}
	return res[len(res)-1]
}

func of(r lint.Result, rule string) []lint.Finding {
	var out []lint.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestDefaultOptions compiles every rule's default options on their own:
// lint.ParseConfig leaves options at their defaults uncompiled, trusting
// that they are valid.
func TestDefaultOptions(t *testing.T) {
	for _, r := range rules.All() {
		if r.Options == nil {
			continue
		}
		if c, ok := r.Options().(lint.Compiler); ok {
			if err := c.Compile(nil); err != nil {
				t.Errorf("%s: default options: %v", r.Name, err)
			}
		}
	}
}
