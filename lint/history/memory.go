package history

import (
	"context"
	"hash/maphash"
	"maps"
	"slices"
	"sync"
	"time"
)

// Memory is a Store held in this process's memory. It is bounded by time:
// sends and inbound times older than Limits.Retention, and token uses older
// than Limits.TokenRetention, are dropped, and a recipient with nothing left
// is forgotten. "Older" is measured against the latest time recorded (a send
// or an inbound message), not the wall clock, so a send log from last year
// replays the same way today. A View reads only: it leaves out what is too
// old for its own now, and deletes nothing.
//
// Expired entries are dropped when their recipient is next touched, and each
// shard sweeps all its recipients every sweepEvery writes, so memory follows
// the traffic of the last Retention. The cost per recipient is measured by
// TestMemoryFootprint and documented in the README.
//
// Recipients are spread over shards, each with its own lock, so concurrent
// checks for different recipients rarely wait on each other.
//
// A View does not copy the recipient's sends: its Sends share the entry's
// array. Writers keep that safe by never changing an element a View may
// hold: a send is appended after the last one (past the end of every
// slice handed out, whose capacity is clipped to its length), dropping the
// oldest moves the slice's start, and anything else (a send recorded out
// of time order, a Remove, a lapsed reservation) builds a new array. A
// busy recipient's View thus costs no allocation instead of a copy of up
// to MaxSends sends (40 KiB at the default 256); the price is that an
// entry may keep up to about twice its sends' memory until its array is
// next reallocated.
type Memory struct {
	limits Limits
	seed   maphash.Seed
	shards [shardCount]shard
	// clock measures reservation leases: the process's clock, as Redis
	// measures them with the server's.
	clock func() time.Time
}

const (
	shardCount = 32
	sweepEvery = 4096
)

type shard struct {
	mu         sync.Mutex
	recipients map[string]*entry
	tokens     map[string]Send
	tokenLease map[string]time.Time // token uses still reserved: when they stop counting
	latest     time.Time            // latest time seen by this shard
	writes     int                  // writes since the last sweep
}

type entry struct {
	lastInbound time.Time
	adInbound   time.Time // the person's latest first message after an ad
	adClick     time.Time // the latest ad click without a message (Inbound.AdClick)
	channel     string    // the channel an inbound event named, if any
	sends       []Send    // oldest first; elements never change (see Memory)
	version     uint64
	pending     map[string]time.Time // reserved sends by ID: when they stop counting
}

// NewMemory returns an empty memory store.
func NewMemory(l Limits) *Memory {
	m := &Memory{limits: l.WithDefaults(), seed: maphash.MakeSeed(), clock: time.Now}
	for i := range m.shards {
		m.shards[i].recipients = map[string]*entry{}
		m.shards[i].tokens = map[string]Send{}
		m.shards[i].tokenLease = map[string]time.Time{}
	}
	return m
}

// Limits returns the store's effective limits.
func (m *Memory) Limits() Limits { return m.limits }

func (m *Memory) shard(key string) *shard {
	return &m.shards[m.shardIndex(key)]
}

func (m *Memory) shardIndex(key string) int {
	return int(maphash.String(m.seed, key) % shardCount)
}

