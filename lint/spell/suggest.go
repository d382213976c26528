package spell

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
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

func (d *Dict) suggest(word string, extra Words, twoEdits bool) []string {
	s := &suggester{d: d, extra: extra, seen: map[string]bool{word: true}}
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

type suggester struct {
	d      *Dict
	extra  Words
	seen   map[string]bool
	out    []string
	checks int
}

func (s *suggester) spent() bool {
	return s.checks >= suggestBudget
}

// good reports whether c is a word that may be suggested.
func (s *suggester) good(c string) bool {
	s.checks++
	if strings.Contains(c, " ") {
		a, b, _ := strings.Cut(c, " ")
		return len(a) > 1 && len(b) > 1 && s.good(a) && s.good(b)
	}
	r, fl := s.d.checkCase(c, s.extra)
	return r == found && !has(fl, s.d.noSuggest)
}

// try adds c to the suggestions when it is a good word.
func (s *suggester) try(c string) {
	if len(s.out) >= MaxSuggestions || s.seen[c] {
		return
	}
	s.seen[c] = true
	if s.good(c) {
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

// edits1 lists the words one edit from rs, in order of likelihood:
// swaps, replacements, deletions, insertions and, with all, splits into
// two words.
func (s *suggester) edits1(rs []rune, chars []rune, all bool) []string {
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
func (s *suggester) rank(orig []rune, cands []string) {
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
