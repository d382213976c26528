package lint

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// TestQuoteOracle: Excerpt and Quote, with their plain-ASCII path, write
// what strconv.QuoteToGraphic and strconv.Quote write, for every single
// byte, and for random texts of ASCII, quotes, backslashes, controls, DEL,
// no-break spaces, accents, emoji, ellipses whole and cut, and invalid
// bytes.
func TestQuoteOracle(t *testing.T) {
	check := func(s string) {
		if got, want := Excerpt(s), strconv.QuoteToGraphic(s); got != want {
			t.Fatalf("Excerpt(%q) = %s, want %s", s, got, want)
		}
		if got, want := Quote(s), strconv.Quote(s); got != want {
			t.Fatalf("Quote(%q) = %s, want %s", s, got, want)
		}
	}
	for c := range 256 {
		check(string([]byte{byte(c)}))
		check("ab" + string([]byte{byte(c)}) + "cd")
	}
	pieces := []string{"a", "Z", "0", " ", "~", "\"", "\\", "\t", "\n", "\x00", "\x1f", "\x7f", "\u00a0", "\u202f", "é", "€", "😀", "\xff", "'", "%", "…", "\xe2\x80", "\xe2", "\x80\xa6", "…\xa6"}
	r := rand.New(rand.NewPCG(17, 18))
	for range 100_000 {
		check(corpustest.Glue(r, pieces, r.IntN(12)))
	}
}
