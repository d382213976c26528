package promo

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/presend/presend/lint/text"
)

// randomTexts returns texts assembled at random from the detector's
// phrases, its code and free words and other words, in both languages.
func randomTexts(d *Detector, n int) (texts, langs []string) {
	words := []string{"hello", "the", "tomorrow", "bonjour", "demain", "£5", "50%", "10", "€", ",", ".", "!", "your",
		"votre", "order", "commande", "STOP", "36000", "www.example.com", "-", "(", ")"}
	for _, lexicon := range d.lexicons.byLang {
		lx := lexicon()
		for p := range lx.stemmed {
			words = append(words, p)
		}
		for p := range lx.exact {
			words = append(words, p)
		}
		for _, set := range []wordSet{lx.codeWord, lx.freeWord} {
			for w := range set {
				words = append(words, w)
			}
		}
	}
	slices.Sort(words)
	r := rand.New(rand.NewPCG(17, 11))
	for range n {
		var b strings.Builder
		for k := range 1 + r.IntN(14) {
			if k > 0 {
				b.WriteByte(' ')
			}
			w := words[r.IntN(len(words))]
			if r.IntN(4) == 0 {
				w = strings.ToUpper(w)
			}
			b.WriteString(w)
		}
		texts = append(texts, b.String())
		langs = append(langs, []string{"en", "fr"}[r.IntN(2)])
	}
	return texts, langs
}

// TestWordStartsFilter checks that the filter before the code and free
// word lookups never turns away a word of either set.
func TestWordStartsFilter(t *testing.T) {
	d := New(text.NewStemmer())
	hits, rejected := 0, 0
	texts, langs := randomTexts(d, 20_000)
	for k, s := range texts {
		a := text.Analyze(s, text.Options{Lang: langs[k], Stems: text.NewStemmer()})
		lx := d.lexicon(a.Lang)
		for i := range a.Tokens {
			if lx.codeWord.has(a, i) || lx.freeWord.has(a, i) {
				hits++
				if !lx.wordStarts.MayHaveStem(a, i) {
					t.Fatalf("%q: the filter turns away %q", s, a.TokenText(i))
				}
			} else if a.Tokens[i].Kind == text.Word && !lx.wordStarts.MayHaveStem(a, i) {
				rejected++
			}
		}
	}
	if hits < 1000 || rejected == 0 {
		t.Fatalf("%d words of the sets met, %d others turned away: the check proves little", hits, rejected)
	}
}

// TestMergeInPlace checks that the phrase matches, found into one buffer
// and merged in place, are those of both sets' Find merged as before
// (concatenated, sorted, the longer of two overlapping matches kept).
func TestMergeInPlace(t *testing.T) {
	d := New(text.NewStemmer())
	both := 0
	texts, langs := randomTexts(d, 20_000)
	for k, s := range texts {
		a := text.Analyze(s, text.Options{Lang: langs[k], Stems: text.NewStemmer()})
		lx := d.lexicon(a.Lang)
		xs, ys := lx.phrases.Find(a, 0, len(a.Tokens)), lx.exactPhrases.Find(a, 0, len(a.Tokens))
		if len(xs) > 0 && len(ys) > 0 {
			both++
		}
		want := oldMerge(t, xs, ys)
		var buf [4]text.Match // small: the buffer overflows too
		got := lx.phrases.AppendFind(buf[:0], a, 0, len(a.Tokens))
		n := len(got)
		got = mergeMatches(lx.exactPhrases.AppendFind(got, a, 0, len(a.Tokens)), n)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: merged %v, want %v", s, got, want)
		}
	}
	if both < 500 {
		t.Fatalf("only %d texts matched both sets: the check proves little", both)
	}
}

// oldMerge merges the two sets' matches found apart, as the scan did
// before it found them into one buffer: what the test above compares is
// that buffer's handling (the merge itself is mergeMatches either way), and
// the merged matches must stay in token order without overlaps.
func oldMerge(t *testing.T, xs, ys []text.Match) []text.Match {
	t.Helper()
	out := mergeMatches(slices.Concat(xs, ys), len(xs))
	for i := 1; i < len(out); i++ {
		if out[i].First < out[i-1].Last {
			t.Fatalf("merged matches overlap or are out of order: %v", out)
		}
	}
	return out
}

// TestAtoi: atoi reads what strconv.Atoi reads of a number token, and
// refuses what it refuses (a number token never starts with a sign).
func TestAtoi(t *testing.T) {
	for _, w := range []string{"0", "2", "10", "007", "123456789012345678", "3.5", "12h30", "1 250", "", "٣", "2nd", "1_000"} {
		n, ok := atoi(w)
		want, err := strconv.Atoi(w)
		if ok != (err == nil) || ok && n != want {
			t.Errorf("atoi(%q) = %d, %v; strconv.Atoi says %d, %v", w, n, ok, want, err)
		}
	}
}
