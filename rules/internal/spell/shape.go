package spell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file tells apart tokens that are not words a Latin-script
// dictionary can judge (another script, full-width letters, interjections)
// and gives the American spelling of British words for a dictionary that
// knows only American English.

// NoLatin reports whether w has letters but none of the Latin script: a
// word in Hangul, Tamil, Cyrillic… that an English or French dictionary
// cannot judge. A word mixing scripts ("Οh" with a Greek omicron) has a
// Latin letter and is checked.
func NoLatin(w string) bool {
	letters := false
	for _, r := range w {
		if unicode.Is(unicode.Latin, r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters = true
		}
	}
	return letters
}

// FoldWidth returns w with full-width Latin letters and digits (U+FF10–
// U+FF5A, as in "ＣＯＭＭＥＮＴ") turned into their ASCII forms, and
// whether there were any: the styled word is spelled as its plain form.
func FoldWidth(w string) (string, bool) {
	if !strings.ContainsFunc(w, isFullWidth) {
		return w, false
	}
	return strings.Map(func(r rune) rune {
		if isFullWidth(r) {
			return r - 0xFF01 + '!'
		}
		return r
	}, w), true
}

func isFullWidth(r rune) bool { return r >= 0xFF10 && r <= 0xFF5A }

// Interjection reports whether w is an interjection spelled by sound that
// dictionaries lack, in any case and with its letters repeated: laughter
// (haha, hahaha, hehe, hihi), hesitation and assent (hmm, mmm), and
// ah, argh, aww, ugh, shh drawn out (ahhh, arghh, awww, ughh, shhh).
// Dictionaries list the short forms (ah, oh, hm) but not these.
func Interjection(w string) bool {
	if len(w) < 3 || len(w) > 40 {
		return false
	}
	l := strings.ToLower(w)
	for _, r := range l {
		if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
			return false
		}
	}
	// Laughter: "ha", "he" or "hi" two times or more, an "h" to end.
	for _, syl := range []string{"ha", "he", "hi"} {
		if s := strings.TrimSuffix(l, "h"); len(s) >= 4 && strings.Count(s, syl)*2 == len(s) {
			return true
		}
	}
	// The other sounds: a fixed sequence of letters, each repeated.
	for _, shape := range []string{"hm", "m", "ah", "argh", "aw", "ugh", "sh"} {
		if runsOf(l, shape) {
			return true
		}
	}
	return false
}

// Emoticon reports whether w is an emoticon made of letters: xD (laughing),
// xP (tongue out). "XD" and "XP" in capitals are acronyms to the rule
// already; "xd" in lower case is left to the dictionary.
func Emoticon(w string) bool {
	return len(w) == 2 && (w[0] == 'x' || w[0] == 'X') && (w[1] == 'D' || w[1] == 'P')
}

// runsOf reports whether w is the letters of shape in order, each one or
// more times ("ahhh", "aargh" for "ah", "argh").
func runsOf(w, shape string) bool {
	i := 0
	for j := 0; j < len(shape); j++ {
		c := shape[j]
		n := 0
		for i < len(w) && w[i] == c {
			i++
			n++
		}
		if n == 0 {
			return false
		}
	}
	return i == len(w)
}

