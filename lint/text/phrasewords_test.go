package text

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
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

// TestPhraseWordsAsAnalyzed checks that PhraseWords, which tokenizes a
// phrase without the rest of Analyze, reads every phrase of the built-in
// lists, and phrases with apostrophes, hyphens, placeholders, numbers and
// symbols, as the words of a whole Analyze in that language.
func TestPhraseWordsAsAnalyzed(t *testing.T) {
	phrases := []string{
		"l'offre", "d’achat", "c'est-à-dire", "e-mail", "aujourd’hui", "{{first_name}}", "{prenom}",
		"24h", "50 %", "$5", "€42.90", "3.5", "12h30", "x2", "www.example.com", "https://ex.fr/a",
		"Mr. Smith", "OK!", "🎉 Gratuit", "«  vite  »", "Hi…there", "A.B.C.", "#1", "@handle", "",
		"don’t miss out", "RÉPONDEZ STOP", "n°1", "1er", "ÉTÉ", "œuvre", "straße",
	}
	for _, dir := range []string{"../../rules/lexicon", "../../rules/internal/spam/lists", "../promo/lexicon"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no lists in %s: %v", dir, err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			list, err := ParsePhraseList(f, string(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range list {
				phrases = append(phrases, strings.TrimPrefix(p, "="))
			}
		}
	}
	s := NewStemmer()
	for _, lang := range []string{"en", "fr"} {
		for _, exact := range []bool{false, true} {
			for _, p := range phrases {
				got, want := s.PhraseWords(lang, p, exact), s.phraseWordsAnalyzed(lang, p, exact)
				if !slices.Equal(got, want) {
					t.Errorf("PhraseWords(%s, %q, exact=%v) = %q, Analyze reads %q", lang, p, exact, got, want)
				}
			}
		}
	}
}

// scanPhraseList is ParsePhraseList as a bufio.Scanner read lists before:
// the reference for its line splitting and errors.
func scanPhraseList(name, data string) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.ContainsAny(l, "\t") {
			return nil, fmt.Errorf("%s:%d: tab in phrase %q", name, n, l)
		}
		out = append(out, l)
	}
	return out, sc.Err()
}

// TestParsePhraseList checks that lists read as a bufio.Scanner read them
// (CRLF, no final line break, comments, blank lines, a tab's line, a line
// too long) and that the phrases share the list's memory rather than
// being copied one by one.
func TestParsePhraseList(t *testing.T) {
	long := strings.Repeat("a", bufio.MaxScanTokenSize)
	for _, data := range []string{
		"", "\n", "one", "one\n", "one\r\ntwo\r\n", "# c\n\n  spaced out  \n#x\nlast",
		"a\n\tb\nc", "a\nb\tc\n", "ok\n" + long + "\nafter", "ok\n" + long[1:] + "\nafter", "\r\n\r\n", "é\u00a0\n",
	} {
		got, err := ParsePhraseList("x.txt", data)
		want, werr := scanPhraseList("x.txt", data)
		if !slices.Equal(got, want) || fmt.Sprint(err) != fmt.Sprint(werr) || (got == nil) != (want == nil) {
			t.Errorf("ParsePhraseList(%.20q) = %.40q, %v; a Scanner reads %.40q, %v", data, got, err, want, werr)
		}
	}
	data := "# list\nfirst phrase\nsecond\n"
	got, err := ParsePhraseList("x.txt", data)
	if err != nil || len(got) != 2 {
		t.Fatalf("got %q, %v", got, err)
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(data)))
	for _, p := range got {
		if at := uintptr(unsafe.Pointer(unsafe.StringData(p))); at < lo || at >= lo+uintptr(len(data)) {
			t.Errorf("phrase %q was copied out of the list's memory", p)
		}
	}
}

// TestStemListed checks that listed words stem as message words do, from
// several goroutines at once (lists compile concurrently; run with -race),
// and that compiling lists leaves the messages' bounded cache empty.
func TestStemListed(t *testing.T) {
	words := map[string][]string{
		"en": {"discounted", "offers", "winning", "claim", "prizes", "urgent", "verify", "free"},
		"fr": {"réclamez", "gagnant", "offres", "gratuitement", "vérifiez", "remises", "urgence", "mars"},
	}
	s := NewStemmer()
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for lang, list := range words {
				for _, w := range list {
					if got, want := s.StemListed(lang, w), stem(lang, w); got != want {
						t.Errorf("StemListed(%s, %q) = %q, want %q", lang, w, got, want)
					}
				}
				s.PhraseWords(lang, strings.Join(list, " "), false)
			}
		})
	}
	wg.Wait()
	if n := s.en.Len() + s.fr.Len(); n != 0 {
		t.Errorf("compiling lists put %d words in the messages' cache, want 0", n)
	}
	var none *Stemmer
	if got := none.StemListed("fr", "offres"); got != stem("fr", "offres") {
		t.Errorf("nil Stemmer: StemListed = %q", got)
	}
}

// TestPlainPhraseWords: the words of a phrase of lower-case ASCII letters
// and spaces, found without the tokenizer, are the tokenizer's, stemmed or
// exact, in English and French, and appended after what dst holds.
func TestPlainPhraseWords(t *testing.T) {
	vocab := []string{"www", "http", "https", "h", "w", "a", "am", "pm", "s", "l", "d", "qu", "aujourd", "hui",
		"com", "fr", "etc", "st", "mr", "offers", "offres", "gratuit", "free", "click", "here", "x", "ok", "stop", "e", "mail"}
	rng := rand.New(rand.NewPCG(17, 1))
	st := NewStemmer()
	for range 3000 {
		var b strings.Builder
		b.WriteString(strings.Repeat(" ", rng.IntN(2)))
		for k := range 1 + rng.IntN(4) {
			if k > 0 {
				b.WriteString(strings.Repeat(" ", 1+rng.IntN(3)))
			}
			b.WriteString(vocab[rng.IntN(len(vocab))])
		}
		b.WriteString(strings.Repeat(" ", rng.IntN(2)))
		p := b.String()
		if !plainWords(p) {
			t.Fatalf("%q: not plain", p)
		}
		for _, lang := range []string{"en", "fr"} {
			for _, exact := range []bool{false, true} {
				got := st.PhraseWords(lang, p, exact)
				want := st.appendTokenWords(nil, lang, p, exact)
				if !slices.Equal(got, want) || got == nil {
					t.Fatalf("%s %q exact=%v: %q, want %q", lang, p, exact, got, want)
				}
				pre := []string{"before"}
				if got := st.appendPhraseWords(pre, lang, p, exact); !slices.Equal(got, append([]string{"before"}, want...)) {
					t.Fatalf("%s %q appended: %q", lang, p, got)
				}
			}
		}
	}
	for _, p := range []string{"", "   "} {
		if got := st.PhraseWords("en", p, false); got == nil || len(got) != 0 {
			t.Errorf("%q: %q, want no words", p, got)
		}
	}
	for _, p := range []string{"Free", "e-mail", "aujourd'hui", "50 off", "été"} {
		if plainWords(p) {
			t.Errorf("%q: plain", p)
		}
	}
}
