package spam

import (
	"regexp"
	"strings"
	"sync"

	"github.com/presend/presend/lint/text"
)

// parcelWord matches what the parcel scam holds to ransom: a parcel
// ("colis", "your package"), a redelivery, or a delivery that failed ("could
// not be delivered", "n'a pas pu être livré"). "Delivery" alone is not
// one: a shop's basket and a meal have delivery fees to pay too.
var parcelWord = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)(?:` +
		`\b(?:parcels?|shipments?|redelivery|re-delivery|colis|paquets?|relivraison|réexpédition|reexpedition)\b` +
		`|\b(?:your|the|this|a) (?:package|packet)\b|\bpackage (?:is |has been )?(?:on hold|held|waiting|awaiting)\b` +
		`|\b(?:could not|couldn` + apos + `t|cannot|can` + apos + `t|was not|wasn` + apos + `t|unable to) be delivered\b|\b(?:failed|missed) delivery\b|\bdelivery attempt\b` +
		`|\bn` + apos + `a pas pu être (?:livré|livrée|distribué)|\blivraison (?:a échoué|échouée|impossible)\b` +
		`)`)
})

// feeWords are what the small amount must be called near it: a fee, a
// charge, postage or duties, in English and French.
var feeWords = map[string]bool{
	"fee": true, "fees": true, "charge": true, "charges": true, "postage": true, "shipping": true,
	"duty": true, "duties": true, "customs": true, "redelivery": true,
	"frais": true, "taxe": true, "taxes": true, "douane": true, "droits": true, "port": true,
}

// payRequest matches a request to pay, next to the fee: "is due", "to
// pay", "settle", "à régler", "sont dus", "payez". A fee that applies, is
// included or was paid is none.
var payRequest = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:` +
		`\b(?:is|are|now|still|remains?) (?:due|outstanding|unpaid|owed|pending|required)\b|\b(?:pay|settle|paying)\b|\bunpaid\b|\boutstanding\b` +
		`|\b(?:payer|payez|régler|regler|réglez|reglez|acquitter|acquittez|impayée?s?)\b|\b(?:sont|est) (?:dus|dûs|dû|du|à payer|à régler|en attente de (?:paiement|règlement))\b` +
		`)`)
})

// feeWindow is how many tokens either side of the amount the fee word and
// the request to pay are looked for.
const feeWindow = 8

// scanParcelFee fires parcel-fee on a small amount (smallCharge: 5 £/€/$
// or less, more than nothing) called a fee, a charge or duties and asked
// to be paid (payRequest) in a message about a parcel or a delivery
// (parcelWord) that links away from any trusted domain, public body or
// brand it names. Real carriers ask for duties in their app or on their
// own site; the scam asks for a token fee on a site of its own.
func (d *Detector) scanParcelFee(a *text.Analysis, norm *normText, st *state) {
	if d.weights[sigParcelFee] == 0 || st.links <= st.ownLinks+st.publicLinks+st.brandLinks {
		return
	}
	if start, end, ok := parcelFee(a); ok {
		st.fireNorm(sigParcelFee, norm, start, end)
	}
}

// parcelFee returns the span of the first small amount called a fee and
// asked to be paid in a message about a parcel (parcelWord). The token
// tests come first and the regular expressions last, parcelWord on the
// whole text only once a fee to pay is found: most messages have no small
// amount, and parcelWord on every linked message was a sixth of the CPU
// of a check on real text.
func parcelFee(a *text.Analysis) (start, end int, ok bool) {
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
			// The first amount that passes is the one reported; without
			// parcel wording none is.
			if !parcelWord().MatchString(s) {
				return 0, 0, false
			}
			return int(toks[i].Start), int(toks[end-1].End), true
		}
	}
	return 0, 0, false
}
