package text

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/internal/corpustest"
)

// refElisionMark is how appendWord found an elision's apostrophe before
// elisionMark: the first of strings.IndexByte for ' and strings.Index for ’.
func refElisionMark(head string) int {
	i := strings.IndexByte(head, '\'')
	if j := strings.Index(head, "’"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	return i
}

// TestElisionMarkOracle: elisionMark finds the apostrophe the two searches
// found, on every 10-byte window of the corpus texts and on random heads
// made of apostrophes, the bytes of ’ alone or cut, and letters.
func TestElisionMarkOracle(t *testing.T) {
	check := func(head string) {
		if got, want := elisionMark(head), refElisionMark(head); got != want {
			t.Fatalf("elisionMark(%q) = %d, want %d", head, got, want)
		}
	}
	pieces := []string{"'", "’", "\xe2", "\xe2\x80", "\x80\x99", "l", "qu", "D", "é", "a", " ", "\xff"}
	r := rand.New(rand.NewPCG(17, 11))
	for range 200_000 {
		s := corpustest.Glue(r, pieces, r.IntN(8))
		check(s[:min(len(s), 10)])
	}
	for _, s := range corpustest.Texts(t, corpustest.Dir()) {
		for p := 0; p < len(s); p++ {
			check(s[p:min(len(s), p+10)])
		}
	}
}

// TestWordHashOracle: the hashes the phrase filters read (wordHash, its
// cached fast path, lowerHash and stemHash) are those of Lower and Stem, in
// whatever order they are asked for, on the corpus texts, random mutations
// of them, and texts longer than the inline token buffer, with
// placeholders merged into tokens.
func TestWordHashOracle(t *testing.T) {
	lines := corpustest.Texts(t, corpustest.Dir())
	var words []string
	for w := range langWords {
		words = append(words, w)
	}
	stems := NewStemmer()
	phs := []*regexp.Regexp{regexp.MustCompile(`\[\[[a-z]+\]\]`)}
	r := rand.New(rand.NewPCG(17, 12))
	check := func(s string) {
		o := Options{Stems: stems, Placeholders: phs}
		ref, a := Analyze(s, o), Analyze(s, o)
		if len(a.words) != len(a.Tokens) {
			t.Fatalf("%q: %d per-token caches for %d tokens", s, len(a.words), len(a.Tokens))
		}
		order := r.Perm(len(a.Tokens))
		for _, i := range order {
			// The reference asks Lower and Stem first, then hashes them;
			// a asks for the hashes first, in random order, twice.
			wantLower, wantStem := tokenHash(ref.Lower(i)), tokenHash(ref.Stem(i))
			for range 2 {
				if r.IntN(2) == 0 {
					if got := a.wordHash(i, true); got != wantLower {
						t.Fatalf("%q token %d: wordHash exact %x, want %x", s, i, got, wantLower)
					}
					if got := a.stemHash(i); got != wantStem {
						t.Fatalf("%q token %d: stemHash %x, want %x", s, i, got, wantStem)
					}
				} else {
					if got := a.wordHash(i, false); got != wantStem {
						t.Fatalf("%q token %d: wordHash %x, want %x", s, i, got, wantStem)
					}
					if got := a.lowerHash(i); got != wantLower {
						t.Fatalf("%q token %d: lowerHash %x, want %x", s, i, got, wantLower)
					}
				}
			}
			if a.Lower(i) != ref.Lower(i) || a.Stem(i) != ref.Stem(i) {
				t.Fatalf("%q token %d: Lower/Stem %q/%q, want %q/%q", s, i, a.Lower(i), a.Stem(i), ref.Lower(i), ref.Stem(i))
			}
		}
	}
	long := 0
	for k, s := range lines {
		check(s)
		check(mutate(r, s, words))
		if k+1 < len(lines) {
			s = s + " [[name]] " + lines[k+1] + " " + strings.ToUpper(s)
			if a := Analyze(s, Options{}); len(a.Tokens) > len(a.inline.tokens) {
				long++
			}
			check(s)
		}
	}
	if long < 100 {
		t.Fatalf("only %d texts longer than the inline token buffer: the check proves little", long)
	}
}

// TestHashIndexOracle: hashIndex answers what a Go map of the same keys
// answers, for every key and for as many absent ones, at sizes from empty
// to thousands, with keys shaped as at builds them (word hashes with bit 31
// set, pairs of them) and keys chosen to start their probes in one slot.
func TestHashIndexOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 14))
	for _, n := range []int{0, 1, 2, 3, 7, 64, 65, 500, 5000} {
		for shape := range 3 {
			want := map[uint64]int32{}
			var keys []uint64
			for len(keys) < n {
				var k uint64
				switch shape {
				case 0: // a word's hash
					k = uint64(r.Uint32() | 1<<31)
				case 1: // a pair
					k = pairKey(r.Uint32()|1<<31, r.Uint32()|1<<31)
				default: // multiples of a power of two: one probe chain
					k = uint64(len(keys)+1) << 40
				}
				if _, dup := want[k]; dup {
					continue
				}
				want[k] = int32(len(keys))
				keys = append(keys, k)
			}
			x := newHashIndex(keys)
			for k, i := range want {
				if got := x.get(k); got != i {
					t.Fatalf("n=%d shape %d: get(%x) = %d, want %d", n, shape, k, got, i)
				}
			}
			for range max(n, 100) {
				k := r.Uint64() | 1
				if _, in := want[k]; !in && x.get(k) != -1 {
					t.Fatalf("n=%d shape %d: get(%x) = %d for a key never added", n, shape, k, x.get(k))
				}
			}
		}
	}
}

// TestLowerASCIIHashOracle: lowerASCIIHash is tokenHash of the lower-case
// form for every ASCII string (random bytes 0-127, all 26 capitals on each
// side of their range) and refuses every string with a byte past ASCII.
func TestLowerASCIIHashOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 16))
	for n := range 200_000 {
		b := make([]byte, r.IntN(16))
		for k := range b {
			b[k] = byte(r.IntN(128))
			if n%2 == 0 {
				b[k] = byte('@' + r.IntN(28)) // @, A-Z, [
			}
		}
		w := string(b)
		h, ok := lowerASCIIHash(w)
		if want := tokenHash(lower(w)); !ok || h != want {
			t.Fatalf("lowerASCIIHash(%q) = %x, %v; want %x, true", w, h, ok, want)
		}
		if len(b) > 0 {
			b[r.IntN(len(b))] = byte(128 + r.IntN(128))
			if _, ok := lowerASCIIHash(string(b)); ok {
				t.Fatalf("lowerASCIIHash(%q) accepted a byte past ASCII", b)
			}
		}
	}
}

// refIsSpace and refIsAlnum are isSpace and isAlnum before their ASCII
// tables.
func refIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	case 0x200B, 0x2060, 0xFEFF:
		return true
	}
	return r >= 0x80 && unicode.IsSpace(r)
}

func refIsAlnum(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// TestRuneClassOracle: isSpace and isAlnum answer as before for every
// rune, the error rune and negative values included.
func TestRuneClassOracle(t *testing.T) {
	for r := rune(-2); r <= unicode.MaxRune+1; r++ {
		if got, want := isSpace(r), refIsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
		if got, want := isAlnum(r), refIsAlnum(r); got != want {
			t.Fatalf("isAlnum(%U) = %v, want %v", r, got, want)
		}
	}
}
