package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Syllables estimates how many syllables a word has when read aloud, in lang
// ("fr", anything else English). It returns 0 for a string without letters
// and at least 1 otherwise. The counts are heuristics, right for most words
// of everyday messages and off by one for some; readability formulas average
// them over a whole message, where such errors wash out.
//
// English (syllablesEN): vowel groups (a e i o u, and y unless it comes
// before a vowel), then
//   - a final silent e is dropped (make, here), but not the syllabic -le
//     and -re after another consonant (table, little, centre; not sale,
//     fire);
//   - -es and -ed endings are not syllables (makes, jumped) except after a
//     sibilant or t/d (boxes, pages, wanted, needed), nor -les, -led, -res,
//     -red after another consonant (tables, cycled, centres);
//   - the silent e of a stem before -ly, -ment, -ful, -less, -ness is
//     dropped (lovely, arrangement, careful; not settlement);
//   - a vowel before -ing adds one (being, going, seeing), and so do the
//     common hiatuses ia, io, iu, ua, eo where they are not digraphs (media,
//     radio, premium, actual, video; not social, nation, quality);
//   - an exceptions list fixes frequent words the rules get wrong (people,
//     business, area, every…).
//
// French (syllablesFR) counts syllables as spoken, as hyphenation-based
// tools do: vowel groups (a e i o u y and accented forms, œ æ), where
//   - u after q, and after g before e i y, is a letter of the consonant
//     (question, guide);
//   - y before a vowel is a consonant (payer, crayon, yeux);
//   - a trema starts a new syllable (naïf, Noël), and so does é è ê after a
//     vowel other than i, u (réalité, aéroport, poète; not pitié), as does
//     any vowel after é (créer, réunion) unless the rest is a mute ending
//     (idée, idées);
//   - a final mute e, -es and the third person plural -ent after a
//     consonant are not syllables (table, tables, parlent), but -ment
//     (moment, rapidement) and short words (cent, dent) keep their -ent, and
//     an exceptions list keeps it for frequent nouns and adjectives (client,
//     souvent, argent…);
//   - the semivowels of diphthongs (bien, nuit, moi, lion) belong to the
//     next vowel's syllable, as in everyday speech;
//   - hyphenated words are the sum of their parts (peut-être: 2).
func Syllables(lang, word string) int {
	if lang == "fr" {
		n := 0
		for part := range strings.SplitSeq(word, "-") {
			n += syllablesFR(part)
		}
		return n
	}
	return syllablesEN(word)
}

// letters returns the lower-case letters of w, dropping apostrophes,
// hyphens and anything else; ok is false when there are none.
func letters(w string) (string, bool) {
	plain := true // lower-case ASCII letters only, the common case: w itself
	for i := 0; i < len(w) && plain; i++ {
		plain = 'a' <= w[i] && w[i] <= 'z'
	}
	if plain {
		return w, w != ""
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String(), b.Len() > 0
}

// enExceptions are English words whose syllables the rules miscount.
var enExceptions = map[string]int{
	"people": 2, "business": 2, "businesses": 3, "area": 3, "areas": 3, "idea": 3, "ideas": 3,
	"every": 2, "everyone": 3, "everything": 3, "everybody": 4, "evening": 2, "different": 3,
	"interest": 3, "interested": 4, "interesting": 4, "several": 3, "family": 3, "camera": 3,
	"create": 2, "created": 3, "creating": 3, "creative": 3, "react": 2, "real": 1, "really": 2,
	"recipe": 3, "maybe": 2, "cafe": 2, "café": 2, "union": 2, "element": 3, "elements": 3,
	"poem": 2, "poet": 2, "quiet": 2, "diet": 2, "science": 2, "being": 2, "theatre": 3,
	"theater": 3, "fire": 1, "hour": 1, "hours": 1, "our": 1, "ours": 1, "choir": 1,
	"naive": 2, "whole": 1, "one": 1, "once": 1, "are": 1, "were": 1, "there": 1, "where": 1,
	"here": 1, "the": 1, "ok": 2, "okay": 2, "sms": 3, "via": 2, "giant": 2, "client": 2,
	"clients": 2, "mosaic": 3, "lion": 2, "usually": 4, "actually": 4,
	"naturally": 4, "basically": 3, "chocolate": 3, "vegetable": 4, "comfortable": 3,
	"sometimes": 2, "someone": 2, "something": 2, "somewhere": 2, "beforehand": 3,
	"anywhere": 3, "nowhere": 2, "everywhere": 3, "homework": 2, "lifetime": 2, "timeline": 2,
	"therefore": 2, "furthermore": 3, "whereas": 2, "nevertheless": 4, "wednesday": 2, "february": 4, "temperature": 4, "favourite": 3, "favorite": 3,
}

func isVowelEN(w string, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	case 'y':
		// y before a vowel is a consonant (yes, beyond, player).
		return i+1 >= len(w) || !strings.ContainsRune("aeiou", rune(w[i+1]))
	}
	return false
}

