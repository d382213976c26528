package text

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestStemTableFind checks the table's index: every word is found at its
// position with its stem, words out of it (prefixes, extensions, the empty
// word) are not, in tables from empty to large enough to collide.
func TestStemTableFind(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 100, 5000} {
		var words, stems []string
		for i := range n {
			words = append(words, fmt.Sprintf("w%05d", i))
			stems = append(stems, fmt.Sprintf("s%d", i))
		}
		tb := newStemTable(words, stems)
		for i, w := range words {
			if k, ok := tb.find(w); !ok || k != i || tb.stem(k) != stems[i] {
				t.Fatalf("n=%d: find(%q) = %d, %v (stem %q), want %d", n, w, k, ok, tb.stem(k), i)
			}
		}
		for _, w := range []string{"", "w", "w0000", "w000000", "x00001", fmt.Sprintf("w%05d", n)} {
			if st, ok := tb.lookup(w); ok {
				t.Errorf("n=%d: lookup(%q) = %q, true", n, w, st)
			}
		}
		if n > 0 && len(tb.slots) < 2*n {
			t.Errorf("n=%d: %d slots", n, len(tb.slots))
		}
	}
}

// TestStemListedBuiltinNoLock checks that a built-in list's word is stemmed
// by StemListed from the table, from every goroutine at once, with no
// allocation, and recorded as read; a word out of the table still goes to
// snowball and the Stemmer's own map.
func TestStemListedBuiltinNoLock(t *testing.T) {
	s := NewStemmer()
	tb := &builtinStems[1]
	w, want := tb.word(tb.len()/2), tb.stem(tb.len()/2)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				if got := s.StemListed("fr", w); got != want {
					t.Errorf("StemListed(fr, %q) = %q, want %q", w, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	if n := testing.AllocsPerRun(20, func() { s.StemListed("fr", w) }); n != 0 {
		t.Errorf("StemListed(fr, %q): %v allocations", w, n)
	}
	if len(s.lists.m[1]) != 0 {
		t.Errorf("the built-in word went to the locked map: %v", s.lists.m[1])
	}
	k, _ := tb.find(w)
	if s.builtinRead[1][k>>6].Load()&(1<<(k&63)) == 0 {
		t.Errorf("%q is not marked read", w)
	}
	other := "zzxréclamations"
	if got := s.StemListed("fr", other); got != stem("fr", other) || s.lists.m[1][other] != got {
		t.Errorf("StemListed(fr, %q) = %q; map %q", other, got, s.lists.m[1][other])
	}
}

// newStemTable lays words (sorted or not) and stems out as the generator
// does.
func newStemTable(words, stems []string) *stemTable {
	t := &stemTable{words: strings.Join(words, ""), stems: strings.Join(stems, "")}
	end := uint32(0)
	for _, w := range words {
		end += uint32(len(w))
		t.wordEnds = append(t.wordEnds, end)
	}
	end = 0
	for _, s := range stems {
		end += uint32(len(s))
		t.stemEnds = append(t.stemEnds, end)
	}
	return t
}
