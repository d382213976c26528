package text

import (
	"fmt"
	"sync"
	"testing"
)

// TestStemCachePublishes checks that the stem cache answers every word it
// stored with its stem, and that the words read often end up in the
// snapshot read without a lock, whether they came in a burst or few at a
// time.
func TestStemCachePublishes(t *testing.T) {
	s := NewStemmer()
	words := make([]string, 1000)
	for i := range words {
		words[i] = fmt.Sprintf("offres%dcommandées", i)
	}
	for _, w := range words {
		if got, want := s.Stem("fr", w), stem("fr", w); got != want {
			t.Fatalf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
	if n := s.fr.len(); n != len(words) {
		t.Fatalf("%d words cached, want %d", n, len(words))
	}
	for range 50 {
		for _, w := range words {
			if got := s.Stem("fr", w); got != stem("fr", w) {
				t.Fatalf("cached Stem(%q) = %q", w, got)
			}
		}
	}
	if n := s.fr.published(); n != len(words) {
		t.Fatalf("the snapshot holds %d words after every word was read 51 times, want all %d", n, len(words))
	}
	// Few new words, read over and over: published once read often enough.
	s.Stem("fr", "livraisons")
	for range 2 * len(words) {
		s.Stem("fr", "livraisons")
	}
	if n := s.fr.published(); n != len(words)+1 {
		t.Fatal("a word read 2,000 times is still outside the snapshot")
	}
	if st, ok := s.fr.cached("livraisons"); !ok || st != stem("fr", "livraisons") {
		t.Errorf("cached(livraisons) = %q, %v", st, ok)
	}
}

// TestStemCacheConcurrent stems the same words from several goroutines
// (run with -race): every answer is the stem, every word is stored once.
func TestStemCacheConcurrent(t *testing.T) {
	s := NewStemmer()
	words := make([]string, 500)
	for i := range words {
		words[i] = fmt.Sprintf("discounted%dorders", i%250)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			for k := range 3 * len(words) {
				w := words[(k*7+g*13)%len(words)]
				if got := s.Stem("en", w); got != stem("en", w) {
					errs <- fmt.Sprintf("Stem(%q) = %q", w, got)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if n := s.en.len(); n != 250 {
		t.Errorf("%d words cached, want 250", n)
	}
}

// BenchmarkStemWarm is a warm cache's lookup, from every core: most stems
// of a Linter's messages are read, not computed.
func BenchmarkStemWarm(b *testing.B) {
	s := NewStemmer()
	words := make([]string, 2000)
	for i := range words {
		words[i] = fmt.Sprintf("word%dings", i)
		s.Stem("en", words[i])
	}
	for range 2 {
		for _, w := range words {
			s.Stem("en", w)
		}
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Stem("en", words[i%len(words)])
			i++
		}
	})
}

// published is the number of words in the snapshot.
func (c *stemCache) published() int {
	if m := c.snap.Load(); m != nil {
		return len(*m)
	}
	return 0
}
