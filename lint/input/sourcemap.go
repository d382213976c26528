package input

import (
	"sort"
	"unicode/utf8"

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