// View implements Store. It only reads: entries older than the retention
// before now are left out of the view, not deleted, so a View with a wrong
// now (a send dated in 2062) cannot erase anyone's history.
func (m *Memory) View(ctx context.Context, recipient, token string, now time.Time) (View, error) {
	if err := ctx.Err(); err != nil {
		return View{}, err
	}
	v := View{Recipient: recipient}
	cutoff := now.Add(-m.limits.Retention)
	clock := m.clock()
	if recipient != "" {
		s := m.shard(recipient)
		s.mu.Lock()
		if e := s.recipients[recipient]; e != nil {
			v.Version = e.version
			if !e.lastInbound.Before(cutoff) {
				v.LastInbound = e.lastInbound
			}
			if !e.adInbound.Before(cutoff) {
				v.AdInbound = e.adInbound
			}
			v.Channel = e.channel
			i := 0
			for i < len(e.sends) && e.sends[i].At.Before(cutoff) {
				i++
			}
			if n := len(e.sends); i < n {
				// Shared, not copied: the capacity stops at the length, so
				// neither the caller's append nor the store's next one
				// reaches the other's elements.
				v.Sends = e.sends[i:n:n]
			}
			if len(e.pending) > 0 {
				if live := func(s Send) bool { return lapsed(e.pending, s.ID, clock) }; slices.ContainsFunc(v.Sends, live) {
					v.Sends = slices.DeleteFunc(slices.Clone(v.Sends), live)
				}
			}
		}
		s.mu.Unlock()
	}
	if token != "" {
		s := m.shard(Key("", token))
		s.mu.Lock()
		if u, ok := s.tokens[token]; ok && now.Sub(u.At) <= m.limits.TokenRetention && !lapsed(s.tokenLease, token, clock) {
			v.TokenUse = &u
		}
		s.mu.Unlock()
	}
	return v, nil
}

// lapsed says whether the reservation of id in pending stopped counting.
func lapsed(pending map[string]time.Time, id string, clock time.Time) bool {
	exp, ok := pending[id]
	return ok && !clock.Before(exp)
}

// Record implements Store. The recipient's entry and the token's first use
// change under both their shards' locks, so a View never sees the new
// version without the token use that came with it.
func (m *Memory) Record(ctx context.Context, snd Send, version uint64) error {
	return m.record(ctx, snd, version, 0)
}

// Reserve implements Store. The memory store cannot run a call late: a
// call whose context is done stores nothing.
func (m *Memory) Reserve(ctx context.Context, snd Send, version uint64, lease time.Duration) error {
	if d, ok := ctx.Deadline(); ok && !m.clock().Before(d) {
		return ErrLate
	}
	return m.record(ctx, snd, version, max(lease, time.Nanosecond))
}

// record is Record, and Reserve when lease is above 0.
func (m *Memory) record(ctx context.Context, snd Send, version uint64, lease time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if snd.Recipient == "" {
		return nil // nothing to file it under
	}
	si, ti := m.shardIndex(snd.Recipient), -1
	s, t := &m.shards[si], (*shard)(nil)
	if snd.Token != "" {
		ti = m.shardIndex(Key("", snd.Token))
		t = &m.shards[ti]
	}
	unlock := m.lockPair(si, ti)
	defer unlock()
	e := s.recipients[snd.Recipient]
	cur := uint64(0)
	if e != nil {
		cur = e.version
	}
	if cur != version {
		return ErrConflict
	}
	if e == nil {
		e = &entry{}
		s.recipients[snd.Recipient] = e
	}
	e.version++
	var expires time.Time
	if lease > 0 && snd.ID != "" {
		expires = m.clock().Add(lease)
		if e.pending == nil {
			e.pending = map[string]time.Time{}
		}
		e.pending[snd.ID] = expires
	}
	// Keep sends in time order: a send log may record out of order. An
	// append writes past the end of every View's slice; an insertion
	// would move sends a View holds, so it builds a new array.
	i := len(e.sends)
	for i > 0 && e.sends[i-1].At.After(snd.At) {
		i--
	}
	if i == len(e.sends) {
		e.sends = append(e.sends, snd)
	} else {
		ns := make([]Send, 0, len(e.sends)+1)
		ns = append(ns, e.sends[:i]...)
		ns = append(ns, snd)
		e.sends = append(ns, e.sends[i:]...)
	}
	if n := len(e.sends) - m.limits.MaxSends; n > 0 {
		e.sends = e.sends[n:] // the oldest go; Views that hold them keep them
	}
	s.see(snd.At)
	m.prune(s, snd.Recipient, e) // drop what expired before this send
	m.wrote(s)
	if t != nil {
		if u, ok := t.tokens[snd.Token]; !ok || snd.At.Before(u.At) || lapsed(t.tokenLease, snd.Token, m.clock()) {
			t.tokens[snd.Token] = snd
			delete(t.tokenLease, snd.Token)
			if !expires.IsZero() {
				t.tokenLease[snd.Token] = expires
			}
		}
		if t != s {
			t.see(snd.At)
			m.wrote(t)
		}
	}
	return nil
}

