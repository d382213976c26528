package text

import (
	"bufio"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// PhraseSet matches phrases on stems, so inflections count ("offres" matches
// "offre", "discounted" matches "discount"). Each language's phrases are
// compiled on the first use of that language (a run of English messages
// never compiles the French lists) and then only read: safe for concurrent
// use.
type PhraseSet struct {
	byLang map[string]*lazyTable
	en, fr *lazyTable // byLang's, found without a map lookup
	exact  bool       // match lower-case words, not stems
}

// lazyTable is one language's phraseTable, compiled on first use. Its
// phrases were checked when the set was compiled (checkPhrases): the only
// error compileTable can return is theirs.
type lazyTable struct {
	once  sync.Once
	t     *phraseTable
	stems *Stemmer
	lang  string
	list  []string
	exact bool
}

// get compiles the table on the first call and returns it.
func (lt *lazyTable) get() *phraseTable {
	lt.once.Do(func() {
		t, err := compileTable(lt.stems, lt.lang, lt.list, lt.exact)
		if err != nil {
			// Unreachable: checkPhrases refused the lists compileTable
			// refuses (TestCheckPhrasesOracle). An empty table matches
			// nothing.
			t, _ = compileTable(nil, lt.lang, nil, true)
		}
		lt.t, lt.list = t, nil
	})
	return lt.t
}

// phraseTable holds one language's phrases by the hash of their first
// word (Analysis.wordHash: computed once per token and shared by every
// set), with a filter of the first words: most tokens start no phrase, and
// the filter turns them away without a map lookup.
type phraseTable struct {
	// all holds every phrase, by first word (as at finds them: by hash):
	// first word g's are all[groupEnds[g-1]:groupEnds[g]], in windows that
	// firsts and pairLists hold.
	all       []phrase
	groupEnds []int32
	filter    WordFilter
	// What at reads: by first word, the phrases
	// of one word and whether longer ones start there; the longer ones by
	// their first two words, so that a common first word ("your", "pour")
	// does not walk all its phrases at every occurrence.
	first     hashIndex // tokenHash of the first word → index in firsts
	firsts    []firstWord
	pairs     hashIndex // pairKey → index in pairLists
	pairLists [][]phrase
}

// hashIndex maps keys that are never 0 (word hashes, whose bit 31 is set,
// and pairs of them) to indexes: open addressing in a power-of-two table at
// most half full, where at looked up two Go maps for every token that may
// start a phrase.
type hashIndex struct {
	keys  []uint64 // 0: empty
	idx   []int32
	shift uint8
}

// newHashIndex indexes keys, keys[i] → i. Keys must be distinct and not 0.
func newHashIndex(keys []uint64) hashIndex {
	x := makeHashIndex(len(keys))
	for i, k := range keys {
		x.add(k, int32(i))
	}
	return x
}

// makeHashIndex returns an empty index with room for n keys.
func makeHashIndex(n int) hashIndex {
	bits := 1
	for 1<<bits < 2*n {
		bits++
	}
	return hashIndex{keys: make([]uint64, 1<<bits), idx: make([]int32, 1<<bits), shift: uint8(64 - bits)}
}

// add returns the index of key k (not 0), adding k → i first if k is not
// there yet, and whether it did. The index must have room for k (makeHashIndex).
func (x *hashIndex) add(k uint64, i int32) (int32, bool) {
	mask := uint64(len(x.keys) - 1)
	j := x.slot(k)
	for ; x.keys[j] != 0; j = (j + 1) & mask {
		if x.keys[j] == k {
			return x.idx[j], false
		}
	}
	x.keys[j], x.idx[j] = k, i
	return i, true
}

// slot is where the probe for k starts (multiplicative hashing: the top
// bits of k times a large odd constant).
func (x *hashIndex) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> x.shift }

// get returns the index of key k, or -1.
func (x *hashIndex) get(k uint64) int32 {
	if len(x.keys) == 0 {
		return -1
	}
	mask := uint64(len(x.keys) - 1)
	for j := x.slot(k); ; j = (j + 1) & mask {
		switch x.keys[j] {
		case k:
			return x.idx[j]
		case 0:
			return -1
		}
	}
}

type firstWord struct {
	single []phrase // one-word phrases
	longer bool     // pairs holds phrases of two words or more that start with it
}

