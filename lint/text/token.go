// Package text holds the analysis of a message that every rule shares: tokens
// with byte offsets, sentences, paragraphs, grapheme clusters, placeholders, a
// language guess and cached stems. It is computed once per message by Analyze.
//
// It also holds the text tools several packages build on: phrase lists matched
// on stems or as written (PhraseSet, ParsePhraseList, the parser every embedded
// word list goes through, see internal/wordlist), syllable counts for the
// readability formulas, the fingerprints that tell a repeated or nearly
// repeated text (Near), and what a channel's preview shows.
package text

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies a token.
type Kind uint8

// Token kinds. White space is not a token: it lies between tokens.
const (
	Word        Kind = iota + 1 // letters, with inner hyphens and apostrophes
	Number                      // 3.5, 12h30, 20:00, 1,000, 12/03/2026, 4pm
	Code                        // letters and digits mixed (SM-425, AB12) or #4821
	Placeholder                 // {{x}}, {x}, %s, %1$s, %{x}, ${x}, :name, @contact.name
	URL                         // https://…, www.…, bit.ly/…
	Email                       // a@b.fr
	Mention                     // @name
	Hashtag                     // #word
	Emoji                       // one emoji grapheme cluster (with modifiers and joiners)
	Punct                       // punctuation; runs of . ! ? … form one token
	Symbol                      // € $ % + and other symbols
)

var kindNames = [...]string{
	Word: "word", Number: "number", Code: "code", Placeholder: "placeholder", URL: "url",
	Email: "email", Mention: "mention", Hashtag: "hashtag", Emoji: "emoji", Punct: "punct", Symbol: "symbol",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "invalid"
}

// Flags describe a token further.
type Flags uint8

// Token flags.
const (
	Elision  Flags = 1 << iota // French elided article or pronoun: l', d', qu'…
	Capital                    // starts with an upper-case letter
	AllCaps                    // two or more letters, all upper case
	Terminal                   // a Punct run that can end a sentence (. ! ? …)
)

// Token is a span of Text. Start and End are byte offsets.
type Token struct {
	Start, End int32
	Kind       Kind
	Flags      Flags
}

// Has reports whether all of f are set.
func (t Token) Has(f Flags) bool { return t.Flags&f == f }

// Len is the token's length in bytes.
func (t Token) Len() int { return int(t.End - t.Start) }

// IsWordLike reports whether the token counts as a word in a sentence:
// words, numbers, codes, placeholders, links, addresses, mentions, hashtags.
func (t Token) IsWordLike() bool {
	switch t.Kind {
	case Word, Number, Code, Placeholder, URL, Email, Mention, Hashtag:
		return true
	}
	return false
}

// tokenize appends the tokens of s to dst.
func tokenize(dst []Token, s string) []Token {
	return tokenizeRange(dst, s, 0, nil)
}

// tokenizeRange tokenizes s from byte p on. A placeholder token [start, end)
// is kept only when allow(start, end) is true (nil allows them all);
// otherwise its first character is read as text.
func tokenizeRange(dst []Token, s string, p int, allow func(start, end int) bool) []Token {
	for p < len(s) {
		r, size := rune(s[p]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[p:])
		}
		if isSpace(r) {
			p += size
			continue
		}
		t := scanToken(s, p, r, size, true)
		if t.Kind == Placeholder && allow != nil && !allow(int(t.Start), int(t.End)) {
			t = scanToken(s, p, r, size, false)
		}
		if t.End <= t.Start {
			// Anything unknown (including invalid UTF-8) becomes one symbol.
			t = Token{Start: int32(p), End: int32(p + size), Kind: Symbol}
		}
		switch {
		case t.Kind == Word:
			dst = appendWord(dst, s, t)
		case t.Kind == Number && len(dst) > 0 && groupsDigits(s, dst[len(dst)-1], t):
			dst[len(dst)-1].End = t.End // 1 250,00 and 06 12 34 56 78 are one number
		default:
			dst = append(dst, t)
		}
		p = int(t.End)
	}
	return dst
}

