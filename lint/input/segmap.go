package input

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// segMap is the SourceMap of a text that a catalog reader decoded from its
// file: a properties value with escapes and continuation lines, a po string
// spread over several quoted lines, a YAML block scalar without its
// indentation, a TOML string. It is jsonMap generalised to several lines.
//
// The text is cut into stretches, each starting at a mark that says where
// its first byte was written. Inside a stretch the text is a byte-for-byte
// copy of one line of the file, so columns advance by one per code point. An
// escape sequence, or any other spot where the text differs from the file (a
// line break folded into a space, a Latin-1 byte), decodes to exactly one
// code point that sits at the column where the sequence starts, and the
// stretch after it starts with a mark of its own. A last mark at len(text)
// says where the value ends (its closing quote, say).
//
// Cost: 12 bytes per mark, that is per line, escape and 256 bytes of plain
// text; a lookup is a binary search and a walk of at most 256 bytes.
type segMap struct {
	text  string
	marks []segMark // strictly increasing dec, except that the last may equal the one before; marks[0].dec == 0
}

// segMark says that decoded byte dec was written at line, col of the file.
type segMark struct{ dec, line, col int32 }

// Position implements lint.SourceMap. Offsets outside [0, len(text)] are
// clamped.
func (m *segMap) Position(off int) lint.Position {
	off = clamp(off, len(m.text))
	i := sort.Search(len(m.marks), func(i int) bool { return int(m.marks[i].dec) > off }) - 1
	k := m.marks[max(i, 0)]
	return lint.Position{
		Line:   int(k.line),
		Column: int(k.col) + text.RunesBefore(m.text[k.dec:], off-int(k.dec)),
	}
}

// mapBuilder builds a decoded text and its segMap, in file order.
type mapBuilder struct {
	b     []byte
	marks []segMark
	// line, col is where the next byte would be if it followed the last one
	// verbatim; col is 0 when a new mark is needed anyway.
	line, col int
	last      int // dec of the last mark
}

func (mb *mapBuilder) mark(line, col int) {
	n := len(mb.b)
	if k := len(mb.marks); k > 0 && int(mb.marks[k-1].dec) == n {
		mb.marks[k-1] = segMark{int32(n), int32(line), int32(col)} //nolint:gosec // catalogs are read whole; see maxCatalog
	} else {
		mb.marks = append(mb.marks, segMark{int32(n), int32(line), int32(col)}) //nolint:gosec // see maxCatalog
	}
	mb.last = n
}

// verbatim appends s, a copy of the file from line:col on, without a line
// break.
func (mb *mapBuilder) verbatim(s []byte, line, col int) {
	for len(s) > 0 {
		if len(mb.marks) == 0 || line != mb.line || col != mb.col || len(mb.b)-mb.last >= anchorEvery {
			mb.mark(line, col)
		}
		// Copy up to the next mark spot, on a code point boundary.
		n := min(len(s), anchorEvery-(len(mb.b)-mb.last))
		for n < len(s) && !utf8.RuneStart(s[n]) {
			n++
		}
		mb.b = append(mb.b, s[:n]...)
		col += utf8.RuneCount(s[:n])
		mb.line, mb.col = line, col
		s = s[n:]
	}
}

// char appends r, written at line:col as width columns of the file (an
// escape sequence, a folded line break).
func (mb *mapBuilder) char(r rune, line, col, width int) {
	mb.mark(line, col)
	mb.b = utf8.AppendRune(mb.b, r)
	mb.line, mb.col = line, col+1
	if width != 1 {
		mb.col = 0 // what follows needs a mark
	}
}

// len is the length of the text so far.
func (mb *mapBuilder) len() int { return len(mb.b) }

// done returns the text and its map; the end of the text maps to line:col.
func (mb *mapBuilder) done(line, col int) (string, *segMap) {
	if len(mb.marks) == 0 || line != mb.line || col != mb.col {
		mb.mark(line, col)
	}
	s := string(mb.b)
	return s, &segMap{text: s, marks: mb.marks}
}

// LineIndex turns byte offsets of a file into 1-based lines and columns,
// and back. Columns count code points, or bytes in a file read as
// ISO-8859-1 (a .properties file that is not UTF-8).
type LineIndex struct {
	data   []byte
	starts []int // the offset of each line's first byte
	bytes  bool  // a column is a byte
}

