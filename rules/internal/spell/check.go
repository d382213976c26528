package spell

import (
	"runtime/debug"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Words is a set of extra words accepted as if they were in the dictionary
// without affixes (a project vocabulary). Case is handled as for
// dictionary words: "acme" also accepts "Acme" and "ACME"; "Acme" accepts
// "ACME" but not "acme".
type Words map[string]struct{}

// NewWords returns the set of the given words.
func NewWords(list ...string) Words {
	w := make(Words, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			w[s] = struct{}{}
		}
	}
	return w
}

type result uint8

const (
	miss result = iota
	found
	forbidden
)

// maxBreakDepth bounds the recursion through BREAK points.
const maxBreakDepth = 10

// Check reports whether word is spelled correctly, with Hunspell's rules:
// affixes, capitalisation (a word known in lower case is also right with an
// initial capital or in capitals, unless KEEPCASE), forbidden words, and
// breaking at BREAK points (hyphens) when the whole is unknown.
func (d *Dict) Check(word string) bool { return d.CheckWith(word, nil) }

// CheckWith is Check with extra accepted words.
func (d *Dict) CheckWith(word string, extra Words) (ok bool) {
	if m := d.m; m != nil {
		if alt := m.alt.Load(); alt != nil {
			return alt == acceptAll || alt.CheckWith(word, extra)
		}
		// A block of the compiled form that does not hold, or a page of it
		// that faults, panics: the parsed dictionary answers instead.
		prev := debug.SetPanicOnFault(true)
		defer func() {
			debug.SetPanicOnFault(prev)
			if r := recover(); r != nil {
				alt := m.recovered(r)
				ok = alt == acceptAll || alt.CheckWith(word, extra)
			}
		}()
	}
	w := d.convert(word)
	if w == "" || isNumber(w) {
		return true
	}
	if d.known(w) {
		return true
	}
	return len(extra) > 0 && d.checkBreak(w, extra, 0)
}

// maxVerdicts bounds a Dict's cache of verdicts; past it, verdicts are
// computed but not kept.
const maxVerdicts = 100_000

// known is the dictionary's own verdict on w (without extra words), cached:
// messages repeat their words, and a French word's affix analysis costs
// microseconds where a cache hit costs tens of nanoseconds.
func (d *Dict) known(w string) bool {
	if v, ok := d.verdicts.Get(w); ok {
		return v
	}
	v := d.checkBreak(w, nil, 0)
	d.verdicts.Put(w, v)
	return v
}

// convert applies the ICONV table.
func (d *Dict) convert(w string) string {
	if d.iconvRep == nil || !d.iconvASCII && isASCII(w) {
		return w
	}
	for i := 0; i < len(w); i++ {
		if d.iconvBytes[w[i]] {
			return d.iconvRep.Replace(w)
		}
	}
	return w // no pattern in it: the replacer would allocate for nothing
}

// isNumber reports digits with single . , - separators: Hunspell accepts them.
func isNumber(w string) bool {
	sep := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			sep = false
		case (c == '.' || c == ',' || c == '-') && !sep && i > 0:
			sep = true
		default:
			return false
		}
	}
	return !sep
}

func (d *Dict) checkBreak(w string, extra Words, depth int) bool {
	switch r, _ := d.checkCase(w, extra); r {
	case found:
		return true
	case forbidden:
		return false
	}
	if depth >= maxBreakDepth || len(d.breaks) == 0 {
		return false
	}
	n := 0
	for _, b := range d.breaks {
		n += strings.Count(w, strings.Trim(b, "^$"))
	}
	if n >= 10 {
		return false
	}
	for _, b := range d.breaks {
		if len(b) < 2 {
			continue
		}
		if p, ok := strings.CutPrefix(b, "^"); ok && len(w) > len(p) && strings.HasPrefix(w, p) {
			if d.checkBreak(w[len(p):], extra, depth+1) {
				return true
			}
		}
		if p, ok := strings.CutSuffix(b, "$"); ok && len(w) > len(p) && strings.HasSuffix(w, p) {
			if d.checkBreak(w[:len(w)-len(p)], extra, depth+1) {
				return true
			}
		}
	}
	for _, b := range d.breaks {
		if strings.HasPrefix(b, "^") || strings.HasSuffix(b, "$") && len(b) > 1 {
			continue
		}
		i := strings.Index(w, b)
		if i <= 0 || i >= len(w)-len(b) {
			continue
		}
		// Hunspell breaks at the second occurrence first, to find
		// dictionary words that contain the break string themselves.
		cands := [2]int{-1, i}
		if j := strings.Index(w[i+1:], b); j >= 0 && i+1+j < len(w)-len(b) {
			cands[0] = i + 1 + j
		}
		for _, at := range cands {
			if at > 0 && d.checkBreak(w[at+len(b):], extra, depth+1) && d.checkBreak(w[:at], extra, depth+1) {
				return true
			}
		}
	}
	return false
}

