package rules_test

import (
	"context"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestSpellingBrandRelint: linting the same message again (lint --fix
// passes, an editor re-linting a draft) does not count it again towards
// brand-after; distinct messages of one catalog still do.
func TestSpellingBrandRelint(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	spelling := func(m lint.Message) bool {
		for _, f := range l.Check(context.Background(), m).Findings {
			if f.Rule == "spelling" {
				return true
			}
		}
		return false
	}
	text := "Reminder: the DELIVREY window opens now."
	draft := lint.Message{Source: "draft.txt", Lang: "en", Text: text, Map: lint.LineMap(text, 1)}
	for i := range 5 {
		if !spelling(draft) {
			t.Fatalf("lint %d of the same draft: the typo is no longer flagged (taken for a brand)", i+1)
		}
	}
	// A catalog: the third key with the word makes it a brand, and
	// linting the first two again does not move the count.
	for i, id := range []string{"a", "b", "a", "b"} {
		m := lint.Message{Source: "en.yml", ID: id, Lang: "en", Text: text, Map: lint.LineMap(text, 1)}
		if !spelling(m) {
			t.Fatalf("catalog check %d (%s): not flagged after only 2 keys", i+1, id)
		}
	}
	m := lint.Message{Source: "en.yml", ID: "c", Lang: "en", Text: text, Map: lint.LineMap(text, 1)}
	if spelling(m) {
		t.Errorf("third key: still flagged, want it taken for a brand (brand-after 3)")
	}
}
