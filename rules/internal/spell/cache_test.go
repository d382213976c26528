package spell

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

func TestSuggestCache(t *testing.T) {
	d := testDict(t)
	c := NewSuggestCache(d, NewWords("grokker"), 2)
	words := []string{"wrok", "fone", "grokkr", "cafe"}
	for _, w := range words {
		want := d.SuggestNear(w, NewWords("grokker"))
		got := c.SuggestNear(w)
		if !slices.Equal(got, want) {
			t.Errorf("%q: cached %q, direct %q", w, got, want)
		}
		if again := c.SuggestNear(w); !slices.Equal(again, want) {
			t.Errorf("%q: second call %q, want %q", w, again, want)
		}
	}
	if c.Len() != 2 {
		t.Errorf("the cache holds %d words, want its capacity 2", c.Len())
	}
	// The two most recent words stay; the others were evicted.
	c.mu.Lock()
	_, okLast := c.words["cafe"]
	_, okFirst := c.words["wrok"]
	c.mu.Unlock()
	if !okLast || okFirst {
		t.Errorf("eviction kept the wrong words: cafe %v, wrok %v", okLast, okFirst)
	}
	// A hit makes a word recent: wrok, then cafe read, then fone evicts grokkr.
	c.SuggestNear("wrok")
	c.SuggestNear("cafe")
	c.SuggestNear("fone")
	c.mu.Lock()
	_, okCafe := c.words["cafe"]
	_, okWrok := c.words["wrok"]
	c.mu.Unlock()
	if !okCafe || okWrok {
		t.Errorf("LRU order not kept: cafe %v, wrok %v", okCafe, okWrok)
	}
	// The caller owns the slice.
	s := c.SuggestNear("cafe")
	if len(s) == 0 {
		t.Fatal("no suggestion for cafe")
	}
	s[0] = "changed"
	if c.SuggestNear("cafe")[0] == "changed" {
		t.Error("a caller's edit reached the cache")
	}
}

func TestSuggestCacheConcurrent(t *testing.T) {
	d := testDict(t)
	c := NewSuggestCache(d, nil, 3)
	words := []string{"wrok", "fone", "cafe", "carryd", "phons", "reworkd"}
	want := map[string][]string{}
	for _, w := range words {
		want[w] = d.SuggestNear(w, nil)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				w := words[(g+i)%len(words)]
				if got := c.SuggestNear(w); !slices.Equal(got, want[w]) {
					t.Errorf("%q: %q, want %q", w, got, want[w])
					return
				}
			}
		})
	}
	wg.Wait()
	if c.Len() > 3 {
		t.Errorf("the cache grew to %d words past its capacity 3", c.Len())
	}
}

// TestSuggestCacheKeepsNoMessage: the cache keeps a copy of each word, not
// the message it was cut from.
func TestSuggestCacheKeepsNoMessage(t *testing.T) {
	d := testDict(t)
	c := NewSuggestCache(d, nil, 4)
	msg := "please wrok on it " + strings.Repeat("x", 1<<16)
	c.SuggestNear(msg[7:11])
	c.mu.Lock()
	defer c.mu.Unlock()
	for w := range c.words {
		if unsafe.StringData(w) == unsafe.StringData(msg[7:]) {
			t.Errorf("the cache holds %q inside the %d-byte message", w, len(msg))
		}
	}
	if len(c.words) != 1 {
		t.Errorf("%d words cached, want 1", len(c.words))
	}
}

// TestSuggestCacheBest: Best is the first suggestion SuggestNear gives, or
// "" for none, from the same cache, and a hit allocates nothing.
func TestSuggestCacheBest(t *testing.T) {
	d := testDict(t)
	c := NewSuggestCache(d, NewWords("grokker"), 0)
	for _, w := range []string{"wrok", "fone", "grokkr", "cafe", "qqqqzzzz"} {
		want := ""
		if s := d.SuggestNear(w, NewWords("grokker")); len(s) > 0 {
			want = s[0]
		}
		for round := range 2 {
			if got := c.Best(w); got != want {
				t.Errorf("%q round %d: Best = %q, want %q", w, round, got, want)
			}
		}
	}
	if c.Len() != 5 {
		t.Errorf("the cache holds %d words, want 5", c.Len())
	}
	if n := testing.AllocsPerRun(100, func() { c.Best("wrok") }); n != 0 {
		t.Errorf("a cached Best: %v allocations, want 0", n)
	}
}
