package text

import "math/bits"

// Fingerprint hashes the message the way a reader would compare two sends:
// case, spacing and punctuation do not count, each placeholder stands for
// any value, and digits in numbers and codes (order numbers, amounts, dates)
// do not count. exact is equal for two texts that are the same under that
// normalisation; sim is a 64-bit SimHash of the normalised words and word
// pairs, close in Hamming distance (see Near) for texts that differ in a few
// words, such as a name. Both are stable across processes and versions of
// Go (FNV-1a), so they can be stored and shared.
//
// words is the number of tokens that went into the hash: a SimHash of a
// very short text is too coarse to call two texts near.
func (a *Analysis) Fingerprint() (exact, sim uint64, words int) {
	if !a.fpDone {
		e, s, n := a.fingerprint()
		a.fp, a.fpDone = [3]uint64{e, s, uint64(n)}, true
	}
	return a.fp[0], a.fp[1], int(a.fp[2])
}

func (a *Analysis) fingerprint() (exact, sim uint64, words int) {
	exact = fnvOffset
	var counts bitCounts
	var prev uint64
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
		exact = fnvByte(fnvMix(exact, h), 0)
		counts.add(h)
		if words > 1 {
			counts.add(fnvMix(prev, h))
		}
		prev = h
	}
	return exact, counts.majority(), words
}

// Near reports whether two SimHashes are within maxBits differing bits.
func Near(a, b uint64, maxBits int) bool {
	return bits.OnesCount64(a^b) <= maxBits
}

// bitCounts counts, for each of the 64 bit positions, how many of the
// hashes added have that bit set: a SimHash bit is set when more than half
// of the features have it. The counts are kept eight to a word (SWAR): lane
// k's byte j counts bit 8j+k, so adding a hash is eight shifts, masks and
// adds instead of one add per bit; a byte holds at most 255, so the lanes
// are flushed to total every 255 hashes.
type bitCounts struct {
	lanes   [8]uint64
	inLanes int
	n       int32 // hashes added
	total   [64]int32
}

const laneOnes = 0x0101010101010101

func (c *bitCounts) add(h uint64) {
	for k := range c.lanes {
		c.lanes[k] += h >> k & laneOnes
	}
	c.n++
	if c.inLanes++; c.inLanes == 255 {
		c.flush()
	}
}

func (c *bitCounts) flush() {
	for k, l := range c.lanes {
		for j := range 8 {
			c.total[8*j+k] += int32(l >> (8 * j) & 0xff)
		}
		c.lanes[k] = 0
	}
	c.inLanes = 0
}

// majority returns the bits set in more than half of the hashes added.
func (c *bitCounts) majority() uint64 {
	c.flush()
	var sim uint64
	for b, ones := range c.total {
		if 2*ones > c.n {
			sim |= 1 << b
		}
	}
	return sim
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

// fnvString hashes s: FNV-1a from the offset basis, then fnvFinal.
func fnvString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = fnvByte(h, s[i])
	}
	return fnvFinal(h)
}

// fnvDigitless hashes s with each run of digits (and the separators inside
// it) folded to one '#'.
func fnvDigitless(h uint64, s string) uint64 {
	inDigits := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		isDigit := c >= '0' && c <= '9'
		if isDigit || (inDigits && (c == '.' || c == ',' || c == ' ' || c == '/' || c == ':')) {
			if !inDigits {
				h = fnvByte(h, '#')
				inDigits = true
			}
			continue
		}
		inDigits = false
		h = fnvByte(h, c)
	}
	return fnvFinal(h)
}

// fnvMix folds the 64-bit value v into h.
func fnvMix(h, v uint64) uint64 {
	for range 8 {
		h = fnvByte(h, byte(v))
		v >>= 8
	}
	return h
}

// fnvFinal spreads FNV's weak high bits (a murmur3 finaliser), so that every
// SimHash bit sees a fair coin per feature.
func fnvFinal(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
