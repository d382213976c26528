package spell

import "math/bits"

// wordTable is a dictionary's word list: an open-addressed hash table over
// one string of all the words. Lookups take a string or a byte slice (a
// stem being built) without allocating, and the table is a few flat arrays,
// written to and read from the compiled cache (see diskcache.go) without
// rebuilding anything.
type wordTable struct {
	blob  string   // every word, one after the other
	ends  []uint32 // word i is blob[ends[i-1]:ends[i]] (from 0 for i = 0)
	vals  []uint32 // word i's value: a flag set id, or multi|homonym index
	slots []uint64 // power-of-two length, two thirds full at most; 0 empty, else hash<<32 | (word+1)
	// bloom has bit hash%bloomBits set for each word's hash: a lookup of a
	// word that is not there (most candidates of a suggestion search, most
	// stems of an affix check) stops at this 64 KB bitset, in the
	// processor's cache, instead of a cache miss in slots.
	bloom []uint64
	// chk, for a table mapped from a compiled form, checks each block the
	// first time it is read; nil for a table built in memory.
	chk *blockCheck
}

const bloomBits = 1 << 19

// fillBloom sets the bloom bits of the words in slots.
func (t *wordTable) fillBloom() {
	t.bloom = make([]uint64, bloomBits/64)
	for _, s := range t.slots {
		if s != 0 {
			b := (s >> 32) % bloomBits
			t.bloom[b/64] |= 1 << (b % 64)
		}
	}
}

// maybe reports whether a word of hash h may be in the table.
func (t *wordTable) maybe(h uint64) bool {
	b := (h & 0xffffffff) % bloomBits
	return t.bloom[b/64]&(1<<(b%64)) != 0
}

// hashKey is FNV-1a (64 bits) with MurmurHash3's final mix, so that every
// bit depends on every byte: stable across processes, so that the slots
// can be stored.
func hashKey[S ~string | ~[]byte](k S) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(k); i++ {
		h ^= uint64(k[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// newWordTable builds the table of m (words in map order: sorting them
// would double the time of a cold load).
func newWordTable(m map[string]uint32) wordTable {
	keys := make([]string, 0, len(m))
	size := 0
	for k := range m {
		keys = append(keys, k)
		size += len(k)
	}
	blob := make([]byte, 0, size)
	t := wordTable{ends: make([]uint32, len(keys)), vals: make([]uint32, len(keys))}
	for i, k := range keys {
		blob = append(blob, k...)
		t.ends[i] = uint32(len(blob)) //nolint:gosec // a .dic file is far below 4 GB (bufio lines of 1 MB, counted words)
		t.vals[i] = m[k]
	}
	t.blob = string(blob)
	n := 1 << bits.Len(uint(len(keys)*3/2)) // at most two thirds full
	t.slots = make([]uint64, n)
	for i, k := range keys {
		h := hashKey(k)
		for j := int(h>>32) & (n - 1); ; j = (j + 1) & (n - 1) {
			if t.slots[j] == 0 {
				t.slots[j] = h<<32 | uint64(i+1)
				break
			}
		}
	}
	t.fillBloom()
	return t
}

// word returns the i-th word.
func (t *wordTable) word(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	return t.blob[start:t.ends[i]]
}

// get returns the value of word k.
func (t *wordTable) get(k string) (uint32, bool) { return lookup(t, k) }

// getBytes is get for a word being built in a buffer (no string made).
func (t *wordTable) getBytes(k []byte) (uint32, bool) { return lookup(t, k) }

// getHashed is get for a word whose hashKey the caller has already
// computed (a suggestion search hashes each candidate once for its own set
// of candidates seen).
func (t *wordTable) getHashed(k string, h uint64) (uint32, bool) { return lookupHashed(t, k, h) }

// lookup is get and getBytes: one probe loop for both key types.
func lookup[S ~string | ~[]byte](t *wordTable, k S) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	return lookupHashed(t, k, hashKey(k))
}

// lookupHashed is lookup with h = hashKey(k).
func lookupHashed[S ~string | ~[]byte](t *wordTable, k S, h uint64) (uint32, bool) {
	n := len(t.slots)
	if n == 0 {
		return 0, false
	}
	if !t.maybe(h) {
		return 0, false
	}
	c := t.chk
	// At most n probes: a table read from a file may have no empty slot.
	for j, probes := int(h>>32)&(n-1), 0; probes < n; j, probes = (j+1)&(n-1), probes+1 {
		if c != nil {
			c.slot(j)
		}
		s := t.slots[j]
		if s == 0 {
			return 0, false
		}
		if s>>32 == h&0xffffffff {
			i := int(uint32(s)) - 1 //nolint:gosec // the low half: a word index
			if c != nil {
				c.word(t, i)
			}
			if t.word(i) == string(k) {
				return t.vals[i], true
			}
		}
	}
	return 0, false
}

// len is the number of words.
func (t *wordTable) len() int { return len(t.ends) }
