package spell

// This file keeps the suggestion search and the word check as they were
// before the allocation-free search (commit "spell: suggestion search
// without a string per candidate…"), as the reference that
// TestSuggestIdentical compares the new search with. Only the names
// changed (old…), and dictionary lookups go through a plain map, as before.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// oldDict is a Dict with its words in a Go map, as they were.
type oldDict struct {
	*Dict
	words map[string]uint32
}

func newOldDict(d *Dict) *oldDict {
	o := &oldDict{Dict: d, words: map[string]uint32{}}
	d.eachWord(func(w string, v uint32) { o.words[w] = v })
	return o
}

// checkCase applies Hunspell's capitalisation rules around checkWord. It
// returns the flags of the root that matched.
func (d *oldDict) oldCheckCase(w string, extra Words) (result, []flag) {
	ct := captype(w)
	switch ct {
	case noCap, huhCap, huhInitCap:
		return d.oldCheckWord(w, extra)
	case allCap:
		if r, fl := d.oldCheckWord(w, extra); r != miss {
			return r, fl
		}
		// Elided prefixes in capitals: L'OFFRE → l'Offre, then L'offre.
		if i := strings.IndexAny(w, "'’"); i >= 0 && i < len(w)-1 {
			low := strings.ToLower(w)
			_, n := utf8.DecodeRuneInString(low[i:])
			if r, fl := d.oldCheckWord(low[:i+n]+initial(low[i+n:]), extra); r == found {
				return found, fl
			}
			if r, fl := d.oldCheckWord(initial(low), extra); r == found {
				return found, fl
			}
		}
	}
	// INITCAP, and ALLCAP after the above: try the capitalised form, then
	// the lower-case form; KEEPCASE words must keep their case.
	if ct == allCap {
		r, fl := d.oldCheckWord(initial(strings.ToLower(w)), extra)
		if r == forbidden {
			return miss, nil
		}
		if r == found && !has(fl, d.keepCase) {
			return found, fl
		}
	} else if r, fl := d.oldCheckWord(w, extra); r != miss {
		return r, fl
	}
	r, fl := d.oldCheckWord(strings.ToLower(w), extra)
	if r == found && !has(fl, d.keepCase) {
		return found, fl
	}
	return miss, nil
}

