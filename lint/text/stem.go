package text

import (
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// maxStems bounds a Stemmer's cache; past it, stems are computed but not kept.
const maxStems = 200_000

// Stemmer computes snowball stems (English, French) and caches them. One
// Stemmer belongs to one Linter; it is safe for concurrent use. The cache is
// a sync.Map: once warm it is only read, and reads from every core take no
// lock (an RWMutex made the cores contend on its reader count).
type Stemmer struct {
	en, fr stemCache
	lists  listStems // the words of compiled lists (phrasewords.go)
}

type stemCache struct {
	m sync.Map // word → stem
	n atomic.Int64
}

// NewStemmer returns an empty cache.
func NewStemmer() *Stemmer {
	return &Stemmer{}
}

// Stem returns the stem of a lower-case word in lang ("fr", anything else is
// English). A nil Stemmer stems without caching.
func (s *Stemmer) Stem(lang, word string) string {
	if s == nil {
		return stem(lang, word)
	}
	c := &s.en
	if lang == "fr" {
		c = &s.fr
	}
	if st, ok := c.m.Load(word); ok {
		return st.(string)
	}
	st := stem(lang, word)
	if c.n.Load() < maxStems {
		if _, loaded := c.m.LoadOrStore(word, st); !loaded {
			c.n.Add(1)
		}
	}
	return st
}

func stem(lang, word string) string {
	if lang == "fr" {
		return french.Stem(word, true)
	}
	return english.Stem(word, true)
}