// capType is Hunspell's capitalisation class of a word.
type capType uint8

const (
	noCap      capType = iota // all lower case
	initCap                   // first letter only
	allCap                    // every cased letter upper case
	huhCap                    // mixed, first lower (iPhone)
	huhInitCap                // mixed, first upper (WhatsApp)
)

func captype(w string) capType {
	var ncap, ncased int
	first := false
	if isASCII(w) {
		// The same counts without decoding runes or Unicode tables: most
		// words, and every candidate of an English suggestion search.
		for i := 0; i < len(w); i++ {
			switch c := w[i]; {
			case 'A' <= c && c <= 'Z':
				ncased++
				ncap++
				if i == 0 {
					first = true
				}
			case 'a' <= c && c <= 'z':
				ncased++
			}
		}
		return capClass(ncap, ncased, first)
	}
	for i, r := range w {
		up, low := unicode.IsUpper(r), unicode.IsLower(r)
		if up || low {
			ncased++
		}
		if up {
			ncap++
			if i == 0 {
				first = true
			}
		}
	}
	return capClass(ncap, ncased, first)
}

// capClass is the class of a word with ncap upper-case letters among
// ncased cased ones, first telling whether the first letter is upper case.
func capClass(ncap, ncased int, first bool) capType {
	switch {
	case ncap == 0:
		return noCap
	case ncap == 1 && first:
		return initCap
	case ncap == ncased:
		return allCap
	case first:
		return huhInitCap
	}
	return huhCap
}

// checkCase applies Hunspell's capitalisation rules around checkWord. It
// returns the flags of the root that matched.
func (d *Dict) checkCase(w string, extra Words) (result, []flag) {
	return d.checkCaseHashed(w, extra, hashKey(w))
}

// checkCaseHashed is checkCase with h = hashKey(w): every case looks w
// itself up first.
func (d *Dict) checkCaseHashed(w string, extra Words, h uint64) (result, []flag) {
	ct := captype(w)
	switch ct {
	case noCap, huhCap, huhInitCap:
		return d.checkWordHashed(w, extra, h)
	case allCap:
		if r, fl := d.checkWordHashed(w, extra, h); r != miss {
			return r, fl
		}
		// Elided prefixes in capitals: L'OFFRE → l'Offre, then L'offre.
		if i := strings.IndexAny(w, "'’"); i >= 0 && i < len(w)-1 {
			low := strings.ToLower(w)
			_, n := utf8.DecodeRuneInString(low[i:])
			if r, fl := d.checkWord(low[:i+n]+initial(low[i+n:]), extra); r == found {
				return found, fl
			}
			if r, fl := d.checkWord(initial(low), extra); r == found {
				return found, fl
			}
		}
	}
	// INITCAP, and ALLCAP after the above: try the capitalised form, then
	// the lower-case form; KEEPCASE words must keep their case. An ASCII
	// word's other forms are written in buf, not allocated: most
	// candidates of a suggestion search for a capitalised word come here.
	var buf [64]byte
	if ct == allCap {
		r, fl := d.checkWord(initialLowerView(buf[:], w), extra)
		if r == forbidden {
			return miss, nil
		}
		if r == found && !has(fl, d.keepCase) {
			return found, fl
		}
	} else if r, fl := d.checkWordHashed(w, extra, h); r != miss {
		return r, fl
	}
	r, fl := d.checkWord(lowerView(buf[:], w), extra)
	if r == found && !has(fl, d.keepCase) {
		return found, fl
	}
	return miss, nil
}

// lowerView returns strings.ToLower(w), written in buf when w is ASCII and
// fits: then a view of buf, which the caller must not keep past buf's
// next use (checkWord keeps no reference to the word it is given).
func lowerView(buf []byte, w string) string {
	if len(w) > len(buf) || !isASCII(w) {
		return strings.ToLower(w)
	}
	b := buf[:len(w)]
	for i := 0; i < len(w); i++ {
		b[i] = lowerASCII(w[i])
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) //nolint:gosec // a view of buf, not retained (see above)
}

// initialLowerView is initial(strings.ToLower(w)), in buf as lowerView.
func initialLowerView(buf []byte, w string) string {
	if len(w) > len(buf) || !isASCII(w) {
		return initial(strings.ToLower(w))
	}
	low := lowerView(buf, w)
	if low != "" && 'a' <= low[0] && low[0] <= 'z' {
		buf[0] -= 'a' - 'A'
	}
	return low
}

