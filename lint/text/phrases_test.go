package text

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// naiveFind is Find as its doc says, by strings, trying every phrase of the
// language at every token: the oracle for the indexed matcher.
func naiveFind(lists map[string][]string, st *Stemmer, exact bool, a *Analysis, from, to int) []Match {
	word := func(i int) string {
		if exact {
			return a.Lower(i)
		}
		return a.Stem(i)
	}
	var out []Match
	for i := from; i < to; i++ {
		if a.Tokens[i].Kind == Punct {
			continue
		}
		best := Match{}
		for _, p := range lists[a.Lang] {
			ws := st.PhraseWords(a.Lang, p, exact)
			j, k := i, 0
			for ; j < to && k < len(ws); j++ {
				if t := a.Tokens[j]; t.Kind == Punct {
					if t.Has(Terminal) {
						break
					}
					continue
				}
				if word(j) != ws[k] {
					break
				}
				k++
			}
			if k == len(ws) && j > best.Last {
				best = Match{Span: Span{int(a.Tokens[i].Start), int(a.Tokens[j-1].End)}, Phrase: p, First: i, Last: j}
			}
		}
		if best.Last > 0 {
			out = append(out, best)
			i = best.Last - 1
		}
	}
	return out
}

// TestPhraseSetOracle: on random texts made of the phrases' words, other
// words and punctuation, Find (indexed by hashes of the first word, words
// compared by hash first) finds what trying every phrase by its strings
// finds, stemmed and exact, in English and French.
func TestPhraseSetOracle(t *testing.T) {
	st := NewStemmer()
	lists := map[string][]string{
		"en": {"limited time", "limited time offer", "time", "act now", "offer ends", "free", "free gift", "your free gift", "click", "click here", "here"},
		"fr": {"offre limitée", "offre", "dès maintenant", "cliquez ici", "gratuit", "cadeau gratuit", "votre cadeau", "l'offre du jour"},
	}
	words := map[string][]string{
		"en": {"limited", "Limited", "LIMITED", "time", "times", "offer", "offers", "ends", "free", "gift", "gifts", "your", "click", "clicked", "here", "act", "now", "the", "a", "today"},
		"fr": {"offre", "offres", "limitée", "limitées", "dès", "maintenant", "cliquez", "ici", "gratuit", "gratuits", "cadeau", "votre", "l'offre", "du", "jour", "le"},
	}
	puncts := []string{",", ".", "!", "-", ":", "…"}
	stemmed, err := CompilePhrases(st, lists)
	if err != nil {
		t.Fatal(err)
	}
	exact, err := CompileExactPhrases(lists)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(17, 4))
	found := 0
	for n := range 3000 {
		lang := []string{"en", "fr"}[n%2]
		var b strings.Builder
		for range 2 + r.IntN(14) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			if r.IntN(6) == 0 {
				b.WriteString(puncts[r.IntN(len(puncts))])
				continue
			}
			b.WriteString(words[lang][r.IntN(len(words[lang]))])
		}
		a := Analyze(b.String(), Options{Lang: lang, Stems: st})
		from, to := 0, len(a.Tokens)
		if to > 2 && n%3 == 0 {
			from, to = 1, to-1
		}
		for _, c := range []struct {
			ps    *PhraseSet
			exact bool
		}{{stemmed, false}, {exact, true}} {
			got, want := c.ps.Find(a, from, to), naiveFind(lists, st, c.exact, a, from, to)
			found += len(want)
			if len(got) != len(want) {
				t.Fatalf("%q (exact %v): Find = %+v, want %+v", a.Text, c.exact, got, want)
			}
			for k := range got {
				if got[k] != want[k] {
					t.Fatalf("%q (exact %v): match %d = %+v, want %+v", a.Text, c.exact, k, got[k], want[k])
				}
			}
			prefix := []Match{{Phrase: "before"}}
			if app := c.ps.AppendFind(prefix, a, from, to); len(app) != 1+len(want) || app[0].Phrase != "before" || len(want) > 0 && app[1] != want[0] {
				t.Fatalf("%q (exact %v): AppendFind after one match = %+v, want it and %+v", a.Text, c.exact, app, want)
			}
		}
	}
	if found < 1000 {
		t.Errorf("only %d matches in 3,000 texts: the test texts do not exercise the matcher", found)
	}
}

// BenchmarkPhraseFind runs a stemmed and an exact set of a few hundred
// phrases over SMS-length messages whose stems are already computed, as
// the rules after the first one find them.
func BenchmarkPhraseFind(b *testing.B) {
	st := NewStemmer()
	var en []string
	for _, w := range strings.Fields("offer deal sale discount price code gift prize winner bonus credit cash reward voucher coupon") {
		for _, x := range strings.Fields("now today only here free your limited special exclusive") {
			en = append(en, w+" "+x, x+" "+w, w)
		}
	}
	lists := map[string][]string{"en": en, "fr": {"offre spéciale", "code promo"}}
	stemmed, err := CompilePhrases(st, lists)
	if err != nil {
		b.Fatal(err)
	}
	exact, err := CompileExactPhrases(lists)
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{
		"Your parcel #A4821 is on its way and arrives Thursday between 9:00 and 13:00. Track it at https://example.com/t/A4821. Reply STOP to opt out.",
		"Hi {{first_name}}, your appointment with Dr. Martin is confirmed for Tue 3 March at 10:30. Reply C to cancel or R to reschedule.",
		"Special offer today only: your exclusive discount code SAVE20 gives 20% off. Claim your free gift now!",
	}
	as := make([]*Analysis, len(texts))
	for i, s := range texts {
		as[i] = Analyze(s, Options{Lang: "en", Stems: st})
		stemmed.Find(as[i], 0, len(as[i].Tokens))
		exact.Find(as[i], 0, len(as[i].Tokens))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a := as[i%len(as)]
		stemmed.Find(a, 0, len(a.Tokens))
		exact.Find(a, 0, len(a.Tokens))
	}
}
