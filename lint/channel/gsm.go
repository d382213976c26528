package channel

import "unicode/utf8"

// GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and its extension table
// (§6.2.1.1), as they apply to SMS text.
//
// The basic table holds 128 positions: 127 characters plus the escape (0x1B),
// which is not a character of the text. Characters of the extension table are
// sent as escape + code and so take 2 septets. The extension table's other
// positions (CR2, SS2 and the reserved ones) carry no character.
//
// Lookups are a [128] table for ASCII, a [128] table for U+0080–U+00FF, and a
// switch for the Greek capitals and the euro sign: no maps, no allocation.

// asciiSeptets gives the septets each ASCII byte takes in GSM-7: 1 for the
// basic table, 2 for the extension table, 0 when it is not GSM-7 (controls
// other than LF, FF and CR, the grave accent ` and DEL).
var asciiSeptets = func() (t [utf8.RuneSelf]uint8) {
	for c := ' '; c <= '~'; c++ {
		t[c] = 1
	}
	t['`'] = 0 // not in the default alphabet
	for _, c := range "^{}\\[~]|" {
		t[c] = 2 // extension table
	}
	t['\n'] = 1
	t['\r'] = 1
	t['\f'] = 2 // form feed: extension table 0x0A (page break)
	return t
}()

// latin1GSM lists the characters of U+0080–U+00FF in the basic table.
const latin1GSM = "£¥èéùìòÇØøÅåÆæßÉ¤¡ÄÖÑÜ§¿äöñüà"

// latin1Septets gives the septets of U+0080+i: 1 for basic-table characters,
// 0 for the others (â, ê, î, ô, û, ë, ï, «, », no-break space…).
var latin1Septets = func() (t [128]uint8) {
	for _, r := range latin1GSM {
		t[r-0x80] = 1
	}
	return t
}()

// IsGSM7 reports whether r is in the GSM 7-bit default alphabet or its
// extension table, and how many septets it takes (1 or 2; 0 when not ok).
// utf8.RuneError (what an invalid byte decodes to) is not GSM-7.
func IsGSM7(r rune) (ok bool, septets int) {
	n := runeSeptets(r)
	return n > 0, n
}

// runeSeptets returns the septets r takes in GSM-7, 0 when r is not GSM-7.
func runeSeptets(r rune) int {
	switch {
	case r < utf8.RuneSelf:
		if r < 0 {
			return 0
		}
		return int(asciiSeptets[r])
	case r < 0x100:
		return int(latin1Septets[r-0x80])
	}
	switch r {
	case 'Δ', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ':
		return 1
	case '€':
		return 2
	}
	return 0
}

// GSMReplacement returns the GSM-7 text that can stand for r without
// changing any word's spelling: typographic quotes, dashes, ellipsis, exotic
// spaces and bullets. It returns "" when r has no such replacement — letters
// like â, ê, œ never get one — and also for the invisible characters whose fix
// is to delete them (zero-width spaces and joiners, word joiner, BOM, soft
// hyphen); Forcer.Remove tells the two apart.
//
// The table (the agreed list, then this package's additions marked +):
//
//	’ ‘ ‚ ′, + ‛ U+201B, + ` U+0060, + ´ U+00B4       → '
//	“ ” „ « » ″, + ‟ U+201F                           → "
//	…                                                 → ...
//	– — −, + ‐ U+2010, + ‑ U+2011, + ‒ U+2012, + ― U+2015 → -
//	U+00A0 U+202F U+2009 U+2007, + U+2000–U+2006, + U+2008, + U+200A,
//	+ U+205F, + U+3000, + tab U+0009                  → space
//	•, + ‣ U+2023, + ◦ U+25E6, + ⁃ U+2043             → -
//	+ U+200B U+200C U+200D U+2060 U+FEFF U+00AD       → "" (delete)
//
// Deliberately left out: · (a letter-joiner in Catalan "l·l"), × (not always
// a plain x), ʼ U+02BC (a letter in some orthographies), ‹ › (could be quotes
// or angle brackets), variation selectors (part of emoji, which have no
// replacement anyway).
func GSMReplacement(r rune) string {
	s, _ := replacement(r)
	return s
}

// replacement is GSMReplacement plus ok, which is true when s is a real
// replacement (including "" for a character to delete).
func replacement(r rune) (s string, ok bool) {
	switch r {
	case '’', '‘', '‚', '′', '‛', '`', '´':
		return "'", true
	case '“', '”', '„', '«', '»', '″', '‟':
		return `"`, true
	case '…':
		return "...", true
	case '–', '—', '−', '‐', '‑', '‒', '―':
		return "-", true
	case '\u00a0', '\u202f', '\u2009', '\u2007',
		'\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
		'\u2008', '\u200a', '\u205f', '\u3000', '\t':
		return " ", true
	case '•', '‣', '◦', '⁃':
		return "-", true
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return "", true
	}
	return "", false
}

// compose returns the precomposed GSM-7 letter for base followed by the
// combining mark, or 0. Text pasted from macOS and some keyboards arrives
// decomposed (e + U+0301); writing é precomposed is the same letter, so this
// is not a spelling change. Only compositions that land in GSM-7 are listed.
func compose(base, mark rune) rune {
	switch mark {
	case '\u0300': // grave
		switch base {
		case 'a':
			return 'à'
		case 'e':
			return 'è'
		case 'i':
			return 'ì'
		case 'o':
			return 'ò'
		case 'u':
			return 'ù'
		}
	case '\u0301': // acute
		switch base {
		case 'e':
			return 'é'
		case 'E':
			return 'É'
		}
	case '\u0303': // tilde
		switch base {
		case 'n':
			return 'ñ'
		case 'N':
			return 'Ñ'
		}
	case '\u0308': // diaeresis
		switch base {
		case 'a':
			return 'ä'
		case 'o':
			return 'ö'
		case 'u':
			return 'ü'
		case 'A':
			return 'Ä'
		case 'O':
			return 'Ö'
		case 'U':
			return 'Ü'
		}
	case '\u030a': // ring above
		switch base {
		case 'a':
			return 'å'
		case 'A':
			return 'Å'
		}
	case '\u0327': // cedilla
		if base == 'C' {
			return 'Ç'
		}
	}
	return 0
}

// clusterReplacement returns the GSM-7 replacement of a grapheme cluster
// that contains at least one non-GSM-7 rune. GSM-7 runes stay as they are,
// combining marks compose with the letter before them when the result is
// GSM-7, and the other runes take their GSMReplacement. ok is false when some
// rune has no replacement; remove is true when the replacement is "" (the
// cluster is invisible).
func clusterReplacement(g string) (s string, ok, remove bool) {
	// Fast path: one rune, the common case; no allocation.
	if r, size := utf8.DecodeRuneInString(g); size == len(g) {
		if r == utf8.RuneError && size <= 1 {
			return "", false, false // invalid byte or empty
		}
		if runeSeptets(r) > 0 {
			return g, true, false
		}
		s, ok = replacement(r)
		return s, ok, ok && s == ""
	}
	out := make([]rune, 0, len(g))
	for i := 0; i < len(g); {
		r, size := utf8.DecodeRuneInString(g[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			return "", false, false
		case runeSeptets(r) > 0:
			out = append(out, r)
		case len(out) > 0 && compose(out[len(out)-1], r) != 0:
			out[len(out)-1] = compose(out[len(out)-1], r)
		default:
			rs, rok := replacement(r)
			if !rok {
				return "", false, false
			}
			out = append(out, []rune(rs)...)
		}
	}
	return string(out), true, len(out) == 0
}
