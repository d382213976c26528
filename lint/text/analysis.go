package text

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// DefaultPlaceholderWidth is how many characters a placeholder is assumed to
// take once filled in, unless configured otherwise.
const DefaultPlaceholderWidth = 12

// Options tune Analyze.
type Options struct {
	// Lang forces the language ("en" or "fr"); "" or "auto" guesses it.
	Lang string
	// PlaceholderWidth is the assumed filled-in width of a placeholder, in
	// characters (0 means DefaultPlaceholderWidth).
	PlaceholderWidth int
	// Stems caches stems across messages; nil stems without a cache.
	Stems *Stemmer
	// Placeholders are more placeholder syntaxes: each match that starts
	// and ends on token boundaries becomes one Placeholder token.
	Placeholders []*regexp.Regexp
	// Literal are byte spans of the text that are characters as written,
	// never part of a placeholder (see lint.Message.Literal).
	Literal []Span
}

// Span is a byte range of the text.
type Span struct{ Start, End int }

// Sentence is a run of tokens ending at a sentence boundary.
type Sentence struct {
	Span
	First, Last int // token indexes, Last exclusive
}

// Paragraph is a block of text between blank lines.
type Paragraph struct {
	Span
	First, Last int // sentence indexes, Last exclusive
	Lines       int // lines of text it spans
}

// Analysis is everything rules share about one message. It is built once by
// Analyze and then only read, except for the lazily computed stems, so it
// must not be shared between goroutines.
type Analysis struct {
	Text       string
	Lang       string // "en" or "fr"
	LangGuess  bool   // Lang was guessed, not given
	ascii      bool   // Text is ASCII without CR: one byte, one character
	otherLang  int8   // 0: OtherLang not computed yet; 1: none; k+2: otherWords[k]
	Tokens     []Token
	Sentences  []Sentence
	Paragraphs []Paragraph

	phWidth      int
	placeholders []Span
	graphemes    []int32 // byte offset where each grapheme cluster starts
	stemmer      *Stemmer
	words        []tokenWords // per token, computed as rules ask
	lowerText    string       // Text with its ASCII capitals made small, once a token needs it
	lowerMore    []string     // lower-case forms that are neither (tokenWords.lower)
	fp           [3]uint64    // Fingerprint, once computed (fpDone)
	fpDone       bool
	inline       inlineBufs
	tokenBuf     []Token // the tokens' own buffer once a message did not fit inline
}

// reset empties a for AnalyzeInto, keeping the buffers it will reuse.
func (a *Analysis) reset() {
	words, graphemes, placeholders, tokens := a.words[:0], a.graphemes[:0], a.placeholders[:0], a.tokenBuf[:0]
	*a = Analysis{}
	a.words, a.graphemes, a.placeholders, a.tokenBuf = words, graphemes, placeholders, tokens
}

// inlineBufs hold the tokens, sentences and paragraphs of an SMS-length
// message inside its Analysis, one allocation instead of four; a longer
// message's grow apart.
type inlineBufs struct {
	tokens     [48]Token
	sentences  [8]Sentence
	paragraphs [4]Paragraph
	lowerMore  [2]string // the first lower-case forms that are a string of their own
}

// tokenWords are what Lower, Stem and the phrase filters computed for one
// token ("" and 0: not yet).
type tokenWords struct {
	stem  string
	hash  [2]uint32 // tokenHash of the stem [0] and of the lower-case form [1]
	lower int32     // where Lower's result is: lowerOwn, lowerShared, or k+1 for lowerMore[k]
}

// Where a token's lower-case form is (tokenWords.lower; 0: not yet): the
// token's own text, its span of lowerText, or a string of its own in
// lowerMore. An offset instead of a string keeps the per-token cache at 32
// bytes and one pointer.
const (
	lowerOwn    = -1
	lowerShared = -2
)

// Analyze computes the shared analysis of s. Invalid UTF-8 is tolerated: each
// bad byte is one symbol token and one character.
func Analyze(s string, o Options) *Analysis {
	return AnalyzeInto(new(Analysis), s, o)
}

