package spam

import (
	"testing"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/lint/text"
)

// TestScoreOracle: Scan.Score is the Score of Scan.Result, to the bit, on
// every corpus text with no context and with each kind of context (the
// promotion spanning the whole text), and leaves the scan as it was.
func TestScoreOracle(t *testing.T) {
	d := detector(t)
	fired := 0
	for _, s := range corpustest.Texts(t, corpustest.Dir()) {
		scan := d.Scan(text.Analyze(s, text.Options{Stems: testStem}))
		for _, c := range []Context{
			{},
			{Promotional: true, PromoEnd: len(s)},
			{Unsolicited: true, PromoEnd: len(s)},
			{Advert: true, PromoEnd: len(s)},
			{Unsolicited: true, Promotional: true, PromoStart: len(s) / 2, PromoEnd: len(s)},
		} {
			want := scan.Result(c)
			if got := scan.Score(c); got != want.Score {
				t.Fatalf("%q %+v: Score %v, Result's %v", s, c, got, want.Score)
			}
			if len(want.Evidence) > 0 {
				fired++
			}
		}
		if got, want := scan.Score(Context{}), scan.Result(Context{}).Score; got != want {
			t.Fatalf("%q: Score after the contexts %v, want %v", s, got, want)
		}
	}
	if fired == 0 {
		t.Fatal("no corpus text fired a signal: the comparison saw only zero scores")
	}
}