// lockPair locks shards i and j (j may be -1 or i) in index order, so two
// writers locking the same pair cannot deadlock, and returns the unlock.
func (m *Memory) lockPair(i, j int) func() {
	if j < 0 || j == i {
		m.shards[i].mu.Lock()
		return m.shards[i].mu.Unlock
	}
	first, second := &m.shards[min(i, j)], &m.shards[max(i, j)]
	first.mu.Lock()
	second.mu.Lock()
	return func() {
		second.mu.Unlock()
		first.mu.Unlock()
	}
}

// Remove implements Store.
func (m *Memory) Remove(ctx context.Context, snd Send) error { return m.settle(ctx, snd, false) }

// Confirm implements Store.
func (m *Memory) Confirm(ctx context.Context, snd Send) error { return m.settle(ctx, snd, true) }

// settle ends the reservation snd: confirmed, its lease goes and the send
// stays; otherwise the send goes too (and the token's use, if it was this
// send's).
func (m *Memory) settle(ctx context.Context, snd Send, confirm bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if snd.Recipient == "" || snd.ID == "" {
		return nil
	}
	s := m.shard(snd.Recipient)
	s.mu.Lock()
	if e := s.recipients[snd.Recipient]; e != nil {
		if !confirm {
			if i := slices.IndexFunc(e.sends, func(x Send) bool { return x.ID == snd.ID }); i >= 0 {
				e.sends = without(e.sends, i)
				e.version++
			}
		}
		delete(e.pending, snd.ID)
	}
	s.mu.Unlock()
	if snd.Token != "" {
		t := m.shard(Key("", snd.Token))
		t.mu.Lock()
		if u, ok := t.tokens[snd.Token]; ok && u.ID == snd.ID && u.Recipient == snd.Recipient {
			if !confirm {
				delete(t.tokens, snd.Token)
			}
			delete(t.tokenLease, snd.Token)
		}
		t.mu.Unlock()
	}
	return nil
}

// RecordInbound implements Store.
func (m *Memory) RecordInbound(ctx context.Context, recipient string, at time.Time) error {
	return m.RecordInboundEvent(ctx, Inbound{Recipient: recipient, At: at})
}

// RecordInboundEvent implements Store.
func (m *Memory) RecordInboundEvent(ctx context.Context, in Inbound) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if in.Recipient == "" || in.At.IsZero() {
		return nil
	}
	s := m.shard(in.Recipient)
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.recipients[in.Recipient]
	if e == nil {
		e = &entry{}
		s.recipients[in.Recipient] = e
	}
	if in.At.After(e.lastInbound) {
		e.lastInbound = in.At
	}
	if in.Ad && in.At.After(e.adInbound) {
		e.adInbound = in.At
	}
	if in.AdClick && in.At.After(e.adClick) {
		e.adClick = in.At
	}
	if firstAfterClick(in, e.adClick, e.adInbound, m.limits.Retention) {
		e.adInbound = in.At
	}
	if in.Channel != "" {
		e.channel = in.Channel
	}
	s.see(in.At)
	m.wrote(s)
	return nil
}

// firstAfterClick says whether in is the person's first message after the
// ad click at click (zero: none) that the store knows, adInbound being the
// ad-opened time it holds: a message at or after the click, within
// retention of it, when no message after the click is known yet or this
// one is earlier (recorded out of order). The Redis store's inbound
// script decides the same.
func firstAfterClick(in Inbound, click, adInbound time.Time, retention time.Duration) bool {
	if !in.Message || in.Ad || click.IsZero() || in.At.Before(click) || in.At.Sub(click) > retention {
		return false
	}
	return adInbound.Before(click) || in.At.Before(adInbound)
}

