package input

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// readPO reads a gettext .po file. Each translated entry is a message: its
// msgstr, or each msgstr[N] of a plural entry. The ID is the msgid, prefixed
// with the msgctxt and "|" when there is one ("button|Send"); plural forms
// add "[N]" ("%d file[1]"). The header entry (msgid "") gives the language
// from its "Language:" field and is not linted; untranslated entries (empty
// msgstr) and obsolete ones ("#~") are skipped; fuzzy ones are linted.
//
// A value written as several "..." strings, one per line, is their
// concatenation; each byte maps to where it was written, an escape (\n \t
// \" \\ \a \b \f \v \r \', octal \NNN, hex \xHH) to its backslash. The file
// must be UTF-8. An unterminated string, an unknown keyword, a msgstr
// without a msgid, text after a string, a msgid_plural after a msgstr of
// its entry, a msgstr[N] in an entry without msgid_plural and a plain
// msgstr in one with it, and a second msgid_plural, msgstr or msgstr[N] of
// one entry are errors at their line and column.
func readPO(data []byte, name string) ([]lint.Message, error) {
	return readGettext(data, name, false)
}

// readPOT reads a gettext template (.pot): its msgstrs are empty, and the
// messages are the source strings, each msgid (ID: the msgid, with its
// msgctxt) and each msgid_plural (ID: msgid[plural]), mapped as in readPO.
func readPOT(data []byte, name string) ([]lint.Message, error) {
	return readGettext(data, name, true)
}

func readGettext(data []byte, name string, template bool) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data, name)
	}
	p := &poReader{name: name, template: template}
	var cur *poField // the field continuation strings add to
	lineNo := 0
	for rest := data; len(rest) > 0 || lineNo == 0; {
		lineNo++
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		switch {
		case i == len(line):
			cur = nil // a blank line ends nothing by itself: keywords do
			continue
		case line[i] == '#':
			cur = nil
			continue
		case line[i] == '"':
			if cur == nil {
				return nil, p.errorAt(lineNo, line, i, "string without a keyword before it")
			}
			if err := p.str(cur, line, lineNo, i); err != nil {
				return nil, err
			}
			continue
		}
		j := i
		for j < len(line) && (line[j] >= 'a' && line[j] <= 'z' || line[j] == '_') {
			j++
		}
		kw := string(line[i:j])
		index := -1
		if kw == "msgstr" && j < len(line) && line[j] == '[' {
			k := bytes.IndexByte(line[j:], ']')
			if k < 0 {
				return nil, p.errorAt(lineNo, line, j, `msgstr[ without "]"`)
			}
			if _, err := fmt.Sscanf(string(line[j+1:j+k]), "%d", &index); err != nil || index < 0 || index > 99 {
				return nil, p.errorAt(lineNo, line, j+1, "bad plural index %q", quote.V(line[j+1:j+k]))
			}
			j += k + 1
		}
		f, err := p.field(kw, index, lineNo, line, i)
		if err != nil {
			return nil, err
		}
		k := j
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		if k == j || k >= len(line) || line[k] != '"' {
			return nil, p.errorAt(lineNo, line, k, "%s wants a string", kw)
		}
		cur = f
		if err := p.str(cur, line, lineNo, k); err != nil {
			return nil, err
		}
	}
	if err := p.flush(); err != nil {
		return nil, err
	}
	if p.lang != "" {
		for i := range p.msgs {
			p.msgs[i].Lang = p.lang
		}
	}
	return p.msgs, nil
}

// poReader holds the entry being read.
type poReader struct {
	name     string
	ctxt     *poField
	id       *poField
	plural   *poField
	strs     []*poField // msgstr, or msgstr[N] in order
	indexes  []int      // -1 for a plain msgstr
	msgs     []lint.Message
	lang     string
	template bool // a .pot: lint the msgids, not the msgstrs
	// indexed is the error for the entry's first msgstr[N] if the entry
	// turns out to have no msgid_plural: known only at its end, since a
	// msgid_plural after it is an error of its own, at its own line.
	indexed error
}

// poField is one keyword's value, growing as its strings are read.
type poField struct {
	b         mapBuilder
	line, col int // where the last string's closing quote is
}

