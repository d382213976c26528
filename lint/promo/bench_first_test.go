package promo

import (
	"testing"

	"github.com/presend/presend/lint/text"
)

// BenchmarkNewFirstDetect is what one CLI run on one English message pays
// the detector: New with a fresh stem cache, then the first Detect (which
// compiles the English lexicon on first use).
func BenchmarkNewFirstDetect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		stems := text.NewStemmer()
		d := New(stems)
		d.Detect(text.Analyze("Your parcel #A4821 is on its way and arrives Thursday. Reply STOP to opt out.", text.Options{Lang: "en", Stems: stems}))
	}
}
