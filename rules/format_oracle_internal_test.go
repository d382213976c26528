package rules

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/lint/channel"
)

// TestTailOracle: tail, which cuts valid UTF-8 without a []rune copy, says
// what tailRunes says, on every corpus text (and every prefix of the first
// ones) and on random texts of ASCII, accents, emoji, joiners and invalid
// bytes, for lengths around the ones the rules ask for.
func TestTailOracle(t *testing.T) {
	check := func(s string) {
		for _, n := range []int{0, 1, 2, 24, 30} {
			if got, want := tail(s, n), tailRunes(s, n); got != want {
				t.Fatalf("tail(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
	pieces := []string{"a", "Z", " ", "é", "€", "…", "😀", "👍🏽", "\u200d", "\xff", "\xe2\x82", "\x80", "\r\n", "’"}
	r := rand.New(rand.NewPCG(17, 13))
	for range 100_000 {
		check(corpustest.Glue(r, pieces, r.IntN(40)))
	}
	for k, s := range corpustest.Texts(t, corpustest.Dir()) {
		check(s)
		if k < 200 {
			for p := range len(s) {
				check(s[:p])
			}
		}
	}
}

// TestFindingTextOracle: the finding texts built by concatenation
// (pluralUnit, placeholderNote, smsDetail) are what the fmt formats they
// replaced write.
func TestFindingTextOracle(t *testing.T) {
	for _, n := range []int{-3, 0, 1, 2, 7, 100, 12345} {
		for _, unit := range []string{"part", "SMS part", "", "é"} {
			want := "1 " + unit
			if n != 1 {
				want = fmt.Sprintf("%d %ss", n, unit)
			}
			if got := pluralUnit(n, unit); got != want {
				t.Errorf("pluralUnit(%d, %q) = %q, want %q", n, unit, got, want)
			}
		}
		for _, w := range []int{0, 1, 12, 40} {
			want := ""
			switch n {
			case 0:
			case 1:
				want = fmt.Sprintf(" (its placeholder counted as %d characters)", w)
			default:
				want = fmt.Sprintf(" (%d placeholders counted as %d characters each)", n, w)
			}
			if got := placeholderNote(n, w); got != want {
				t.Errorf("placeholderNote(%d, %d) = %q, want %q", n, w, got, want)
			}
		}
		for _, enc := range []channel.Encoding{channel.GSM7, channel.UCS2} {
			info := channel.SMSInfo{Encoding: enc, Units: n * 3, Parts: n}
			unit := "characters"
			if enc == channel.UCS2 {
				unit = "UTF-16 units"
			}
			want := fmt.Sprintf("%s, %s, %d %s", pluralUnit(info.Parts, "part"), info.Encoding, info.Units, unit)
			if got := smsDetail(info); got != want {
				t.Errorf("smsDetail(%+v) = %q, want %q", info, got, want)
			}
		}
	}
}