// field starts the field of keyword kw, flushing the entry before when kw
// starts a new one.
func (p *poReader) field(kw string, index, lineNo int, line []byte, at int) (*poField, error) {
	f := &poField{}
	switch kw {
	case "msgctxt":
		if err := p.flush(); err != nil {
			return nil, err
		}
		p.ctxt = f
	case "msgid":
		if p.id != nil {
			if err := p.flush(); err != nil {
				return nil, err
			}
		}
		p.id = f
	case "msgid_plural":
		if p.id == nil {
			return nil, p.errorAt(lineNo, line, at, "msgid_plural without a msgid")
		}
		if len(p.strs) > 0 {
			return nil, p.errorAt(lineNo, line, at, "msgid_plural after msgstr: it belongs right after its msgid")
		}
		if p.plural != nil {
			return nil, p.errorAt(lineNo, line, at, "second msgid_plural in one entry")
		}
		p.plural = f
	case "msgstr":
		if p.id == nil {
			return nil, p.errorAt(lineNo, line, at, "msgstr without a msgid")
		}
		switch {
		case index < 0 && p.plural != nil:
			return nil, p.errorAt(lineNo, line, at, "plain msgstr in an entry with a msgid_plural: want msgstr[0], msgstr[1]...")
		case index < 0 && len(p.strs) > 0:
			return nil, p.errorAt(lineNo, line, at, "second msgstr in one entry: a msgid has one translation")
		case index >= 0 && slices.Contains(p.indexes, index):
			return nil, p.errorAt(lineNo, line, at, "msgstr[%d] given twice in one entry", index)
		case index >= 0 && p.plural == nil && p.indexed == nil:
			p.indexed = p.errorAt(lineNo, line, at, "msgstr[%d] without a msgid_plural: plural forms need one right after the msgid", index)
		}
		p.strs = append(p.strs, f)
		p.indexes = append(p.indexes, index)
	default:
		return nil, p.errorAt(lineNo, line, at, "unknown keyword %q (want msgctxt, msgid, msgid_plural or msgstr)", quote.V(kw))
	}
	return f, nil
}

// flush turns the entry read so far into messages.
func (p *poReader) flush() error {
	defer func() {
		p.ctxt, p.id, p.plural, p.strs, p.indexes, p.indexed = nil, nil, nil, nil, nil, nil
	}()
	if p.indexed != nil {
		return p.indexed
	}
	if p.id == nil {
		return nil
	}
	id := string(p.id.b.b)
	if p.ctxt != nil {
		id = string(p.ctxt.b.b) + "|" + id
	}
	if id == "" { // the header
		for _, s := range p.strs {
			for _, l := range strings.Split(string(s.b.b), "\n") {
				if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "Language") {
					p.lang = localeLang(strings.TrimSpace(v))
				}
			}
		}
		return nil
	}
	if p.template {
		src := []*poField{p.id}
		keys := []string{id}
		if p.plural != nil {
			src, keys = append(src, p.plural), append(keys, id+"[plural]")
		}
		for i, f := range src {
			if len(f.b.b) == 0 {
				continue
			}
			text, sm := f.b.done(f.line, f.col)
			p.msgs = append(p.msgs, lint.Message{ID: keys[i], Source: p.name, Text: text, Map: sm})
		}
		return nil
	}
	for i, s := range p.strs {
		if len(s.b.b) == 0 {
			continue
		}
		key := id
		if p.indexes[i] >= 0 {
			key = keyIndex(id, p.indexes[i])
		}
		text, sm := s.b.done(s.line, s.col)
		p.msgs = append(p.msgs, lint.Message{ID: key, Source: p.name, Text: text, Map: sm})
	}
	return nil
}

// str decodes the string literal at line[at] == '"' into f.
func (p *poReader) str(f *poField, line []byte, lineNo, at int) error {
	col := 1 + runesBeforeBytes(line, at)
	openCol := col
	i := at + 1
	col++
	for {
		if i >= len(line) {
			return p.errorAt(lineNo, line, at, "unterminated string (opened at column %d)", openCol)
		}
		switch c := line[i]; c {
		case '"':
			f.line, f.col = lineNo, col
			i++
			for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
				i++
			}
			if i < len(line) {
				return p.errorAt(lineNo, line, i, "unexpected text after string")
			}
			return nil
		case '\\':
			r, size, ok := poEscape(line[i:])
			if !ok {
				return p.errorAt(lineNo, line, i, "invalid escape in string")
			}
			f.b.char(r, lineNo, col, size)
			i += size
			col += size
		default:
			j := i
			for j < len(line) && line[j] != '"' && line[j] != '\\' {
				j++
			}
			f.b.verbatim(line[i:j], lineNo, col)
			col += utf8.RuneCount(line[i:j])
			i = j
		}
	}
}

// poEscape decodes the C escape at the start of s (s[0] == '\\').
func poEscape(s []byte) (r rune, size int, ok bool) {
	if len(s) < 2 {
		return 0, 0, false
	}
	switch s[1] {
	case 'n':
		return '\n', 2, true
	case 't':
		return '\t', 2, true
	case 'r':
		return '\r', 2, true
	case 'a':
		return '\a', 2, true
	case 'b':
		return '\b', 2, true
	case 'f':
		return '\f', 2, true
	case 'v':
		return '\v', 2, true
	case '"', '\\', '\'', '?':
		return rune(s[1]), 2, true
	case 'x':
		n, v := 2, rune(0)
		for n < len(s) && n < 4 && isHex(s[n]) {
			v = v<<4 | rune(hexVal(s[n]))
			n++
		}
		return v, n, n > 2
	}
	if s[1] >= '0' && s[1] <= '7' {
		n, v := 1, rune(0)
		for n < len(s) && n < 4 && s[n] >= '0' && s[n] <= '7' {
			v = v<<3 | rune(s[n]-'0')
			n++
		}
		return v, n, true
	}
	return 0, 0, false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func hexVal(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

func (p *poReader) errorAt(lineNo int, line []byte, at int, format string, args ...any) error {
	return &Error{File: p.name, Line: lineNo, Column: 1 + runesBeforeBytes(line, clamp(at, len(line))), Msg: fmt.Sprintf(format, args...)}
}