func syllablesEN(word string) int {
	w, ok := letters(word)
	if !ok {
		return 0
	}
	if n, ok := enExceptions[w]; ok {
		return n
	}
	n := len(w)
	vowel := make([]bool, n)
	groups := 0
	for i := range n {
		vowel[i] = w[i] < utf8.RuneSelf && isVowelEN(w, i) || w[i] >= utf8.RuneSelf
		if vowel[i] && (i == 0 || !vowel[i-1]) {
			groups++
		}
	}
	cons := func(i int) bool { return i >= 0 && i < n && !vowel[i] }
	switch {
	case n > 2 && w[n-1] == 'e' && cons(n-2):
		// A final e after a consonant is silent, but syllabic -le, -re.
		if !syllabicLE(w, n-2, cons) {
			groups--
		}
	case n > 3 && (strings.HasSuffix(w, "es") || strings.HasSuffix(w, "ed")) && cons(n-3):
		c := w[n-3]
		syllabic := syllabicLE(w, n-3, cons)
		if w[n-1] == 's' {
			syllabic = syllabic || strings.ContainsRune("sxzcg", rune(c)) || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")
		} else {
			syllabic = syllabic || c == 't' || c == 'd'
		}
		if !syllabic {
			groups--
		}
	}
	for _, suf := range [...]string{"ly", "ment", "ful", "less", "ness"} {
		k := n - len(suf) - 1 // the e before the suffix
		if k >= 2 && strings.HasSuffix(w, suf) && w[k] == 'e' && cons(k-1) && !syllabicLE(w, k-1, cons) {
			groups--
			break
		}
	}
	if n > 4 && strings.HasSuffix(w, "ing") && strings.ContainsRune("aeiou", rune(w[n-4])) {
		groups++
	}
	for i := 1; i+1 < n; i++ {
		if hiatusEN(w, i) {
			groups++
		}
	}
	return max(1, groups)
}

// syllabicLE reports whether the l or r at w[i], before an e, makes a
// syllable of its own: after another consonant (table, centre, settle), not
// after a vowel (sale, fire) or a doubled letter (called).
func syllabicLE(w string, i int, cons func(int) bool) bool {
	return (w[i] == 'l' || w[i] == 'r') && cons(i-1) && w[i-1] != w[i]
}

// hiatusEN reports whether w[i] and w[i+1] are two vowels read as two
// syllables: ia, io, iu, ua, eo where they are not digraphs.
func hiatusEN(w string, i int) bool {
	prev := w[i-1]
	switch w[i : i+2] {
	case "ia":
		return !strings.ContainsRune("ctgsx", rune(prev))
	case "io":
		return !strings.ContainsRune("ctgsx", rune(prev))
	case "iu":
		return prev != 'q'
	case "ua":
		return prev != 'q' && prev != 'g'
	case "eo":
		return !strings.ContainsRune("gp", rune(prev)) && !strings.HasSuffix(w[:i], "ch")
	}
	return false
}

// frExceptions are French words whose spoken syllables the rules miscount.
var frExceptions = map[string]int{
	"client": 2, "clients": 2, "souvent": 2, "argent": 2, "parent": 2, "parents": 2,
	"présent": 2, "absent": 2, "urgent": 2, "content": 2, "contents": 2, "prudent": 2,
	"différent": 3, "différents": 3, "accident": 3, "patient": 2, "évident": 3,
	"talent": 2, "agent": 2, "agents": 2, "récent": 2, "récents": 2, "suffisant": 3,
	"aiment": 1, "dorment": 1, "ferment": 1, "confirment": 2, "suppriment": 2, "impriment": 2,
	"sms": 3, "ok": 2, "monsieur": 2, "pays": 2, "science": 2, "sciences": 2,
}

const frVowels = "aeiouyàâäéèêëîïôöûùüÿœæ"

func isVowelFR(r rune) bool { return strings.ContainsRune(frVowels, r) }

func syllablesFR(word string) int {
	w, ok := letters(word)
	if !ok {
		return 0
	}
	if n, ok := frExceptions[w]; ok {
		return n
	}
	rs := []rune(w)
	n := len(rs)
	vowel := make([]bool, n)
	for i, r := range rs {
		vowel[i] = isVowelFR(r)
		switch {
		case r == 'u' && i > 0 && rs[i-1] == 'q':
			vowel[i] = false // qu
		case r == 'u' && i > 0 && rs[i-1] == 'g' && i+1 < n && strings.ContainsRune("eiyéèê", rs[i+1]):
			vowel[i] = false // gue, gui
		case r == 'y' && i > 0 && i+1 < n && isVowelFR(rs[i+1]) && vowel[i-1]:
			vowel[i] = false // payer, crayon
		case r == 'y' && i == 0 && n > 1 && isVowelFR(rs[1]):
			vowel[i] = false // yeux
		}
	}
	// Mute endings: -e, -es, -ent after a consonant.
	end := n
	switch {
	case n > 1 && rs[n-1] == 'e' && !vowel[n-2]:
		end = n - 1
	case n > 2 && rs[n-2] == 'e' && rs[n-1] == 's' && !vowel[n-3]:
		end = n - 2
	case n > 4 && strings.HasSuffix(w, "ent") && !vowel[n-4] && !strings.HasSuffix(w, "ment"):
		end = n - 3
	}
	groups := 0
	for i := range end {
		if !vowel[i] {
			continue
		}
		if i == 0 || !vowel[i-1] || splitsFR(rs, i, end) {
			groups++
		}
	}
	if groups == 0 {
		return 1 // a mute-e-only word such as "je" read alone, "le", "de"
	}
	return groups
}

// splitsFR reports whether the vowel rs[i], after another vowel, starts a
// syllable of its own.
func splitsFR(rs []rune, i, end int) bool {
	r, prev := rs[i], rs[i-1]
	switch r {
	case 'ë', 'ï', 'ü':
		return true
	case 'é', 'è', 'ê':
		// réalité, aéroport, poète; not pitié, pièce, poêle.
		return prev != 'i' && prev != 'u' && (prev != 'o' || r != 'ê')
	}
	rest := string(rs[i:end])
	switch {
	case prev == 'é':
		// créer, réunion; idée, idées, créent end in a mute e.
		return rest != "e" && rest != "es" && rest != "ent"
	case prev == 'u' && r == 'e':
		// jouer, continuez: the infinitive and imperative endings.
		return rest == "er" || rest == "ez"
	}
	return false
}
