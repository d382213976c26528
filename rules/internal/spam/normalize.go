package spam

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/lint/text"
)

// Normalisation undoes the tricks that hide words from filters, so the
// signals match what a reader sees: invisible characters are dropped,
// look-alike and styled letters become Latin ones, digits standing for
// letters become letters, spaced letters are joined. It runs in two stages
// (runes, then tokens), each recording where its output comes from in the
// original text, so evidence found in the normalised text maps back to
// exact original offsets. A message with nothing to undo (nearly all of
// them) costs one scan and no allocation.

// span is a byte range of the original text.
type span struct{ start, end int }

// normText is a normalised text and, for each of its bytes, the span of the
// original it was made from. A nil src means the text is the original.
type normText struct {
	s   string
	src []span
	n   int // length of the original text
}

// orig maps a byte span of the normalised text to the original text.
func (t *normText) orig(start, end int) (int, int) {
	if t.src == nil {
		return start, end
	}
	if start >= len(t.src) {
		return t.n, t.n
	}
	if end <= start {
		o := t.src[start].start
		return o, o
	}
	return t.src[start].start, t.src[end-1].end
}

// edit replaces s[start:end] with repl.
type edit struct {
	start, end int
	repl       string
}

// apply returns t with edits applied (sorted, not overlapping), keeping
// track of the original spans.
func (t *normText) apply(edits []edit) normText {
	var b strings.Builder
	b.Grow(len(t.s))
	src := make([]span, 0, len(t.s))
	at := func(i int) span {
		if t.src == nil {
			return span{i, i + 1}
		}
		return t.src[i]
	}
	p := 0
	for _, e := range edits {
		for ; p < e.start; p++ {
			b.WriteByte(t.s[p])
			src = append(src, at(p))
		}
		if e.repl != "" {
			sp := span{at(e.start).start, at(e.end - 1).end}
			b.WriteString(e.repl)
			for range len(e.repl) {
				src = append(src, sp)
			}
		}
		p = e.end
	}
	for ; p < len(t.s); p++ {
		b.WriteByte(t.s[p])
		src = append(src, at(p))
	}
	return normText{s: b.String(), src: src, n: t.n}
}

// isInvisible reports characters that show nothing: zero-width spaces and
// joiners, the word joiner, the BOM, soft hyphens, bidi controls and Hangul
// fillers.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160, r == 0x180E,
		r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064,
		r >= 0x2066 && r <= 0x2069, r == 0x3164, r == 0xFEFF, r == 0xFFA0:
		return true
	}
	return false
}

// confusable returns the Latin letter r looks like, or 0: confusables[r]
// without the map for ASCII, which holds none of its keys
// (TestConfusablesNotASCII).
func confusable(r rune) byte {
	if r < utf8.RuneSelf {
		return 0
	}
	return confusables[r]
}

// confusables maps Cyrillic and Greek letters to the Latin letters they look
// like.
var confusables = map[rune]byte{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
	'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w',
	'ӏ': 'l', 'ү': 'y', 'һ': 'h', 'ɡ': 'g',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C',
	'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ԁ': 'D', 'Ԛ': 'Q', 'Ԝ': 'W',
	'Ү': 'Y', 'Һ': 'H',
	// Greek
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N',
	'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	'α': 'a', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'υ': 'u', 'χ': 'x',
	// Armenian
	'օ': 'o', 'ս': 'u', 'ց': 'g',
}

