package spam

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/lint/text"
)

// testTexts are the texts the fast paths are compared with the slow ones
// on: every message of the shared development corpora (read at run time,
// skipped when absent) and of the business samples, then mutations of each
// (upper case, lower case, halves of two messages spliced, words shuffled).
func testTexts(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpustest.Dir(), "*.tsv"))
	more, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "spam", "*.tsv"))
	files = append(files, more...)
	msgs := corpustest.Read(t, files...)
	if len(msgs) < 100 {
		t.Fatalf("only %d texts in %v: the comparison proves little", len(msgs), files)
	}
	r := rand.New(rand.NewPCG(17, 2027))
	out := make([]string, 0, 5*len(msgs))
	for _, m := range msgs {
		o := msgs[r.IntN(len(msgs))]
		words := strings.Fields(m)
		r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		out = append(out, m, strings.ToUpper(m), strings.ToLower(m), m[:len(m)/2]+o[len(o)/2:], strings.Join(words, " "))
	}
	return out
}

// TestFiltersMatchSlowPath runs the Detector with its word filters
// (amountKeys, hypeKeys, brandKeys) and with filters that let every word
// through (the map lookups alone, as before the filters), on every corpus
// text and mutations of them: the results must be the same.
func TestFiltersMatchSlowPath(t *testing.T) {
	fast := detector(t)
	slow, err := New(testStem, Options{})
	if err != nil {
		t.Fatal(err)
	}
	all := func(f *text.WordFilter) {
		for i := range f {
			f[i] = ^uint64(0)
		}
	}
	all(&slow.hypeKeys)
	all(&slow.brandKeys)
	for i := range slow.brands {
		slow.brands[i].bytes = 0 // every brand passes the byte test
	}
	texts := append(testTexts(t), linkTexts(fast)...)
	want := make([]Result, len(texts))
	for i, s := range texts {
		want[i] = fast.Detect(text.Analyze(s, text.Options{Stems: testStem}))
	}
	saved := amountKeys
	all(&amountKeys)
	defer func() { amountKeys = saved }()
	fired := 0
	for i, s := range texts {
		got := slow.Detect(text.Analyze(s, text.Options{Stems: testStem}))
		if !reflect.DeepEqual(got, want[i]) {
			t.Fatalf("%q:\nwith the filters    %+v\nwithout the filters %+v", s, want[i], got)
		}
		if got.Score > 0 {
			fired++
		}
	}
	if fired < len(texts)/10 {
		t.Errorf("only %d of %d texts scored: the comparison proves little", fired, len(texts))
	}
}

