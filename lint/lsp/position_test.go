package lsp

import (
	"testing"

	"go.lsp.dev/protocol"

	"github.com/presend/presend/lint"
)

// TestPositions converts presend positions (code point columns) and byte
// offsets to LSP positions in each encoding, and back, on accented text,
// emoji (a surrogate pair in UTF-16), a combining accent, CRLF and a BOM.
func TestPositions(t *testing.T) {
	text := "\ufeffÉté 🎉 ok\r\nnaïve e\u0301 😀x\nfin"
	tests := []struct {
		name      string
		line, col int // presend: 1-based, code points (no BOM)
		utf16     uint32
		utf8      uint32
		utf32     uint32
		lspLine   uint32
		at        string // the text from there
	}{
		{"start after BOM", 1, 1, 1, 3, 1, 0, "Été"},
		{"after accented word", 1, 4, 4, 8, 4, 0, " 🎉"},
		{"after emoji", 1, 6, 7, 13, 6, 0, " ok"},
		{"CR is not counted", 1, 9, 10, 16, 9, 0, "\r\n"},
		{"line 2", 2, 1, 0, 0, 0, 1, "naïve"},
		{"combining accent", 2, 9, 8, 10, 8, 1, " 😀"},
		{"after second emoji", 2, 11, 11, 15, 10, 1, "x\n"},
		{"column past the end", 3, 99, 3, 3, 3, 2, ""},
	}
	for _, tt := range tests {
		for _, enc := range []struct {
			name string
			want uint32
		}{{encUTF16, tt.utf16}, {encUTF8, tt.utf8}, {encUTF32, tt.utf32}} {
			l := newLines(text, enc.name)
			off := l.presendOffset(tt.line, tt.col)
			if got := text[off:min(off+len(tt.at), len(text))]; got != tt.at {
				t.Errorf("%s: presendOffset(%d, %d) is at %q, want %q", tt.name, tt.line, tt.col, got, tt.at)
			}
			p := l.position(off)
			if p.Line != tt.lspLine || p.Character != enc.want {
				t.Errorf("%s, %s: position = %d:%d, want %d:%d", tt.name, enc.name, p.Line, p.Character, tt.lspLine, enc.want)
			}
			if back := l.offset(p); back != off {
				t.Errorf("%s, %s: offset(%d:%d) = %d, want %d", tt.name, enc.name, p.Line, p.Character, back, off)
			}
		}
	}

	// A position inside a surrogate pair or a UTF-8 sequence is the start
	// of its character; past the end of a line, the line's end.
	l := newLines(text, encUTF16)
	if got, want := l.offset(protocol.Position{Line: 0, Character: 6}), len("\ufeffÉté "); got != want {
		t.Errorf("inside the surrogate pair: offset %d, want %d", got, want)
	}
	if got, want := l.offset(protocol.Position{Line: 0, Character: 50}), len("\ufeffÉté 🎉 ok"); got != want {
		t.Errorf("past the line: offset %d, want %d", got, want)
	}
	if got := l.offset(protocol.Position{Line: 9}); got != len(text) {
		t.Errorf("past the last line: offset %d, want %d", got, len(text))
	}

	// Every presend position of the text, as lint.LineMap gives it, maps
	// back to its byte (a line break is the end of its line for LSP).
	body := text[len("\ufeff"):]
	m := lint.LineMap(body, 1)
	for off := range body {
		if body[off] == '\n' {
			continue
		}
		pos := m.Position(off)
		if got := newLines(text, encUTF8).presendOffset(pos.Line, pos.Column); got != off+len("\ufeff") {
			t.Errorf("byte %d (%d:%d): presendOffset %d", off, pos.Line, pos.Column, got-len("\ufeff"))
		}
	}
}

func TestPickEncoding(t *testing.T) {
	for _, tt := range []struct {
		offered []string
		want    string
	}{
		{nil, encUTF16},
		{[]string{"utf-16"}, encUTF16},
		{[]string{"utf-16", "utf-8"}, encUTF8},
		{[]string{"UTF-32", "utf-16"}, encUTF32},
		{[]string{"latin-1"}, encUTF16},
	} {
		if got := pickEncoding(tt.offered); got != tt.want {
			t.Errorf("pickEncoding(%q) = %q, want %q", tt.offered, got, tt.want)
		}
	}
}
