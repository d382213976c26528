package spam

import (
	"regexp"
	"strconv"
	"strings"
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

// stopToEnd matches the clause of a premium subscription the reader is
// already in, charged until a keyword goes to a short code: "until you
// text STOP to 87121", "jusqu'à ce que vous envoyiez STOP au 71010", or "pour
// résilier, envoyez STOP au 81234", as French premium services word it. Only a
// short code's service charges to the phone bill until it is told to stop.
var stopToEnd = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)(?:` +
		`\b(?:until|till|til|unless) (?:you |u )?(?:text|txt|send|reply|sms)(?: back)? stop (?:to|2) [0-9]{4,6}\b` +
		`|\bjusqu` + apos + ` ?(?:à ce que vous|a ce que vous|à ce que tu) (?:envoyiez|répondiez|repondiez|envoies|répondes) stop (?:au|à|a) [0-9]{4,6}\b` +
		`|\bpour (?:résilier|resilier|vous désabonner|vous desabonner|mettre fin à (?:votre|ton) abonnement|(?:te|vous) désinscrire)(?: (?:votre |ton |l` + apos + `)abonnement)?,? (?:envoyez|envoyer|envoie|tapez|répondez|repondez|réponds|sms) stop (?:au|à|a) [0-9]{4,6}\b` +
		`)`)
})

// maxPremiumCharge is the most a premium SMS subscription charges per week
// or per message, in pounds, euros or dollars: UK and French premium SMS
// rules cap them about there (£4.50 a week, 4,50 € an SMS), while a
// business's weekly box or class costs more.
const maxPremiumCharge = 5

// smallCharge reports whether the amount written in s ("£3", "150p", "4,99
// €", "$2.50") is at most maxPremiumCharge; pence count as hundredths.
func smallCharge(s string) bool {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return false
	}
	j := i
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || (s[j] == '.' || s[j] == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
		j++
	}
	num := s[i:j]
	if k := strings.IndexByte(num, ','); k >= 0 && (len(num)-k-1 == 3 || strings.IndexByte(num, '.') > k) {
		num = strings.ReplaceAll(num, ",", "") // "1,000", "1,000.50": thousands
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", "."), 64)
	if err != nil {
		return false
	}
	if rest := strings.TrimSpace(s[j:]); rest == "p" || rest == "P" {
		v /= 100
	}
	return v <= maxPremiumCharge
}

// phoneContent matches what a premium subscription delivers to the phone:
// the phone itself ("to your mobile"), or ringtones, wallpapers, alerts,
// jokes, horoscopes, quizzes, games, clips, chat ("sonneries", "blagues",
// "astuces", "jeux"). A weekly class or box sold by text delivers none.
var phoneContent = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(?:` +
		`mobile|phone|cell|ringtones?|tones|polyphonic|wallpapers?|logos|alerts|jokes|horoscopes?|quiz(?:zes)?|games|videos?|clips|chat|txts|texts` +
		`|portable|sonneries?|fonds d['’]écran|blagues?|astuces|horoscopes?|jeux|vidéos|texto|sms` +
		`)\b`)
})

// scanSubscription fires premium-subscription on a small charge
// (smallCharge) per week or per message received (an amount priced per
// use: "£3/wk", "150p/msg", "4,99 €/semaine") in a message that asks to
// join or starts free (joinRequest) and, for a charge per week, says what
// it delivers to the phone (phoneContent), or that charges until the reader
// texts STOP to a short code (stopToEnd).
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
		if !smallCharge(a.Text[toks[i].Start:toks[end-1].End]) {
			return // a meal box or a gym at £25 a week: no premium SMS
		}
		if joinRequest().MatchString(a.Text) && (msgUnits[a.Lower(end+1)] || phoneContent().MatchString(a.Text)) || stopToEnd().MatchString(a.Text) {
			st.fireNorm(sigSubscription, norm, int(toks[i].Start), int(toks[end+1].End))
		}
		return
	}
}