// linkTexts are messages with links to hosts made at random of brand
// names (also with digits for letters), security words, other words,
// hyphens and top-level domains: look-alike domains and others, also
// bare and as words run into a particle ("log.in", "hmrc.now.click").
func linkTexts(d *Detector) []string {
	var pieces []string
	for _, b := range d.brands {
		pieces = append(pieces, b.name, strings.NewReplacer("l", "1", "o", "0", "i", "1", "e", "3").Replace(b.name))
	}
	for w := range d.security {
		pieces = append(pieces, w)
	}
	pieces = append(pieces, "example", "shop", "my", "x", "-", "-", "2", "_", "zz", "online", "verify",
		"check", "log", "now", "get", "merci", "go") // words that run into a particle in prose
	tlds := []string{".com", ".net", ".co.uk", ".fr", ".xyz", ".top", ".info",
		".in", ".to", ".de", ".click", ".live", ".loan"} // particles and risky words
	r := rand.New(rand.NewPCG(17, 2029))
	out := make([]string, 0, 20_000)
	for range 20_000 {
		var b strings.Builder
		for range 1 + r.IntN(3) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if r.IntN(4) == 0 {
			b.WriteString(".")
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		b.WriteString(tlds[r.IntN(len(tlds))])
		host := b.String()
		switch r.IntN(4) {
		case 3:
			out = append(out, "HMRC: a refund is owed to you. Claim it at "+strings.ToLower(host)) // bare, as run-ons are written
		case 0:
			out = append(out, "Your account is on hold, verify at https://"+host+"/login now")
		case 1:
			out = append(out, "Votre colis: "+host+"/suivi")
		default:
			out = append(out, "PayPal: confirm at http://www."+host)
		}
	}
	return out
}

// TestLowerWordFilters checks that the filters added before amountAt's,
// findBrands' and scanShape's word maps never turn away a word of their
// maps: every listed word, in every case, alone, in a sentence and mixed
// at random with other words, in English and French.
func TestLowerWordFilters(t *testing.T) {
	d := detector(t)
	brands := map[string]bool{}
	for w := range d.brandWords {
		brands[w] = true
	}
	amounts := map[string]bool{}
	for _, m := range []map[string]bool{currencyAfter, magnitudes, currencyBefore} {
		for w := range m {
			amounts[w] = true
		}
	}
	filters := []struct {
		name  string
		f     *text.WordFilter
		words map[string]bool
	}{{"amountKeys", &amountKeys, amounts}, {"hypeKeys", &d.hypeKeys, d.hype}, {"brandKeys", &d.brandKeys, brands}}
	others := []string{"hello", "the", "tomorrow", "bonjour", "demain", "parcel", "£500", "09061701461", "won", ",", "!", "vous"}
	for _, fl := range filters {
		var listed []string
		for w := range fl.words {
			listed = append(listed, w)
		}
		hits, rejected := 0, 0
		check := func(s, lang string) {
			a := text.Analyze(s, text.Options{Lang: lang, Stems: testStem})
			for i := range a.Tokens {
				if fl.words[a.Lower(i)] {
					hits++
					if !fl.f.MayHaveLower(a, i) {
						t.Fatalf("%s turns away %q in %q", fl.name, a.TokenText(i), s)
					}
				} else if !fl.f.MayHaveLower(a, i) {
					rejected++
				}
			}
		}
		for _, w := range listed {
			for _, lang := range []string{"en", "fr"} {
				check(w, lang)
				check(strings.ToUpper(w), lang)
				check("Votre 500 "+w+" est là", lang)
			}
		}
		words := append(slices.Clone(listed), others...)
		r := rand.New(rand.NewPCG(17, 8))
		for range 5_000 {
			var b strings.Builder
			for k := range 1 + r.IntN(12) {
				if k > 0 {
					b.WriteByte(' ')
				}
				w := words[r.IntN(len(words))]
				if r.IntN(3) == 0 {
					w = strings.ToUpper(w)
				}
				b.WriteString(w)
			}
			check(b.String(), []string{"en", "fr"}[r.IntN(2)])
		}
		if hits < 2*len(listed) || rejected == 0 {
			t.Errorf("%s: %d listed words met, %d others turned away: the check proves little", fl.name, hits, rejected)
		}
	}
}

// currencyBeforeRef is the currency form of a price ending at the end of a
// text, as an expression: a currency sign, a space at most, then digits,
// points and commas.
var currencyBeforeRef = regexp.MustCompile(`[£$€][\t\n\f\r ]?[0-9.,]*[0-9]$`)

// mayHaveGluedFinePrintRef is mayHaveGluedFinePrint as it was before its
// byte-class table (four searches of the whole text, then a pass over the
// bytes), with the price asked of the digits before a unit written
// otherwise than priced does: a p, a P or a euro sign between them and the
// unit, or currencyBeforeRef up to them. The one-pass filter must answer as
// it does.
func mayHaveGluedFinePrintRef(s string) bool {
	if strings.Contains(s, "6+") || strings.Contains(s, "8+") ||
		strings.Contains(s, "\u017f") || strings.Contains(s, "\u212a") {
		return true
	}
	lastDigit := -1 << 20
	for q := 0; q < len(s); q++ {
		c := s[q]
		if '0' <= c && c <= '9' {
			lastDigit = q
			continue
		}
		if q-lastDigit > 12 {
			continue
		}
		switch c | 0x20 {
		case 'm', 'w', 's', 't', 'p':
			for _, u := range glueUnits {
				if hasPrefixFoldASCII(s[q:], u) &&
					(strings.ContainsAny(s[lastDigit+1:q], "pP€") || currencyBeforeRef.MatchString(s[:lastDigit+1])) {
					return true
				}
			}
		}
	}
	return false
}

// TestGluedFilterOnePass compares the one-pass filter with the former one
// on every corpus text and its mutations, and on texts glued at random from
// the pieces the expression and the filter look at.
func TestGluedFilterOnePass(t *testing.T) {
	texts := testTexts(t)
	pieces := []string{"1", "6", "8", "+", "0", ".", ",", "50", " ", "p", "P", "pence", "€", "£", "/", "per",
		"msg", "MSGS", "message", "wk", "Wk", "week", "semaines", "min", "txt", "text", "sms", "SMS", "pm", "PM",
		"ſ", "\u212a", "\u017e", "\u2122", "’", "é", "abcdefghijkl", "abcdefghijklm", "hello", "-", "\n", "\xc5", "\xe2\x84"}
	r := rand.New(rand.NewPCG(17, 2028))
	for range 100_000 {
		texts = append(texts, corpustest.Glue(r, pieces, 1+r.IntN(10)))
	}
	yes := 0
	for _, s := range texts {
		want := mayHaveGluedFinePrintRef(s)
		if got := mayHaveGluedFinePrint(s); got != want {
			t.Fatalf("%q: one pass says %v, the former filter %v", s, got, want)
		}
		if want {
			yes++
		}
	}
	if yes < 1000 || len(texts)-yes < 1000 {
		t.Errorf("%d of %d texts pass the filter: the comparison proves little", yes, len(texts))
	}
}

// TestNotYouFilter checks that the filter before notYou never turns away a
// text the expression matches: every corpus text and its mutations, and
// texts glued at random from the expression's pieces in every case (with
// ſ for s), and that it turns most texts away.
func TestNotYouFilter(t *testing.T) {
	pieces := []string{"if ", "If ", "IF ", "iF", "this ", "it ", "was", "is", "n't ", "n’t ", "not ", "NOT ", "you", "YOU", "u ",
		"did", "didn't ", "do ", "make", "perform", "authorise", "recognize", "unauthorized", "done by you", "yours", " ", "?",
		"si ", "SI ", "ſi ", "ce n'est pas vous", "CE N’EST PAS VOUS", "vous n'", "êtes pas à l'origine", "avez pas effectué",
		"ſ", "hello", "\n", ",", "e", "no", "tyou"}
	checkRegexpFilter(t, "notYou", notYou(), mayHaveNotYou, 2030, pieces)
}

// TestConfusablesNotASCII checks what confusable and wordRunEnd assume: no
// ASCII character is a look-alike or invisible, so ASCII skips the map.
func TestConfusablesNotASCII(t *testing.T) {
	for r := range confusables {
		if r < 0x80 {
			t.Errorf("confusables holds ASCII %q: confusable and wordRunEnd skip it", r)
		}
	}
	for r := rune(0); r < 0x80; r++ {
		if isInvisible(r) {
			t.Errorf("%q is invisible: wordRunEnd reads ASCII as visible", r)
		}
		if confusable(r) != 0 {
			t.Errorf("confusable(%q) != 0", r)
		}
	}
}

// TestWordRunEndASCII compares wordRunEnd with its form before the ASCII
// fast path on every corpus text (and mutations), from every rune start.
func TestWordRunEndASCII(t *testing.T) {
	ref := func(s string, i int) int {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) && confusables[r] == 0 && (!isInvisible(r) || i+n >= len(s)) {
				break
			}
			i += n
		}
		for i > 0 {
			r, n := utf8.DecodeLastRuneInString(s[:i])
			if !isInvisible(r) {
				break
			}
			i -= n
		}
		return i
	}
	texts := append(testTexts(t), "Pаypal\u200b acc\u200bount", "ＦＲＥＥ 𝐅𝐑𝐄𝐄 gift\u200d", "a\u200b", "\u200b\u200bx")
	n := 0
	for _, s := range texts {
		for i := range s {
			if got, want := wordRunEnd(s, i), ref(s, i); got != want {
				t.Fatalf("%q from %d: %d, before the fast path %d", s, i, got, want)
			}
			n++
		}
	}
	if n < 100_000 {
		t.Errorf("only %d starts: the comparison proves little", n)
	}
}

