// Package readmap is a concurrent string-keyed cache for values that, once
// computed, are read far more often than stored: a stem per word, a
// dictionary's verdict per word. A read of a warm key is one atomic load
// and one lookup in a plain map that is never written after it is
// published: no lock and no shared write, so the cores do not contend (an
// RWMutex made them contend on its reader count, and a sync.Map costs about
// twice a plain map's lookup).
package readmap

import (
	"maps"
	"strings"
	"sync"
	"sync/atomic"
)

// minPublish is the least number of pending entries, or of lookups answered
// from them, that publishes a new snapshot.
const minPublish = 64

// Map is a cache from string keys to values of type V, of at most Max keys.
// Its zero value is an empty map with no bound. It is safe for concurrent
// use, and must not be copied.
//
// It is in two parts: a snapshot, published and never written again, read
// without a lock; and the entries stored since, under a mutex. Those are
// merged into a new snapshot when they have grown by a quarter of it, or
// when lookups have found keys among them as often as the snapshot has
// entries (so the copy's cost is paid back), so every key read often ends up
// in the snapshot. A merge copies the snapshot: storing n keys costs O(n)
// in all.
type Map[V any] struct {
	// Max bounds the keys kept (0: no bound): past it, Put keeps nothing.
	// Set it before the map is used.
	Max int

	snap    atomic.Pointer[map[string]V]
	mu      sync.Mutex
	pending map[string]V
	hits    int // lookups answered from pending since snap was published
	n       int // keys in snap and pending
}

// Get returns the value stored for key.
func (m *Map[V]) Get(key string) (V, bool) {
	if s := m.snap.Load(); s != nil {
		if v, ok := (*s)[key]; ok {
			return v, true
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.pending[key]
	if ok {
		m.hits++
		m.publishIfDue()
	}
	return v, ok
}

// Put stores v for key, unless key is stored already (the first value
// stays) or the map is full. It copies key: a key is often a slice of a
// larger text, which the map must not keep alive.
func (m *Map[V]) Put(key string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Max > 0 && m.n >= m.Max {
		return
	}
	if _, ok := m.pending[key]; ok {
		return
	}
	if s := m.snap.Load(); s != nil {
		if _, ok := (*s)[key]; ok {
			return
		}
	}
	if m.pending == nil {
		m.pending = map[string]V{}
	}
	m.pending[strings.Clone(key)] = v
	m.n++
	m.publishIfDue()
}

// Len is the number of keys stored.
func (m *Map[V]) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.n
}

// Published is the number of keys in the snapshot, read without a lock.
func (m *Map[V]) Published() int {
	if s := m.snap.Load(); s != nil {
		return len(*s)
	}
	return 0
}

// publishIfDue merges pending into a new snapshot when it is due; m.mu is
// held.
func (m *Map[V]) publishIfDue() {
	old := m.snap.Load()
	size := 0
	if old != nil {
		size = len(*old)
	}
	if len(m.pending) < max(minPublish, size/4) && m.hits < max(minPublish, size) {
		return
	}
	s := make(map[string]V, size+len(m.pending))
	if old != nil {
		maps.Copy(s, *old)
	}
	maps.Copy(s, m.pending)
	m.snap.Store(&s)
	m.pending, m.hits = nil, 0
}
