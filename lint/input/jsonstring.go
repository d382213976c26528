package input

import (
	"errors"
	"fmt"
	"math"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// errUnterminated is returned by unquote for a literal without its closing
// quote.
var errUnterminated = errors.New("unterminated string")

// literalError is a problem at byte Off of a string literal.
type literalError struct {
	Off int
	Msg string
}

func (e *literalError) Error() string { return e.Msg }

// unquote decodes the JSON string literal at the start of raw (raw[0] must be
// '"') exactly as encoding/json does: the usual escapes, \uXXXX with surrogate
// pairs, an unpaired or invalid surrogate escape becomes U+FFFD, and so does
// every byte of raw invalid UTF-8 (the JSON decoder is lenient there; so are
// we). It returns the text, the number of bytes of raw through the closing
// quote, and the anchors of a jsonMap for the text.
func unquote(raw []byte) (text string, n int, anchors []anchor, err error) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", 0, nil, &literalError{0, "string literal must start with '\"'"}
	}
	var b []byte // decoded so far; nil while the text is a plain copy of raw[1:i]
	col := 0     // code points consumed after the opening quote
	i := 1
	lastAnchor := 0
	for {
		// Here i is at a character boundary of raw, and so is the decoded
		// length of the text: a place for an anchor if the last is far.
		dec := i - 1
		if b != nil {
			dec = len(b)
		}
		if dec-lastAnchor >= anchorEvery {
			anchors = append(anchors, anchorAt(dec, col))
			lastAnchor = dec
		}
		if i > maxLiteral {
			return "", i, nil, &literalError{0, "string literal over 682 MiB"}
		}
		if i >= len(raw) {
			return "", i, nil, &literalError{i, errUnterminated.Error()}
		}
		c := raw[i]
		switch {
		case c == '"':
			if b == nil {
				return string(raw[1:i]), i + 1, anchors, nil
			}
			return string(b), i + 1, anchors, nil
		case c == '\\':
			if b == nil {
				b = append(make([]byte, 0, i+16), raw[1:i]...)
			}
			r, size, msg := unescape(raw[i:])
			if msg != "" {
				return "", i, nil, &literalError{i, msg}
			}
			b = utf8.AppendRune(b, r)
			i += size
			col += size // escapes are ASCII: one column per byte
			anchors = append(anchors, anchorAt(len(b), col))
			lastAnchor = len(b)
		case c < 0x20:
			return "", i, nil, &literalError{i, fmt.Sprintf("invalid control character %U in string literal", c)}
		case c < utf8.RuneSelf:
			if b != nil {
				b = append(b, c)
			}
			i++
			col++
		default:
			r, size := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && size == 1 && b == nil {
				b = append(make([]byte, 0, i+16), raw[1:i]...)
			}
			if b != nil {
				b = utf8.AppendRune(b, r)
			}
			i += size
			col++
		}
	}
}

// maxLiteral bounds the raw length of a string literal so that decoded
// offsets (at most three bytes per raw byte, for U+FFFD) fit an int32 anchor.
const maxLiteral = math.MaxInt32 / 3

// anchorAt makes an anchor; unquote keeps both values under 3*maxLiteral.
func anchorAt(dec, col int) anchor {
	return anchor{dec: int32(dec), col: int32(col)} //nolint:gosec // bounded by maxLiteral
}

// unescape decodes the escape sequence at the start of s (s[0] == '\\') and
// returns the code point, the length of the sequence, or a problem.
func unescape(s []byte) (r rune, size int, problem string) {
	if len(s) < 2 {
		return 0, 0, errUnterminated.Error()
	}
	switch s[1] {
	case '"', '\\', '/':
		return rune(s[1]), 2, ""
	case 'b':
		return '\b', 2, ""
	case 'f':
		return '\f', 2, ""
	case 'n':
		return '\n', 2, ""
	case 'r':
		return '\r', 2, ""
	case 't':
		return '\t', 2, ""
	case 'u':
		r, size := unescapeU(s)
		if size == 0 {
			return 0, 0, "invalid \\u escape: want 4 hex digits"
		}
		return r, size, ""
	}
	if s[1] < utf8.RuneSelf && s[1] >= 0x20 {
		return 0, 0, fmt.Sprintf("invalid escape \\%c in string literal", s[1])
	}
	return 0, 0, "invalid escape in string literal"
}

// unescapeU decodes the \uXXXX escape at the start of s (s[0] == '\\',
// s[1] == 'u'), as JSON and Java properties both write it: a surrogate pair
// written as two escapes decodes to one code point; anything else makes this
// escape U+FFFD and leaves the next one alone (as encoding/json does). size
// is 0 when four hex digits do not follow.
func unescapeU(s []byte) (r rune, size int) {
	r1 := hex4(s[2:])
	if r1 < 0 {
		return 0, 0
	}
	if !utf16.IsSurrogate(r1) {
		return r1, 6
	}
	if len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
		if r2 := hex4(s[8:]); r2 >= 0 {
			if r := utf16.DecodeRune(r1, r2); r != unicode.ReplacementChar {
				return r, 12
			}
		}
	}
	return unicode.ReplacementChar, 6
}

// hex4 decodes four hex digits at the start of s, or returns -1.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for i := range 4 {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
