package input

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// jsonMap is the SourceMap of a text decoded from one JSON string literal. A
// JSON string cannot contain a raw line break, so the whole literal is on one
// line of its file.
//
// Between escape sequences the decoded text is a byte-for-byte copy of the
// literal, so columns advance by one per code point of the decoded text. (A raw
// invalid UTF-8 byte becomes U+FFFD: still one code point for one column.) An
// escape sequence decodes to exactly one code point, which sits at the column
// of its backslash, but it spans 2, 6 or 12 columns of the file; after each
// escape the map records an anchor: the decoded offset where the following
// text starts and the column it starts at. Long stretches without escapes get
// an anchor every anchorEvery bytes, so a lookup (a binary search, then a count
// of the code points from the anchor) never walks more than that.
//
// Cost: 8 bytes per escape sequence and per 256 bytes of text without one,
// nothing else (the text is shared with the message); a message under 256
// bytes without escapes has no anchors at all. A table of one int32 per
// decoded byte would cost 4 bytes per byte of text: for a typical 300-byte
// message with three escapes, 1200 bytes against 24 (see TestJSONMapSize).
type jsonMap struct {
	text    string   // the decoded text
	line    int      // line of the literal in its file
	col     int      // column of the first code point after the opening quote
	anchors []anchor // strictly increasing dec; an implicit {0, 0} comes first
}

// anchor says that decoded byte dec is col code points after the start of the
// literal's content (the column after the opening quote).
type anchor struct{ dec, col int32 }

// Position implements lint.SourceMap. Offsets outside [0, len(text)] are
// clamped; len(text) maps to the closing quote.
func (m *jsonMap) Position(off int) lint.Position {
	off = clamp(off, len(m.text))
	i := sort.Search(len(m.anchors), func(i int) bool { return int(m.anchors[i].dec) > off })
	a := anchor{}
	if i > 0 {
		a = m.anchors[i-1]
	}
	return lint.Position{
		Line:   m.line,
		Column: m.col + int(a.col) + text.RunesBefore(m.text[a.dec:], off-int(a.dec)),
	}
}

// anchorEvery is the most bytes a JSON source map lookup walks.
const anchorEvery = 256

func clamp(off, n int) int {
	return min(max(off, 0), n)
}

// runesBeforeBytes is runesBefore for a byte slice.
func runesBeforeBytes(s []byte, n int) int {
	c := 0
	for i := 0; i < n; c++ {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(s[i:])
		if i+size > n {
			break
		}
		i += size
	}
	return c
}

// joinedMap is the SourceMap of a text joined from several JSON string
// literals (the titles and subtitles of a generic template), with "\n" or
// "\n\n" between them: one jsonMap per literal, for its stretch of the text,
// which starts at byte start of the joined text. A lookup is a binary search
// for the stretch, then the stretch's own lookup; an offset inside a
// separator maps where the stretch before it ends: its closing quote. The
// stretches share the joined text; each costs 64 bytes, plus its anchors.
//
// The literals are joined in file order, so positions never go back as the
// offset grows.
type joinedMap struct {
	parts []joinedPart // strictly increasing start; parts[0].start == 0
}

// joinedPart is one literal of a joinedMap.
type joinedPart struct {
	start int // where the literal's text starts in the joined text
	m     jsonMap
}

// Position implements lint.SourceMap. Offsets outside the text are clamped.
func (m *joinedMap) Position(off int) lint.Position {
	i := sort.Search(len(m.parts), func(i int) bool { return m.parts[i].start > off }) - 1
	i = max(i, 0)
	return m.parts[i].m.Position(off - m.parts[i].start)
}

// joiner builds a text from string literals, met in file order, and its
// joinedMap. The literals form blocks: "\n" goes between the literals of one
// block, "\n\n" between blocks.
type joiner struct {
	parts  []joinedPart // each m.text is the literal's own text until join
	n      int          // the length of the joined text so far
	pieces []lint.Piece // each literal's member name and span in the joined text
}

// add appends the string member v, starting a new block if newBlock.
func (j *joiner) add(r *lineReader, v member, newBlock bool) error {
	if r.data[v.start] != '"' {
		return r.errorAt(v.start, "%q must be a string, got %s", quote.V(v.name), kind(r.data[v.start]))
	}
	jm, err := r.literal(v)
	if err != nil {
		return err
	}
	if len(j.parts) > 0 {
		j.n++
		if newBlock {
			j.n++
		}
	}
	j.parts = append(j.parts, joinedPart{start: j.n, m: jm})
	j.pieces = append(j.pieces, lint.Piece{Name: v.name, Span: text.Span{Start: j.n, End: j.n + len(jm.text)}})
	j.n += len(jm.text)
	return nil
}

// join returns the text and its map: nil if no literal was added, the
// literal's own jsonMap if one was.
func (j *joiner) join() (string, lint.SourceMap) {
	switch len(j.parts) {
	case 0:
		return "", nil
	case 1:
		m := j.parts[0].m
		return m.text, &m
	}
	var b strings.Builder
	b.Grow(j.n)
	for _, p := range j.parts {
		for b.Len() < p.start {
			b.WriteByte('\n')
		}
		b.WriteString(p.m.text)
	}
	text := b.String()
	parts := slices.Clip(j.parts)
	for i := range parts {
		p := &parts[i]
		p.m.text = text[p.start : p.start+len(p.m.text)] // share the joined text
	}
	return text, &joinedMap{parts: parts}
}

// pointMap is the SourceMap of an empty text: every offset maps to one
// place, such as the attachment of a message that has nothing to lint.
type pointMap lint.Position

// Position implements lint.SourceMap.
func (m pointMap) Position(int) lint.Position { return lint.Position(m) }
