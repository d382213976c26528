// Package quote shows user-supplied values in error messages, cut to a
// bounded length: a 1 MB bad value in presend.toml, an envelope field or a
// flag is named by its first bytes, an ellipsis and its full length, never
// echoed whole.
package quote

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Max is how many bytes of a value an error shows.
const Max = 100

// Cut returns s when it has at most Max bytes; else its first Max bytes (cut
// at a character boundary), "…" and its length: "abc… (1048576 bytes)".
func Cut(s string) string { return CutN(s, Max) }

// CutN is Cut with a bound of n bytes.
func CutN(s string, n int) string {
	head, cut := prefix(s, n)
	if !cut {
		return s
	}
	return head + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Q returns s quoted as %q quotes it when it has at most Max bytes; else
// its first Max bytes and "…" quoted, then its length:
// "\"abc…\" (1048576 bytes)".
func Q(s string) string {
	head, cut := prefix(s, Max)
	if !cut {
		return strconv.Quote(s)
	}
	return strconv.Quote(head+"…") + " (" + strconv.Itoa(len(s)) + " bytes)"
}

// V is a value to show in a fmt verb: %q gives Q, every other verb Cut.
type V string

// Format implements fmt.Formatter.
func (v V) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		_, _ = f.Write([]byte(Q(string(v))))
		return
	}
	_, _ = f.Write([]byte(Cut(string(v))))
}

// prefix returns the first n bytes of s, shortened to a character
// boundary, and whether that cut anything.
func prefix(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}
