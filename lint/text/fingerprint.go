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
	if a.fp == nil {
		a.fp = new([3]uint64)
		e, s, n := a.fingerprint()
		*a.fp = [3]uint64{e, s, uint64(n)}
	}
	return a.fp[0], a.fp[1], int(a.fp[2])
}

func (a *Analysis) fingerprint() (exact, sim uint64, words int) {
	exact = fnvOffset
	var counts [64]int32
	var prev uint64
	for i, t := range a.Tokens {
		var h uint64
		switch t.Kind {
		case Punct, Symbol:
			continue
		case Placeholder:
			h = fnvString(fnvOffset, "\x01")
		case Number, Code:
			h = fnvDigitless(fnvOffset, a.Lower(i))
		default:
			h = fnvString(fnvOffset, a.Lower(i))
		}
		words++
		exact = fnvByte(fnvMix(exact, h), 0)
		addBits(&counts, h)
		if words > 1 {
			addBits(&counts, fnvMix(prev, h))
		}
		prev = h
	}
	for b := range counts {
		if counts[b] > 0 {
			sim |= 1 << b
		}
	}
	return exact, sim, words
}

// Near reports whether two SimHashes are within maxBits differing bits.
func Near(a, b uint64, maxBits int) bool {
	return bits.OnesCount64(a^b) <= maxBits
}

// addBits adds +1 to c[b] for each bit b set in h and -1 for each bit clear,
// without branches.
func addBits(c *[64]int32, h uint64) {
	for b := range c {
		c[b] += int32(h>>b&1)<<1 - 1
	}
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * fnvPrime }

func fnvString(h uint64, s string) uint64 {
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