// styled maps fullwidth, mathematical and enclosed letters and digits to
// ASCII.
func styled(r rune) (byte, bool) {
	switch {
	case r >= 0xFF10 && r <= 0xFF19: // fullwidth digits
		return byte('0' + r - 0xFF10), true
	case r >= 0xFF21 && r <= 0xFF3A:
		return byte('A' + r - 0xFF21), true
	case r >= 0xFF41 && r <= 0xFF5A:
		return byte('a' + r - 0xFF41), true
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical bold, italic, script, fraktur…
		k := (r - 0x1D400) % 52
		if k < 26 {
			return byte('A' + k), true
		}
		return byte('a' + k - 26), true
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
		return byte('0' + (r-0x1D7CE)%10), true
	case r >= 0x24B6 && r <= 0x24CF: // circled capitals
		return byte('A' + r - 0x24B6), true
	case r >= 0x24D0 && r <= 0x24E9:
		return byte('a' + r - 0x24D0), true
	case r >= 0x1F130 && r <= 0x1F149: // squared capitals
		return byte('A' + r - 0x1F130), true
	case r >= 0x1F150 && r <= 0x1F169: // negative circled
		return byte('A' + r - 0x1F150), true
	case r >= 0x1F170 && r <= 0x1F189: // negative squared
		return byte('A' + r - 0x1F170), true
	}
	return 0, false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	if _, ok := styled(r); ok {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isLatinAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.Is(unicode.Latin, r) && unicode.IsLetter(r)
}

// suspectRunes reports whether s holds a rune normalisation may change:
// most texts, accented French included, hold none.
func suspectRunes(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r >= 0x0370 && r <= 0x058F, r == 0x0261, // Greek, Cyrillic, Armenian, script g
			r >= 0x1D400 && r <= 0x1D7FF, r >= 0xFF10 && r <= 0xFF5A,
			r >= 0x24B6 && r <= 0x24E9, r >= 0x1F130 && r <= 0x1F189:
			return true
		case isInvisible(r):
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// runeEdits finds invisible characters, styled letters and look-alike
// letters in s and returns the edits that undo them, firing the matching
// signals with original offsets.
func (d *Detector) runeEdits(s string, st *state) []edit {
	if !suspectRunes(s) {
		return nil
	}
	var edits []edit
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && !isWordRune(rune(c)) {
			i++ // ASCII punctuation or space: neither invisible nor a look-alike
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isInvisible(r):
			edits = invisibleEdits(s, i, edits, st)
			i = invisibleRunEnd(s, i)
		case isWordRune(r) || confusable(r) != 0:
			end := wordRunEnd(s, i)
			if !isASCII(s[i:end]) {
				// An ASCII word has no look-alike, styled or invisible
				// character: wordEdits would leave it.
				edits = d.wordEdits(s, i, end, edits, st)
			}
			i = end
		default:
			i += n
		}
	}
	return edits
}

// wordRunEnd returns the end of the word that starts at i: letters, digits,
// marks, look-alikes and the invisible characters between them.
func wordRunEnd(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII: a word rune or the end of the word (no ASCII
			// character is a look-alike or invisible).
			if !isWordRune(rune(c)) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) && confusables[r] == 0 && (!isInvisible(r) || i+n >= len(s)) {
			break
		}
		i += n
	}
	// Invisible characters at the end belong to what follows.
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !isInvisible(r) {
			break
		}
		i -= n
	}
	return i
}