// pairKey is the key in pairs of a phrase whose first two words hash to h1, h2.
func pairKey(h1, h2 uint32) uint64 { return uint64(h1)<<32 | uint64(h2) }

// table returns the phrases of lang, compiled on the first call, or nil.
func (ps *PhraseSet) table(lang string) *phraseTable {
	var lt *lazyTable
	switch lang {
	case "en":
		lt = ps.en
	case "fr":
		lt = ps.fr
	default:
		lt = ps.byLang[lang]
	}
	if lt == nil {
		return nil
	}
	return lt.get()
}

// WordFilter is a 4096-bit Bloom filter of words (stems or lower-case
// forms) with two probes: a token whose word was never added is turned away
// for the cost of two bit tests, its hash being computed once per message
// and shared by every filter. With the ~340 words of spam's biggest index
// about 2 % of other words get through (one probe in 1,024 bits let a third
// through). The zero value is empty.
type WordFilter [64]uint64

// Add adds a stem or lower-case word.
func (f *WordFilter) Add(w string) {
	h := uint32(wordHash(w))
	a, b := h&4095, h>>12&4095
	f[a>>6] |= 1 << (a & 63)
	f[b>>6] |= 1 << (b & 63)
}

func (f *WordFilter) has(h uint32) bool {
	a, b := h&4095, h>>12&4095
	return f[a>>6]&(1<<(a&63)) != 0 && f[b>>6]&(1<<(b&63)) != 0
}

// MayHaveStem reports whether token i's stem may have been added; false is
// certain.
func (f *WordFilter) MayHaveStem(a *Analysis, i int) bool { return f.has(a.stemHash(i)) }

// MayHaveLower reports whether token i in lower case may have been added;
// false is certain.
func (f *WordFilter) MayHaveLower(a *Analysis, i int) bool { return f.has(a.lowerHash(i)) }

type phrase struct {
	text   string
	stems  []string
	hashes []uint32 // of stems, as Analysis.wordHash gives them: most words differ there
}

// Match is one phrase found in a message.
type Match struct {
	Span
	Phrase      string // the phrase as listed
	First, Last int    // token indexes, Last exclusive
}

// ParsePhraseList reads a word list: one phrase per line, blank lines and
// lines starting with # ignored. name is used in errors. The phrases share
// data's memory (the built-in lists are parsed at every start-up). Lines
// are split as bufio.Scanner's ScanLines splits them, and one of 64 KiB or
// more is bufio.ErrTooLong, as it was when a Scanner read the list.
func ParsePhraseList(name, data string) ([]string, error) {
	var out []string
	for n := 1; data != ""; n++ {
		raw, rest, _ := strings.Cut(data, "\n")
		data = rest
		if len(raw) >= bufio.MaxScanTokenSize {
			return out, bufio.ErrTooLong
		}
		l := strings.TrimSpace(raw) // a CR before the LF too
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.ContainsAny(l, "\t") {
			return nil, fmt.Errorf("%s:%d: tab in phrase %q", name, n, l)
		}
		if out == nil {
			out = make([]string, 0, strings.Count(data, "\n")+1)
		}
		out = append(out, l)
	}
	return out, nil
}

// CompilePhrases builds a PhraseSet from phrases per language ("en", "fr"),
// matched on stems. A phrase with no words is an error. The set keeps each
// language's slice until its first message in that language, when it
// compiles the table: the caller must not change the slices afterwards.
func CompilePhrases(stems *Stemmer, phrases map[string][]string) (*PhraseSet, error) {
	return compilePhrases(stems, phrases, false)
}

// CompileExactPhrases builds a PhraseSet that matches words as written, in
// any case: for terms that do not inflect (names, dates) and whose stems
// would collide ("Marie" and "mars" share the French stem "mar").
// It keeps the slices as CompilePhrases does.
func CompileExactPhrases(phrases map[string][]string) (*PhraseSet, error) {
	return compilePhrases(nil, phrases, true)
}

// compilePhrases checks every language's phrases now and compiles each
// language's table on its first use.
func compilePhrases(stems *Stemmer, phrases map[string][]string, exact bool) (*PhraseSet, error) {
	ps := &PhraseSet{byLang: make(map[string]*lazyTable, len(phrases)), exact: exact}
	for lang, list := range phrases {
		if err := stems.checkPhrases(lang, list); err != nil {
			return nil, err
		}
		lt := &lazyTable{stems: stems, lang: lang, list: list, exact: exact}
		if !exact {
			stems.addLazy(lt)
		}
		ps.byLang[lang] = lt
	}
	ps.en, ps.fr = ps.byLang["en"], ps.byLang["fr"]
	return ps, nil
}

