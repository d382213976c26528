package lint

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/lint/text"
)

// LineMap returns the source map of text that is its own source, such as the
// content of a .txt file: byte off of text is on line firstLine plus the number
// of '\n' before it, at the column that counts the code points between the line
// start and off. Only '\n' ends a line, so in a CRLF file the '\r' is the last
// column of its line. Invalid UTF-8 bytes count one column each.
//
// The map is computed once: a mark at every line start and every 256 bytes
// inside longer lines (16 bytes each). A lookup is a binary search plus a
// walk of at most 256 bytes. The map keeps a reference to text, not a
// copy.
func LineMap(text string, firstLine int) SourceMap {
	m := newLineMap(text, firstLine, make([]mark, 0, 1+strings.Count(text, "\n")))
	return &m
}

// newLineMap is LineMap appending its marks to marks: a caller that keeps
// the map on its stack gives a buffer on its stack too.
func newLineMap(text string, firstLine int, marks []mark) lineMap {
	line := int32(0)
	for start := 0; ; line++ {
		end := len(text)
		if j := strings.IndexByte(text[start:], '\n'); j >= 0 {
			end = start + j
		}
		marks = append(marks, mark{off: start, line: line})
		if end-start > markEvery {
			col := int32(0)
			for i, last := start, start; i < end; col++ {
				if i-last >= markEvery {
					marks = append(marks, mark{off: i, line: line, col: col})
					last = i
				}
				if text[i] < utf8.RuneSelf {
					i++
				} else {
					_, size := utf8.DecodeRuneInString(text[i:end])
					i += size
				}
			}
		}
		if end == len(text) {
			break
		}
		start = end + 1
	}
	return lineMap{text: text, first: firstLine, marks: marks}
}

// markEvery is the most bytes a source map lookup walks.
const markEvery = 256

// lineMap is the SourceMap returned by LineMap.
type lineMap struct {
	text  string
	first int
	marks []mark // increasing off; marks[0].off == 0
}

// mark says that byte off of the text is at 0-based line and column line, col
// (lines counted from the first line, columns in code points).
type mark struct {
	off       int
	line, col int32
}

// Position implements SourceMap. Offsets outside [0, len(text)] are
// clamped.
func (m *lineMap) Position(off int) Position {
	off = min(max(off, 0), len(m.text))
	// The last mark at or before off.
	k := m.marks[sort.Search(len(m.marks), func(i int) bool { return m.marks[i].off > off })-1]
	return Position{
		Line:   m.first + int(k.line),
		Column: 1 + int(k.col) + text.RunesBefore(m.text[k.off:], off-k.off),
	}
}