// unquote re-tokenizes each placeholder token that overlaps a literal span,
// keeping only the placeholders inside it that overlap none: text that an
// ICU catalog quoted is characters, whatever it looks like ('{'SAVE10'}'
// reads "{SAVE10}", no placeholder), and a real argument between quoted
// braces ('{'{code}'}') stays one.
func unquote(toks []Token, s string, literal []Span) []Token {
	overlaps := func(start, end int) bool {
		for _, l := range literal {
			if start < l.End && l.Start < end {
				return true
			}
		}
		return false
	}
	if !slices.ContainsFunc(toks, func(t Token) bool { return t.Kind == Placeholder && overlaps(int(t.Start), int(t.End)) }) {
		return toks
	}
	allow := func(start, end int) bool { return !overlaps(start, end) }
	out := make([]Token, 0, len(toks)+4)
	for _, t := range toks {
		if t.Kind != Placeholder || !overlaps(int(t.Start), int(t.End)) {
			out = append(out, t)
			continue
		}
		out = tokenizeRange(out, s[:t.End], int(t.Start), allow)
	}
	return out
}

// groupsDigits reports whether number token next continues number prev as a
// digit group after one space (or no-break space): thousands written the
// French way (1 250,00) and phone numbers in pairs (06 12 34 56 78).
func groupsDigits(s string, prev, next Token) bool {
	if prev.Kind != Number {
		return false
	}
	gap := s[prev.End:next.Start]
	if gap != " " && gap != "\u00a0" && gap != "\u202f" {
		return false
	}
	p, n := s[prev.Start:prev.End], s[next.Start:next.End]
	last := p
	if i := strings.LastIndexAny(p, " \u00a0\u202f"); i >= 0 {
		_, size := utf8.DecodeRuneInString(p[i:])
		last = p[i+size:]
	}
	if !allDigits(last) || len(last) > 3 {
		return false
	}
	head := n
	if i := strings.IndexAny(n, ".,"); i >= 0 {
		head = n[:i]
		if !allDigits(n[i+1:]) {
			return false
		}
	}
	if !allDigits(head) {
		return false
	}
	return len(head) == 3 || len(head) == 2 && len(last) == 2 && head == n
}

// isSpace reports white space and the invisible separators that behave like it.
func isSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf { // a table read, inlined: most runes are ASCII
		return asciiSpace[r]
	}
	return isSpaceSlow(r)
}

// isSpaceSlow is isSpace past ASCII, kept out of line so that isSpace
// inlines.
//
//go:noinline
func isSpaceSlow(r rune) bool {
	switch r {
	case 0x200B, 0x2060, 0xFEFF: // zero-width space, word joiner, BOM
		return true
	}
	return r >= 0x80 && unicode.IsSpace(r)
}