// AnalyzeInto is Analyze into a, reusing the buffers an earlier analysis
// left in it (a zero Analysis has none): a caller that checks message after
// message (lint.Linter, from a pool) allocates them once. Everything the
// earlier analysis handed out that points into its buffers (Tokens,
// Sentences, Paragraphs, Placeholders) is overwritten, so the caller must
// hold none of it; strings (token texts, Lower, Stem) stay valid.
func AnalyzeInto(a *Analysis, s string, o Options) *Analysis {
	a.reset()
	a.Text, a.phWidth, a.stemmer = s, o.PlaceholderWidth, o.Stems
	if a.phWidth <= 0 {
		a.phWidth = DefaultPlaceholderWidth
	}
	toks := a.inline.tokens[:0]
	if n := len(s)/5 + 4; n > cap(toks) {
		toks = a.tokenBuf[:0]
		if n > cap(toks) {
			toks = make([]Token, 0, n)
		}
	}
	a.Tokens = tokenize(toks, s)
	for _, re := range o.Placeholders {
		a.Tokens = mergePattern(a.Tokens, s, re)
	}
	if len(o.Literal) > 0 {
		a.Tokens = unquote(a.Tokens, s, o.Literal)
	}
	for _, t := range a.Tokens {
		if t.Kind == Placeholder {
			a.placeholders = append(a.placeholders, Span{int(t.Start), int(t.End)})
		}
	}
	if a.Tokens != nil && &a.Tokens[:1][0] != &a.inline.tokens[0] {
		a.tokenBuf = a.Tokens // a longer message's tokens: kept for the next
	}
	a.initWords()
	a.splitSentences()
	a.splitParagraphs()
	a.countGraphemes()
	switch o.Lang {
	case "en", "fr":
		a.Lang = o.Lang
	default:
		a.Lang, a.LangGuess = guessLang(a), true
	}
	return a
}

// TokenText returns the text of token i.
func (a *Analysis) TokenText(i int) string {
	t := a.Tokens[i]
	return a.Text[t.Start:t.End]
}

// Lower returns token i in lower case (computed once).
func (a *Analysis) Lower(i int) string {
	switch k := a.words[i].lower; k {
	case 0:
		return a.lowerToken(i)
	case lowerOwn:
		t := a.Tokens[i]
		return a.Text[t.Start:t.End]
	case lowerShared:
		t := a.Tokens[i]
		return a.lowerText[t.Start:t.End]
	default:
		return a.lowerMore[k-1]
	}
}

