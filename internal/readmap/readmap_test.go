package readmap

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestPublishes checks that the map answers every key it stored with its
// value, and that the keys read often end up in the snapshot read without a
// lock, whether they came in a burst or few at a time.
func TestPublishes(t *testing.T) {
	var m Map[int]
	keys := make([]string, 1000)
	for i := range keys {
		keys[i] = fmt.Sprintf("key%d", i)
		m.Put(keys[i], i)
	}
	if n := m.Len(); n != len(keys) {
		t.Fatalf("%d keys stored, want %d", n, len(keys))
	}
	if p := m.Published(); p < len(keys)*3/4 {
		t.Fatalf("%d of %d keys published after a burst; a quarter at most may wait", p, len(keys))
	}
	for range 50 {
		for i, k := range keys {
			if v, ok := m.Get(k); !ok || v != i {
				t.Fatalf("Get(%q) = %d, %v; want %d", k, v, ok, i)
			}
		}
	}
	if p := m.Published(); p != len(keys) {
		t.Fatalf("the snapshot holds %d keys after each was read 50 times, want all %d", p, len(keys))
	}
	// One new key, read over and over: published once read often enough.
	m.Put("late", -1)
	for range 2 * len(keys) {
		if v, ok := m.Get("late"); !ok || v != -1 {
			t.Fatalf("Get(late) = %d, %v", v, ok)
		}
	}
	if p := m.Published(); p != len(keys)+1 {
		t.Fatalf("a key read 2,000 times is still outside the snapshot (%d published)", p)
	}
	if _, ok := m.Get("absent"); ok {
		t.Error("a key never stored was found")
	}
}

// TestFirstValueStaysAndBound checks that a second Put of a key keeps the
// first value, that Max bounds the keys, and that a stored key does not keep
// the text it was sliced from.
func TestFirstValueStaysAndBound(t *testing.T) {
	m := Map[string]{Max: 3}
	m.Put("a", "1")
	m.Put("a", "2")
	if v, _ := m.Get("a"); v != "1" {
		t.Errorf("Get(a) = %q after a second Put, want the first value", v)
	}
	for _, k := range []string{"b", "c", "d", "e"} {
		m.Put(k, k)
	}
	if n := m.Len(); n != 3 {
		t.Errorf("%d keys stored with Max 3", n)
	}
	if _, ok := m.Get("d"); ok {
		t.Error("a key past Max was stored")
	}
	big := strings.Repeat("x", 1<<16) + "word"
	var w Map[bool]
	w.Put(big[len(big)-4:], true)
	for range 2 * minPublish {
		w.Get("word")
	}
	for k := range *w.snap.Load() {
		if strings.Contains(k, "word") && len(k) != 4 {
			t.Errorf("stored key is %d bytes", len(k))
		}
	}
}

// TestConcurrent stores and reads the same keys from several goroutines
// (run with -race): every answer is the value, every key is stored once.
func TestConcurrent(t *testing.T) {
	var m Map[string]
	keys := make([]string, 500)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%d", i%250)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			for n := range 3 * len(keys) {
				k := keys[(n*7+g*13)%len(keys)]
				v, ok := m.Get(k)
				if !ok {
					m.Put(k, "v"+k)
					continue
				}
				if v != "v"+k {
					errs <- fmt.Sprintf("Get(%q) = %q", k, v)
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
	if n := m.Len(); n != 250 {
		t.Errorf("%d keys stored, want 250", n)
	}
}

// BenchmarkGetWarm is a warm map's lookup from every core.
func BenchmarkGetWarm(b *testing.B) {
	var m Map[string]
	keys := make([]string, 2000)
	for i := range keys {
		keys[i] = fmt.Sprintf("word%dings", i)
		m.Put(keys[i], keys[i][:4])
	}
	for range 3 {
		for _, k := range keys {
			m.Get(k)
		}
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			m.Get(keys[i%len(keys)])
			i++
		}
	})
}