// initial upper-cases the first letter of s.
func initial(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	u := unicode.ToTitle(r)
	if u == r {
		return s
	}
	return string(u) + s[n:]
}

// checkWord looks w up as written: as a root, then through affixes. It
// returns the flags of the root (nil for an extra word).
func (d *Dict) checkWord(w string, extra Words) (result, []flag) {
	return d.checkWordHashed(w, extra, hashKey(w))
}

// checkWordHashed is checkWord with h = hashKey(w).
func (d *Dict) checkWordHashed(w string, extra Words, h uint64) (result, []flag) {
	if v, ok := d.words.getHashed(w, h); ok {
		for i := 0; ; i++ {
			fl, ok := d.homonym(v, i)
			if !ok {
				break
			}
			if has(fl, d.forbidden) {
				return forbidden, fl
			}
			if has(fl, d.needAffix) || has(fl, d.onlyInCompound) {
				continue
			}
			return found, fl
		}
	}
	if _, ok := extra[w]; ok {
		return found, nil
	}
	fl, ok := d.affixCheck(w)
	if !ok {
		return miss, nil
	}
	if has(fl, d.forbidden) {
		return forbidden, fl
	}
	return found, fl
}

// affixCheck finds a root that, with one prefix, one suffix or both
// (cross product), gives w. It returns the root's flags.
func (d *Dict) affixCheck(w string) ([]flag, bool) {
	var buf [96]byte
	for i := 0; i <= len(w) && i <= d.maxPfx; i++ {
		if i < len(w) && !utf8.RuneStart(w[i]) {
			continue
		}
		if !d.pfxBits.may(w[:i]) {
			continue
		}
		for _, p := range d.prefixes[w[:i]] {
			rest := w[i:]
			if rest == "" && !d.fullStrip {
				continue
			}
			stem := append(append(buf[:0], p.strip...), rest...)
			if !p.cond.matchPrefixBytes(stem) {
				continue
			}
			if v, ok := d.words.getBytes(stem); ok && !has(p.cont, d.needAffix) {
				for j := 0; ; j++ {
					fl, ok := d.homonym(v, j)
					if !ok {
						break
					}
					if has(fl, p.flag) && !has(fl, d.onlyInCompound) {
						return fl, true
					}
				}
			}
			if p.cross {
				if fl, ok := d.suffixCheck(string(stem), p); ok {
					return fl, true
				}
			}
		}
	}
	return d.suffixCheck(w, nil)
}

// suffixCheck finds a root that with one suffix gives w; with pfx, the
// suffix is combined with that prefix (both must allow cross products).
func (d *Dict) suffixCheck(w string, pfx *affix) ([]flag, bool) {
	var buf [96]byte
	for j := 0; j <= len(w) && j <= d.maxSfx; j++ {
		cut := len(w) - j
		if cut < len(w) && !utf8.RuneStart(w[cut]) {
			continue
		}
		if !d.sfxBits.may(w[cut:]) {
			continue
		}
		rest := w[:cut]
		if rest == "" && !d.fullStrip {
			continue
		}
		// Many suffixes add the same string with the same strip (fr: up
		// to hundreds): the stem is built and looked up once for them,
		// and first, as most stems are not words (a bloom filter's bit
		// test), before the suffix's other conditions.
		lastStrip, looked := "", false
		var v uint32
		var inDict bool
		var stem []byte
		for _, s := range d.suffixes[w[cut:]] {
			if pfx != nil && !s.cross {
				continue
			}
			if !looked || s.strip != lastStrip {
				stem = append(append(buf[:0], rest...), s.strip...)
				v, inDict = d.words.getBytes(stem)
				lastStrip, looked = s.strip, true
			}
			if !inDict {
				continue
			}
			// A suffix that needs another affix needs the prefix.
			if has(s.cont, d.needAffix) && (pfx == nil || has(pfx.cont, d.needAffix)) {
				continue
			}
			if !s.cond.matchSuffixBytes(stem) {
				continue
			}
			for k := 0; ; k++ {
				fl, ok := d.homonym(v, k)
				if !ok {
					break
				}
				if !has(fl, s.flag) && (pfx == nil || !has(pfx.cont, s.flag)) {
					continue
				}
				if pfx != nil && !has(fl, pfx.flag) && !has(s.cont, pfx.flag) {
					continue
				}
				if has(fl, d.onlyInCompound) {
					continue
				}
				return fl, true
			}
		}
	}
	return nil, false
}
