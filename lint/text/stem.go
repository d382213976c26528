package text

import (
	"sync/atomic"

	"github.com/presend/presend/internal/readmap"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

//go:generate go test -run ^TestBuiltinStems$ -update .

// maxStems bounds a Stemmer's cache; past it, stems are computed but not kept.
const maxStems = 200_000

// Stemmer computes snowball stems (English, French) and caches them. One
// Stemmer belongs to one Linter; it is safe for concurrent use. Once warm the
// cache is only read, without a lock (internal/readmap).
type Stemmer struct {
	en, fr readmap.Map[stemmed] // word → stem
	lists  listStems            // the words of compiled lists (phrasewords.go)
	// builtinRead marks the words of the built-in tables (en, fr) that
	// StemListed read: the words of the lists this Linter compiled, which
	// TestBuiltinStems regenerates builtin_stems.go from.
	builtinRead [2][]atomic.Uint64
}

// NewStemmer returns an empty cache.
func NewStemmer() *Stemmer {
	s := &Stemmer{}
	s.en.Max, s.fr.Max = maxStems, maxStems
	for i := range s.builtinRead {
		s.builtinRead[i] = make([]atomic.Uint64, (builtinStems[i].len()+63)/64)
	}
	return s
}

// builtinStem is StemListed for the words of the built-in lists: their
// stems read from the generated table, without a lock, where each word
// stemmed once took a mutex twice (the lists compile on every core).
func (s *Stemmer) builtinStem(lang, word string) (string, bool) {
	i := 0
	if lang == "fr" {
		i = 1
	}
	t := &builtinStems[i]
	k, ok := t.find(word)
	if !ok {
		return "", false
	}
	bit, w := uint64(1)<<(k&63), &s.builtinRead[i][k>>6]
	if w.Load()&bit == 0 {
		w.Or(bit)
	}
	return t.stem(k), true
}

// stemmed is a cached stem with its tokenHash, which the phrase filters
// ask of nearly every word: hashed once per word and Linter, not once per
// message.
type stemmed struct {
	stem string
	hash uint32
}

// Stem returns the stem of a lower-case word in lang ("fr", anything else is
// English). A nil Stemmer stems without caching.
func (s *Stemmer) Stem(lang, word string) string {
	st, _ := s.stemHashed(lang, word)
	return st
}

// stemHashed is Stem with tokenHash of the stem.
func (s *Stemmer) stemHashed(lang, word string) (string, uint32) {
	if s == nil {
		st := stem(lang, word)
		return st, tokenHash(st)
	}
	c := &s.en
	if lang == "fr" {
		c = &s.fr
	}
	if e, ok := c.Get(word); ok {
		return e.stem, e.hash
	}
	st := stem(lang, word)
	h := tokenHash(st)
	c.Put(word, stemmed{st, h})
	return st, h
}

// stem returns snowball's stem of word in lang. The words of the built-in
// lists, which every Linter stems at start-up (a third of its build when
// snowball computed them), are read from a table generated from snowball's
// own output (builtin_stems.go, kept true by TestBuiltinStems).
func stem(lang, word string) string {
	if lang == "fr" {
		if st, ok := builtinStems[1].lookup(word); ok {
			return st
		}
		return french.Stem(word, true)
	}
	if st, ok := builtinStems[0].lookup(word); ok {
		return st
	}
	return english.Stem(word, true)
}
