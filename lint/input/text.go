package input

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// readText reads a .txt or .md file: one message, the whole content less
// its presend-disable directive lines (directive.go), which become the
// message's suppressions.
func readText(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data, name)
	}
	m := lint.Message{Source: name}
	text, _, bodyLine, err := frontMatter(string(data), name, &m)
	if err != nil {
		return nil, err
	}
	if stripped, sm, sups, ok := stripDirectives(text); ok {
		m.Text, m.Map, m.Suppress = stripped, sm, sups
	} else {
		m.Text, m.Map = text, lint.LineMap(text, 1)
	}
	if shift := bodyLine - 1; shift > 0 {
		// The body starts below the front matter: its positions are
		// the file's.
		m.Map = shiftMap{inner: m.Map, lines: shift}
		for i := range m.Suppress {
			s := &m.Suppress[i]
			s.Line += shift
			if s.FromLine > 0 {
				s.FromLine += shift
			}
			if s.ToLine > 0 {
				s.ToLine += shift
			}
		}
	}
	return []lint.Message{m}, nil
}

// invalidUTF8 locates the first invalid byte of data.
func invalidUTF8(data []byte, name string) error {
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return &Error{File: name, Line: line, Column: 1 + runesBeforeBytes(data[start:], i-start),
				Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02x)", data[i])}
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return nil
}