// checkPhrases returns the error compileTable would return for list in
// lang, without stemming or indexing: the first phrase in which
// appendPhraseWords finds no word.
func (s *Stemmer) checkPhrases(lang string, list []string) error {
	for _, p := range list {
		if !s.hasWords(lang, p) {
			return fmt.Errorf("phrase %q has no words", p)
		}
	}
	return nil
}

// hasWords reports whether appendPhraseWords finds a word in phrase: one
// token that is not punctuation, tokenized as appendPhraseWords does.
func (s *Stemmer) hasWords(lang, phrase string) bool {
	if lang != "en" && lang != "fr" {
		return len(s.phraseWordsAnalyzed(lang, phrase, true)) > 0
	}
	if plainWords(phrase) {
		return strings.Trim(phrase, " ") != ""
	}
	var buf [8]Token
	for _, t := range tokenize(buf[:0], phrase) {
		if t.Kind != Punct {
			return true
		}
	}
	return false
}

// compileTable compiles one language's phrases. Lists of thousands of
// phrases compile at every start-up, so it allocates per list, not per
// phrase, and builds no Go map: the words and hashes of all phrases share
// one backing array each; the first words and first pairs of words are
// numbered in hashIndexes grown as they are met (the indexes at reads);
// and every phrase is placed once in one array, by first word and within
// it the phrases of one word, then those of each first pair, each group
// a window in list order (the order at and longest read them in).
func compileTable(stems *Stemmer, lang string, list []string, exact bool) (*phraseTable, error) {
	// ends[i] is where phrase i's words end in words (and hashes).
	ends := make([]int32, len(list))
	// Room for the words between spaces: every word of a plain phrase,
	// most of the others' (punctuation may split one in two: "l'offre"),
	// where a guess of two a phrase grew the array twice on spam's lists.
	nwords := len(list)
	for _, p := range list {
		nwords += strings.Count(p, " ")
	}
	words := make([]string, 0, nwords+nwords/8)
	multi := 0
	for i, p := range list {
		n := len(words)
		words = stems.appendPhraseWords(words, lang, p, exact)
		if len(words) == n {
			return nil, fmt.Errorf("phrase %q has no words", p)
		}
		if len(words)-n > 1 {
			multi++
		}
		ends[i] = int32(len(words))
	}
	hashes := make([]uint32, len(words))
	for i, w := range words {
		hashes[i] = tokenHash(w)
	}
	start := func(i int) int32 {
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}

	// Number the first words and the first pairs of words in order of
	// first appearance, counting each one's phrases: group[i] is phrase i's
	// first word's number, pairOf[i] its first pair's (-1 for a phrase of
	// one word). The filter holds the first word of each first word's first
	// phrase.
	t := &phraseTable{first: makeHashIndex(len(list)), pairs: makeHashIndex(multi)}
	perPhrase := make([]int32, 2*len(list))
	group, pairOf := perPhrase[:len(list):len(list)], perPhrase[len(list):]
	// Per first word: its phrases (counts) and those of one word (singles);
	// per pair: its phrases and its first word's number. One array.
	ints := make([]int32, 0, 2*len(list)+2*multi)
	counts, singles := ints[0:0:len(list)], ints[len(list):len(list):2*len(list)]
	pairCounts, pairGroup := ints[2*len(list):2*len(list):2*len(list)+multi], ints[2*len(list)+multi:2*len(list)+multi:2*len(list)+2*multi]
	for i := range list {
		lo := start(i)
		h := hashes[lo]
		g, added := t.first.add(uint64(h), int32(len(counts)))
		if added {
			counts, singles = append(counts, 0), append(singles, 0)
			t.filter.Add(words[lo])
		}
		group[i] = g
		counts[g]++
		if ends[i]-lo == 1 {
			singles[g]++
			pairOf[i] = -1
			continue
		}
		n, added := t.pairs.add(pairKey(h, hashes[lo+1]), int32(len(pairCounts)))
		if added {
			pairCounts, pairGroup = append(pairCounts, 0), append(pairGroup, g)
		}
		pairOf[i] = n
		pairCounts[n]++
	}

	// The windows of all: first word g's phrases from groupEnds[g-1] to
	// groupEnds[g], those of one word first, then each of its pairs' in
	// order of the pairs' numbers. fill[g] is where g's next phrase of one
	// word goes, pairFill[n] pair n's next phrase.
	t.groupEnds = make([]int32, len(counts))
	fill := make([]int32, len(counts)+len(pairCounts))
	pairFill := fill[len(counts):]
	at := int32(0)
	for g, c := range counts {
		fill[g] = at
		at += c
		t.groupEnds[g] = at
		counts[g] = fill[g] + singles[g] // from here on: where g's next pair starts
	}
	for n, c := range pairCounts {
		g := pairGroup[n]
		pairFill[n] = counts[g]
		counts[g] += c
	}
	t.all = make([]phrase, len(list))
	t.firsts = make([]firstWord, len(counts))
	for g, n := range singles {
		if n > 0 {
			lo := fill[g]
			t.firsts[g].single = t.all[lo : lo+n : lo+n]
		}
	}
	if len(pairCounts) > 0 {
		t.pairLists = make([][]phrase, len(pairCounts))
		for n, c := range pairCounts {
			lo := pairFill[n]
			t.pairLists[n] = t.all[lo : lo+c : lo+c]
			t.firsts[pairGroup[n]].longer = true
		}
	}
	for i, p := range list {
		lo, hi := start(i), ends[i]
		ph := phrase{text: p, stems: words[lo:hi:hi], hashes: hashes[lo:hi:hi]}
		if n := pairOf[i]; n >= 0 {
			t.all[pairFill[n]] = ph
			pairFill[n]++
		} else {
			t.all[fill[group[i]]] = ph
			fill[group[i]]++
		}
	}
	return t, nil
}