// lowerToken is lower(a.TokenText(i)), recorded in a.words[i].lower. An
// ASCII token with capitals is cut from one lower-case copy of the text,
// made once per message, rather than allocated on its own; one with no
// capitals is its own text.
func (a *Analysis) lowerToken(i int) string {
	t := a.Tokens[i]
	w := a.Text[t.Start:t.End]
	ref := &a.words[i].lower
	upper := false
	for j := 0; j < len(w); j++ {
		c := w[j]
		if c >= utf8.RuneSelf {
			l := lower(w)
			if l == w {
				*ref = lowerOwn
			} else {
				a.lowerMore = append(a.lowerMore, l)
				*ref = int32(len(a.lowerMore))
			}
			return l
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		*ref = lowerOwn
		return w
	}
	if a.lowerText == "" {
		a.lowerText = lowerASCII(a.Text)
	}
	*ref = lowerShared
	return a.lowerText[t.Start:t.End]
}

// lowerASCII returns s with its ASCII capitals made small, other bytes as
// they are. An SMS-length text is built on the stack and copied once
// (a strings.Builder wrote it a byte at a time); a longer one still is.
func lowerASCII(s string) string {
	var buf [512]byte
	if len(s) > len(buf) {
		var sb strings.Builder
		sb.Grow(len(s))
		for j := 0; j < len(s); j++ {
			c := s[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			sb.WriteByte(c)
		}
		return sb.String()
	}
	b := append(buf[:0], s...)
	for j, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[j] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Stem returns the snowball stem of word token i in the message's language,
// with typographic apostrophes made straight. Non-words stem to their lower
// case form.
func (a *Analysis) Stem(i int) string {
	w := &a.words[i]
	if w.stem == "" {
		st := a.Lower(i)
		if a.Tokens[i].Kind == Word {
			st = a.stemmer.Stem(a.Lang, st)
		}
		w.stem = st
	}
	return w.stem
}

// initWords allocates the per-token caches of Lower, Stem and the phrase
// hashes once the tokens are final: every check asks for them, and made
// here they are never nil, so the cached hash is read inline. (Held inside
// the Analysis, they saved an allocation but no CPU, for 1.5 KiB more.)
func (a *Analysis) initWords() {
	a.lowerMore = a.inline.lowerMore[:0]
	if n := len(a.Tokens); n <= cap(a.words) {
		a.words = a.words[:n]
		clear(a.words)
	} else {
		a.words = make([]tokenWords, n)
	}
}

// ContentEnd is the byte offset just after the last non-space character:
// a file's final line break and trailing blanks are not part of the message.
func (a *Analysis) ContentEnd() int {
	if len(a.Tokens) == 0 {
		return 0
	}
	return int(a.Tokens[len(a.Tokens)-1].End)
}

// Placeholders returns the byte spans of the placeholders, in order.
func (a *Analysis) Placeholders() []Span { return a.placeholders }

// PlaceholderWidth is the assumed filled-in width of one placeholder.
func (a *Analysis) PlaceholderWidth() int { return a.phWidth }

// lower is strings.ToLower with straight apostrophes.
func lower(s string) string {
	s = strings.ToLower(s)
	if strings.Contains(s, "’") {
		s = strings.ReplaceAll(s, "’", "'")
	}
	return s
}

// splitSentences finds sentence boundaries between tokens. A boundary is a
// terminal punctuation run followed by white space and something that starts a
// sentence, a blank line, or a line break before a capital, a digit or a
// bullet. Abbreviations (Mr., M., etc., p. ex.) and initials do not end a
// sentence; numbers such as 3.5 and 12h30 and links are single tokens already.
func (a *Analysis) splitSentences() {
	toks := a.Tokens
	first := 0
	a.Sentences = a.inline.sentences[:0]
	for i := range toks {
		if !a.endsSentence(i) {
			continue
		}
		a.Sentences = append(a.Sentences, Sentence{
			Span:  Span{int(toks[first].Start), int(toks[i].End)},
			First: first, Last: i + 1,
		})
		first = i + 1
	}
	if first < len(toks) {
		a.Sentences = append(a.Sentences, Sentence{
			Span:  Span{int(toks[first].Start), int(toks[len(toks)-1].End)},
			First: first, Last: len(toks),
		})
	}
}

// endsSentence reports whether a sentence boundary follows token i.
func (a *Analysis) endsSentence(i int) bool {
	toks, s := a.Tokens, a.Text
	if i == len(toks)-1 {
		return true
	}
	t, next := toks[i], toks[i+1]
	gap := s[t.End:next.Start]
	nl := 0
	if len(gap) > 1 || gap == "\n" { // most gaps are one space, or none
		nl = strings.Count(gap, "\n")
	}
	if nl >= 2 {
		return true
	}
	p := s[t.Start:t.End]
	terminal := t.Has(Terminal)
	if !terminal && t.Kind == Punct && isCloser(p) && i > 0 && toks[i-1].Has(Terminal) && toks[i-1].End == t.Start {
		// A closing quote or bracket right after . ! ? stays in the sentence.
		terminal, p = true, s[toks[i-1].Start:toks[i-1].End]
	}
	if nl == 1 {
		return terminal || p == ":" || a.startsSentence(i+1) || isBullet(s[next.Start:next.End])
	}
	if !terminal || gap == "" {
		return false
	}
	if p == "." && t.Has(Terminal) && i > 0 && toks[i-1].End == t.Start && a.isAbbrev(i-1) {
		return false
	}
	if p == "." || p == "…" || p == "..." {
		return a.startsSentence(i + 1)
	}
	return true // ! ? and runs such as ?! or !!! end a sentence before anything
}

// startsSentence reports whether token i can begin a sentence.
func (a *Analysis) startsSentence(i int) bool {
	t := a.Tokens[i]
	switch t.Kind {
	case Word:
		return t.Has(Capital)
	case Punct:
		return isOpener(a.Text[t.Start:t.End]) || isBullet(a.Text[t.Start:t.End])
	}
	return true // numbers, placeholders, emoji, links, codes
}

func isCloser(p string) bool {
	switch p {
	case ")", "]", "\"", "'", "»", "”", "’":
		return true
	}
	return false
}

func isOpener(p string) bool {
	switch p {
	case "(", "[", "\"", "«", "“", "‘", "¿", "¡":
		return true
	}
	return false
}

func isBullet(p string) bool {
	switch p {
	case "-", "*", "•", "–", "—", "·", "▪", "►", "✓", "✔", "→":
		return true
	}
	return false
}

// titles are abbreviations that stand before a name and so never end a
// sentence (lower case, no period): "Mr. Smith", "Mme. Martin", "Dr. Petit".
// Other abbreviations (etc., min., approx.) end a sentence when what follows
// starts one, like any word.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sr": true,
	"mme": true, "mmes": true, "mlle": true, "mlles": true, "mgr": true, "pr": true, "messrs": true,
}

// isAbbrev reports whether word token i, followed by a period, is a title or
// an initial: a single capital letter where a sentence or clause starts
// ("M. Dupont", "J. Smith"), not after another word ("Gate B. Boarding").
func (a *Analysis) isAbbrev(i int) bool {
	t := a.Tokens[i]
	if t.Kind != Word {
		return false
	}
	w := a.Text[t.Start:t.End]
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && t.Has(Capital) && r != utf8.RuneError {
		return i == 0 || a.Tokens[i-1].Kind == Punct
	}
	return titles[a.Lower(i)]
}

// splitParagraphs groups sentences into blocks separated by blank lines.
func (a *Analysis) splitParagraphs() {
	s := a.Text
	first := 0
	a.Paragraphs = a.inline.paragraphs[:0]
	for k := range a.Sentences {
		last := k == len(a.Sentences)-1
		if !last {
			gap := s[a.Sentences[k].End:a.Sentences[k+1].Start]
			if strings.Count(gap, "\n") < 2 {
				continue
			}
		}
		span := Span{a.Sentences[first].Start, a.Sentences[k].End}
		a.Paragraphs = append(a.Paragraphs, Paragraph{
			Span: span, First: first, Last: k + 1,
			Lines: strings.Count(s[span.Start:span.End], "\n") + 1,
		})
		first = k + 1
	}
}

// countGraphemes records where each grapheme cluster starts. Plain ASCII
// (the common case) takes a fast path: one byte, one character, but CR LF.
func (a *Analysis) countGraphemes() {
	s := a.Text
	a.ascii = true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf || s[i] == '\r' {
			a.ascii = false
			break
		}
	}
	if a.ascii {
		return
	}
	if len(s) <= cap(a.graphemes) {
		a.graphemes = a.graphemes[:0]
	} else {
		a.graphemes = make([]int32, 0, len(s))
	}
	for off := 0; off < len(s); {
		a.graphemes = append(a.graphemes, int32(off))
		if c := s[off]; c < utf8.RuneSelf && c != '\r' && off+1 < len(s) && s[off+1] < utf8.RuneSelf {
			off++ // ASCII before ASCII, most of a Latin text: the test below without decoding
			continue
		}
		r, n := utf8.DecodeRuneInString(s[off:])
		if r < 0x300 && r != '\r' && off+n < len(s) {
			// Below U+0300 no rune extends or joins a cluster, so the
			// next rune starts a new one unless it is itself an extender.
			if next, _ := utf8.DecodeRuneInString(s[off+n:]); next < 0x300 {
				off += n
				continue
			}
		}
		cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s[off:], -1)
		off += len(cluster)
	}
}

