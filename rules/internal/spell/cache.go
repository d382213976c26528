package spell

import (
	"container/list"
	"slices"
	"strings"
	"sync"
)

// SuggestCache remembers the suggestions of the words it was asked about,
// for one dictionary and one set of extra words: real messages repeat their
// misspellings (5,603 searches for 1,611 distinct words in 10,000 SMS), and
// a search costs hundreds of dictionary checks where a hit costs a map
// lookup. It holds at most its capacity of words and forgets the least
// recently used first. It is safe for concurrent use; two goroutines asking
// for the same new word at once may both search, and get the same answer.
type SuggestCache struct {
	d     *Dict
	extra Words
	max   int

	mu    sync.Mutex
	words map[string]*list.Element // word → element of lru
	lru   list.List                // *cacheEntry, most recent first
}

type cacheEntry struct {
	word string
	sugg []string
}

// DefaultSuggestCacheSize is the capacity NewSuggestCache uses for 0: a
// few hundred bytes per word, so about 2 MB at most.
const DefaultSuggestCacheSize = 8192

// NewSuggestCache returns an empty cache of SuggestNear's answers for d with
// extra, holding up to size words (0: DefaultSuggestCacheSize).
func NewSuggestCache(d *Dict, extra Words, size int) *SuggestCache {
	if size <= 0 {
		size = DefaultSuggestCacheSize
	}
	return &SuggestCache{d: d, extra: extra, max: size, words: map[string]*list.Element{}}
}

// SuggestNear returns d.SuggestNear(word, extra), from the cache when the
// word was asked before. The slice is the caller's.
func (c *SuggestCache) SuggestNear(word string) []string {
	return slices.Clone(c.get(word))
}

// Best returns the first of SuggestNear's suggestions, or "": what a fix
// offers, without a copy of the list.
func (c *SuggestCache) Best(word string) string {
	if s := c.get(word); len(s) > 0 {
		return s[0]
	}
	return ""
}

// get returns the cached suggestions of word, searching for them first if
// they are not: the cache's own slice, never to be changed.
func (c *SuggestCache) get(word string) []string {
	c.mu.Lock()
	if e, ok := c.words[word]; ok {
		c.lru.MoveToFront(e)
		s := e.Value.(*cacheEntry).sugg
		c.mu.Unlock()
		return s
	}
	c.mu.Unlock()
	s := slices.Clip(c.d.SuggestNear(word, c.extra))
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.words[word]; !ok {
		if c.lru.Len() >= c.max {
			old := c.lru.Back()
			c.lru.Remove(old)
			delete(c.words, old.Value.(*cacheEntry).word)
		}
		// A copy of the word: it is often a slice of a whole message, which
		// the cache must not keep alive.
		word = strings.Clone(word)
		c.words[word] = c.lru.PushFront(&cacheEntry{word: word, sugg: s})
	}
	return s
}

// Len is the number of words in the cache.
func (c *SuggestCache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