// Find returns the phrases of the message's language found in tokens
// [from, to) of a, in order, longest first at a given start, without overlaps.
// Commas and other inner punctuation are skipped; sentence-ending punctuation
// stops a match.
func (ps *PhraseSet) Find(a *Analysis, from, to int) []Match {
	return ps.AppendFind(nil, a, from, to)
}

// AppendFind appends what Find returns to dst: the same matches, into the
// caller's buffer.
func (ps *PhraseSet) AppendFind(dst []Match, a *Analysis, from, to int) []Match {
	if ps == nil {
		return dst
	}
	t := ps.table(a.Lang)
	if t == nil || len(t.firsts) == 0 {
		return dst
	}
	for i := from; i < to; i++ {
		// at's first tests, here without a call for the many tokens
		// that start no phrase.
		if a.Tokens[i].Kind == Punct {
			continue
		}
		var h uint32
		if ps.exact {
			h = a.lowerHash(i)
		} else {
			h = a.stemHash(i)
		}
		if !t.filter.has(h) {
			continue
		}
		if m, ok := ps.at(t, a, i, to); ok {
			dst = append(dst, m)
			i = m.Last - 1
		}
	}
	return dst
}

// At returns the longest phrase of the message's language that starts at
// token i and ends before token to, as Find would match it there.
func (ps *PhraseSet) At(a *Analysis, i, to int) (Match, bool) {
	if ps == nil {
		return Match{}, false
	}
	t := ps.table(a.Lang)
	if t == nil {
		return Match{}, false
	}
	return ps.at(t, a, i, to)
}

func (ps *PhraseSet) at(t *phraseTable, a *Analysis, i, to int) (Match, bool) {
	if a.Tokens[i].Kind == Punct {
		return Match{}, false
	}
	h := a.wordHash(i, ps.exact)
	if !t.filter.has(h) {
		return Match{}, false
	}
	fi := t.first.get(uint64(h))
	if fi < 0 {
		return Match{}, false
	}
	f := &t.firsts[fi]
	best := Match{}
	if f.longer {
		// The hash of the next word, which a phrase of two words or more
		// must have as its second. None when a sentence ends first, or the
		// range does.
		var h2 uint32
		for j := i + 1; j < to; j++ {
			if t := a.Tokens[j]; t.Kind == Punct {
				if t.Has(Terminal) {
					break
				}
				continue
			}
			h2 = a.wordHash(j, ps.exact)
			break
		}
		if h2 != 0 {
			if pi := t.pairs.get(pairKey(h, h2)); pi >= 0 {
				best = ps.longest(a, i, to, t.pairLists[pi], best)
			}
		}
	}
	if best.Last == 0 {
		// A phrase of one word matches only where no longer one does: it
		// ends sooner.
		best = ps.longest(a, i, to, f.single, best)
	}
	return best, best.Last > 0
}

