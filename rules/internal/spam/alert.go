package spam

import (
	"regexp"
	"strings"
	"sync"

	"github.com/presend/presend/lint/text"
)

// notYou matches the clause of a payment alert that asks the reader to act
// if they did not make the payment: "if this wasn't you", "if u did NOT
// perform", "if unauthorised", "si ce n'est pas vous".
var notYou = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)\b(?:` +
		`if (?:this|it) (?:was|is) ?n` + apos + `?o?t (?:you|done by you|made by you|yours)` +
		`|if (?:this|it) wasn` + apos + `t (?:you|yours)` +
		`|if not (?:you|done by you|made by you)` +
		`|not you\s?\?` +
		`|if (?:you|u) (?:did|do) ?n` + apos + `?o?t (?:make|perform|authori[sz]e|do|recogni[sz]e)` +
		`|if (?:you|u) didn` + apos + `t (?:make|perform|authori[sz]e|do|recogni[sz]e)` +
		`|if unauthori[sz]ed` +
		`|si ce n` + apos + `est pas vous` +
		`|si vous n` + apos + `(?:êtes|etes) pas à l` + apos + `origine` +
		`|si vous n` + apos + `avez pas (?:effectué|fait|autorisé|réalisé)` +
		`)`)
})

// paymentWords report a payment, a charge or a card use.
var paymentWords = map[string]bool{
	"transaction": true, "transactions": true, "txn": true, "payment": true, "purchase": true, "charged": true,
	"charge": true, "opération": true,
	"debited": true, "spent": true, "withdrawal": true, "paiement": true, "achat": true,
	"débité": true, "débitée": true, "retrait": true, "prélèvement": true,
}

// cardUse words report a payment only with a card: "your card was used".
var cardUse = map[string]bool{"used": true, "utilisée": true, "card": true, "carte": true}

// idWords are followed by the digits that identify a card or an account:
// "card ending 4417", "compte se terminant par 8812", "Card No 9577".
var idWords = map[string]bool{
	"card": true, "account": true, "acct": true, "a/c": true, "ending": true, "ends": true, "carte": true,
	"compte": true, "terminant": true, "finissant": true, "no": true, "num": true, "number": true, "numer": true,
	"numéro": true, "n°": true,
}

// scanPaymentAlert fires vague-alert, and dispute-link when a link ends
// the sentence of the "if not you" clause, when a message reports a payment or a
// card use, asks the reader to call a number or follow a link if it was
// not them, and does not identify the card or account by its last digits.
// A bank's alert names them ("your card ending 4417"); whoever sends the
// alert to numbers at random does not know them.
func (d *Detector) scanPaymentAlert(a *text.Analysis, norm *normText, st *state) {
	if d.weights[sigVagueAlert] == 0 {
		return
	}
	toks := a.Tokens
	payment, phone := false, false
	card, used := false, false
	for i, t := range toks {
		switch t.Kind {
		case text.Word:
			if !d.alertKeys.MayHaveLower(a, i) {
				continue
			}
			w := a.Lower(i)
			payment = payment || paymentWords[w]
			if cardUse[w] {
				card = card || w == "card" || w == "carte"
				used = used || w == "used" || w == "utilisée"
			}
			if idWords[w] && identifies(a, i) {
				return
			}
		case text.Number:
			if end, _, n := scanPhone(a.Text, int(t.Start)); end > int(t.Start) && n >= 8 {
				phone = true
			}
		}
	}
	paymentAlert := payment || card && used
	if !paymentAlert || !phone && st.links == 0 {
		return
	}
	if !mayHaveNotYou(a.Text) {
		return
	}
	loc := notYou().FindStringIndex(a.Text)
	if loc == nil {
		return
	}
	st.fireNorm(sigVagueAlert, norm, loc[0], loc[1])
	if st.links > 0 && st.lastLink >= loc[1] && !st.lastLinkOwn && !sentenceEnds(a.Text[loc[1]:st.lastLink]) {
		// "… if not you, follow https://…": a bank asks to call it or
		// to open its app, never to dispute a payment through a link.
		st.fireNorm(sigDisputeLink, norm, loc[0], loc[1])
	}
}

// mayHaveNotYou reports whether notYou may match s; false is certain.
// Every match starts with "if ", "si " or "not you" in some case; of their
// letters only s folds to a non-ASCII one (ſ, U+017F), which sends the text
// to the expression.
func mayHaveNotYou(s string) bool {
	if strings.Contains(s, "\u017f") {
		return true
	}
	for q := 0; q+2 < len(s); q++ {
		switch s[q] | 0x20 {
		case 'i':
			if s[q+1]|0x20 == 'f' && s[q+2] == ' ' {
				return true
			}
		case 's':
			if s[q+1]|0x20 == 'i' && s[q+2] == ' ' {
				return true
			}
		case 'n':
			if hasPrefixFoldASCII(s[q:], "not you") {
				return true
			}
		}
	}
	return false
}

// identifies reports whether digits (a number of 2 to 4 digits, or masked
// ones: "**97", "xx4417") follow the word at i within three tokens.
func identifies(a *text.Analysis, i int) bool {
	toks := a.Tokens
	for k := i + 1; k < len(toks) && k <= i+3; k++ {
		w := a.TokenText(k)
		digits, masked := 0, 0
		for j := 0; j < len(w); j++ {
			switch c := w[j]; {
			case c >= '0' && c <= '9':
				digits++
			case c == '*' || c == 'x' || c == 'X' || c == '#':
				masked++
			}
		}
		if digits >= 2 && digits <= 4 && digits+masked == len(w) || masked >= 2 && digits >= 2 {
			return true
		}
	}
	return false
}

// sentenceEnds reports whether a sentence ends in s: a ".", "!" or "?"
// followed by a space or a line break (not the dot of "0800.123" or
// "example.com").
func sentenceEnds(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		switch s[i] {
		case '.', '!', '?':
			if c := s[i+1]; c == ' ' || c == '\n' || c == '\r' || c == '\t' {
				return true
			}
		}
	}
	return false
}