// wordEdits handles one word s[start:end].
func (d *Detector) wordEdits(s string, start, end int, edits []edit, st *state) []edit {
	latin, conf, other, styledN := 0, 0, 0, 0
	for _, r := range s[start:end] {
		switch {
		case r < utf8.RuneSelf:
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				latin++
			}
		case confusables[r] != 0:
			conf++
		case isInvisible(r):
		default:
			if _, ok := styled(r); ok {
				styledN++
			} else if isLatinAlnum(r) {
				latin++
			} else if unicode.IsLetter(r) {
				other++
			}
		}
	}
	if conf == 0 && styledN == 0 && !strings.ContainsFunc(s[start:end], isInvisible) {
		return edits
	}
	// Look-alikes mixed with Latin letters ("Pаypal") always count. A
	// word made only of look-alikes or styled letters ("РАУРАL" in
	// Cyrillic, "𝐅𝐑𝐄𝐄") counts when it spells a word worth disguising:
	// Russian words and fancy lettering in comments are not disguises.
	mapConf := conf > 0 && latin > 0
	spells := false
	if conf+styledN >= 3 && latin == 0 && other == 0 {
		var b strings.Builder
		for _, r := range s[start:end] {
			if c := confusables[r]; c != 0 {
				b.WriteByte(c)
			} else if c, ok := styled(r); ok {
				b.WriteByte(c)
			}
		}
		spells = d.isVocab(strings.ToLower(b.String()))
		mapConf = mapConf || conf > 0 && spells
	}
	if conf > 0 && mapConf || styledN > 0 && (latin > 0 || spells) {
		st.fireOrig(sigLookalikeLetters, start, end)
	}
	for i := start; i < end; {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case isInvisible(r):
			edits = invisibleEdits(s, i, edits, st)
			n = invisibleRunEnd(s, i) - i
		case mapConf && confusables[r] != 0:
			edits = append(edits, edit{i, i + n, asciiByte(confusables[r])})
		default:
			if c, ok := styled(r); ok {
				edits = append(edits, edit{i, i + n, asciiByte(c)})
			}
		}
		i += n
	}
	return edits
}

// asciiBytes holds every ASCII byte as a one-byte string, so edits do not
// allocate.
const asciiBytes = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
	" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f"

func asciiByte(c byte) string { return asciiBytes[c&0x7f : c&0x7f+1] }

// invisibleRunEnd returns the end of the run of invisible characters at i.
func invisibleRunEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isInvisible(r) {
			break
		}
		i += n
	}
	return i
}

// invisibleEdits deletes the invisible characters of the run at i that hide
// something: those between two visible characters, one of them a letter or
// digit. Zero-width joiners and non-joiners count only between Latin
// letters or digits: emoji sequences and Indic and Arabic scripts need them.
// A BOM or a stray mark at either end of the text does not count.
func invisibleEdits(s string, i int, edits []edit, st *state) []edit {
	end := invisibleRunEnd(s, i)
	if i == 0 || end == len(s) {
		return edits
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[end:])
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	latin := isLatinAlnum(prev) && isLatinAlnum(next)
	other := alnum(prev) || alnum(next)
	for i < end {
		r, n := utf8.DecodeRuneInString(s[i:])
		if latin || other && r != 0x200C && r != 0x200D {
			edits = append(edits, edit{i, i + n, ""})
			st.fireOrig(sigInvisible, i, i+n)
		}
		i += n
	}
	return edits
}

// leetLetter returns the letter digit c stands for (alt: '1' as l), or 0.
func leetLetter(c byte, alt bool) byte {
	switch c {
	case '0':
		return 'o'
	case '1':
		if alt {
			return 'l'
		}
		return 'i'
	case '3':
		return 'e'
	case '4':
		return 'a'
	case '5':
		return 's'
	case '7':
		return 't'
	case '8':
		return 'b'
	case '9':
		return 'g'
	}
	return 0
}

// deleet returns word w (letters and digits, maybe with ' and -) with its
// digits read as letters, in the case of the word's letters, when that
// spells a known word. Digits only at the end ("WIN10", "GIFT5") read as a
// code, unless what precedes them is no word ("fr33").
func (d *Detector) deleet(w string) (string, bool) {
	letters, upper, digits, lastLetter, firstDigit := 0, 0, 0, -1, -1
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z':
			letters++
			lastLetter = i
		case c >= 'A' && c <= 'Z':
			letters++
			upper++
			lastLetter = i
		case c >= '0' && c <= '9':
			if leetLetter(c, false) == 0 {
				return "", false
			}
			digits++
			if firstDigit < 0 {
				firstDigit = i
			}
		case c == '\'' || c == '-':
		default:
			return "", false
		}
	}
	if letters < 1 || digits == 0 || letters+digits < 3 {
		return "", false
	}
	if firstDigit > lastLetter && (digits < 2 || d.isVocab(strings.ToLower(w[:firstDigit]))) {
		return "", false // a code: SAVE20, GIFT5
	}
	buf := make([]byte, len(w))
	for _, alt := range [...]bool{false, true} {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= '0' && c <= '9' {
				c = leetLetter(c, alt)
			} else if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		if lw := string(buf); d.isVocab(lw) {
			if upper*2 > letters {
				return strings.ToUpper(lw), true
			}
			return lw, true
		}
	}
	return "", false
}