// longest returns the match of list at token i that ends last, the first
// listed on a tie, or best when none ends after it.
func (ps *PhraseSet) longest(a *Analysis, i, to int, list []phrase, best Match) Match {
	for k := range list {
		p := &list[k]
		if last, ok := ps.matchAt(a, i, to, p); ok && last > best.Last {
			best = Match{Span: Span{int(a.Tokens[i].Start), int(a.Tokens[last-1].End)}, Phrase: p.text, First: i, Last: last}
		}
	}
	return best
}

// matchAt matches p's words from token i, skipping inner punctuation, and
// returns the index after the last matched token. Words are compared by
// their hashes first: equal words have equal hashes.
func (ps *PhraseSet) matchAt(a *Analysis, i, to int, p *phrase) (int, bool) {
	k := 0
	for ; i < to && k < len(p.stems); i++ {
		t := a.Tokens[i]
		if t.Kind == Punct {
			if t.Has(Terminal) {
				return 0, false
			}
			continue
		}
		if a.wordHash(i, ps.exact) != p.hashes[k] || ps.word(a, i) != p.stems[k] {
			return 0, false
		}
		k++
	}
	return i, k == len(p.stems)
}

func (ps *PhraseSet) word(a *Analysis, i int) string {
	if ps.exact {
		return a.Lower(i)
	}
	return a.Stem(i)
}

// wordHash hashes a stem or lower-case word for the phrase filters (FNV-1a).
func wordHash(w string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		h = fnvByte(h, w[i])
	}
	return h ^ h>>32
}

// lowerASCIIHash is tokenHash(lower(w)) for an ASCII w, computed on w's
// bytes with their capitals made small; false when w is not ASCII.
func lowerASCIIHash(w string) (uint32, bool) {
	h := uint64(fnvOffset)
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return 0, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = fnvByte(h, c)
	}
	return uint32(h^h>>32) | 1<<31, true
}

// tokenHash is wordHash as Analysis.wordHash records it: 32 bits, never 0.
// Equal words have equal hashes; a match is then confirmed on the words.
func tokenHash(w string) uint32 {
	return uint32(wordHash(w)) | 1<<31 // never 0, which means "not computed"; the filters read the low 24 bits
}

// wordHash returns wordHash of token i's stem, or with exact of its lower
// case form, computed once per token. The cached hash is read inline (every
// phrase filter asks for every token); hashStem and hashLower compute it.
func (a *Analysis) wordHash(i int, exact bool) uint32 {
	if exact {
		return a.lowerHash(i)
	}
	return a.stemHash(i)
}

// stemHash is wordHash(i, false).
func (a *Analysis) stemHash(i int) uint32 {
	if h := a.words[i].hash[0]; h != 0 {
		return h
	}
	return a.hashStem(i)
}

// lowerHash is wordHash(i, true).
func (a *Analysis) lowerHash(i int) uint32 {
	if h := a.words[i].hash[1]; h != 0 {
		return h
	}
	return a.hashLower(i)
}

// hashStem computes and records what stemHash returns.
func (a *Analysis) hashStem(i int) uint32 {
	w := &a.words[i]
	var h uint32
	if w.stem == "" && a.Tokens[i].Kind == Word {
		// Stem's work, with the hash the Stemmer keeps beside the stem.
		w.stem, h = a.stemmer.stemHashed(a.Lang, a.Lower(i))
	} else {
		h = tokenHash(a.Stem(i))
	}
	w.hash[0] = h
	return h
}

// hashLower computes and records what lowerHash returns. An ASCII token
// is hashed as it is lowered, without Lower: most tokens are asked for
// this hash (the language guess, the filters) and only the few that pass
// need their lower-case form.
func (a *Analysis) hashLower(i int) uint32 {
	t := a.Tokens[i]
	h, ok := lowerASCIIHash(a.Text[t.Start:t.End])
	if !ok {
		h = tokenHash(a.Lower(i))
	}
	a.words[i].hash[1] = h
	return h
}