// asciiSpace and asciiAlnum are isSpace and isAlnum of each ASCII rune.
var asciiSpace, asciiAlnum = func() (sp, al [utf8.RuneSelf]bool) {
	for _, c := range " \t\n\r\v\f" {
		sp[c] = true
	}
	for c := range utf8.RuneSelf {
		al[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return sp, al
}()

func scanToken(s string, p int, r rune, size int, placeholders bool) Token {
	switch r {
	case '{', '%', '$', ':', '@':
		if !placeholders {
			break
		}
		if end := scanPlaceholder(s, p); end > p {
			return Token{Start: int32(p), End: int32(end), Kind: Placeholder}
		}
	}
	if r == '@' {
		if end := scanIdent(s, p+1); end > p+1 && (p == 0 || !isWordByte(s[p-1])) {
			return Token{Start: int32(p), End: int32(end), Kind: Mention}
		}
	}
	if r == 'h' || r == 'H' || r == 'w' || r == 'W' {
		if end := scanURL(s, p); end > p {
			return Token{Start: int32(p), End: int32(end), Kind: URL}
		}
	}
	if isAlnum(r) {
		t := scanCompound(s, p)
		// Only a run followed by @ . + or % can be an address or a bare link.
		if e := int(t.End); e < len(s) && (s[e] == '@' || s[e] == '.' || s[e] == '+' || s[e] == '%' || s[e] == '_') {
			if end := scanEmail(s, p); end > p {
				return Token{Start: int32(p), End: int32(end), Kind: Email}
			}
			if end := scanDomain(s, p); end > p {
				return Token{Start: int32(p), End: int32(end), Kind: URL}
			}
		}
		return t
	}
	if r == '#' && p+1 < len(s) {
		r2, _ := utf8.DecodeRuneInString(s[p+1:])
		if isAlnum(r2) {
			t := scanCompound(s, p+1)
			t.Start = int32(p)
			if t.Kind == Word {
				t.Kind, t.Flags = Hashtag, 0
			} else {
				t.Kind, t.Flags = Code, 0
			}
			return t
		}
	}
	if isEmojiStart(r) {
		return Token{Start: int32(p), End: int32(p + emojiClusterLen(s[p:])), Kind: Emoji}
	}
	if isTerminal(r) {
		end := p + size
		for end < len(s) {
			r2, n := utf8.DecodeRuneInString(s[end:])
			if !isTerminal(r2) {
				break
			}
			end += n
		}
		return Token{Start: int32(p), End: int32(end), Kind: Punct, Flags: Terminal}
	}
	if unicode.IsPunct(r) {
		return Token{Start: int32(p), End: int32(p + size), Kind: Punct}
	}
	return Token{Start: int32(p), End: int32(p + size), Kind: Symbol}
}

func isTerminal(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

func isAlnum(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiAlnum[r]
	}
	return isAlnumSlow(r)
}

// isAlnumSlow is isAlnum past ASCII.
func isAlnumSlow(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// scanCompound reads letters and digits joined by inner connectors and
// classifies the run as a word, a number or a code.
func scanCompound(s string, p int) Token {
	start := p
	letters, digits, upper := 0, 0, 0
	firstUpper := false
	for p < len(s) {
		// ASCII letters and digits, most of English and French, skip the
		// Unicode tables.
		switch c := s[p]; {
		case c >= 'a' && c <= 'z':
			letters++
			p++
			continue
		case c >= 'A' && c <= 'Z':
			if p == start {
				firstUpper = true
			}
			letters++
			upper++
			p++
			continue
		case c >= '0' && c <= '9':
			digits++
			p++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[p:])
		if isAlnum(r) {
			if r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r) {
				digits++
			} else if unicode.IsLetter(r) {
				if p == start {
					firstUpper = unicode.IsUpper(r)
				}
				letters++
				if unicode.IsUpper(r) {
					upper++
				}
			}
			p += n
			continue
		}
		// An inner connector joins two alphanumeric runs.
		if p+n < len(s) && connects(s, p, r, n, digits > 0 && letters == 0) {
			p += n
			continue
		}
		break
	}
	t := Token{Start: int32(start), End: int32(p)}
	switch {
	case letters == 0:
		t.Kind = Number
	case digits == 0:
		t.Kind = Word
		if firstUpper {
			t.Flags |= Capital
		}
		if upper == letters && letters >= 2 {
			t.Flags |= AllCaps
		}
	case isDigit(s[start]) && unitSuffix(s[start:p]):
		t.Kind = Number
	default:
		t.Kind = Code
	}
	return t
}

// connects reports whether the rune r at p (n bytes) joins the run before it
// to an alphanumeric run after it.
func connects(s string, p int, r rune, n int, numeric bool) bool {
	switch r {
	case '-', '_', '\'', '’':
		next, _ := utf8.DecodeRuneInString(s[p+n:])
		return isAlnum(next)
	case '.', ',', ':', '/':
		// 3.5, 1,000, 20:00, 12/03: only between digits.
		return numeric && s[p+n] >= '0' && s[p+n] <= '9'
	}
	return false // a space or other punctuation, the common case: the next rune is not read
}

// unitSuffix reports whether a run that starts with digits ends in a unit or
// ordinal suffix: 12h30 and 10h are times, 4pm, 1er, 2nd, 5km are numbers.
func unitSuffix(run string) bool {
	i := 0
	for i < len(run) && (isDigit(run[i]) || run[i] == '.' || run[i] == ',' || run[i] == ':') {
		i++
	}
	rest := strings.ToLower(run[i:])
	if len(rest) > 1 && rest[0] == 'h' && allDigits(rest[1:]) {
		return true // 12h30
	}
	switch rest {
	case "h", "am", "pm", "er", "re", "ère", "e", "ème", "eme", "st", "nd", "rd", "th",
		"k", "m", "km", "kg", "g", "min", "mn", "s", "j", "x", "h00", "mo", "go", "gb", "mb", "ko":
		return true
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// elisions are French elided words written with an apostrophe.
var elisions = [...]string{"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}

// appendWord appends a word token, splitting a French elision (l'homme →
// l' + homme) into its own token.
func appendWord(dst []Token, s string, t Token) []Token {
	w := s[t.Start:t.End]
	// The apostrophe of an elision comes within its first 7 bytes.
	i := elisionMark(w[:min(len(w), 10)])
	if i > 0 && i <= 7 {
		_, n := utf8.DecodeRuneInString(w[i:])
		if i+n < len(w) && isElision(w[:i]) {
			cut := t.Start + int32(i+n)
			first := Token{Start: t.Start, End: cut, Kind: Word, Flags: Elision | t.Flags&Capital}
			rest := Token{Start: cut, End: t.End, Kind: Word}
			if r, _ := utf8.DecodeRuneInString(s[cut:]); unicode.IsUpper(r) {
				rest.Flags |= Capital
			}
			if t.Has(AllCaps) {
				rest.Flags |= AllCaps
			}
			return appendWord(append(dst, first), s, rest)
		}
	}
	return append(dst, t)
}

// elisionMark returns the offset of the first apostrophe (' or ’) of head,
// or -1: one pass over the bytes, where an apostrophe is rare.
func elisionMark(head string) int {
	for k := 0; k < len(head); k++ {
		switch head[k] {
		case '\'':
			return k
		case 0xE2: // the first byte of ’
			if strings.HasPrefix(head[k:], "’") {
				return k
			}
		}
	}
	return -1
}

func isElision(w string) bool {
	if len(w) > 7 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	lw := string(buf[:len(w)])
	for _, e := range elisions {
		if lw == e {
			return true
		}
	}
	return false
}

func isEmojiStart(r rune) bool {
	switch {
	case r >= 0x1F000 && r <= 0x1FAFF, // pictographs, emoticons, transport, flags…
		r >= 0x2600 && r <= 0x27BF, // misc symbols, dingbats
		r >= 0x2B00 && r <= 0x2BFF, // arrows, stars
		r >= 0x2300 && r <= 0x23FF, // technical (⌚ ⏰)
		r == 0x00A9 || r == 0x00AE || r == 0x203C || r == 0x2049 || r == 0x2122 || r == 0x2139,
		r >= 0x2194 && r <= 0x21AA,
		r == 0x3030 || r == 0x303D || r == 0x3297 || r == 0x3299:
		return true
	}
	return false
}

// mergePattern turns each match of re in s that starts at a token's start
// and ends at a token's end into one Placeholder token in place of the
// tokens it covers; a match that cuts a token is left alone (the text is
// not what the pattern means there). Tokens are rewritten in place.
func mergePattern(toks []Token, s string, re *regexp.Regexp) []Token {
	matches := re.FindAllStringIndex(s, -1)
	if len(matches) == 0 {
		return toks
	}
	out := toks[:0]
	i := 0
	for _, m := range matches {
		start, end := int32(m[0]), int32(m[1])
		for i < len(toks) && toks[i].End <= start && toks[i].Start < start {
			out = append(out, toks[i])
			i++
		}
		j := i
		for j < len(toks) && toks[j].End <= end {
			j++
		}
		if i == len(toks) || toks[i].Start != start || j == i || toks[j-1].End != end {
			continue // the match does not fall on token boundaries
		}
		out = append(out, Token{Start: start, End: end, Kind: Placeholder})
		i = j
	}
	return append(out, toks[i:]...)
}