// runeEditsRef is runeEdits as it was before its ASCII fast paths: every
// rune decoded, every word handed to wordEdits.
func (d *Detector) runeEditsRef(s string, st *state) []edit {
	if !suspectRunes(s) {
		return nil
	}
	var edits []edit
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isInvisible(r):
			edits = invisibleEdits(s, i, edits, st)
			i = invisibleRunEnd(s, i)
		case isWordRune(r) || confusables[r] != 0:
			end := wordRunEnd(s, i)
			edits = d.wordEdits(s, i, end, edits, st)
			i = end
		default:
			i += n
		}
	}
	return edits
}

// TestRuneEditsASCII compares runeEdits with its former form on every
// corpus text and mutation, and on each with look-alike, styled and
// invisible characters inserted at random: same edits, same signals.
func TestRuneEditsASCII(t *testing.T) {
	d := detector(t)
	inserts := []string{"\u200b", "\u200d", "\u00ad", "а", "о", "р", "е", "𝐅", "𝐑", "Ｆ", "Ⓕ", "🅵", "ѕ", " ", "-"}
	r := rand.New(rand.NewPCG(17, 2031))
	var texts []string
	for _, s := range testTexts(t) {
		texts = append(texts, s)
		b := []byte(s)
		for range 1 + r.IntN(4) {
			k := r.IntN(len(b) + 1)
			for k > 0 && k < len(b) && !utf8.RuneStart(b[k]) {
				k--
			}
			b = append(b[:k], append([]byte(inserts[r.IntN(len(inserts))]), b[k:]...)...)
		}
		texts = append(texts, string(b))
	}
	edited := 0
	for _, s := range texts {
		var st, stRef state
		got, want := d.runeEdits(s, &st), d.runeEditsRef(s, &stRef)
		if !reflect.DeepEqual(got, want) || st.fired != stRef.fired || st.ev != stRef.ev {
			t.Fatalf("%q:\nedits %v, fired %v\nbefore the fast paths %v, fired %v", s, got, st.fired, want, stRef.fired)
		}
		if len(want) > 0 {
			edited++
		}
	}
	if edited < len(texts)/4 {
		t.Errorf("only %d of %d texts have edits: the comparison proves little", edited, len(texts))
	}
}

