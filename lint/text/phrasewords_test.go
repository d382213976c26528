package text

import (
	"slices"
	"testing"
)

// TestPhraseWords checks the words a listed phrase is matched on: stems or
// lower-case forms, punctuation dropped, as a message's tokens read.
func TestPhraseWords(t *testing.T) {
	s := NewStemmer()
	if got, want := s.PhraseWords("en", "Discounted offers, today!", false), []string{"discount", "offer", "today"}; !slices.Equal(got, want) {
		t.Errorf("PhraseWords(en, stems) = %q, want %q", got, want)
	}
	if got, want := s.PhraseWords("fr", "Réclamez vos gains", true), []string{"réclamez", "vos", "gains"}; !slices.Equal(got, want) {
		t.Errorf("PhraseWords(fr, exact) = %q, want %q", got, want)
	}
	a := Analyze("Our OFFERS end today", Options{Lang: "en", Stems: s})
	if got := s.PhraseWords("en", "offers", false); len(got) != 1 || got[0] != a.Stem(1) {
		t.Errorf("PhraseWords(offers) = %q, the message's stem is %q", got, a.Stem(1))
	}
}

// TestFirstWords checks that a set tells what its phrases start with and
// how long the longest is, in every language, as it matches them.
func TestFirstWords(t *testing.T) {
	s := NewStemmer()
	ps, err := CompilePhrases(s, map[string][]string{
		"en": {"claim your prize", "winning ticket"},
		"fr": {"réclamez votre gain, vite maintenant"},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(ps.FirstWords())
	want := []string{s.Stem("fr", "réclamez"), "claim", "win"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("FirstWords = %q, want %q", got, want)
	}
	if n := ps.MaxWords(); n != 5 {
		t.Errorf("MaxWords = %d, want 5", n)
	}
	a := Analyze("Winning tickets inside", Options{Lang: "en", Stems: s})
	if m, ok := ps.At(a, 0, len(a.Tokens)); !ok || !slices.Contains(got, a.Stem(0)) || m.Last != 2 {
		t.Errorf("At = %+v, %v; the first word %q should be among FirstWords %q", m, ok, a.Stem(0), got)
	}
	var none *PhraseSet
	if n := len(slices.Collect(none.FirstWords())); n != 0 || none.MaxWords() != 0 {
		t.Errorf("nil set: %d first words, MaxWords %d", n, none.MaxWords())
	}
}
