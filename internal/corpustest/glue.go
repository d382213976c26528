package corpustest

import (
	"math/rand/v2"
	"strings"
)

// Glue returns n of pieces picked at random by r, joined: the random texts
// the oracle tests check a fast path on, built from the pieces its slow
// path reads (words, case variants, look-alikes, invalid bytes). r draws
// once per piece, so a seed gives the texts it gave when each test glued
// its own.
func Glue(r *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}
