package promo

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/presend/presend/lint/text"
)

// TestLexiconsCompileOnFirstUse: New compiles no lexicon; every language's
// built-in lists compile; a message compiles its own language's lexicon,
// once, and never another's; a language without lists has none.
func TestLexiconsCompileOnFirstUse(t *testing.T) {
	stems := text.NewStemmer()
	d := New(stems)
	if n := d.lexicons.compiled.Load(); n != 0 {
		t.Fatalf("New compiled %d lexicons, want none", n)
	}
	en := text.Analyze("20% off everything this weekend with code WINTER20! Shop now.", text.Options{Lang: "en", Stems: stems})
	for range 3 {
		if r := d.Detect(en); len(r.Evidence) == 0 {
			t.Fatalf("English sale found no evidence: %+v", r)
		}
	}
	if n := d.lexicons.compiled.Load(); n != 1 {
		t.Fatalf("English messages compiled %d lexicons, want 1", n)
	}
	fr := text.Analyze("-20 % sur toute la boutique avec le code HIVER20, offre valable jusqu'à dimanche.", text.Options{Lang: "fr", Stems: stems})
	if r := d.Detect(fr); len(r.Evidence) == 0 {
		t.Fatalf("French sale found no evidence: %+v", r)
	}
	if n := d.lexicons.compiled.Load(); n != 2 {
		t.Fatalf("after a French message %d lexicons compiled, want 2", n)
	}
	for k, l := range langs {
		if lx := d.lexicons.byLang[k](); lx.err != nil || lx.phrases == nil || len(lx.stemmed) == 0 {
			t.Fatalf("%s: lexicon did not compile: %v", l, lx.err)
		}
	}
	if d.lexicon("de") != nil {
		t.Fatal("a language without lists must have no lexicon")
	}
}

// TestConcurrentFirstUse: fresh Detectors hit by concurrent messages in
// both languages (the first of which compile the lexicons) give what a
// Detector warmed one message at a time gives. Run with -race.
func TestConcurrentFirstUse(t *testing.T) {
	stems := text.NewStemmer()
	warm := New(stems)
	texts, tl := randomTexts(warm, 200)
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = warm.Detect(text.Analyze(s, text.Options{Lang: tl[i], Stems: stems}))
	}
	for round := range 4 {
		d := New(text.NewStemmer())
		var wg sync.WaitGroup
		errs := make(chan error, 4*len(texts))
		for g := range 4 {
			wg.Go(func() {
				for i := range texts {
					i = (i + g*7) % len(texts)
					got := d.Detect(text.Analyze(texts[i], text.Options{Lang: tl[i], Stems: stems}))
					if !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Errorf("round %d, %s %q: got %+v, want %+v", round, tl[i], texts[i], got, want[i])
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if n := d.lexicons.compiled.Load(); n != int32(len(langs)) {
			t.Errorf("round %d: %d lexicons compiled, want one per language", round, n)
		}
	}
}
