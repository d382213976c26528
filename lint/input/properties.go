package input

import (
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// readProperties reads a Java .properties file as java.util.Properties.load
// does: a key, then "=", ":" or white space, then the value; lines whose
// first non-blank character is "#" or "!" are comments; a line that ends
// with an odd number of backslashes goes on on the next line, whose leading
// white space is dropped; escapes are \t \n \r \f, \uXXXX (a surrogate pair
// makes one character, a lone surrogate U+FFFD) and a backslash before any
// other character, which stands for that character. A file that is not
// valid UTF-8 is read as ISO-8859-1, as Java's ResourceBundle does.
//
// Every byte of a value maps to where it was written: a character to its
// column, an escape to its backslash, and a value continued over several
// lines to each of its lines. A key set twice gives two messages (Java
// keeps the last). A bad \u escape is an error at its line and column.
func readProperties(data []byte, name string) ([]lint.Message, error) {
	p := &propReader{data: data, name: name, line: 1, col: 1, latin1: !utf8.Valid(data)}
	if !p.latin1 && strings.HasPrefix(string(data), utf8BOM) {
		p.i = len(utf8BOM)
	}
	var msgs []lint.Message
	for p.i < len(p.data) {
		p.skipBlank()
		if p.i >= len(p.data) {
			break
		}
		switch c := p.data[p.i]; c {
		case '\n', '\r':
			p.newline()
			continue
		case '#', '!':
			for p.i < len(p.data) && p.data[p.i] != '\n' && p.data[p.i] != '\r' {
				p.i++
			}
			continue
		}
		keyLine, keyCol := p.line, p.col
		var key, value mapBuilder
		if err := p.read(&key, true); err != nil {
			return nil, err
		}
		p.skipSep()
		if err := p.read(&value, false); err != nil {
			return nil, err
		}
		k, _ := key.done(keyLine, keyCol)
		text, sm := value.done(p.line, p.col)
		if text == "" {
			continue
		}
		msgs = append(msgs, lint.Message{ID: k, Source: name, Text: text, Map: sm})
	}
	return msgs, nil
}

// propReader walks a .properties file; i is at line:col.
type propReader struct {
	data      []byte
	name      string
	i         int
	line, col int
	latin1    bool
}

func isPropBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\f' }

// skipBlank skips white space on the current line.
func (p *propReader) skipBlank() {
	for p.i < len(p.data) && isPropBlank(p.data[p.i]) {
		p.i++
		p.col++
	}
}

// newline steps over the line break at i (\n, \r or \r\n).
func (p *propReader) newline() {
	if p.data[p.i] == '\r' && p.i+1 < len(p.data) && p.data[p.i+1] == '\n' {
		p.i++
	}
	p.i++
	p.line++
	p.col = 1
}

// continuation steps over a backslash that ends a line, the line break and
// the next line's leading white space, if i is on one; it reports whether
// it was.
func (p *propReader) continuation() bool {
	if p.i+1 >= len(p.data) || p.data[p.i] != '\\' || (p.data[p.i+1] != '\n' && p.data[p.i+1] != '\r') {
		return false
	}
	p.i++
	p.newline()
	p.skipBlank()
	return true
}

// skipSep skips what separates a key from its value: white space, then at
// most one "=" or ":", then white space, through continuation lines.
func (p *propReader) skipSep() {
	p.skipBlankCont()
	if p.i < len(p.data) && (p.data[p.i] == '=' || p.data[p.i] == ':') {
		p.i++
		p.col++
		p.skipBlankCont()
	}
}

func (p *propReader) skipBlankCont() {
	for {
		p.skipBlank()
		if !p.continuation() {
			return
		}
	}
}

// read decodes a key (up to an unescaped "=", ":" or blank) or a value (up
// to the end of the logical line) into b.
func (p *propReader) read(b *mapBuilder, isKey bool) error {
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '\n' || c == '\r':
			return nil
		case isKey && (c == '=' || c == ':' || isPropBlank(c)):
			return nil
		case c == '\\':
			if p.continuation() {
				continue
			}
			if p.i+1 >= len(p.data) {
				p.i++ // a backslash at the very end is dropped
				p.col++
				return nil
			}
			r, size, cols, err := p.escape()
			if err != nil {
				return err
			}
			b.char(r, p.line, p.col, cols)
			p.i += size
			p.col += cols
		case c >= utf8.RuneSelf && p.latin1:
			b.char(rune(c), p.line, p.col, 1)
			p.i++
			p.col++
		default:
			// A run of plain characters.
			j := p.i
			for j < len(p.data) {
				d := p.data[j]
				if d == '\\' || d == '\n' || d == '\r' || isKey && (d == '=' || d == ':' || isPropBlank(d)) || d >= utf8.RuneSelf && p.latin1 {
					break
				}
				j++
			}
			b.verbatim(p.data[p.i:j], p.line, p.col)
			p.col += utf8.RuneCount(p.data[p.i:j])
			p.i = j
		}
	}
	return nil
}

// escape decodes the escape at i (data[i] == '\\', not at the end) and
// returns its character, its length in bytes and in columns.
func (p *propReader) escape() (r rune, size, cols int, err error) {
	s := p.data[p.i:]
	switch s[1] {
	case 't':
		return '\t', 2, 2, nil
	case 'n':
		return '\n', 2, 2, nil
	case 'r':
		return '\r', 2, 2, nil
	case 'f':
		return '\f', 2, 2, nil
	case 'u':
		r, size := unescapeU(s)
		if size == 0 {
			return 0, 0, 0, &Error{File: p.name, Line: p.line, Column: p.col, Msg: `malformed \uXXXX escape: want 4 hex digits`}
		}
		return r, size, size, nil
	}
	if s[1] < utf8.RuneSelf || p.latin1 {
		return rune(s[1]), 2, 2, nil
	}
	// A backslash before a multi-byte character stands for the character.
	r, n := utf8.DecodeRune(s[1:])
	return r, 1 + n, 2, nil
}
