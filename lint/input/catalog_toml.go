package input

import (
	"bytes"
	"errors"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// readTOML reads a TOML catalog (Hugo's i18n files, and TOML in general):
// every string is a message under its dotted key; tables and dotted keys
// nest, [[array.tables]] and arrays add "[i]", inline tables nest too. A
// file whose only top-level key is a locale table ([fr]) gives the language.
// The file is first decoded by go-toml to reject what TOML forbids
// (duplicate keys, say) with its line and column; go-toml's parser then
// gives where each string is, and presend maps each byte of its value to
// where it was written: escapes to their backslash, multi-line strings line
// by line (a line-ending backslash and the white space it eats map nowhere).
func readTOML(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	var probe map[string]any
	if err := toml.Unmarshal(data, &probe); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, col := de.Position()
			return nil, &Error{File: name, Line: row, Column: col, Msg: "invalid TOML: " + quote.CutN(strings.TrimPrefix(de.Error(), "toml: "), maxLibraryText), Err: err}
		}
		return nil, &Error{File: name, Msg: "invalid TOML: " + quote.CutN(strings.TrimPrefix(err.Error(), "toml: "), maxLibraryText), Err: err}
	}
	t := &tomlReader{name: name, ix: NewLineIndex(data, false), arrays: map[string]int{}}
	if len(probe) == 1 {
		for k, v := range probe {
			if _, ok := v.(map[string]any); ok {
				t.lang = localeLang(k)
			}
		}
	}
	var p unstable.Parser
	p.Reset(data)
	prefix := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			prefix = t.tablePrefix(e)
		case unstable.KeyValue:
			key := prefix
			for it := e.Key(); it.Next(); {
				key = keyJoin(key, string(it.Node().Data))
			}
			if err := t.value(&p, key, e.Value(), 0); err != nil {
				return nil, err
			}
		}
	}
	if err := p.Error(); err != nil {
		return nil, &Error{File: name, Msg: "invalid TOML: " + quote.CutN(err.Error(), maxLibraryText), Err: err}
	}
	return t.msgs, nil
}

type tomlReader struct {
	name   string
	ix     *LineIndex
	lang   string
	arrays map[string]int // the index of the last element of each array table, by raw path
	msgs   []lint.Message
}

// tablePrefix returns the key prefix of a [table] or [[array.table]]
// header, and counts the elements of array tables.
func (t *tomlReader) tablePrefix(e *unstable.Node) string {
	var parts []string
	for it := e.Key(); it.Next(); {
		parts = append(parts, string(it.Node().Data))
	}
	path := strings.Join(parts, "\x00")
	if e.Kind == unstable.ArrayTable {
		if n, ok := t.arrays[path]; ok {
			t.arrays[path] = n + 1
		} else {
			t.arrays[path] = 0
		}
		// Deeper array tables restart under a new element.
		for k := range t.arrays {
			if strings.HasPrefix(k, path+"\x00") {
				delete(t.arrays, k)
			}
		}
	}
	key := ""
	for i, part := range parts {
		key = keyJoin(key, part)
		if n, ok := t.arrays[strings.Join(parts[:i+1], "\x00")]; ok {
			key = keyIndex(key, n)
		}
	}
	return key
}

func (t *tomlReader) value(p *unstable.Parser, key string, v *unstable.Node, depth int) error {
	if depth > maxNesting {
		return &Error{File: t.name, Msg: "catalog nested too deep"}
	}
	if len(key) > maxKeyBytes {
		line, col := t.ix.Pos(int(v.Raw.Offset))
		return &Error{File: t.name, Line: line, Column: col, Msg: keyTooLong(key)}
	}
	switch v.Kind {
	case unstable.String:
		if len(v.Data) == 0 {
			return nil
		}
		off := int(v.Raw.Offset)
		text := string(v.Data)
		var sm lint.SourceMap
		if m, ok := alignTOML(t.ix, off, p.Raw(v.Raw), text); ok {
			sm = m
		} else {
			line, col := t.ix.Pos(off)
			sm = pointMap{Line: line, Column: col}
		}
		t.msgs = append(t.msgs, lint.Message{ID: key, Source: t.name, Lang: t.lang, Text: text, Map: sm})
	case unstable.Array:
		i := 0
		for it := v.Children(); it.Next(); i++ {
			if err := t.value(p, keyIndex(key, i), it.Node(), depth+1); err != nil {
				return err
			}
		}
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			kv := it.Node()
			k := key
			for ki := kv.Key(); ki.Next(); {
				k = keyJoin(k, string(ki.Node().Data))
			}
			if err := t.value(p, k, kv.Value(), depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// alignTOML walks a TOML string literal raw, at byte off of the file,
// alongside its decoded value v and builds the value's map.
func alignTOML(ix *LineIndex, off int, raw []byte, v string) (*segMap, bool) {
	delim := 1
	if bytes.HasPrefix(raw, []byte(`"""`)) || bytes.HasPrefix(raw, []byte(`'''`)) {
		delim = 3
	}
	basic := raw[0] == '"'
	a := aligner{src: raw, v: v, i: delim}
	a.line, a.col = ix.Pos(off)
	a.col += delim
	if delim == 3 { // a line break right after the opening delimiter is dropped
		switch {
		case bytes.HasPrefix(raw[a.i:], []byte("\r\n")):
			a.i += 2
			a.newline()
		case bytes.HasPrefix(raw[a.i:], []byte("\n")):
			a.i++
			a.newline()
		}
	}
	backslash := func(c byte) bool { return basic && c == '\\' }
	for a.k < len(v) {
		if a.i >= len(raw) {
			return nil, false
		}
		c, k := raw[a.i], a.k
		crlf := c == '\r' && a.i+1 < len(raw) && raw[a.i+1] == '\n'
		switch {
		case basic && c == '\\':
			if delim == 3 && a.lineEndingBackslash() {
				continue
			}
			if !a.escape(tomlEscapes) {
				return nil, false
			}
		case crlf && v[k] == '\r' && k+1 < len(v) && v[k+1] == '\n':
			// A CRLF file: the decoder keeps the line break as written.
			a.b.char('\r', a.line, a.col, 1)
			a.b.char('\n', a.line, a.col+1, 1)
			a.k += 2
			a.i += 2
			a.newline()
		case crlf && v[k] == '\n', c == '\n' && v[k] == '\n':
			a.b.char('\n', a.line, a.col, 1)
			a.k++
			a.i++
			if crlf {
				a.i++
			}
			a.newline()
		case c == v[k]:
			if !a.run(backslash) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return a.done()
}

// lineEndingBackslash steps over a line-ending backslash of a TOML
// multi-line basic string, which eats the line break and the white space
// around it; false when the backslash at a.i is an escape.
func (a *aligner) lineEndingBackslash() bool {
	raw := a.src
	j := a.i + 1
	for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
		j++
	}
	if j >= len(raw) || raw[j] != '\n' && raw[j] != '\r' {
		return false
	}
	for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
		if raw[j] == '\n' {
			a.line, a.col = a.line+1, 0
		}
		j++
		a.col++
	}
	a.i = j
	return true
}

// tomlEscapes are TOML's one-letter escapes.
var tomlEscapes = map[byte]rune{'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'e': 0x1b, '"': '"', '\\': '\\'}
