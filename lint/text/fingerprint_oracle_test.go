package text

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// refFingerprintSim is the SimHash as fingerprint computed it before
// bitCounts: one signed counter per bit, +1 for each feature with the bit
// set and -1 for each without, the bit set when its counter is positive.
func refFingerprintSim(a *Analysis) uint64 {
	var counts [64]int32
	add := func(h uint64) {
		for b := range counts {
			counts[b] += int32(h>>b&1)<<1 - 1
		}
	}
	var prev uint64
	words := 0
	for i, t := range a.Tokens {
		var h uint64
		switch t.Kind {
		case Punct, Symbol:
			continue
		case Placeholder:
			h = fnvString("\x01")
		case Number, Code:
			h = fnvDigitless(fnvOffset, a.Lower(i))
		default:
			h = fnvString(a.Lower(i))
		}
		words++
		add(h)
		if words > 1 {
			add(fnvMix(prev, h))
		}
		prev = h
	}
	var sim uint64
	for b := range counts {
		if counts[b] > 0 {
			sim |= 1 << b
		}
	}
	return sim
}

// TestBitCountsOracle: bitCounts' majority is the per-bit signed counters'
// verdict on random hashes, in counts that cross the 255-hash flush and
// with biased bits (so that ties and near-ties occur), and Fingerprint's
// SimHash is the reference's on the corpus texts and on long texts made
// of them (more than 255 features).
func TestBitCountsOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 23))
	for _, n := range []int{0, 1, 2, 3, 127, 254, 255, 256, 509, 510, 511, 1000, 2000} {
		for try := range 40 {
			var c bitCounts
			var ref [64]int32
			// Bits forced to one in about half the hashes, or in all of
			// them (a byte lane then reaches 255 before its flush).
			mask, always := r.Uint64(), try%4 == 0
			for range n {
				h := r.Uint64()
				if always || r.IntN(2) == 0 {
					h |= mask
				}
				c.add(h)
				for b := range ref {
					ref[b] += int32(h>>b&1)<<1 - 1
				}
			}
			var want uint64
			for b := range ref {
				if ref[b] > 0 {
					want |= 1 << b
				}
			}
			if got := c.majority(); got != want {
				t.Fatalf("%d hashes: majority %064b, want %064b", n, got, want)
			}
		}
	}
	texts := corpustest.Texts(t, corpustest.Dir())
	for i, n := 0, len(texts); i+40 <= n; i += 97 {
		texts = append(texts, strings.Join(texts[i:i+40], " "))
	}
	for _, s := range texts {
		a := Analyze(s, Options{})
		if _, got, _ := a.Fingerprint(); got != refFingerprintSim(a) {
			t.Fatalf("Fingerprint(%q) sim %x, want %x", s, got, refFingerprintSim(a))
		}
	}
}

// BenchmarkFingerprint hashes every corpus text (its analysis made
// beforehand): the cost a check with a history pays for duplicate-send and
// the record of the send.
func BenchmarkFingerprint(b *testing.B) {
	var as []*Analysis
	for _, s := range corpustest.Texts(b, corpustest.Dir()) {
		as = append(as, Analyze(s, Options{}))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, a := range as {
			a.fingerprint()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(as)), "ns/text")
}