// without returns s without its element i, leaving s's array as it was
// (a View may hold it).
func without(s []Send, i int) []Send {
	if i == 0 {
		return s[1:]
	}
	return append(s[:i:i], s[i+1:]...)
}

// Ping implements Store: memory is always there.
func (m *Memory) Ping(ctx context.Context) error { return ctx.Err() }

// Close implements Store.
func (m *Memory) Close() error { return nil }

// Len returns the number of recipients and tokens the store holds.
func (m *Memory) Len() (recipients, tokens int) {
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		recipients += len(s.recipients)
		tokens += len(s.tokens)
		s.mu.Unlock()
	}
	return recipients, tokens
}

func (s *shard) see(t time.Time) {
	if t.After(s.latest) {
		s.latest = t
	}
}

// prune drops e's expired sends and inbound time, and e itself when nothing
// is left. s.mu is held.
func (m *Memory) prune(s *shard, key string, e *entry) {
	cutoff := s.latest.Add(-m.limits.Retention)
	i := 0
	for i < len(e.sends) && e.sends[i].At.Before(cutoff) {
		i++
	}
	if i > 0 {
		e.sends = e.sends[i:] // Views that hold them keep them
	}
	if len(e.pending) > 0 {
		// A reservation never confirmed is dropped once it lapsed; those
		// of sends trimmed by time or MaxSends go with them.
		clock := m.clock()
		for id, exp := range e.pending {
			if !clock.Before(exp) || !slices.ContainsFunc(e.sends, func(s Send) bool { return s.ID == id }) {
				delete(e.pending, id)
				if f := func(s Send) bool { return s.ID == id }; !clock.Before(exp) && slices.ContainsFunc(e.sends, f) {
					e.sends = slices.DeleteFunc(slices.Clone(e.sends), f) // a copy: Views may hold the array
				}
			}
		}
	}
	if e.lastInbound.Before(cutoff) {
		e.lastInbound = time.Time{}
	}
	if e.adInbound.Before(cutoff) {
		e.adInbound = time.Time{}
	}
	if e.adClick.Before(cutoff) {
		e.adClick = time.Time{}
	}
	if len(e.sends) == 0 {
		e.sends = nil // let the array go
	}
	if len(e.sends) == 0 && e.lastInbound.IsZero() {
		// Forgetting the entry resets its version to 0; a View taken
		// before still conflicts, since it saw a version above 0.
		delete(s.recipients, key)
	}
}

// wrote counts a write and sweeps the shard every sweepEvery writes. s.mu is
// held.
func (m *Memory) wrote(s *shard) {
	s.writes++
	if s.writes < sweepEvery {
		return
	}
	s.writes = 0
	for k, e := range s.recipients {
		m.prune(s, k, e)
	}
	for k, u := range s.tokens {
		if s.latest.Sub(u.At) > m.limits.TokenRetention {
			delete(s.tokens, k)
			delete(s.tokenLease, k)
		}
	}
}

// Clone returns an independent copy of the store: a base history (a prior
// send log) reused as the start of several checks.
func (m *Memory) Clone() *Memory {
	c := &Memory{limits: m.limits, seed: m.seed, clock: m.clock}
	for i := range m.shards {
		s, d := &m.shards[i], &c.shards[i]
		s.mu.Lock()
		d.recipients = make(map[string]*entry, len(s.recipients))
		for k, e := range s.recipients {
			ce := *e
			// Shared as a View's are: each store appends past the
			// other's capacity and never changes a kept send.
			ce.sends = slices.Clip(e.sends)
			ce.pending = maps.Clone(e.pending)
			d.recipients[k] = &ce
		}
		d.tokens = make(map[string]Send, len(s.tokens))
		for k, u := range s.tokens {
			d.tokens[k] = u
		}
		d.tokenLease = maps.Clone(s.tokenLease)
		d.latest, d.writes = s.latest, s.writes
		s.mu.Unlock()
	}
	return c
}
