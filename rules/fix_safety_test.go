package rules_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestFixSafety checks the safe/suggestion label of fixes: the typography
// and paragraph fixes are mechanical (safe), the other rules' fixes keep
// the default (a suggestion) unless their rule says otherwise.
func TestFixSafety(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range []string{"typography-fr", "paragraphs"} {
		cases, err := filepath.Glob(filepath.Join("../testdata", rule, "fire_*.txt"))
		if err != nil {
			t.Fatal(err)
		}
		fixes := 0
		for _, path := range cases {
			msgs, err := input.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range msgs {
				res := l.Check(context.Background(), m)
				for _, f := range res.Findings {
					if f.Rule != rule {
						continue
					}
					for _, fix := range f.Fixes {
						fixes++
						if !fix.Safe {
							t.Errorf("%s: %s fix %q is not marked safe", path, rule, fix.Title)
						}
					}
				}
			}
		}
		if fixes == 0 {
			t.Errorf("%s: no fix in the fire cases: nothing was checked", rule)
		}
	}

	// A spelling choice changes the wording: a suggestion.
	res := l.Check(context.Background(), lint.Message{Text: "Your order has shiped and arrives Thursday.", Lang: "en", Map: lint.LineMap("Your order has shiped and arrives Thursday.", 1)})
	found := false
	for _, f := range res.Findings {
		if f.Rule == "spelling" && len(f.Fixes) > 0 {
			found = true
			if f.Fixes[0].Safe {
				t.Errorf("spelling fix %q is marked safe", f.Fixes[0].Title)
			}
		}
	}
	if !found {
		t.Errorf("no spelling fix for \"shiped\": findings %+v", res.Findings)
	}
}
