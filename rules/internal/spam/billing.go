package spam

import (
	"regexp"
	"sync"

	"github.com/presend/presend/lint/text"
)

// payMeans are the words that make an update request about how the reader
// pays: "update your card", "update your payment details", "mettez à jour
// vos informations de paiement".
var payMeans = map[string]bool{
	"card": true, "payment": true, "billing": true, "carte": true, "paiement": true, "facturation": true,
	"bancaire": true, "prélèvement": true,
}

// updateWords start an update request: "update your card", "mettez à jour
// votre carte".
var updateWords = map[string]bool{"update": true, "mettez": true, "mettre": true, "jour": true}

// paymentUpdate reports whether the verify-request phrase at tokens [first,
// last) asks to update how the reader pays: an update word in the phrase
// and a payment word in it or in the two words after it ("update your
// details" then "card details" does not count: only "update your card
// details", "vos informations de paiement").
func paymentUpdate(a *text.Analysis, first, last int) bool {
	update := false
	for i := first; i < last; i++ {
		if a.Tokens[i].Kind == text.Word && updateWords[a.Lower(i)] {
			update = true
			break
		}
	}
	if !update {
		return false
	}
	for i, words := first, 0; i < len(a.Tokens) && (i < last || words < 2); i++ {
		t := a.Tokens[i]
		if t.Kind == text.Punct && t.Has(text.Terminal) {
			return false
		}
		if t.Kind != text.Word {
			continue
		}
		if i >= last {
			words++
		}
		if payMeans[a.Lower(i)] {
			return true
		}
	}
	return false
}

// failedPayment matches a payment that failed: "your payment failed", "we
// couldn't charge your card", "le prélèvement a échoué".
var failedPayment = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)\b(?:` +
		`(?:payment|charge|renewal|direct debit|card)s? (?:has |have |was |were )?(?:failed|declined|bounced|unsuccessful|rejected)` +
		`|(?:payment|charge|renewal)s? (?:did ?n` + apos + `?o?t|could ?n` + apos + `?o?t|wasn` + apos + `t|was not) (?:go through|be (?:taken|processed|collected|completed))` +
		`|(?:could ?n` + apos + `?o?t|were unable to|are unable to|unable to|failed to) (?:charge|process|take|collect|renew)` +
		`|(?:paiement|prélèvement|renouvellement|règlement)s? (?:a été |ont été |est |sont )?(?:échoué|refusé|rejeté|impayé)` +
		`|(?:paiement|prélèvement|renouvellement|règlement)s? (?:a|ont) échoué` +
		`|(?:paiement|prélèvement|renouvellement|règlement)s? (?:de [^.!?]{1,30} )?n` + apos + `(?:a|ont) pas (?:pu|été)` +
		`|(?:impossible de|nous n` + apos + `avons pas pu) (?:prélever|débiter|encaisser|renouveler)` +
		`)`)
})

// managedPlace matches where the reader manages the account themselves:
// "in the app", "in Settings", "in your account", "dans votre espace
// client".
var managedPlace = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)\b(?:` +
		`(?:in|on|via|from|through) (?:the |our |your )?(?:[a-z]+ )?(?:app|settings|account settings|dashboard|profile)\b` +
		`|in your (?:[a-z]+ )?account\b` +
		`|(?:dans|depuis|sur|via) (?:l` + apos + `|votre |vos |les |nos |notre )?(?:application|appli|app|espace|paramètres|profil|compte)\b` +
		`)`)
})

// billingNotice reports whether a request to update a card is a billing
// notice: it follows a payment that failed (failedPayment), or sends the
// reader where they manage the account themselves (managedPlace) and the
// message gives no link of its own to do it through.
func billingNotice(a *text.Analysis, st *state) bool {
	return failedPayment().MatchString(a.Text) || st.links == 0 && managedPlace().MatchString(a.Text)
}

// linkTrick reports whether a link of the message is built to deceive
// (shortener, risky host, look-alike domain, broken or raw-IP link, an
// app outside the stores) or leads away from the brand the message names:
// a billing notice that sends there to update a card is the phishing it
// imitates.
func linkTrick(st *state) bool {
	for _, sig := range [...]signal{sigShortener, sigRiskyHost, sigLookalikeDomain, sigBrokenLink, sigRawIP, sigUnsafeLink, sigBrandMismatch} {
		if st.fired[sig] {
			return true
		}
	}
	return false
}
