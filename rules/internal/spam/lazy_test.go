package spam

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint/text"
)

// TestEveryLanguageCompiles: the built-in phrase lists compile in every
// language (sets, compiled on first use, has no error to return), and each
// signal's reach is the same in every language, as it was when one reach
// covered both languages' sets.
func TestEveryLanguageCompiles(t *testing.T) {
	d, err := New(text.NewStemmer(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var reach [numSignals]int
	for k, l := range langs {
		ls := d.byLang[k]()
		if ls.err != nil {
			t.Fatalf("%s: %v", l, ls.err)
		}
		if d.sets(l) != ls {
			t.Fatalf("%s: sets does not return the language's compiled lists", l)
		}
		for sig := range numSignals {
			if d.lists[sig].onStems != nil && ls.phrases[sig] == nil {
				t.Errorf("%s: %s has phrases but no set", l, table[sig].Name)
			}
			if k == 0 {
				reach[sig] = ls.longest[sig]
			} else if ls.longest[sig] != reach[sig] {
				t.Errorf("%s: %s reaches %d words, %s %d", l, table[sig].Name, ls.longest[sig], langs[0], reach[sig])
			}
		}
	}
	if ls := d.sets("de"); ls != &d.noSets || ls.startsAt(text.Analyze("gratuit free", text.Options{Lang: "de", Stems: d.stems}), 0) != [2]uint64{} {
		t.Error("a language without lists must match no phrase")
	}
}

// TestListsCompileOnFirstUse: New compiles no language's phrase lists; a
// message compiles its own language's, once, and never the other's.
func TestListsCompileOnFirstUse(t *testing.T) {
	stems := text.NewStemmer()
	d, err := New(stems, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := d.compiled.Load(); n != 0 {
		t.Fatalf("New compiled %d languages, want none", n)
	}
	en := text.Analyze("WINNER!! You have been selected to claim your prize. Call now!", text.Options{Lang: "en", Stems: stems})
	for range 3 {
		if r := d.Detect(en); r.Score < 5 {
			t.Fatalf("English prize message scores %g: %+v", r.Score, r.Evidence)
		}
	}
	if n := d.compiled.Load(); n != 1 {
		t.Fatalf("English messages compiled %d languages, want 1", n)
	}
	fr := text.Analyze("Vous avez gagné un bon d'achat de 500 € ! Réclamez votre gain, dernière chance !", text.Options{Lang: "fr", Stems: stems})
	if r := d.Detect(fr); r.Score < 5 {
		t.Fatalf("French prize message scores %g: %+v", r.Score, r.Evidence)
	}
	if n := d.compiled.Load(); n != 2 {
		t.Fatalf("after a French message %d languages compiled, want 2", n)
	}
}

// TestConcurrentFirstUse: Detectors built fresh and hit by concurrent
// scans in both languages (the first of which compile the lists, and the
// vocabulary of disguised words) give what a Detector warmed one message
// at a time gives. Run with -race.
func TestConcurrentFirstUse(t *testing.T) {
	warm := detector(t)
	texts := append([]string{
		"Cl1ck h3re to cla1m your fr33 g1ft c4rd",
		"V e r i f i e z votre c o m p t e maintenant",
	}, benchTexts...)
	want := make([]Result, 0, 2*len(texts))
	for _, l := range langs {
		for _, s := range texts {
			want = append(want, warm.Detect(text.Analyze(s, text.Options{Lang: l, Stems: testStem})))
		}
	}
	for round := range 4 {
		d, err := New(text.NewStemmer(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 4*len(want))
		for g := range 4 {
			wg.Go(func() {
				for i := range want {
					i = (i + g*3) % len(want)
					l, s := langs[i/len(texts)], texts[i%len(texts)]
					got := d.Detect(text.Analyze(s, text.Options{Lang: l, Stems: d.stems}))
					if !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Errorf("round %d, %s %q: got %+v, want %+v", round, l, s, got, want[i])
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := d.compiled.Load(); n != int32(len(langs)) {
			t.Errorf("round %d: %d compilations, want one per language", round, n)
		}
	}
}

// TestNoPhraseInTwoLists: no built-in phrase feeds two signals (New once
// checked it at every start; the lists are embedded, so a test suffices),
// and the check finds a phrase that does.
func TestNoPhraseInTwoLists(t *testing.T) {
	d := detector(t)
	if err := duplicatePhrase(&d.lists); err != nil {
		t.Fatal(err)
	}
	bad := d.lists
	bad[sigUrgency].onStems = append([]string{bad[sigPrize].onStems[0]}, bad[sigUrgency].onStems...)
	err := duplicatePhrase(&bad)
	if err == nil || !strings.Contains(err.Error(), bad[sigPrize].onStems[0]) || !strings.Contains(err.Error(), "two lists") {
		t.Fatalf("a phrase in prize and urgency: error %v", err)
	}
}
