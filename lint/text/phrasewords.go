package text

import "iter"

// PhraseWords returns the words a listed phrase is matched on in lang: the
// stems of its tokens but punctuation or, with exact, their lower-case
// forms. It is how PhraseSet compiles its phrases and how a message's words
// read through Analysis.Stem and Analysis.Lower, so that a caller matching
// listed words or phrases its own way (single-word sets, phrases before or
// after a token) compares like with like.
func (s *Stemmer) PhraseWords(lang, phrase string, exact bool) []string {
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
// language (stems, or lower-case forms for a set of exact phrases): the keys
// of the set's own index, for a caller that runs several sets and indexes
// their starts together. A word may come once per language.
func (ps *PhraseSet) FirstWords() iter.Seq[string] {
	return func(yield func(string) bool) {
		if ps == nil {
			return
		}
		for _, t := range ps.byLang {
			for w := range t.byFirst {
				if !yield(w) {
					return
				}
			}
		}
	}
}

// MaxWords returns the number of words of the set's longest phrase, in any
// language; 0 for an empty or nil set.
func (ps *PhraseSet) MaxWords() int {
	n := 0
	if ps == nil {
		return n
	}
	for _, t := range ps.byLang {
		for _, list := range t.byFirst {
			for _, p := range list {
				n = max(n, len(p.stems))
			}
		}
	}
	return n
}
