package spam

import (
	"regexp"
	"sync"

	"github.com/presend/presend/lint/text"
)

// refusedCredit matches credit offered to people refused elsewhere ("have
// you been previously refused?", "bad credit OK", "CCJs welcome", "même
// fiché", "interdit bancaire", "refusé ailleurs") and debts offered to be
// written off ("your debt could be written off", "effacer vos dettes"). A
// lender or a debt scheme that recruits the refused and the indebted by
// text is the sub-prime loan offer, with an amount or without.
var refusedCredit = sync.OnceValue(func() *regexp.Regexp {
	// Go's \b is ASCII: the French words, some ending in "é", take none
	// after them (their longest forms are tried first).
	return regexp.MustCompile(`(?i)\b(?:` +
		`(?:previously refused|been refused (?:credit|a loan|finance|before)|refused (?:credit |a loan |finance )?(?:before|elsewhere)` +
		`|bad credit|poor credit|ccjs?` +
		`|debts? (?:could |can |will )?be written off|debts? written off|write off (?:your |up to |all )?(?:\d+ ?% of )?(?:your )?debts?)\b` +
		`|même fiché(?:es|e|s)?|interdits? bancaires?|déjà refusée?s?|(?:crédit|prêt)s? refusée?s?|refusée?s? ailleurs` +
		`|eff?ac(?:er|ez) (?:vos|tes|toutes vos) dettes` +
		`)`)
})

// scanRefusedCredit fires loan-offer on cash wording (the cash signal)
// that offers credit to people refused elsewhere (refusedCredit), when
// the amount that scanMoney asks for is missing. When the refusal is the
// only cash wording, a loan or credit must be named: "interdit bancaire ?
// vos droits" informs, it offers nothing.
func (d *Detector) scanRefusedCredit(a *text.Analysis, norm *normText, st *state) {
	if !st.fired[sigCash] || st.fired[sigLoanOffer] || d.weights[sigLoanOffer] == 0 {
		return
	}
	if !mayHaveRefusedCredit(a.Text) {
		return
	}
	loc := refusedCredit().FindStringIndex(a.Text)
	if loc == nil {
		return
	}
	if s, e := norm.orig(loc[0], loc[1]); st.ev[sigCash].start < e && st.ev[sigCash].end > s && !namesLoan(a) {
		return // "vous êtes interdit bancaire ? vos droits…": the cash wording is the refusal itself, and no loan is offered
	}
	st.fireNorm(sigLoanOffer, norm, loc[0], loc[1])
}

// mayHaveRefusedCredit reports whether refusedCredit may match s; false is
// certain. Every match holds "refu", "credit", "ccj", "debt", "dett",
// "fich" or "interdit" in some ASCII case, and none of their letters folds
// to a non-ASCII one (only k and s do).
func mayHaveRefusedCredit(s string) bool {
	for q := 0; q < len(s); q++ {
		switch s[q] | 0x20 {
		case 'r':
			if hasPrefixFoldASCII(s[q:], "refu") {
				return true
			}
		case 'c':
			if hasPrefixFoldASCII(s[q:], "credit") || hasPrefixFoldASCII(s[q:], "ccj") {
				return true
			}
		case 'd':
			if hasPrefixFoldASCII(s[q:], "debt") || hasPrefixFoldASCII(s[q:], "dett") {
				return true
			}
		case 'f':
			if hasPrefixFoldASCII(s[q:], "fich") {
				return true
			}
		case 'i':
			if hasPrefixFoldASCII(s[q:], "interdit") {
				return true
			}
		}
	}
	return false
}

// namesLoan reports whether a word of the message names a loan or credit.
func namesLoan(a *text.Analysis) bool {
	for i, t := range a.Tokens {
		if t.Kind == text.Word && loanWords[a.Lower(i)] {
			return true
		}
	}
	return false
}
