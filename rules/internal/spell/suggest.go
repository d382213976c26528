package spell

import (
	"bytes"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Suggestion limits: Suggest stops after MaxSuggestions words, and spends
// at most suggestBudget dictionary checks on one word (up to about 150 ms
// for a long word with no suggestion, two edits deep; SuggestNear stays far
// below). The budget counts checks, not time, so the suggestions for a
// word are the same on a loaded machine as on an idle one.
const (
	MaxSuggestions = 5
	suggestBudget  = 40000
	// try2 is how many of the TRY characters (the most frequent first) the
	// second round of edits uses.
	try2 = 26
)

// Suggest returns up to MaxSuggestions corrections of a misspelled word,
// best first: a differently capitalised form, REP table replacements, then
// words one edit away (swapped, replaced, deleted or inserted characters,
// replacements taken from TRY, keyboard neighbours from KEY first), then two
// edits away, within a bounded number of dictionary checks. Words flagged
// NOSUGGEST are never suggested.
func (d *Dict) Suggest(word string) []string { return d.SuggestWith(word, nil) }

// SuggestWith is Suggest with extra accepted words.
func (d *Dict) SuggestWith(word string, extra Words) []string {
	return d.suggest(word, extra, true)
}

// SuggestNear is SuggestWith without the second round of edits: at most a
// few hundred dictionary checks, about a tenth of a millisecond a word, for
// the linter's hot path. Words two edits away get no suggestion.
func (d *Dict) SuggestNear(word string, extra Words) []string {
	return d.suggest(word, extra, false)
}

func (d *Dict) suggest(word string, extra Words, twoEdits bool) (res []string) {
	if m := d.m; m != nil {
		if alt := m.alt.Load(); alt != nil {
			return alt.suggest(word, extra, twoEdits)
		}
		// As in CheckWith: a bad block or a fault, and the parsed
		// dictionary answers.
		prev := debug.SetPanicOnFault(true)
		defer func() {
			debug.SetPanicOnFault(prev)
			if r := recover(); r != nil {
				res = m.recovered(r).suggest(word, extra, twoEdits)
			}
		}()
	}
	s := suggesters.Get().(*suggester)
	defer s.release()
	s.d, s.extra = d, extra
	s.extraKeys.build(extra)
	s.seen.addString(word)
	w := d.convert(word)
	s.seen.addString(w)
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
	edits := &s.first
	edits.addString(low)
	edits.addString(initial(low))
	edits.addString(strings.ToUpper(w))
	s.edits1(edits, rs, d.tryRunes(0), true)
	s.rank(rs, edits)
	if len(s.out) == 0 && twoEdits {
		// Two edits: every first edit, extended by a second one with the
		// most frequent characters only, until the budget runs out.
		chars := d.tryRunes(try2)
		for i := range edits.len() {
			if s.spent() || len(s.out) >= MaxSuggestions {
				break
			}
			s.runes = appendRunes(s.runes[:0], edits.at(i))
			s.second.reset()
			s.edits1(&s.second, s.runes, chars, false)
			s.rank(rs, &s.second)
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

// appendRunes appends the runes of the UTF-8 text b to rs, as []rune(string(b)).
func appendRunes(rs []rune, b []byte) []rune {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		rs = append(rs, r)
		b = b[n:]
	}
	return rs
}

// suggester is the state of one search. Its buffers are reused from search
// to search (suggesters): candidates are written into one byte buffer and
// de-duplicated in an open-addressed set over another, so a search
// allocates only for the words it suggests.
type suggester struct {
	d      *Dict
	extra  Words
	seen   seenSet
	out    []string
	checks int

	first, second candList
	wb            []byte // the word being edited, re-encoded
	pos           []int  // byte offset of each of its runes, and its length
	runes         []rune
	good          []scored
	extraKeys     extraFilter
}

// extraFilter tells the candidates that cannot be an extra word in any
// capitalisation checkCase tries: case mapping keeps the number of runes,
// and keeps an ASCII first letter ASCII (and the same letter). A candidate
// whose first byte is not ASCII always passes.
type extraFilter struct {
	lengths uint64    // bit n: an extra word of n runes (63: 63 or more)
	firsts  [4]uint64 // bit b: an extra word whose first byte, lower-cased, is the ASCII b
	any     bool      // some extra word
}

func (f *extraFilter) build(extra Words) {
	*f = extraFilter{any: len(extra) > 0}
	for w := range extra {
		f.lengths |= 1 << min(utf8.RuneCountInString(w), 63)
		if w != "" && w[0] < utf8.RuneSelf {
			b := lowerASCII(w[0])
			f.firsts[b/64] |= 1 << (b % 64)
		}
	}
}

func (f *extraFilter) may(c []byte) bool {
	if !f.any {
		return false
	}
	if f.lengths&(1<<min(utf8.RuneCount(c), 63)) == 0 {
		return false
	}
	if len(c) == 0 || c[0] >= utf8.RuneSelf {
		return true
	}
	b := lowerASCII(c[0])
	return f.firsts[b/64]&(1<<(b%64)) != 0
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

type scored struct {
	w     string
	score int
}

var suggesters = sync.Pool{New: func() any { return &suggester{} }}

// release returns s to the pool, without its results.
func (s *suggester) release() {
	s.d, s.extra, s.out, s.checks = nil, nil, nil, 0
	s.seen.reset()
	s.first.reset()
	s.second.reset()
	clear(s.good[:cap(s.good)])
	s.good = s.good[:0]
	suggesters.Put(s)
}

func (s *suggester) spent() bool {
	return s.checks >= suggestBudget
}

// isGood reports whether c is a word that may be suggested.
func (s *suggester) isGood(c []byte) bool { return s.isGoodHashed(c, hashKey(c)) }

// isGoodHashed is isGood with h = hashKey(c).
func (s *suggester) isGoodHashed(c []byte, h uint64) bool {
	s.checks++
	if i := bytes.IndexByte(c, ' '); i >= 0 {
		a, b := c[:i], c[i+1:]
		return len(a) > 1 && len(b) > 1 && s.isGood(a) && s.isGood(b)
	}
	extra := s.extra
	if !s.extraKeys.may(c) {
		extra = nil // no extra word has c's length and first letter: skip the map
	}
	// The string shares c's bytes for the length of the check, which keeps
	// no reference to it: one candidate, no copy.
	r, fl := s.d.checkCaseHashed(unsafe.String(unsafe.SliceData(c), len(c)), extra, h) //nolint:gosec // read-only view, not retained (see above)
	return r == found && !has(fl, s.d.noSuggest)
}

// try adds c to the suggestions when it is a good word.
func (s *suggester) try(c string) {
	if len(s.out) >= MaxSuggestions || !s.seen.addString(c) {
		return
	}
	if s.isGood([]byte(c)) {
		s.out = append(s.out, c)
	}
}

// tryRunes returns the TRY characters, at most n of them (0: all).
func (d *Dict) tryRunes(n int) []rune {
	rs := []rune(d.try)
	if len(rs) == 0 {
		rs = []rune("esianrtolcdugmphbyfvkwzxjq")
	}
	if n > 0 && len(rs) > n {
		rs = rs[:n]
	}
	return rs
}

// edits1 appends to out the words one edit from rs, in order of
// likelihood: swaps, replacements, deletions, insertions and, with all,
// splits into two words.
func (s *suggester) edits1(out *candList, rs []rune, chars []rune, all bool) {
	s.wb, s.pos = s.wb[:0], s.pos[:0]
	for _, r := range rs {
		s.pos = append(s.pos, len(s.wb))
		s.wb = utf8.AppendRune(s.wb, r)
	}
	s.pos = append(s.pos, len(s.wb))
	wb, pos := s.wb, s.pos
	n := len(rs)
	for i := 0; i+1 < n; i++ { // swap
		out.add(wb[:pos[i]], wb[pos[i+1]:pos[i+2]], wb[pos[i]:pos[i+1]], wb[pos[i+2]:])
	}
	var enc [utf8.UTFMax]byte
	for i := range n { // replace
		for _, c := range chars {
			if c == rs[i] || unicode.IsUpper(c) && !unicode.IsUpper(rs[i]) {
				continue
			}
			out.add(wb[:pos[i]], utf8.AppendRune(enc[:0], c), wb[pos[i+1]:], nil)
		}
	}
	for i := range n { // delete
		out.add(wb[:pos[i]], wb[pos[i+1]:], nil, nil)
	}
	for i := 0; i <= n; i++ { // insert
		for _, c := range chars {
			if unicode.IsUpper(c) {
				continue
			}
			out.add(wb[:pos[i]], utf8.AppendRune(enc[:0], c), wb[pos[i]:], nil)
		}
		if all {
			out.add(wb[:pos[i]], []byte{'\''}, wb[pos[i]:], nil)
			out.add(wb[:pos[i]], []byte{'-'}, wb[pos[i]:], nil)
		}
	}
	if all {
		for i := 1; i < n; i++ { // split into two words
			out.add(wb[:pos[i]], []byte{' '}, wb[pos[i]:], nil)
		}
	}
}

// rank checks candidates and adds the good ones, best first: those that
// keep the first letter and whose changed character is a keyboard
// neighbour or an accent variant of the original come first.
func (s *suggester) rank(orig []rune, cands *candList) {
	good := s.good[:0]
	for i := range cands.len() {
		if s.spent() {
			break
		}
		c := cands.at(i)
		// One hash of the candidate for the set of those seen and for
		// its dictionary lookup.
		h := hashKey(c)
		if !s.seen.addHashed(c, h) {
			continue
		}
		if s.isGoodHashed(c, h) {
			w := string(c)
			good = append(good, scored{w, s.score(orig, w)})
		}
	}
	s.good = good
	slices.SortStableFunc(good, func(a, b scored) int { return b.score - a.score })
	for _, g := range good {
		if len(s.out) >= MaxSuggestions {
			return
		}
		s.out = append(s.out, g.w)
	}
}

// candList is a list of candidate words in one byte buffer.
type candList struct {
	buf  []byte
	ends []int // candidate i is buf[ends[i-1]:ends[i]]
}

func (l *candList) reset() { l.buf, l.ends = l.buf[:0], l.ends[:0] }

func (l *candList) len() int { return len(l.ends) }

func (l *candList) at(i int) []byte {
	start := 0
	if i > 0 {
		start = l.ends[i-1]
	}
	return l.buf[start:l.ends[i]]
}

// add appends the candidate made of the four parts.
func (l *candList) add(a, b, c, d []byte) {
	l.buf = append(append(append(append(l.buf, a...), b...), c...), d...)
	l.ends = append(l.ends, len(l.buf))
}

func (l *candList) addString(s string) {
	l.buf = append(l.buf, s...)
	l.ends = append(l.ends, len(l.buf))
}

// seenSet is the set of the candidates of one search: an open-addressed
// table over a byte arena, reused from search to search.
type seenSet struct {
	arena []byte
	slots []seenSlot
	n     int
}

type seenSlot struct {
	hash     uint32
	off, len uint32 // len+1; 0: empty
}

const seenMin = 1024

func (t *seenSet) reset() {
	t.arena = t.arena[:0]
	t.n = 0
	if len(t.slots) > 4*seenMin {
		t.slots = nil // a deep search grew it: do not clear it for every search
	} else {
		clear(t.slots)
	}
}

func (t *seenSet) addString(s string) bool { return t.add([]byte(s)) }

// add adds k and reports whether it was new.
func (t *seenSet) add(k []byte) bool { return t.addHashed(k, hashKey(k)) }

// addHashed is add with hk = hashKey(k).
func (t *seenSet) addHashed(k []byte, hk uint64) bool {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	h := uint32(hk) //nolint:gosec // the low half of the hash
	mask := len(t.slots) - 1
	for j := int(h) & mask; ; j = (j + 1) & mask {
		sl := &t.slots[j]
		if sl.len == 0 {
			*sl = seenSlot{hash: h, off: uint32(len(t.arena)), len: uint32(len(k)) + 1} //nolint:gosec // one search's candidates: a few MB at most
			t.arena = append(t.arena, k...)
			t.n++
			return true
		}
		if sl.hash == h && string(t.arena[sl.off:sl.off+sl.len-1]) == string(k) {
			return false
		}
	}
}

func (t *seenSet) grow() {
	old := t.slots
	t.slots = make([]seenSlot, max(seenMin, 2*len(old)))
	mask := len(t.slots) - 1
	for _, sl := range old {
		if sl.len == 0 {
			continue
		}
		for j := int(sl.hash) & mask; ; j = (j + 1) & mask {
			if t.slots[j].len == 0 {
				t.slots[j] = sl
				break
			}
		}
	}
}

// score rates a candidate against the original word.
func (s *suggester) score(orig []rune, c string) int {
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

// neighbours reports whether a and b are next to each other on a KEY row.
func (d *Dict) neighbours(a, b rune) bool {
	for _, row := range d.key {
		i := strings.IndexRune(row, a)
		if i < 0 {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(row[:i]); r == b && i > 0 {
			return true
		}
		_, n := utf8.DecodeRuneInString(row[i:])
		if r, _ := utf8.DecodeRuneInString(row[i+n:]); r == b {
			return true
		}
	}
	return false
}

// base strips a Latin accent: é → e.
func base(r rune) rune {
	switch r {
	case 'à', 'â', 'ä', 'á':
		return 'a'
	case 'é', 'è', 'ê', 'ë':
		return 'e'
	case 'î', 'ï', 'í':
		return 'i'
	case 'ô', 'ö', 'ó':
		return 'o'
	case 'ù', 'û', 'ü', 'ú':
		return 'u'
	case 'ç':
		return 'c'
	}
	return r
}

// doubles reports whether long is short with one letter doubled.
func doubles(long, short []rune) bool {
	for i := range short {
		if long[i] != short[i] {
			return i > 0 && long[i] == long[i-1] && string(long[i+1:]) == string(short[i:])
		}
	}
	return long[len(long)-1] == long[len(long)-2]
}
