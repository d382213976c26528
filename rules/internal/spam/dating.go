package spam

import (
	"regexp"
	"strings"
	"sync"

	"github.com/presend/presend/lint/text"
)

// ageTag matches how a chat line introduces someone: a first name and an
// age after "I'm", "this is", "c'est" ("I'm Jess, 24,", "c'est Julie, 26
// ans"), or an age and a sex in brackets ("(25/F)", "(F/25)", "(25f)").
// The name is written with a capital; group 1 is the comma after it,
// group 2 the age, and ageTail checks what follows the age.
var ageTag = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?:` +
		`(?i:\b(?:i` + apos + `?m|i am|this is|it` + apos + `s|my name is|c` + apos + `est|moi c` + apos + `est|je suis|je m` + apos + `appelle)) ` +
		`\p{Lu}\p{Ll}+(,)? (1[89]|[2-5][0-9])\b` +
		`|(?i:\(\s?(?:1[89]|[2-5][0-9])\s?/?\s?[fm]\s?\)|\(\s?[fm]\s?/\s?(?:1[89]|[2-5][0-9])\s?\))` +
		`)`)
})

// ageTail tells what follows an age (rest): unit, an age's own word
// ("ans", "yo", "years old"); sep, what ends an aside (a comma, a full
// stop, "and", the end). "24 hours", "10 minutes" and "45 Oak Street" are
// neither.
func ageTail(rest string) (unit, sep bool) {
	rest = strings.TrimLeft(rest, " ")
	if rest == "" {
		return false, true
	}
	switch rest[0] {
	case ',', '.', '!', ')':
		return false, true
	}
	w := strings.ToLower(rest)
	for _, p := range [...]string{"ans", "yo", "y/o", "yrs", "years old", "year old"} {
		if strings.HasPrefix(w, p) && (len(w) == len(p) || !isAlnumByte(w[len(p)])) {
			return true, true
		}
	}
	return false, strings.HasPrefix(w, "and ") || strings.HasPrefix(w, "et ")
}

// scanDating fires chat-line on someone introduced by a name and an age:
// "I'm Jess, 24," (a comma between them and one after), "Julie 26 ans" (the
// age's own word), "(25/F)"; "This is Room 21," and "I'm Sam, 24 hours a
// day" are none. The phrase lists catch the rest of the lure.
func (d *Detector) scanDating(a *text.Analysis, norm *normText, st *state) {
	if st.fired[sigDating] || d.weights[sigDating] == 0 {
		return
	}
	if !mayHaveAge(a) {
		return
	}
	s := a.Text
	for _, m := range ageTag().FindAllStringSubmatchIndex(s, 4) {
		if m[4] >= 0 { // a name and an age
			unit, sep := ageTail(s[m[5]:])
			if !unit && (!sep || m[2] < 0) {
				continue
			}
		}
		st.fireNorm(sigDating, norm, m[0], m[1])
		st.ageOnly = true
		return
	}
}

// datingMobile fires mobile-contact when a chat-line lure gives a mobile
// number to call or text: the lure answered on a personal line. A name and
// an age alone are no lure ("I'm Laura, 34, your new neighbour, text me").
func (d *Detector) datingMobile(st *state) {
	if st.fired[sigDating] && !st.ageOnly && st.hasMobile && d.weights[sigMobileContact] > 0 {
		st.fireOrig(sigMobileContact, st.mobile.start, st.mobile.end)
	}
}

// mayHaveAge reports whether a two-digit number from 18 to 59 follows a
// capitalised word (a comma between them or not), a bracket or a slash:
// what ageTag needs, checked on the tokens so that most messages skip the
// expression.
func mayHaveAge(a *text.Analysis) bool {
	toks, s := a.Tokens, a.Text
	for i, t := range toks {
		// "24", or "25f" in brackets
		twoDigits := t.Kind == text.Number && t.Len() == 2 || t.Kind == text.Code && t.Len() == 3
		if !twoDigits || i == 0 ||
			s[t.Start] < '1' || s[t.Start] > '5' || s[t.Start+1] < '0' || s[t.Start+1] > '9' || s[t.Start] == '1' && s[t.Start+1] < '8' {
			continue
		}
		k := i - 1
		if p := a.TokenText(k); p == "(" || p == "/" {
			return true
		} else if p == "," && k > 0 {
			k--
		}
		if toks[k].Kind == text.Word && s[toks[k].Start] >= 'A' && s[toks[k].Start] <= 'Z' || toks[k].Kind == text.Word && !isASCII(s[toks[k].Start:toks[k].End]) {
			return true
		}
	}
	return false
}

// replyKeyword matches a request to answer with a keyword: a reply verb and
// YES or OUI, or a word in capitals ("Reply YES", "text DATE", "Réponds
// OUI", "envoie CHAT"). Group 1 is the keyword.
var replyKeyword = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(?i:reply|rply|text|txt|send|answer|respond|réponds|répondez|repond|repondez|envoie|envoyez|tape|tapez|écris|ecris)(?: (?i:with|back|avec|par))? ["'“«]?\s?((?i:yes|oui)|\p{Lu}{2,10})\b`)
})

// datingReply fires chat-reply when a chat-line lure (its wording, not a
// name and an age alone) asks to be answered by a keyword: the lure
// answered without a number. Opt-out and help keywords are no answer.
func (d *Detector) datingReply(a *text.Analysis, norm *normText, st *state) {
	if !st.fired[sigDating] || st.ageOnly || d.weights[sigChatReply] == 0 {
		return
	}
	for _, m := range replyKeyword().FindAllStringSubmatchIndex(a.Text, 4) {
		switch strings.ToUpper(a.Text[m[2]:m[3]]) {
		case "STOP", "HELP", "ARRET", "ARRÊT", "AIDE", "INFO", "END", "QUIT", "CANCEL", "UNSUBSCRIBE":
			continue
		}
		st.fireNorm(sigChatReply, norm, m[0], m[1])
		return
	}
}
