package text

import (
	"fmt"
	"testing"
)

// TestLowerShared: Lower gives each token in lower case, with straight
// apostrophes, as lower does; the ASCII words with capitals of one message
// share one lower-case copy of the text instead of a string each.
func TestLowerShared(t *testing.T) {
	for _, s := range []string{
		"Hello World, From PARIS Today! Reply STOP.",
		"L’Offre De Noël À 20 € : Répondez STOP, Merci.",
		"MiXeD cAsE {{Name}} @Anna #Promo https://Example.COM/X ÉTÉ İstanbul ǅemal",
		"",
	} {
		a := Analyze(s, Options{Lang: "en"})
		for i := range a.Tokens {
			if got, want := a.Lower(i), lower(a.TokenText(i)); got != want {
				t.Errorf("%q token %d: Lower = %q, want %q", s, i, got, want)
			}
		}
	}
	s := "Hello World From Paris Today Reply Stop"
	allocs := testing.AllocsPerRun(100, func() {
		a := Analyze(s, Options{Lang: "en"})
		for i := range a.Tokens {
			a.Lower(i)
		}
	})
	// The Analysis, the per-token caches, the one lower-case copy.
	if allocs > 3 {
		t.Errorf("Analyze and Lower of 7 capitalised words: %v allocations, want 3 at most", allocs)
	}
}

// TestAnalyzeAllocs: the analysis of an SMS-length message holds its
// tokens, sentences and paragraphs in one allocation, and its per-token
// caches (Lower, Stem, the phrase hashes) in a second.
func TestAnalyzeAllocs(t *testing.T) {
	s := "your parcel is on its way and arrives thursday between 9:00 and 13:00. track it at https://example.com/t/A4821. reply stop to opt out."
	allocs := testing.AllocsPerRun(100, func() { Analyze(s, Options{Lang: "en"}) })
	if allocs > 2 {
		t.Errorf("Analyze of a 140-byte SMS: %v allocations, want 2", allocs)
	}
	long := Analyze(s+" "+s+" "+s, Options{Lang: "en"})
	if n := len(long.Tokens); n <= len(long.inline.tokens) {
		t.Fatalf("the long text has %d tokens: not longer than the inline buffer", n)
	}
	c := "Your parcel is on its way. Track it at https://example.com/t/A4821. Reply STOP to opt out."
	short := Analyze(c, Options{Lang: "en"})
	if got := Analyze(c+" "+c+" "+c+" "+c, Options{Lang: "en"}); len(got.Sentences) != 4*len(short.Sentences) || len(got.Tokens) != 4*len(short.Tokens) {
		t.Errorf("three times the text: %d sentences, want %d", len(got.Sentences), 4*len(short.Sentences))
	}
}

// TestCompilePhrasesAllocs: a list compiles in a number of allocations
// that does not grow with its length (the words, hashes and groups of all
// phrases share a few arrays), where it was about three per phrase.
func TestCompilePhrasesAllocs(t *testing.T) {
	list := func(n int) map[string][]string {
		var l []string
		for i := range n {
			// one-word phrases, and pairs sharing first words and first pairs
			l = append(l, fmt.Sprintf("w%d", i), fmt.Sprintf("w%d x%d", i%7, i%3), fmt.Sprintf("w%d x%d y%d", i%7, i%3, i))
		}
		return map[string][]string{"en": l}
	}
	small, big := list(50), list(1000)
	allocs := func(m map[string][]string) float64 {
		return testing.AllocsPerRun(5, func() {
			ps, err := CompileExactPhrases(m)
			if err != nil {
				t.Fatal(err)
			}
			if ps.table("en") == nil { // the table compiles on its first use
				t.Fatal("no English table")
			}
		})
	}
	a, b := allocs(small), allocs(big)
	if b-a > 20 {
		t.Errorf("compiling 3,000 phrases: %v allocations, 150 phrases: %v; want the same within 20", b, a)
	}
}

// TestFingerprintReusedAllocs: the fingerprint of a message analysed into a
// reused Analysis (as a Linter's check does) allocates nothing: its cache
// lives in the Analysis, not in a pointer of its own.
func TestFingerprintReusedAllocs(t *testing.T) {
	// (No capitals: their one lower-case copy of the text is an allocation
	// of the analysis, see TestLowerShared.)
	s := "your parcel is on its way and arrives thursday between 9:00 and 13:00. reply stop to opt out."
	var reused Analysis
	e0, sim0, n0 := AnalyzeInto(&reused, s, Options{Lang: "en"}).Fingerprint()
	want := [3]uint64{e0, sim0, uint64(n0)}
	allocs := testing.AllocsPerRun(100, func() {
		if e, sim, n := AnalyzeInto(&reused, s, Options{Lang: "en"}).Fingerprint(); [3]uint64{e, sim, uint64(n)} != want {
			t.Fatalf("fingerprint of the reused analysis %x %x %d, want %v", e, sim, n, want)
		}
	})
	if allocs > 0 {
		t.Errorf("AnalyzeInto and Fingerprint on a reused Analysis: %v allocations, want 0", allocs)
	}
}
