package text

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/internal/corpustest"
)

// mutate returns s with a few random edits: capitals, accents, function
// words of every language, apostrophes, a carriage return, bytes cut.
func mutate(r *rand.Rand, s string, words []string) string {
	pieces := []string{"É", "é", "à", "«", "»", "œ", "’", "'", "\r\n", " ", "Ü", "İ", "ǅ", "\xff", "THE ", "Les ", "L’", "D'"}
	b := []byte(s)
	for range 1 + r.IntN(4) {
		var ins string
		switch r.IntN(3) {
		case 0:
			ins = pieces[r.IntN(len(pieces))]
		case 1:
			ins = " " + words[r.IntN(len(words))] + " "
		default:
			ins = " " + strings.ToUpper(words[r.IntN(len(words))]) + " "
		}
		p := r.IntN(len(b) + 1)
		b = append(b[:p], append([]byte(ins), b[p:]...)...)
	}
	if len(b) > 2 && r.IntN(4) == 0 {
		p := r.IntN(len(b) - 1)
		b = append(b[:p], b[p+1:]...)
	}
	return string(b)
}

// refSpelledOut is spelledOut by the words' texts: word i and the word
// before or after it are one character each.
func refSpelledOut(a *Analysis, i int) bool {
	var words []int
	for j, t := range a.Tokens {
		if t.Kind == Word {
			words = append(words, j)
		}
	}
	one := func(j int) bool { return utf8.RuneCountInString(a.TokenText(j)) == 1 }
	k := slices.Index(words, i)
	return one(i) && (k > 0 && one(words[k-1]) || k+1 < len(words) && one(words[k+1]))
}

// refGuessLang is guessLang as it was before langTable: a map lookup of
// every word's lower-case form and a scan of every text for accents.
func refGuessLang(a *Analysis) (string, int8) {
	var c langCounts
	en, fr, clear := 0, 0, false
	for i, t := range a.Tokens {
		if t.Kind != Word {
			continue
		}
		m := langWords[lower(a.TokenText(i))]
		if m == 0 {
			continue
		}
		if refSpelledOut(a, i) {
			m &= 3
		}
		c.add(m)
		if !clear {
			en, fr = c.en, c.fr
			clear = en-fr >= 4 || fr-en >= 4
		}
	}
	other := c.other()
	if fr == en {
		for _, r := range a.Text {
			switch r {
			case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'û', 'ô', 'î', 'ë', 'ï', 'œ', '«', '»':
				return "fr", other
			}
		}
	}
	if fr > en {
		return "fr", other
	}
	return "en", other
}

// TestGuessLangOracle: the language guess and OtherLang, with the
// function words found in langTable by their hash, agree with the map
// lookup on every corpus text and on random mutations of them; langBits
// agrees with langWords on every word token.
func TestGuessLangOracle(t *testing.T) {
	lines := corpustest.Texts(t, corpustest.Dir())
	var words []string
	for w := range langWords {
		words = append(words, w)
	}
	r := rand.New(rand.NewPCG(17, 5))
	check := func(s string) {
		a := Analyze(s, Options{})
		want, wantOther := refGuessLang(a)
		if a.Lang != want {
			t.Fatalf("%q: Lang = %s, want %s", s, a.Lang, want)
		}
		if a.otherLang-2 != wantOther {
			t.Fatalf("%q: other language %d, want %d", s, a.otherLang-2, wantOther)
		}
		for i, tok := range a.Tokens {
			if tok.Kind != Word {
				continue
			}
			if got, want := a.langBits(i), langWords[lower(a.TokenText(i))]; got != want {
				t.Fatalf("%q token %q: langBits = %b, want %b", s, a.TokenText(i), got, want)
			}
		}
		b := Analyze(s, Options{Lang: "fr"})
		b.LangGuess = true // as OtherLang counts when guessLang did not
		if got := b.findOtherLang(); got != wantOther {
			t.Fatalf("%q: findOtherLang = %d, want %d", s, got, wantOther)
		}
	}
	for _, s := range lines {
		check(s)
		for range 3 {
			check(mutate(r, s, words))
		}
	}
	for _, w := range words {
		check(w)
		check(strings.ToUpper(w) + " " + strings.ToUpper(w[:1]) + w[1:] + " " + w + "s")
	}
}

// TestLowerOracle: Lower, read from where the per-token cache records it
// (the token's text, the shared lower-case copy, a string of its own),
// is lower(token) on every corpus text and random mutations, the first
// time and from the cache, in any order of tokens; the hashes the phrase
// filters read are those of the lower-case form and of the stem.
func TestLowerOracle(t *testing.T) {
	lines := corpustest.Texts(t, corpustest.Dir())
	var words []string
	for w := range langWords {
		words = append(words, w)
	}
	r := rand.New(rand.NewPCG(4, 21))
	st := NewStemmer()
	check := func(s string) {
		a := Analyze(s, Options{Lang: "fr", Stems: st})
		order := r.Perm(len(a.Tokens))
		for pass := range 2 {
			for _, i := range order {
				want := lower(a.TokenText(i))
				if got := a.Lower(i); got != want {
					t.Fatalf("%q token %d, pass %d: Lower = %q, want %q", s, i, pass, got, want)
				}
				if got, want := a.wordHash(i, true), uint32(wordHash(want))|1<<31; got != want {
					t.Fatalf("%q token %d: lower hash %x, want %x", s, i, got, want)
				}
				stem := want
				if a.Tokens[i].Kind == Word {
					stem = st.Stem("fr", want)
				}
				if got := a.Stem(i); got != stem {
					t.Fatalf("%q token %d: Stem = %q, want %q", s, i, got, stem)
				}
				if got, want := a.wordHash(i, false), uint32(wordHash(stem))|1<<31; got != want {
					t.Fatalf("%q token %d: stem hash %x, want %x", s, i, got, want)
				}
			}
		}
	}
	for k, s := range lines {
		check(s)
		check(mutate(r, s, words))
		if k >= 4 && k%50 == 0 { // longer than lowerASCII's stack buffer
			check(strings.Join(lines[k-4:k+1], " PLUS "))
		}
	}
}

// langWords is langTable as the map it was built from before: each
// function word of enWords, frWords and otherWords with its languages' bits.
var langWords = func() map[string]uint16 {
	m := map[string]uint16{}
	for _, w := range enWords {
		m[w] |= 1
	}
	for _, w := range frWords {
		m[w] |= 2
	}
	for k, o := range otherWords {
		for _, w := range o.words {
			m[w] |= 4 << k
		}
	}
	return m
}()

// TestLangTableOneAlloc: the package's init builds langTable in one
// allocation, without a map of the function words (it built eight).
func TestLangTableOneAlloc(t *testing.T) {
	n := 0
	for _, e := range buildLangTable() {
		if e.h != 0 {
			n++
			if e.m != langWords[e.w] {
				t.Errorf("%q: bits %b, want %b", e.w, e.m, langWords[e.w])
			}
		}
	}
	if n != len(langWords) {
		t.Errorf("langTable has %d words, want %d", n, len(langWords))
	}
	if allocs := testing.AllocsPerRun(10, func() { buildLangTable() }); allocs > 1 {
		t.Errorf("buildLangTable: %v allocations, want 1", allocs)
	}
}