// checkRegexpFilter checks that may never turns away a text re matches:
// every corpus text and its mutations, and 100,000 texts glued at random
// from pieces of re's matches (in every case, with ſ and the Kelvin sign
// for s and k); and that it turns most corpus texts away.
func checkRegexpFilter(t *testing.T, name string, re *regexp.Regexp, may func(string) bool, seed uint64, pieces []string) {
	t.Helper()
	texts := testTexts(t)
	corpus := len(texts)
	r := rand.New(rand.NewPCG(17, seed))
	for range 100_000 {
		texts = append(texts, corpustest.Glue(r, pieces, 1+r.IntN(8)))
	}
	matched, rejected := 0, 0
	for i, s := range texts {
		ok := may(s)
		if !ok && i < corpus {
			rejected++
		}
		if re.FindStringIndex(s) != nil {
			matched++
			if !ok {
				t.Fatalf("%q: the filter turns away a text %s matches", s, name)
			}
		}
	}
	if matched < 1000 || rejected < corpus*3/4 {
		t.Errorf("%s: %d of %d texts match, %d of %d corpus texts turned away: the check proves little", name, matched, len(texts), rejected, corpus)
	}
}

// TestRefusedCreditFilter checks mayHaveRefusedCredit against refusedCredit.
func TestRefusedCreditFilter(t *testing.T) {
	checkRegexpFilter(t, "refusedCredit", refusedCredit(), mayHaveRefusedCredit, 2031, []string{
		"previously refused", "PREVIOUSLY REFUSED", "been refused ", "refused ", "credit ", "a loan ", "finance ", "before", "elsewhere",
		"bad credit", "Poor CREDIT", "ccj", "CCJs", "debt", "DEBTS ", "could ", "be written off", "written off", "write off ", "your ",
		"up to ", "80 % of ", "même fiché", "MÊME FICHÉE", "interdit bancaire", "Interdits Bancaires", "déjà refusé", "crédit", "prêts",
		" refusées", "refusée ailleurs", "effacer vos dettes", "EFFACEZ toutes vos dettes", "efacez tes dettes", "ſ", "\u212a",
		" ", "\n", "hello", "é", "x", "re", "fu", "cre", "dit", "ccJ", "de", "bt", "fi", "ché",
	})
}

// TestPriceNoticeFilter checks mayHavePriceNotice against priceNotice.
func TestPriceNoticeFilter(t *testing.T) {
	checkRegexpFilter(t, "priceNotice", priceNotice(), mayHavePriceNotice, 2032, []string{
		"plus ", "+ ", "+", "and ", "your ", "the ", "phone company", "TELEPHONE COMPANY", "network", "provider", "operator",
		"mobile operator", "'s", "’s", " ", "access ", "charge", "CHARGES", "Access Charge", "le ", "prix ", "PRIX ", "de l'", "d'un ",
		"de votre ", "d’", "appel", "APPEL", "service ", "Service ", "gratuit", "0,80", "1.35", " €", "€", "/", "par ", "min", "minute",
		"ſ", "\u212a", "\n", "hello", "é", "ch", "arge", "pr", "ix",
	})
}
