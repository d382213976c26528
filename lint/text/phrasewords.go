package text

import (
	"iter"
	"slices"
	"sync"
)

// PhraseWords returns the words a listed phrase is matched on in lang: the
// stems of its tokens but punctuation or, with exact, their lower-case
// forms. It is how PhraseSet compiles its phrases and how a message's words
// read through Analysis.Stem and Analysis.Lower, so that a caller matching
// listed words or phrases its own way (single-word sets, phrases before or
// after a token) compares like with like.
func (s *Stemmer) PhraseWords(lang, phrase string, exact bool) []string {
	return s.appendPhraseWords(nil, lang, phrase, exact)
}

// appendPhraseWords appends PhraseWords(lang, phrase, exact) to dst: a
// list's phrases compile into one array of words, not a slice each.
func (s *Stemmer) appendPhraseWords(dst []string, lang, phrase string, exact bool) []string {
	if lang != "en" && lang != "fr" {
		if dst == nil {
			return s.phraseWordsAnalyzed(lang, phrase, exact)
		}
		return append(dst, s.phraseWordsAnalyzed(lang, phrase, exact)...)
	}
	if plainWords(phrase) {
		// Most listed phrases are lower-case ASCII words between spaces:
		// each a Word token, already in lower case, found without the
		// tokenizer (TestPlainPhraseWords holds it to the tokenizer).
		for i := 0; i < len(phrase); {
			if phrase[i] == ' ' {
				i++
				continue
			}
			j := i + 1
			for j < len(phrase) && phrase[j] != ' ' {
				j++
			}
			w := phrase[i:j]
			if !exact {
				w = s.StemListed(lang, w)
			}
			if dst == nil {
				dst = make([]string, 0, 4)
			}
			dst = append(dst, w)
			i = j
		}
		if dst == nil {
			dst = []string{}
		}
		return dst
	}
	return s.appendTokenWords(dst, lang, phrase, exact)
}

// plainWords reports whether phrase has only the letters a to z and spaces.
func plainWords(phrase string) bool {
	for i := 0; i < len(phrase); i++ {
		if c := phrase[i]; (c < 'a' || c > 'z') && c != ' ' {
			return false
		}
	}
	return true
}

// appendTokenWords is appendPhraseWords through the tokenizer.
func (s *Stemmer) appendTokenWords(dst []string, lang, phrase string, exact bool) []string {
	// Only the tokens are needed: the words read as Analyze would give them
	// (its later passes never change a token's kind), without the
	// sentences, paragraphs and graphemes Analyze also computes. Lists
	// compile thousands of phrases at every start-up.
	var buf [8]Token
	toks := tokenize(buf[:0], phrase)
	if dst == nil {
		dst = make([]string, 0, len(toks))
	}
	for _, t := range toks {
		if t.Kind == Punct {
			continue
		}
		w := lower(phrase[t.Start:t.End])
		if !exact && t.Kind == Word {
			w = s.StemListed(lang, w)
		}
		dst = append(dst, w)
	}
	return dst
}

// listStems remembers the stems of listed words while a Linter's lists
// compile: thousands of words at every start-up, most stemmed once. A plain
// map behind a mutex costs a fraction of the sync.Map that serves messages
// (which allocates per entry, for lock-free reads from every core), and
// keeps the lists' words out of its bounded cache.
type listStems struct {
	mu sync.Mutex
	m  [2]map[string]string // en, fr
	// lazy are the tables of the sets compiled on stems with this
	// Stemmer, each compiled on its language's first message: what
	// ListedStems compiles first, for TestBuiltinStems to learn the words
	// of every built-in list without a message that reaches every list.
	lazy []*lazyTable
}

// addLazy remembers t (a table to compile on stems) for ListedStems.
func (s *Stemmer) addLazy(t *lazyTable) {
	if s == nil {
		return
	}
	s.lists.mu.Lock()
	s.lists.lazy = append(s.lists.lazy, t)
	s.lists.mu.Unlock()
}

// StemListed is Stem for the words of a list being compiled (PhraseWords
// and single-word sets): the same stems, remembered apart from the
// messages' words.
func (s *Stemmer) StemListed(lang, word string) string {
	if s == nil {
		return stem(lang, word)
	}
	if st, ok := s.builtinStem(lang, word); ok {
		return st // a built-in list's word: no lock (stem.go)
	}
	i := 0
	if lang == "fr" {
		i = 1
	}
	c := &s.lists
	c.mu.Lock()
	st, ok := c.m[i][word]
	c.mu.Unlock()
	if ok {
		return st
	}
	st = stem(lang, word)
	c.mu.Lock()
	if c.m[i] == nil {
		c.m[i] = make(map[string]string, 1024)
	}
	if len(c.m[i]) < maxStems {
		c.m[i][word] = st
	}
	c.mu.Unlock()
	return st
}

// phraseWordsAnalyzed is PhraseWords through a whole Analyze: for a
// language other than en and fr, whose words are read in the language
// Analyze guesses, as a message's are.
func (s *Stemmer) phraseWordsAnalyzed(lang, phrase string, exact bool) []string {
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

// FirstWords returns the words the set's phrases start with, in every
// language (compiled now, if they were not) (stems, or lower-case forms for a set of exact phrases): the keys
// of the set's own index, for a caller that runs several sets and indexes
// their starts together. A word may come once per language.
func (ps *PhraseSet) FirstWords() iter.Seq[string] {
	return func(yield func(string) bool) {
		if ps == nil {
			return
		}
		for _, lt := range ps.byLang {
			t := lt.get()
			lo := int32(0)
			for _, hi := range t.groupEnds {
				// A group holds the phrases of one first word, or of the
				// few whose hashes collide: each word once.
				list := t.all[lo:hi]
				lo = hi
				for k, p := range list {
					w := p.stems[0]
					if !slices.ContainsFunc(list[:k], func(q phrase) bool { return q.stems[0] == w }) && !yield(w) {
						return
					}
				}
			}
		}
	}
}

// MaxWords returns the number of words of the set's longest phrase, in any
// language (compiled now, if they were not); 0 for an empty or nil set.
func (ps *PhraseSet) MaxWords() int {
	n := 0
	if ps == nil {
		return n
	}
	for _, lt := range ps.byLang {
		for _, p := range lt.get().all {
			n = max(n, len(p.stems))
		}
	}
	return n
}
