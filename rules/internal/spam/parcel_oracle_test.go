package spam

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/presend/presend/lint/text"
)

// parcelFeeRegexpFirst is parcelFee as it was before the token tests were
// put first: parcelWord on the whole text, then the amounts. The oracle of
// TestParcelFeeMatchesRegexpFirst.
func parcelFeeRegexpFirst(a *text.Analysis) (start, end int, ok bool) {
	if !parcelWord().MatchString(a.Text) {
		return 0, 0, false
	}
	toks, s := a.Tokens, a.Text
	for i := range toks {
		end := amountAt(a, i)
		if end <= i {
			continue
		}
		amount := s[toks[i].Start:toks[end-1].End]
		if !strings.ContainsAny(amount, "123456789") || !smallCharge(amount) {
			continue
		}
		lo, hi := max(0, i-feeWindow), min(len(toks)-1, end-1+feeWindow)
		fee := false
		for k := lo; k <= hi && !fee; k++ {
			fee = toks[k].Kind == text.Word && feeWords[a.Lower(k)]
		}
		if fee && payRequest().MatchString(s[toks[lo].Start:toks[hi].End]) {
			return int(toks[i].Start), int(toks[end-1].End), true
		}
	}
	return 0, 0, false
}

// parcelTexts are random messages made of parcel wording (or none), small
// and large amounts, fee words and requests to pay (or none) in English
// and French, in random order: enough of them fire parcel-fee, and enough
// have a fee to pay without a parcel, for the comparison to mean something.
func parcelTexts(n int) []string {
	parts := [][]string{
		{"Your parcel is on hold.", "Votre colis est en attente.", "We could not be delivered your item.", "Delivery attempt failed.", "Your package is waiting.", "Your order shipped.", "Le livreur est passé.", "", ""},
		{"A £1.45", "un montant de 1,99 €", "$2.99", "a fee of 3 EUR", "£250", "0,00 €", "12 €", "€0.99", "USD 4.50"},
		{"redelivery fee", "frais de port", "customs charge", "postage", "shipping", "taxe", "delivery", ""},
		{"is due", "must be paid", "sont à régler", "to pay", "payez ici", "applies", "is included", "was paid", ""},
		{"http://parcel-help.xyz/a", "https://royalmail.com/x", "bit.ly/3xYz", ""},
	}
	r := rand.New(rand.NewPCG(17, 1))
	out := make([]string, 0, n)
	for range n {
		var words []string
		for _, p := range parts {
			words = append(words, p[r.IntN(len(p))])
		}
		if r.IntN(3) == 0 {
			r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		}
		if r.IntN(4) == 0 { // a second amount, before or after
			words = append(words, parts[1][r.IntN(len(parts[1]))], parts[2][r.IntN(len(parts[2]))], parts[3][r.IntN(len(parts[3]))])
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

// TestParcelFeeMatchesRegexpFirst checks that parcelFee, with its regular
// expressions last, gives every corpus text, every mutation of one and
// every random parcel message the same answer as the order it replaced.
func TestParcelFeeMatchesRegexpFirst(t *testing.T) {
	texts := append(testTexts(t), parcelTexts(20000)...)
	fired, feeOnly := 0, 0
	for _, s := range texts {
		for _, lang := range []string{"", "en", "fr"} {
			a := text.Analyze(s, text.Options{Lang: lang, Stems: testStem})
			ws, we, wok := parcelFeeRegexpFirst(a)
			gs, ge, gok := parcelFee(a)
			if gs != ws || ge != we || gok != wok {
				t.Fatalf("%q (lang %q): parcelFee = %d, %d, %v; the regexp first gave %d, %d, %v", s, lang, gs, ge, gok, ws, we, wok)
			}
			if wok {
				fired++
			} else if !parcelWord().MatchString(s) && strings.Contains(s, "due") {
				feeOnly++
			}
		}
	}
	if fired < 1000 || feeOnly < 1000 {
		t.Errorf("%d texts fired and %d had a fee without a parcel: the comparison proves little", fired, feeOnly)
	}
}
