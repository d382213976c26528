package spam

import (
	"regexp"
	"sync"

	"github.com/presend/presend/lint/text"
)

// recurringUnits are the perUnits of a premium subscription's charge: per
// week, or per message received.
var recurringUnits = map[string]bool{
	"wk": true, "week": true, "semaine": true, "msg": true, "msgs": true, "message": true, "messages": true,
	"text": true, "txt": true, "sms": true, "texto": true,
}

// joinRequest matches how a premium subscription signs people up: a
// request to join or subscribe ("reply GO to join", "txt TONE 2 subscribe",
// "répondez OUI pour vous abonner") or a free start ("1st week free",
// "première semaine offerte").
var joinRequest = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)(?:` +
		`\b(?:to|2) (?:join|subscribe|sign up|signup|start (?:your|ur|the) (?:service|subscription))\b` +
		`|\bpour (?:vous |t` + apos + `|s` + apos + `|nous )?(?:abonner|inscrire)\b` +
		`|\b(?:1st|first|one|1) (?:week|wk|wks|weeks)(?: is)? free\b` +
		`|\bfree (?:for (?:the )?(?:1st|first) (?:week|wk)|trial then)\b` +
		`|\bpremière semaine (?:gratuite|offerte)\b` +
		`)`)
})

// scanSubscription fires premium-subscription on a charge per week or per
// message received (an amount priced per use: "£3/wk", "150p/msg", "4,99
// €/semaine") in a message that asks to join or starts free
// (joinRequest).
func (d *Detector) scanSubscription(a *text.Analysis, norm *normText, st *state) {
	if d.weights[sigSubscription] == 0 || !st.fired[sigFinePrint] && !st.fired[sigPaidReply] {
		return // every price per use fires fine-print first
	}
	toks := a.Tokens
	for i := range toks {
		end := amountAt(a, i)
		if end <= i || !pricePerUse(a, end) || !recurringUnits[a.Lower(end+1)] {
			continue
		}
		if joinRequest().MatchString(a.Text) {
			st.fireNorm(sigSubscription, norm, int(toks[i].Start), int(toks[end+1].End))
		}
		return
	}
}