// NewLineIndex indexes the lines of data; with byteCols, a column is a
// byte rather than a code point.
func NewLineIndex(data []byte, byteCols bool) *LineIndex {
	ix := &LineIndex{data: data, starts: []int{0}, bytes: byteCols}
	for i, c := range data {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// Data returns the file the index was made of.
func (ix *LineIndex) Data() []byte { return ix.data }

// Pos returns the 1-based line and column of byte off, clamped to the
// file.
func (ix *LineIndex) Pos(off int) (line, col int) {
	off = clamp(off, len(ix.data))
	l := sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > off }) - 1
	start := ix.starts[l]
	if ix.bytes {
		return l + 1, 1 + off - start
	}
	return l + 1, 1 + runesBeforeBytes(ix.data[start:], off-start)
}

// Offset returns the byte offset of 1-based line and column, clamped to
// the file and to the line (its line break included).
func (ix *LineIndex) Offset(line, col int) int {
	if line < 1 {
		return 0
	}
	if line > len(ix.starts) {
		return len(ix.data)
	}
	i := ix.starts[line-1]
	for c := 1; c < col && i < len(ix.data) && ix.data[i] != '\n'; c++ {
		if ix.bytes {
			i++
			continue
		}
		_, size := utf8.DecodeRune(ix.data[i:])
		i += size
	}
	return i
}

// backslashEscape decodes the escape at the start of s (s[0] is the
// backslash): a one-character escape from table, or \xHH, \uHHHH and
// \UHHHHHHHH, as TOML and YAML write them. size is its length in bytes.
func backslashEscape(s []byte, table map[byte]rune) (r rune, size int, ok bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	if r, ok := table[s[1]]; ok {
		return r, 2, true
	}
	n := 0
	switch s[1] {
	case 'x':
		n = 2
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, 0, false
	}
	if len(s) < 2+n {
		return 0, 0, false
	}
	v, err := strconv.ParseInt(string(s[2:2+n]), 16, 32)
	if err != nil {
		return 0, 0, false
	}
	return rune(v), 2 + n, true
}

// aligner walks the source of a quoted or block string (src from byte i,
// at line, col) alongside its decoded value v (from byte k), recording in b
// where each character of v was written. The TOML and YAML readers drive it
// with their own quoting and line rules; the steps they share are here.
type aligner struct {
	src       []byte
	v         string
	i, k      int
	line, col int
	b         mapBuilder
}

// escape maps the backslash escape at src[i] (decoded with table) to the
// character it stands for in v; false when they disagree.
func (a *aligner) escape(table map[byte]rune) bool {
	r, size, ok := backslashEscape(a.src[a.i:], table)
	if !ok || !strings.HasPrefix(a.v[a.k:], string(r)) {
		return false
	}
	a.b.char(r, a.line, a.col, size)
	a.k += utf8.RuneLen(r)
	a.i += size
	a.col += size
	return true
}

// run maps the longest run of bytes written as they are decoded, up to a
// line break or a byte stop says is special, ending on a code point
// boundary; false when there is none.
func (a *aligner) run(stop func(c byte) bool) bool {
	j, kk := a.i, a.k
	for j < len(a.src) && kk < len(a.v) && a.src[j] == a.v[kk] && a.src[j] != '\n' && a.src[j] != '\r' && !stop(a.src[j]) {
		j++
		kk++
	}
	for j > a.i && j < len(a.src) && !utf8.RuneStart(a.src[j]) {
		j-- // end on a code point boundary
		kk--
	}
	if j == a.i {
		return false
	}
	a.b.verbatim(a.src[a.i:j], a.line, a.col)
	a.col += utf8.RuneCount(a.src[a.i:j])
	a.i, a.k = j, kk
	return true
}

// newline moves to the start of the next line.
func (a *aligner) newline() { a.line, a.col = a.line+1, 1 }

// done returns the map of v, and whether all of v was mapped.
func (a *aligner) done() (*segMap, bool) {
	_, sm := a.b.done(a.line, a.col)
	sm.text = a.v
	return sm, a.b.len() == len(a.v)
}
