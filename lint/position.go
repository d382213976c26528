package lint

import (
	"sort"
	"unicode/utf8"
)

// lineMap maps offsets of a text that is its own source (or starts at line
// firstLine of its file) to lines and code-point columns.
type lineMap struct {
	text      string
	starts    []int // byte offset where each line starts
	firstLine int
}

// LineMap returns the SourceMap of a text written as is, starting at line
// firstLine of its file.
func LineMap(s string, firstLine int) SourceMap {
	m := &lineMap{text: s, starts: []int{0}, firstLine: firstLine}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			m.starts = append(m.starts, i+1)
		}
	}
	return m
}

// Position implements SourceMap.
func (m *lineMap) Position(off int) Position {
	off = max(0, min(off, len(m.text)))
	k := sort.SearchInts(m.starts, off+1) - 1
	return Position{Line: m.firstLine + k, Column: utf8.RuneCountInString(m.text[m.starts[k]:off]) + 1}
}
