package text

// stemTable is a read-only map from words to their stems, laid out by a
// generator as constant data (builtin_stems.go): the words sorted and
// concatenated, each stem after the other, and the end offset of each. A
// lookup is a binary search, without a lock, an allocation or any work at
// start-up (a map literal would be built by the package's init at every
// run, `presend version` included).
type stemTable struct {
	words    string
	wordEnds []uint32
	stems    string
	stemEnds []uint32
}

func (t *stemTable) word(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.wordEnds[i-1]
	}
	return t.words[start:t.wordEnds[i]]
}

func (t *stemTable) stem(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.stemEnds[i-1]
	}
	return t.stems[start:t.stemEnds[i]]
}

// lookup returns the stem stored for word.
func (t *stemTable) lookup(word string) (string, bool) {
	i, j := 0, len(t.wordEnds)
	for i < j {
		h := int(uint(i+j) >> 1)
		if t.word(h) < word {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < len(t.wordEnds) && t.word(i) == word {
		return t.stem(i), true
	}
	return "", false
}

// len returns the number of words.
func (t *stemTable) len() int { return len(t.wordEnds) }