// AmericanForms returns the American spellings of w when w looks like a
// British spelling (colour, centre, cancelled, organise, analyse,
// catalogue, licence, fulfil, tyre…), for a dictionary of American
// English: w is right when one of them is known. Patterns apply only where
// British and American spelling differ by rule; the rest come from a short
// list. The forms keep w's case.
func AmericanForms(w string) []string {
	if utf8.RuneCountInString(w) < 4 {
		return nil
	}
	l := strings.ToLower(w)
	var out []string
	add := func(s string) {
		if s != l {
			out = append(out, MatchCase(s, w))
		}
	}
	// A listed word, alone or with a plural or verb ending.
	for _, end := range []string{"", "s", "es", "d", "ed", "ing", "ment", "ments"} {
		if us, ok := britishWords[strings.TrimSuffix(l, end)]; ok && strings.HasSuffix(l, end) {
			add(us + end)
		}
	}
	// colour, favourite, behaviour, neighbourhood: -our- after a consonant or i.
	if i := strings.Index(l[1:], "our"); i >= 0 && i+1 >= 2 {
		if c := l[i]; c == 'i' || !strings.ContainsRune("aeiouy", rune(c)) {
			add(l[:i+1] + "or" + l[i+4:])
		}
	}
	// centre, theatre, fibre, litre, meagre: -tre, -bre, -gre at the end or
	// before a plural s.
	for _, end := range []string{"", "s"} {
		s, ok := strings.CutSuffix(l, "re"+end)
		if ok && len(s) >= 3 && strings.ContainsRune("tbg", rune(s[len(s)-1])) {
			add(s + "er" + end)
		}
	}
	// cancelled, travelling, labeller, counsellor, fuelled, dialled: l
	// doubled before an ending, after a single vowel (not mail, feel, spoil:
	// "mailled" is a typo in British English too).
	for _, end := range []string{"led", "ling", "ler", "lers", "lor", "lors"} {
		if s, ok := strings.CutSuffix(l, "l"+end); ok && len(s) >= 3 && singleVowelEnd(s) {
			add(s + end)
		}
	}
	// organise, realised, apologising, organisation; analyse, paralysed.
	for _, end := range []string{"ise", "ises", "ised", "ising", "isation", "isations", "iser", "isers", "yse", "yses", "ysed", "ysing"} {
		if s, ok := strings.CutSuffix(l, end); ok && len(s) >= 3 {
			add(s + strings.Replace(strings.Replace(end, "is", "iz", 1), "ys", "yz", 1))
		}
	}
	// catalogue, dialogue: -ogue.
	if s, ok := strings.CutSuffix(l, "ogue"); ok && len(s) >= 2 {
		add(s + "og")
	}
	return out
}

// singleVowelEnd reports whether s ends in one vowel after a consonant
// (cance, trave, labe), or in the two vowels of fuel, duel, dial, trial,
// which are two syllables.
func singleVowelEnd(s string) bool {
	const vowels = "aeiou"
	last, prev := s[len(s)-1], s[len(s)-2]
	if !strings.ContainsRune(vowels, rune(last)) {
		return false
	}
	return !strings.ContainsRune(vowels+"y", rune(prev)) || s[len(s)-2:] == "ue" || s[len(s)-2:] == "ia"
}

// britishWords are British spellings that no rule above covers, with their
// American form.
var britishWords = map[string]string{
	"licence": "license", "defence": "defense", "offence": "offense", "pretence": "pretense",
	"fulfil": "fulfill", "fulfilment": "fulfillment", "enrol": "enroll", "enrolment": "enrollment",
	"instil": "instill", "distil": "distill", "skilful": "skillful", "wilful": "willful",
	"aeroplane": "airplane", "tyre": "tire", "cheque": "check", "programme": "program",
	"jewellery": "jewelry", "pyjama": "pajama", "pyjamas": "pajamas", "kerb": "curb",
	"aluminium": "aluminum", "plough": "plow", "draught": "draft", "sceptical": "skeptical",
	"mould": "mold", "storey": "story", "manoeuvre": "maneuver", "moustache": "mustache",
	"cosy": "cozy", "grey": "gray", "ageing": "aging", "judgement": "judgment",
	"paediatric": "pediatric", "anaesthetic": "anesthetic", "encyclopaedia": "encyclopedia",
	"oestrogen": "estrogen", "practise": "practice", "whilst": "while", "amongst": "among",
}

// MatchCase gives s the capitalisation of w: ALL CAPS (when w has two
// letters or more), Initial, or as it is.
func MatchCase(s, w string) string {
	first, _ := utf8.DecodeRuneInString(w)
	switch {
	case !unicode.IsUpper(first):
		return s
	case strings.ToUpper(w) == w && utf8.RuneCountInString(w) > 1:
		return strings.ToUpper(s)
	}
	return Capitalise(s)
}

// Capitalise returns s with an initial capital.
func Capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
