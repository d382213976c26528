package text

import (
	"sync"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// maxStems bounds a Stemmer's cache; past it, stems are computed but not kept.
const maxStems = 200_000

// Stemmer computes snowball stems (English, French) and caches them. One
// Stemmer belongs to one Linter; it is safe for concurrent use.
type Stemmer struct {
	mu sync.RWMutex
	en map[string]string
	fr map[string]string
}

// NewStemmer returns an empty cache.
func NewStemmer() *Stemmer {
	return &Stemmer{en: map[string]string{}, fr: map[string]string{}}
}

// Stem returns the stem of a lower-case word in lang ("fr", anything else is
// English). A nil Stemmer stems without caching.
func (s *Stemmer) Stem(lang, word string) string {
	if s == nil {
		return stem(lang, word)
	}
	m := s.en
	if lang == "fr" {
		m = s.fr
	}
	s.mu.RLock()
	st, ok := m[word]
	s.mu.RUnlock()
	if ok {
		return st
	}
	st = stem(lang, word)
	s.mu.Lock()
	if len(m) < maxStems {
		m[word] = st
	}
	s.mu.Unlock()
	return st
}

func stem(lang, word string) string {
	if lang == "fr" {
		return french.Stem(word, true)
	}
	return english.Stem(word, true)
}

// phraseWords returns the stems, or with exact the lower-case forms, of a
// phrase's tokens but punctuation.
func (s *Stemmer) phraseWords(lang, phrase string, exact bool) []string {
	a := Analyze(phrase, Options{Lang: lang, Stems: s})
	out := make([]string, 0, len(a.Tokens))
	for i, t := range a.Tokens {
		if t.Kind == Punct {
			continue
		}
		if exact {
			out = append(out, a.Lower(i))
		} else {
			out = append(out, a.Stem(i))
		}
	}
	return out
}
