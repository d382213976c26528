package spam

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/lint/text"
)

// TestGluedFinePrintFilter checks that the filter before gluedFinePrint
// never turns away a text the expression matches: on fine print as it is
// written in premium SMS, and on many texts assembled from the pieces the
// expression matches (digits, prices, units in every case, spaces, the
// letters that fold to ASCII ones), glued at random.
func TestGluedFinePrintFilter(t *testing.T) {
	matching := []string{
		"Age18+only", "Cost£1.50perWKsub", "1.50pmsg", "costs150ppm", "16+ only", "T&C apply 18+ 150p/msg",
		"£3 per WEEK", "0,50€/sms", "2 € par semaine", "25p per text", "£1.50 x MINS", "1.50 PENCE PER MESSAGE",
		"150p ſms", "£2 ſemaine", "3p/ſmſ", "£2/wK", "£2/w\u212a", "$5 a Txt",
		"£\t1.50/msg", "$\n2 per week", "€\f3 wk", "£\r4 txt", "Cost £1,50 per sms", "10,000 PENCE MSG",
	}
	for _, s := range matching {
		if gluedFinePrint().FindStringSubmatchIndex(s) == nil {
			t.Errorf("%q: the expression does not match; the case is useless", s)
		}
		if !mayHaveGluedFinePrint(s) {
			t.Errorf("%q: the filter turns away fine print the expression matches", s)
		}
	}
	for _, s := range []string{"Your parcel arrives Thursday. Reply STOP to opt out.", "Call 0612345678 tomorrow morning", "Bonjour, à demain",
		"I'll call later at 30 mins", "I will reach ur home in 10 minutes", "from 2 to 6 pm", "£5  1.50 msg", "£ \t2 txt"} {
		if mayHaveGluedFinePrint(s) {
			t.Errorf("%q: the filter lets through a text with no unit near a digit", s)
		}
	}
	pieces := []string{"1", "6", "8", "+", "0", ".", ",", "50", " ", "  ", "p", "P", "pence", "€", "£", "$", "/",
		"per", "pr", "par", "a", "x", "msg", "MSGS", "message", "wk", "Wk", "week", "semaines", "min", "MINUTES",
		"txt", "text", "sms", "SMS", "pm", "PM", "ſ", "\u212a", "sub", "rcvd", "hello", "é", "-", "\n", "abcdefghijkl",
		"\t", "\r", "\f", "\v", "10 ", " minutes", "mins", "£ ", "1,000"}
	r := rand.New(rand.NewPCG(17, 2026))
	matched := 0
	for range 200_000 {
		s := corpustest.Glue(r, pieces, 1+r.IntN(10))
		if gluedFinePrint().FindStringSubmatchIndex(s) == nil {
			continue
		}
		matched++
		if !mayHaveGluedFinePrint(s) {
			t.Fatalf("%q: the filter turns away a text the expression matches", s)
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d random texts matched: the check proves little", matched)
	}
	// The corpus texts and their mutations: findGluedFinePrint, filter
	// first, finds what the expression alone finds.
	found := 0
	for _, s := range testTexts(t) {
		want := gluedFinePrint().FindStringSubmatchIndex(s)
		if got := findGluedFinePrint(s); !slices.Equal(got, want) {
			t.Fatalf("%q: findGluedFinePrint = %v, the expression %v", s, got, want)
		}
		if want != nil {
			found++
		}
	}
	if found < 20 {
		t.Errorf("only %d corpus texts hold fine print: the comparison proves little", found)
	}
}

// TestWordFilters checks that the filters before the per-token word maps
// (moneyKeys, sendKeys, alertKeys, replyKeys) never turn away a word of their maps:
// every listed word, in every case, and random texts mixing them with other
// words, in English and French, analysed as messages are.
func TestWordFilters(t *testing.T) {
	d := detector(t)
	var listed []string
	for _, m := range []map[string]bool{sendVerbs, paymentWords, cardUse, idWords, replyWords} {
		for w := range m {
			listed = append(listed, w)
		}
	}
	for _, m := range d.moneySet {
		for w := range m {
			listed = append(listed, w)
		}
	}
	listed = append(listed, "cash", "prize", "award", "euros", "récompense", "gagné", "money")
	others := []string{"hello", "the", "tomorrow", "bonjour", "demain", "parcel", "réunion", "call", "£500", "09061701461",
		"won", "free", "your", "votre", "if", "not", "you", "4417", ",", ".", "!", "stop", "vous", "avez", "gagné"}
	words := append(slices.Clone(listed), others...)
	slices.Sort(words)
	r := rand.New(rand.NewPCG(17, 7))
	hits := [4]int{}
	rejected := 0
	check := func(s, lang string) {
		a := text.Analyze(s, text.Options{Lang: lang, Stems: testStem})
		for i, tok := range a.Tokens {
			if tok.Kind != text.Word {
				continue
			}
			if d.moneySet[a.Lang][a.Stem(i)] {
				hits[0]++
				if !d.moneyKeys.MayHaveStem(a, i) {
					t.Fatalf("%q: moneyKeys turns away %q (stem %q)", s, a.TokenText(i), a.Stem(i))
				}
			}
			w := a.Lower(i)
			if sendVerbs[w] {
				hits[1]++
				if !d.sendKeys.MayHaveLower(a, i) {
					t.Fatalf("%q: sendKeys turns away %q", s, w)
				}
			}
			if replyWords[w] {
				hits[3]++
				if !d.replyKeys.MayHaveLower(a, i) {
					t.Fatalf("%q: replyKeys turns away %q", s, w)
				}
			}
			if paymentWords[w] || cardUse[w] || idWords[w] {
				hits[2]++
				if !d.alertKeys.MayHaveLower(a, i) {
					t.Fatalf("%q: alertKeys turns away %q", s, w)
				}
			} else if !d.alertKeys.MayHaveLower(a, i) {
				rejected++
			}
		}
	}
	for _, w := range listed {
		for _, lang := range []string{"en", "fr"} {
			check(w, lang)
			check(strings.ToUpper(w), lang)
			check("Votre "+w+" est là", lang)
		}
	}
	for range 20_000 {
		var b strings.Builder
		for k := range 1 + r.IntN(12) {
			if k > 0 {
				b.WriteByte(' ')
			}
			w := words[r.IntN(len(words))]
			if r.IntN(4) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		check(b.String(), []string{"en", "fr"}[r.IntN(2)])
	}
	for k, n := range hits {
		if n < 1000 {
			t.Errorf("filter %d: only %d listed words met: the check proves little", k, n)
		}
	}
	if rejected == 0 {
		t.Error("alertKeys turned no word away: it filters nothing")
	}
}

// TestCurrencyBeforeLength checks what amountAt's length test before the
// currencyBefore map assumes: every listed currency has 2 or 3 bytes.
func TestCurrencyBeforeLength(t *testing.T) {
	for w := range currencyBefore {
		if len(w) < 2 || len(w) > 3 {
			t.Errorf("currencyBefore lists %q: amountAt turns away words that are not 2 or 3 bytes long", w)
		}
	}
}
