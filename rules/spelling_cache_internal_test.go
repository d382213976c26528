package rules

import (
	"fmt"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules/internal/spell"
)

// TestSpellingVerdictCache: the Linter's cache of word verdicts answers as
// the dictionary does, for known, unknown, British, exempt and project
// words, on a first look-up and on a second, and holds no more than its
// bound.
func TestSpellingVerdictCache(t *testing.T) {
	c, err := (&SpellingOptions{Vocab: []string{"Acme"}}).Compile(lint.CompileEnv{Stems: text.NewStemmer()})
	if err != nil {
		t.Fatal(err)
	}
	o := c.(*spelling)
	for _, lang := range []string{"en", "fr"} {
		st, _ := o.dict(lang)
		if st.dict == nil {
			t.Skipf("no %s dictionary installed", lang)
		}
		if st.words.Max != maxWordVerdicts {
			t.Fatalf("%s: cache bound %d, want %d", lang, st.words.Max, maxWordVerdicts)
		}
		d := dictCache{st.dict, st.sugg, &st.words, o.words, lang == "en"}
		words := []string{"colour", "receive", "recieve", "tomorow", "Acme", "ACME", "acme", "hahaha", "xD",
			"commande", "comande", "l'offre", "aujourd'hui", "안녕하세요", "Tuesday", "tuesday", "organise"}
		for round := range 2 {
			for _, w := range words {
				want := d.knowsUncached(w)
				if got := d.knows(w); got != want {
					t.Errorf("%s round %d: knows(%q) = %v, the dictionary says %v", lang, round, w, got, want)
				}
				exempt := spell.NoLatin(w) || spell.Interjection(w) || spell.Emoticon(w)
				if got := d.verdict(w)&verdictExempt != 0; got != exempt {
					t.Errorf("%s round %d: %q exempt = %v, want %v", lang, round, w, got, exempt)
				}
			}
		}
		if n := st.words.Len(); n != len(words) {
			t.Errorf("%s: %d words cached, want %d", lang, n, len(words))
		}
	}
	// The bound: past it, verdicts are computed and not kept.
	st, _ := o.dict("en")
	small := &dictState{dict: st.dict}
	small.words.Max = 10
	d := dictCache{st.dict, st.sugg, &small.words, o.words, true}
	for i := range 50 {
		w := fmt.Sprintf("wordz%d", i)
		if d.knows(w) != d.knowsUncached(w) {
			t.Fatalf("knows(%q) differs from the dictionary past the bound", w)
		}
	}
	if n := small.words.Len(); n != 10 {
		t.Errorf("%d words cached with a bound of 10", n)
	}
}

// TestApostropheStandInsFirstByte: apostropheSpelledOut turns a word away
// on the byte after it; every stand-in must start with one it lets through.
func TestApostropheStandInsFirstByte(t *testing.T) {
	for _, sub := range apostropheStandIns {
		if sub[0] != '&' && sub[0] != "\uFFFD"[0] {
			t.Errorf("stand-in %q starts with byte %#x: apostropheSpelledOut never looks for it", sub, sub[0])
		}
	}
	a := text.Analyze("didn&#39;t and don\uFFFDt", text.Options{Lang: "en"})
	if j, whole := apostropheSpelledOut(a, 0); j != 4 || whole != "didn't" {
		t.Errorf("didn&#39;t: %d %q, want 4 \"didn't\"", j, whole)
	}
	if j, _ := apostropheSpelledOut(a, 5); j != -1 {
		t.Errorf("and: %d, want -1", j)
	}
}
