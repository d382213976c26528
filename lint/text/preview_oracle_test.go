package text

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// TestPreviewOracle: Preview cuts as previewSearch, its version before the
// sequential walk, the stack buffer and the ASCII path (preview_test.go),
// on every corpus text and random texts of
// ASCII, accents, emoji, CR LF, white space runs, invalid bytes and
// placeholders, at widths from 0 to past the text.
func TestPreviewOracle(t *testing.T) {
	pats := []*regexp.Regexp{regexp.MustCompile(`\[[a-z]+\]`)}
	check := func(s string, phw int) {
		a := Analyze(s, Options{Placeholders: pats, PlaceholderWidth: phw})
		for _, w := range []int{0, 1, 2, 5, 30, 40, 64, 90, 120, 300} {
			if got, want := a.Preview(w), a.previewSearch(w); got != want {
				t.Fatalf("%q width %d: Preview = %+v, want %+v", s, w, got, want)
			}
		}
	}
	pieces := []string{"a", "Bonjour", " ", "  ", "\n", "\r\n", "\t", "é", "e\u0301", "👍🏽", "🇫🇷", "{{name}}", "%s", "…", "!", "l’offre", "\u00a0", "\u200b", "\xff", "[ref]", "x"}
	r := rand.New(rand.NewPCG(17, 15))
	for n := range 20_000 {
		check(corpustest.Glue(r, pieces, 1+r.IntN(40)), 1+n%13)
	}
	for _, s := range corpustest.Texts(t, corpustest.Dir()) {
		check(s, 12)
	}
}
