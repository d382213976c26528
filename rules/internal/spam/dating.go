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
// The name is written with a capital; ageTail checks what follows the age.
var ageTag = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?:` +
		`(?i:\b(?:i` + apos + `?m|i am|this is|it` + apos + `s|my name is|c` + apos + `est|moi c` + apos + `est|je suis|je m` + apos + `appelle)) ` +
		`\p{Lu}\p{Ll}+,? (1[89]|[2-5][0-9])\b` +
		`|(?i:\(\s?(?:1[89]|[2-5][0-9])\s?/?\s?[fm]\s?\)|\(\s?[fm]\s?/\s?(?:1[89]|[2-5][0-9])\s?\))` +
		`)`)
})

// ageTail reports whether what follows an age (rest) makes it one: a
// comma, a full stop, "ans", "yo", "years old", "and" or the end, not a
// unit or a street ("24 hours", "10 minutes", "45 Oak Street").
func ageTail(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	if rest == "" {
		return true
	}
	switch rest[0] {
	case ',', '.', '!', ')':
		return true
	}
	w := strings.ToLower(rest)
	for _, p := range [...]string{"ans", "yo", "y/o", "yrs", "years old", "year old", "and ", "et "} {
		if strings.HasPrefix(w, p) && (len(w) == len(p) || !isAlnumByte(w[len(p)])) {
			return true
		}
	}
	return false
}

// scanDating fires chat-line on someone introduced by a name and an age
// (the phrase lists catch the rest of the lure).
func (d *Detector) scanDating(a *text.Analysis, norm *normText, st *state) {
	if st.fired[sigDating] || d.weights[sigDating] == 0 {
		return
	}
	s := a.Text
	for _, m := range ageTag().FindAllStringSubmatchIndex(s, 4) {
		if m[2] >= 0 && (!ageTail(s[m[3]:]) || m[3] < len(s) && isAlnumByte(s[m[3]])) {
			continue // "I'm Sam, 24 hours a day"
		}
		st.fireNorm(sigDating, norm, m[0], m[1])
		return
	}
}

// datingMobile fires mobile-contact when a chat-line lure gives a mobile
// number to call or text: the lure answered on a personal line.
func (d *Detector) datingMobile(st *state) {
	if st.fired[sigDating] && st.hasMobile && d.weights[sigMobileContact] > 0 {
		st.fireOrig(sigMobileContact, st.mobile.start, st.mobile.end)
	}
}
