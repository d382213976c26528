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
	if !mayHaveParcelWord(a.Text) || !parcelWord().MatchString(a.Text) {
		return
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
			st.fireNorm(sigParcelFee, norm, int(toks[i].Start), int(toks[end-1].End))
			return
		}
	}
}

// mayHaveParcelWord reports whether parcelWord may match s; false is
// certain. Every match holds "parcel", "shipment", "deliver", "pack",
// "colis", "paquet", "livr", "distribu" or "xp" and "edition" / "édition"
// ("réexpédition") in some case. Of their letters only s and k fold to a
// non-ASCII one (ſ, the Kelvin sign): a text holding either goes to the
// expression.
func mayHaveParcelWord(s string) bool {
	for q := 0; q < len(s); q++ {
		switch c := s[q]; c | 0x20 {
		case 'p':
			if hasPrefixFoldASCII(s[q:], "parcel") || hasPrefixFoldASCII(s[q:], "pack") || hasPrefixFoldASCII(s[q:], "paquet") {
				return true
			}
		case 's':
			if hasPrefixFoldASCII(s[q:], "shipment") {
				return true
			}
		case 'd':
			if hasPrefixFoldASCII(s[q:], "deliver") || hasPrefixFoldASCII(s[q:], "distribu") {
				return true
			}
		case 'c':
			if hasPrefixFoldASCII(s[q:], "colis") {
				return true
			}
		case 'l':
			if hasPrefixFoldASCII(s[q:], "livr") {
				return true
			}
		case 'x':
			if hasPrefixFoldASCII(s[q:], "xp") {
				r := s[q+2:]
				if hasPrefixFoldASCII(r, "edition") || (strings.HasPrefix(r, "é") || strings.HasPrefix(r, "É")) && hasPrefixFoldASCII(r[2:], "dition") {
					return true
				}
			}
		default:
			if c == 0xC5 && strings.HasPrefix(s[q:], "ſ") || c == 0xE2 && strings.HasPrefix(s[q:], "\u212a") {
				return true
			}
		}
	}
	return false
}
