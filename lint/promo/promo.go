// Package promo tells promotional content from transactional content, in
// English and French: the shared classifier behind promo-under-tag,
// offer-choice, one-time-notification and the promotional caps of
// send-frequency.
package promo

import (
	"github.com/presend/presend/lint/text"
)

// Evidence is one reason a text reads as promotional: a byte span of the
// text, the signal it matched and the weight it adds.
type Evidence struct {
	Start, End int
	Signal     string // e.g. "discount", "promo code", "call to buy"
	Weight     float64
}

// Result is the classification of one text.
type Result struct {
	Score       float64
	Promotional bool // Score reached the detector's threshold
	Evidence    []Evidence
}

// Detector classifies texts. It is built once and safe for concurrent use.
type Detector struct {
	threshold float64
}

// New compiles the detector's word lists with the given stemmer.
func New(stems *text.Stemmer) (*Detector, error) {
	_ = stems
	return &Detector{threshold: 1}, nil
}

// Detect classifies the analysed text.
func (d *Detector) Detect(a *text.Analysis) Result {
	_ = a
	return Result{}
}
