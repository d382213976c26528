package text

// ListedStems returns, per language ("en", "fr"), the words StemListed has
// stemmed and their stems (read from the built-in table or not): for TestBuiltinStems (package text_test), which
// builds a Linter to learn the words of the built-in lists. The phrase
// sets compiled on these stems whose tables were waiting for a message in
// their language are compiled first.
func (s *Stemmer) ListedStems() map[string]map[string]string {
	s.lists.mu.Lock()
	lazy := s.lists.lazy
	s.lists.mu.Unlock()
	for _, t := range lazy {
		t.get()
	}
	s.lists.mu.Lock()
	defer s.lists.mu.Unlock()
	out := map[string]map[string]string{}
	for i, lang := range []string{"en", "fr"} {
		out[lang] = map[string]string{}
		for w, st := range s.lists.m[i] {
			out[lang][w] = st
		}
		t := &builtinStems[i]
		for k := range t.len() {
			if s.builtinRead[i][k>>6].Load()&(1<<(k&63)) != 0 {
				out[lang][t.word(k)] = t.stem(k)
			}
		}
	}
	return out
}

// BuiltinStems returns the generated table of the built-in lists' stems,
// per language ("en", "fr").
func BuiltinStems() map[string]map[string]string {
	out := map[string]map[string]string{}
	for i, lang := range []string{"en", "fr"} {
		out[lang] = map[string]string{}
		t := &builtinStems[i]
		for k := range t.len() {
			out[lang][t.word(k)] = t.stem(k)
		}
	}
	return out
}

// Stem is stem, the uncached stem of a word.
var Stem = stem
