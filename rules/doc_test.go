package rules_test

import (
	"context"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// TestDocExamples runs every rule's documented examples: each Bad text must
// draw at least one finding from its rule, each Good text none (from that
// rule), in the example's language and channel.
func TestDocExamples(t *testing.T) {
	all := rules.All()
	l, err := lint.New(lint.DefaultConfig(), all)
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string]bool{}
	for _, r := range all {
		if len(r.Doc.Examples) == 0 {
			t.Errorf("%s: no examples", r.Name)
		}
		seen := map[string]bool{}
		for i, ex := range r.Doc.Examples {
			seen[ex.Lang] = true
			langs[ex.Lang] = true
			bad := l.Check(context.Background(), lint.Message{Text: ex.Bad, Channel: ex.Channel})
			if got := of(bad, r.Name); len(got) == 0 {
				t.Errorf("%s example %d (%s): Bad draws no finding\n%s", r.Name, i, ex.Lang, ex.Bad)
			} else {
				t.Logf("%s bad %s: %s", r.Name, ex.Lang, got[0].Message)
			}
			if bad.Lang != ex.Lang {
				t.Errorf("%s example %d: language guessed %s, want %s", r.Name, i, bad.Lang, ex.Lang)
			}
			good := l.Check(context.Background(), lint.Message{Text: ex.Good, Lang: ex.Lang, Channel: ex.Channel})
			for _, f := range of(good, r.Name) {
				t.Errorf("%s example %d (%s): Good draws %q\n%s", r.Name, i, ex.Lang, f.Message, ex.Good)
			}
		}
		if !seen["en"] || !seen["fr"] {
			t.Errorf("%s: examples must cover en and fr, have %v", r.Name, seen)
		}
	}
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
