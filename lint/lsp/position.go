package lsp

import (
	"sort"
	"strings"
	"unicode/utf8"

	"go.lsp.dev/protocol"
)

// Position encodings (LSP 3.17 general.positionEncodings): what a
// Position.Character counts.
const (
	encUTF16 = "utf-16" // UTF-16 code units: the default every client supports
	encUTF8  = "utf-8"  // bytes
	encUTF32 = "utf-32" // code points, as presend's columns
)

// pickEncoding returns the encoding to use among those a client offers:
// UTF-8 when offered (no conversion for the client either), else UTF-32,
// else UTF-16, which a client that offers nothing must support.
func pickEncoding(offered []string) string {
	for _, want := range []string{encUTF8, encUTF32} {
		for _, o := range offered {
			if strings.EqualFold(o, want) {
				return want
			}
		}
	}
	return encUTF16
}

// lines indexes a document's text by line: presend and LSP both end a line
// at '\n' (a '\r' before it is part of the line for presend, of the line
// ending for LSP; neither counts it in a position that matters).
type lines struct {
	text   string
	starts []int // byte offset of each line's first byte
	enc    string
}

func newLines(text, enc string) *lines {
	starts := make([]int, 1, 1+strings.Count(text, "\n"))
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lines{text: text, starts: starts, enc: enc}
}

// lineEnd returns the end of line i's content (before "\n" or "\r\n").
func (l *lines) lineEnd(i int) int {
	end := len(l.text)
	if i+1 < len(l.starts) {
		end = l.starts[i+1] - 1
	}
	if end > l.starts[i] && l.text[end-1] == '\r' {
		end--
	}
	return end
}

// presendOffset returns the byte offset of a presend position: a 1-based
// line and a 1-based column that counts code points (lint.Position). A
// leading BOM is not counted by presend's readers; a column past the end
// of its line stops there.
func (l *lines) presendOffset(line, col int) int {
	i := min(max(line-1, 0), len(l.starts)-1)
	off, end := l.starts[i], l.lineEnd(i)
	if i == 0 && strings.HasPrefix(l.text, "\ufeff") {
		off += len("\ufeff")
	}
	for n := 1; n < col && off < end; n++ {
		_, size := utf8.DecodeRuneInString(l.text[off:end])
		off += size
	}
	return off
}

// position converts a byte offset to an LSP position in the encoding.
func (l *lines) position(off int) protocol.Position {
	off = min(max(off, 0), len(l.text))
	i := sort.Search(len(l.starts), func(k int) bool { return l.starts[k] > off }) - 1
	seg := l.text[l.starts[i]:off]
	var n int
	switch l.enc {
	case encUTF8:
		n = len(seg)
	case encUTF32:
		n = utf8.RuneCountInString(seg)
	default:
		for _, r := range seg {
			n++
			if r >= 0x10000 {
				n++ // a surrogate pair
			}
		}
	}
	return protocol.Position{Line: u32(i), Character: u32(n)}
}

// offset converts an LSP position to a byte offset. A line past the end is
// the end of the text; a character past the end of its line is the line's
// end; a character inside a UTF-8 sequence or a surrogate pair is the
// start of that character.
func (l *lines) offset(p protocol.Position) int {
	i := int(p.Line)
	if i >= len(l.starts) {
		return len(l.text)
	}
	off, end := l.starts[i], l.lineEnd(i)
	want := int(p.Character)
	for n := 0; off < end; {
		r, size := utf8.DecodeRuneInString(l.text[off:end])
		w := 1
		switch l.enc {
		case encUTF8:
			w = size
		case encUTF16:
			if r >= 0x10000 {
				w = 2
			}
		}
		if n+w > want {
			break
		}
		n += w
		off += size
	}
	return off
}

// presendRange converts a presend span (1-based lines and code point
// columns, the end exclusive) to an LSP range.
func (l *lines) presendRange(line, col, endLine, endCol int) protocol.Range {
	start := l.presendOffset(line, col)
	end := start
	if endLine > 0 {
		end = max(start, l.presendOffset(endLine, endCol))
	}
	return protocol.Range{Start: l.position(start), End: l.position(end)}
}

// u32 converts a count to a protocol number (texts are far below 4 GiB).
func u32(n int) uint32 {
	return uint32(min(max(n, 0), 1<<32-1))
}
