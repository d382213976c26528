package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

var literalSeeds = []string{
	`""`,
	`"plain ascii"`,
	`"é😀 raw"`,
	`"esc \" \\ \/ \b \f \n \r \t"`,
	`"\u00e9\u00E9\u0000\u001f\u2028"`,
	`"pair \ud83d\ude00 end"`,
	`"lone high \ud83d end"`,
	`"lone low \ude00 end"`,
	`"reversed \ude00\ud83d"`,
	`"high then BMP \ud83d\u0041"`,
	`"two highs \ud83d\ud83d\ude00"`,
	`"high at end \ud83d"`,
	"\"raw invalid \xff\xfe\"",
	"\"cut rune \xe2\x82 x\"",
	"\"surrogate in UTF-8 \xed\xa0\x80\"",
	"\"valid U+FFFD \xef\xbf\xbd\"",
	`"\"\"\"\\\\"`,
	`"` + strings.Repeat(`long \u00e9 line with 😀 and \ud83d\ude00 `, 40) + strings.Repeat("z", 600) + `"`,
}

// TestUnquoteMatchesEncodingJSON checks the decoder against encoding/json,
// including the U+FFFD replacements for bad surrogates and bytes.
func TestUnquoteMatchesEncodingJSON(t *testing.T) {
	for _, lit := range literalSeeds {
		var want string
		if err := json.Unmarshal([]byte(lit), &want); err != nil {
			t.Fatalf("seed %q: %v", lit, err)
		}
		got, n, anchors, err := unquote([]byte(lit + ` trailing`))
		if err != nil || got != want || n != len(lit) {
			t.Errorf("unquote(%q) = %q, %d, %v; want %q, %d", lit, got, n, err, want, len(lit))
		}
		checkLiteralMap(t, []byte(lit), got, anchors)
	}
}

func TestUnquoteErrors(t *testing.T) {
	tests := []struct {
		raw  string
		off  int
		want string
	}{
		{``, 0, `string literal must start with '"'`},
		{`x"`, 0, `string literal must start with '"'`},
		{`"abc`, 4, "unterminated string"},
		{`"abc\`, 4, "unterminated string"},
		{`"a\x"`, 2, `invalid escape \x in string literal`},
		{`"a\u12"`, 2, `invalid \u escape: want 4 hex digits`},
		{`"a\u12g4"`, 2, `invalid \u escape: want 4 hex digits`},
		{"\"a\tb\"", 2, "invalid control character U+0009 in string literal"},
		{"\"\\\xff\"", 1, "invalid escape in string literal"},
	}
	for _, tt := range tests {
		_, _, _, err := unquote([]byte(tt.raw))
		var le *literalError
		if !errors.As(err, &le) || le.Msg != tt.want || le.Off != tt.off {
			t.Errorf("unquote(%q) err = %#v, want %q at %d", tt.raw, err, tt.want, tt.off)
		}
		var s string
		if json.Unmarshal([]byte(tt.raw), &s) == nil {
			t.Errorf("encoding/json accepts %q", tt.raw)
		}
	}
}

// checkLiteralMap checks the jsonMap of a literal written at column 1 of
// line 1: every offset maps into the literal, positions never go back, the
// end maps to the closing quote, and each character maps to where it was
// written: the same character, or the backslash of its escape.
func checkLiteralMap(t *testing.T, lit []byte, text string, anchors []anchor) {
	t.Helper()
	m := &jsonMap{text: text, line: 1, col: 2, anchors: anchors}
	// The code point starts of the literal, as columns (1-based).
	var starts []int
	for i := 0; i < len(lit); {
		starts = append(starts, i)
		_, size := utf8.DecodeRune(lit[i:])
		i += size
	}
	closing := len(starts) // the column of the closing quote
	prev := lint.Position{Line: 1, Column: 2}
	for off := 0; off <= len(text); off++ {
		p := m.Position(off)
		if p.Line != 1 || p.Column < 2 || p.Column > closing {
			t.Fatalf("%q: Position(%d) = %v, out of the literal (columns 2..%d)", lit, off, p, closing)
		}
		if p.Column < prev.Column {
			t.Fatalf("%q: Position(%d) = %v goes back from %v", lit, off, p, prev)
		}
		prev = p
		if off == len(text) {
			if p.Column != closing {
				t.Fatalf("%q: end maps to column %d, want the closing quote at %d", lit, p.Column, closing)
			}
			break
		}
		if !utf8.RuneStart(text[off]) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(text[off:])
		rawOff := starts[p.Column-1]
		rr, size := utf8.DecodeRune(lit[rawOff:])
		switch {
		case lit[rawOff] == '\\':
		case rr == r:
		case r == utf8.RuneError && rr == utf8.RuneError && size == 1:
		default:
			t.Fatalf("%q: decoded %q at %d maps to column %d, which holds %q", lit, r, off, p.Column, rr)
		}
	}
}

// FuzzJSONString checks that unquote decodes every literal encoding/json
// accepts to the same text, rejects the others, never panics, and returns a
// map that is monotonic, in range and exact.
func FuzzJSONString(f *testing.F) {
	for _, s := range literalSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`"a\u00`))
	f.Add([]byte("\"\x01\""))
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, n, anchors, err := unquote(raw)
		if err != nil {
			var s string
			if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
				t.Fatalf("unquote(%q) fails (%v) where encoding/json gives %q", raw, err, s)
			}
			return
		}
		if n < 2 || n > len(raw) || raw[n-1] != '"' {
			t.Fatalf("unquote(%q) consumed %d bytes", raw, n)
		}
		lit := raw[:n]
		var want string
		if err := json.Unmarshal(lit, &want); err != nil {
			t.Fatalf("unquote(%q) = %q but encoding/json fails: %v", lit, got, err)
		}
		if got != want {
			t.Fatalf("unquote(%q) = %q, encoding/json = %q", lit, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("unquote(%q) is not valid UTF-8", lit)
		}
		if bytes.Count(lit, []byte{'\\'})+len(got)/anchorEvery < len(anchors) {
			t.Fatalf("%d anchors for %q", len(anchors), lit)
		}
		checkLiteralMap(t, lit, got, anchors)
	})
}