// graphemeIndex returns how many grapheme clusters start before byte off.
func (a *Analysis) graphemeIndex(off int) int {
	if a.ascii {
		return off
	}
	lo, hi := 0, len(a.graphemes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(a.graphemes[m]) < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Graphemes counts the characters (grapheme clusters) of Text[start:end],
// written as they are, placeholders included.
func (a *Analysis) Graphemes(start, end int) int {
	return a.graphemeIndex(end) - a.graphemeIndex(start)
}

// Length counts the characters of Text[start:end] as a person will see them:
// each whole placeholder inside the range counts PlaceholderWidth characters
// instead of its own text. The second result is the number of placeholders.
func (a *Analysis) Length(start, end int) (n, placeholders int) {
	n = a.Graphemes(start, end)
	first := sort.Search(len(a.placeholders), func(k int) bool { return a.placeholders[k].Start >= start })
	for _, p := range a.placeholders[first:] {
		if p.Start >= end {
			break
		}
		if p.End <= end {
			n += a.phWidth - a.Graphemes(p.Start, p.End)
			placeholders++
		}
	}
	return n, placeholders
}

// Column returns the 1-based character position of byte off as a person sees
// the message (placeholders counted at their assumed width).
func (a *Analysis) Column(off int) int {
	n, _ := a.Length(0, off)
	return n + 1
}

// SentenceOf returns the index of the sentence that holds byte off, or the
// next sentence after it, or len(Sentences).
func (a *Analysis) SentenceOf(off int) int {
	// Binary search: rules call it per token (spelling), and a long message
	// has hundreds of sentences.
	k, _ := slices.BinarySearchFunc(a.Sentences, off, func(x Sentence, off int) int {
		if x.End <= off {
			return -1
		}
		return 1
	})
	return k
}

// TokenAt returns the index of the token that holds byte off, or -1.
func (a *Analysis) TokenAt(off int) int {
	lo, hi := 0, len(a.Tokens)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int(a.Tokens[m].End) <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(a.Tokens) && int(a.Tokens[lo].Start) <= off {
		return lo
	}
	return -1
}

// Words counts the word-like tokens of sentence k, not counting French
// elisions (l', d') as words of their own.
func (a *Analysis) Words(k int) int {
	n := 0
	s := a.Sentences[k]
	for _, t := range a.Tokens[s.First:s.Last] {
		if t.IsWordLike() && !t.Has(Elision) {
			n++
		}
	}
	return n
}

// OffsetOfChar returns the byte offset where character n (0-based, counted as
// Length counts, placeholders at their assumed width) starts; len(Text) when
// the text is shorter. A character inside a placeholder maps to its start.
func (a *Analysis) OffsetOfChar(n int) int {
	if n <= 0 {
		return 0
	}
	shift := 0 // extra characters placeholders add before the current point
	for _, p := range a.placeholders {
		ps := a.graphemeIndex(p.Start) + shift
		if n < ps {
			break
		}
		if n < ps+a.phWidth {
			return p.Start
		}
		shift += a.phWidth - a.Graphemes(p.Start, p.End)
	}
	g := n - shift
	if a.ascii {
		return min(g, len(a.Text))
	}
	if g >= len(a.graphemes) {
		return len(a.Text)
	}
	return int(a.graphemes[g])
}

// RunesBefore counts the code points of s that end at or before byte n, so an
// offset inside a multi-byte character counts as that character. An invalid
// byte counts as one code point, as in a range loop.
func RunesBefore(s string, n int) int {
	c := 0
	for i := 0; i < n; c++ {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		if i+size > n {
			break
		}
		i += size
	}
	return c
}