// tokenEdits finds digits for letters and spaced letters among the tokens of
// a and returns the edits that undo them, firing the matching signals (in
// a's offsets: the caller maps them).
func (d *Detector) tokenEdits(a *text.Analysis, st *state, base *normText) []edit {
	var edits []edit
	toks := a.Tokens
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Kind == text.Code:
			w := a.TokenText(i)
			if lw, ok := d.deleet(w); ok {
				edits = append(edits, edit{int(t.Start), int(t.End), lw})
				st.fireNorm(sigLeetspeak, base, int(t.Start), int(t.End))
			}
		case t.Kind == text.Word && t.Len() == 1:
			last := d.spacedRun(a, i)
			if last == i {
				continue
			}
			// Delete what lies between the letters.
			prev := t.End
			for k := i + 1; k <= last; k++ {
				if toks[k].Kind == text.Word {
					edits = append(edits, edit{int(prev), int(toks[k].Start), ""})
					prev = toks[k].End
				}
			}
			st.fireNorm(sigSpacedLetters, base, int(t.Start), int(toks[last].End))
			i = last
		case t.Kind == text.Word && t.Len() >= 5 && a.Text[t.Start+1] == '-':
			// F-R-E-E is one token: single letters joined by hyphens.
			w := a.TokenText(i)
			if hyphenLetters(w) && d.isVocab(strings.ToLower(strings.ReplaceAll(w, "-", ""))) {
				for k := 1; k < len(w); k += 2 {
					edits = append(edits, edit{int(t.Start) + k, int(t.Start) + k + 1, ""})
				}
				st.fireNorm(sigSpacedLetters, base, int(t.Start), int(t.End))
			}
		}
	}
	return edits
}

func hyphenLetters(w string) bool {
	if len(w)%2 == 0 {
		return false
	}
	for k := 0; k < len(w); k++ {
		c := w[k]
		if k%2 == 1 {
			if c != '-' {
				return false
			}
		} else if !isASCIILetter(c) {
			return false
		}
	}
	return true
}

// spacedRun looks for single letters from token i separated by one space,
// a dot, a dot and a space, or an asterisk: "F R E E", "G.R.A.T.U.I.T".
// It returns the index of the run's last letter, i when there is no run. A
// run counts from three letters when it spells a known word, from five
// otherwise.
func (d *Detector) spacedRun(a *text.Analysis, i int) int {
	toks, s := a.Tokens, a.Text
	var buf [32]byte
	word := buf[:0]
	last := i
	for k := i; k < len(toks) && len(word) < len(buf); {
		t := toks[k]
		if t.Kind != text.Word || t.Len() != 1 || !isASCIILetter(s[t.Start]) {
			break
		}
		word = append(word, s[t.Start])
		last = k
		// What joins this letter to the next one?
		n := k + 1
		if n < len(toks) && toks[n].Start == t.End && toks[n].Kind == text.Punct {
			if p := s[toks[n].Start:toks[n].End]; p == "." || p == "*" {
				n++
			}
		}
		if n >= len(toks) {
			break
		}
		if gap := s[toks[n-1].End:toks[n].Start]; gap != "" && gap != " " || n == k+1 && gap == "" {
			break
		}
		k = n
	}
	if len(word) < 3 {
		return i
	}
	if len(word) < 5 && !d.isVocab(strings.ToLower(string(word))) {
		return i
	}
	return last
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
