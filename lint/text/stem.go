package text

import (
	"maps"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// maxStems bounds a Stemmer's cache; past it, stems are computed but not kept.
const maxStems = 200_000

// Stemmer computes snowball stems (English, French) and caches them. One
// Stemmer belongs to one Linter; it is safe for concurrent use. Once warm the
// cache is only read, and a read is one atomic load and a lookup in a plain
// map that is never written after it is published: no lock, nothing shared
// written (an RWMutex made the cores contend on its reader count, and a
// sync.Map costs twice a map's lookup).
type Stemmer struct {
	en, fr stemCache
}

// stemCache is a word → stem map in two parts: snap, published and never
// written again, read without a lock; and pending, the stems stored since,
// under mu. pending is merged into a new snap when it has grown by a quarter
// of snap, or when lookups have found words in it often enough to pay for
// the copy, so every word read often ends up in snap.
type stemCache struct {
	snap atomic.Pointer[map[string]string]

	mu      sync.Mutex
	pending map[string]string
	hits    int // lookups answered from pending since snap was published
	n       int // words in snap and pending
}

// minPublish is the least number of pending stems (or of lookups answered
// from them) that publishes a new snapshot.
const minPublish = 64

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
	if m := c.snap.Load(); m != nil {
		if st, ok := (*m)[word]; ok {
			return st
		}
	}
	c.mu.Lock()
	st, ok := c.pending[word]
	if ok {
		c.hits++
		c.publishIfDue()
	}
	c.mu.Unlock()
	if ok {
		return st
	}
	st = stem(lang, word)
	c.put(word, st)
	return st
}

// put stores a stem, up to maxStems words.
func (c *stemCache) put(word, st string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n >= maxStems {
		return
	}
	if _, ok := c.pending[word]; ok {
		return // another goroutine stemmed it too
	}
	if m := c.snap.Load(); m != nil {
		if _, ok := (*m)[word]; ok {
			return
		}
	}
	if c.pending == nil {
		c.pending = map[string]string{}
	}
	// A copy: the word is often a slice of a whole message, which the
	// cache must not keep alive.
	c.pending[strings.Clone(word)] = st
	c.n++
	c.publishIfDue()
}

// publishIfDue merges pending into a new snapshot when it is due; c.mu is
// held.
func (c *stemCache) publishIfDue() {
	size := 0
	old := c.snap.Load()
	if old != nil {
		size = len(*old)
	}
	if len(c.pending) < max(minPublish, size/4) && c.hits < max(minPublish, size) {
		return
	}
	m := make(map[string]string, size+len(c.pending))
	if old != nil {
		maps.Copy(m, *old)
	}
	maps.Copy(m, c.pending)
	c.snap.Store(&m)
	c.pending, c.hits = nil, 0
}

// len is the number of words cached.
func (c *stemCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// cached returns the cached stem of word.
func (c *stemCache) cached(word string) (string, bool) {
	if m := c.snap.Load(); m != nil {
		if st, ok := (*m)[word]; ok {
			return st, true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st, ok := c.pending[word]
	return st, ok
}

func stem(lang, word string) string {
	if lang == "fr" {
		return french.Stem(word, true)
	}
	return english.Stem(word, true)
}