// checkWord looks w up as written: as a root, then through affixes. It
// returns the flags of the root (nil for an extra word).
func (d *oldDict) oldCheckWord(w string, extra Words) (result, []flag) {
	if v, ok := d.words[w]; ok {
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
	fl, ok := d.oldAffixCheck(w)
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
func (d *oldDict) oldAffixCheck(w string) ([]flag, bool) {
	var buf [96]byte
	for i := 0; i <= len(w) && i <= d.maxPfx; i++ {
		if i < len(w) && !utf8.RuneStart(w[i]) {
			continue
		}
		for _, p := range d.prefixes[w[:i]] {
			rest := w[i:]
			if rest == "" && !d.fullStrip {
				continue
			}
			stem := append(append(buf[:0], p.strip...), rest...)
			if !p.cond.matchPrefix(string(stem)) {
				continue
			}
			if v, ok := d.words[string(stem)]; ok && !has(p.cont, d.needAffix) {
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
				if fl, ok := d.oldSuffixCheck(string(stem), p); ok {
					return fl, true
				}
			}
		}
	}
	return d.oldSuffixCheck(w, nil)
}

// suffixCheck finds a root that with one suffix gives w; with pfx, the
// suffix is combined with that prefix (both must allow cross products).
func (d *oldDict) oldSuffixCheck(w string, pfx *affix) ([]flag, bool) {
	var buf [96]byte
	for j := 0; j <= len(w) && j <= d.maxSfx; j++ {
		cut := len(w) - j
		if cut < len(w) && !utf8.RuneStart(w[cut]) {
			continue
		}
		for _, s := range d.suffixes[w[cut:]] {
			if pfx != nil && !s.cross {
				continue
			}
			rest := w[:cut]
			if rest == "" && !d.fullStrip {
				continue
			}
			// A suffix that needs another affix needs the prefix.
			if has(s.cont, d.needAffix) && (pfx == nil || has(pfx.cont, d.needAffix)) {
				continue
			}
			stem := append(append(buf[:0], rest...), s.strip...)
			if !s.cond.matchSuffix(string(stem)) {
				continue
			}
			v, ok := d.words[string(stem)]
			if !ok {
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

func (d *oldDict) oldSuggest(word string, extra Words, twoEdits bool) []string {
	s := &oldSuggester{d: d, extra: extra, seen: map[string]bool{word: true}}
	w := d.convert(word)
	s.seen[w] = true
	rs := []rune(w)
	ct := captype(w)
	// REP: phonetic and common confusions from the dictionary.
	for _, p := range d.rep {
		for i := 0; ; {
			j := strings.Index(w[i:], p[0])
			if j < 0 {
				break
			}
			j += i
			s.try(w[:j] + p[1] + w[j+len(p[0]):])
			i = j + 1
		}
	}
	// Case (paris → Paris, nasa → NASA) competes with the single edits.
	low := strings.ToLower(w)
	edits := append([]string{low, initial(low), strings.ToUpper(w)}, s.edits1(rs, d.tryRunes(0), true)...)
	s.rank(rs, edits)
	if len(s.out) == 0 && twoEdits {
		// Two edits: every first edit, extended by a second one with the
		// most frequent characters only, until the budget runs out.
		chars := d.tryRunes(try2)
		for _, e := range edits {
			if s.spent() || len(s.out) >= MaxSuggestions {
				break
			}
			s.rank(rs, s.edits1([]rune(e), chars, false))
		}
	}
	out := s.out
	if ct == initCap || ct == allCap {
		for i, c := range out {
			if captype(c) == noCap {
				if ct == allCap {
					out[i] = strings.ToUpper(c)
				} else {
					out[i] = initial(c)
				}
			}
		}
		out = slices.Compact(out)
	}
	return out
}

type oldSuggester struct {
	d      *oldDict
	extra  Words
	seen   map[string]bool
	out    []string
	checks int
}

func (s *oldSuggester) spent() bool {
	return s.checks >= suggestBudget
}

// good reports whether c is a word that may be suggested.
func (s *oldSuggester) good(c string) bool {
	s.checks++
	if strings.Contains(c, " ") {
		a, b, _ := strings.Cut(c, " ")
		return len(a) > 1 && len(b) > 1 && s.good(a) && s.good(b)
	}
	r, fl := s.d.oldCheckCase(c, s.extra)
	return r == found && !has(fl, s.d.noSuggest)
}

// try adds c to the suggestions when it is a good word.
func (s *oldSuggester) try(c string) {
	if len(s.out) >= MaxSuggestions || s.seen[c] {
		return
	}
	s.seen[c] = true
	if s.good(c) {
		s.out = append(s.out, c)
	}
}

// edits1 lists the words one edit from rs, in order of likelihood:
// swaps, replacements, deletions, insertions and, with all, splits into
// two words.
func (s *oldSuggester) edits1(rs []rune, chars []rune, all bool) []string {
	var out []string
	add := func(c []rune) {
		out = append(out, string(c))
	}
	n := len(rs)
	buf := make([]rune, 0, n+1)
	for i := 0; i+1 < n; i++ { // swap
		buf = append(buf[:0], rs...)
		buf[i], buf[i+1] = buf[i+1], buf[i]
		add(buf)
	}
	for i := range n { // replace
		for _, c := range chars {
			if c == rs[i] || unicode.IsUpper(c) && !unicode.IsUpper(rs[i]) {
				continue
			}
			buf = append(buf[:0], rs...)
			buf[i] = c
			add(buf)
		}
	}
	for i := range n { // delete
		buf = append(append(buf[:0], rs[:i]...), rs[i+1:]...)
		add(buf)
	}
	ins := chars
	if all {
		ins = append(slices.Clip(chars), '\'', '-')
	}
	for i := 0; i <= n; i++ { // insert
		for _, c := range ins {
			if unicode.IsUpper(c) {
				continue
			}
			buf = append(append(append(buf[:0], rs[:i]...), c), rs[i:]...)
			add(buf)
		}
	}
	if all {
		for i := 1; i < n; i++ { // split into two words
			buf = append(append(append(buf[:0], rs[:i]...), ' '), rs[i:]...)
			add(buf)
		}
	}
	return out
}

// rank checks candidates and adds the good ones, best first: those that
// keep the first letter and whose changed character is a keyboard
// neighbour or an accent variant of the original come first.
func (s *oldSuggester) rank(orig []rune, cands []string) {
	type scored struct {
		w     string
		score int
	}
	var good []scored
	for _, c := range cands {
		if s.spent() {
			break
		}
		if s.seen[c] {
			continue
		}
		s.seen[c] = true
		if s.good(c) {
			good = append(good, scored{c, s.score(orig, c)})
		}
	}
	slices.SortStableFunc(good, func(a, b scored) int { return b.score - a.score })
	for _, g := range good {
		if len(s.out) >= MaxSuggestions {
			return
		}
		s.out = append(s.out, g.w)
	}
}

// score rates a candidate against the original word.
func (s *oldSuggester) score(orig []rune, c string) int {
	cr := []rune(c)
	if strings.EqualFold(c, string(orig)) {
		return 7 // case only: ranks below a close edit keeping the case
	}
	sc := 0
	if len(cr) > 0 && len(orig) > 0 && cr[0] == orig[0] {
		sc += 8
	}
	if strings.Contains(c, " ") {
		sc -= 6
	}
	switch {
	case len(cr) == len(orig):
		diff := 0
		for i := range cr {
			if cr[i] != orig[i] {
				diff++
				if base(cr[i]) == base(orig[i]) {
					sc += 6 // accent: etait → était
				} else if s.d.neighbours(cr[i], orig[i]) {
					sc += 4
				}
			}
		}
		if diff == 2 {
			sc += 2 // a swap
		}
	case len(cr) == len(orig)+1 && doubles(cr, orig), len(orig) == len(cr)+1 && doubles(orig, cr):
		sc += 5 // speling → spelling, tommorow → tomorrow
	}
	return sc
}
