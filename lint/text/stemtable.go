package text

import "sync"

// stemTable is a read-only map from words to their stems, laid out by a
// generator as constant data (builtin_stems.go): the words sorted and
// concatenated, each stem after the other, and the end offset of each. A
// map literal would be built by the package's init at every run, `presend
// version` included; this costs nothing until a word is looked up, and then
// once an index of open addressing (about 20 µs and 8 KiB a table), read
// without a lock.
type stemTable struct {
	words    string
	wordEnds []uint32
	stems    string
	stemEnds []uint32

	once  sync.Once
	slots []uint16 // 1 + a word's position, 0 for none; len a power of two
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

// len returns the number of words.
func (t *stemTable) len() int { return len(t.wordEnds) }

// find returns the position of word in the table.
func (t *stemTable) find(word string) (int, bool) {
	t.once.Do(t.index)
	mask := uint64(len(t.slots) - 1)
	for h := stemHash(word) & mask; ; h = (h + 1) & mask {
		k := t.slots[h]
		if k == 0 {
			return 0, false
		}
		if t.word(int(k-1)) == word {
			return int(k - 1), true
		}
	}
}

// lookup returns the stem stored for word.
func (t *stemTable) lookup(word string) (string, bool) {
	if k, ok := t.find(word); ok {
		return t.stem(k), true
	}
	return "", false
}

// index builds the slots: at most half of them used, so that a probe for a
// word not in the table meets an empty slot after one or two.
func (t *stemTable) index() {
	n := 1
	for n < 2*t.len()+1 {
		n *= 2
	}
	t.slots = make([]uint16, n)
	mask := uint64(n - 1)
	for i := range t.len() {
		h := stemHash(t.word(i)) & mask
		for t.slots[h] != 0 {
			h = (h + 1) & mask
		}
		t.slots[h] = uint16(i + 1) // fewer than 65,535 words (TestBuiltinStemsAreSnowball)
	}
}

// stemHash is FNV-1a, 64 bits.
func stemHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return h
}
