package lint

import (
	"context"
	"slices"
	"sync"
	"time"
)

// OrderDependent is implemented by compiled rule state (what
// Compiler.Compile returns) whose findings on a message can depend on the
// messages of the same source checked before it: spelling, with
// brand-after, stops flagging a capitalised word once it has flagged it in
// that many messages of one file. Such a rule counts through
// Pass.Counter, never on its own, so that a caller can check the messages
// of a file in parallel and still give the results of one after another
// (see Tally.Guess).
type OrderDependent interface {
	OrderDependent() bool
}

// OrderFree reports whether a message's result never depends on the other
// messages the Linter checked before it (history stores aside, which a
// caller orders itself): then the messages of one file may be checked in
// any order, in parallel, and give the results of one after another. It is
// false when an enabled rule's compiled state is OrderDependent.
func (l *Linter) OrderFree() bool {
	for _, ar := range l.rules {
		if d, ok := ar.compiled.(OrderDependent); ok && d.OrderDependent() {
			return false
		}
	}
	return true
}

// Counter counts, for an order-dependent rule, the messages of each source
// a key (a word) was seen in.
type Counter interface {
	// Seen records that message id of source has key (id "": a message
	// that cannot be told apart, counted each time), and reports whether
	// after messages of source or more now have it; first is true on the
	// call that reached after.
	Seen(source, id, key string, after int) (reached, first bool)
}

// Counter returns what the rule counts across messages with: the Linter's
// Tally, or what the caller put in the check's context (WithCounter).
func (p *Pass) Counter() Counter { return p.counter }

type counterKey struct{}

// WithCounter returns a context whose checks count with c instead of the
// Linter's Tally (see Tally.Guess).
func WithCounter(ctx context.Context, c Counter) context.Context {
	return context.WithValue(ctx, counterKey{}, c)
}

// counterFor is the Counter of a check under ctx.
func (l *Linter) counterFor(ctx context.Context) Counter {
	if c, ok := ctx.Value(counterKey{}).(Counter); ok {
		return c
	}
	return l.tally
}

// Tally returns the Linter's count of keys per source, which the messages
// it checks add to (see Counter), for a caller that checks in parallel and
// confirms each message's guess in order (Tally.Guess, Tally.Confirm).
func (l *Linter) Tally() *Tally { return l.tally }

// LogOrder returns the indices of msgs in the order CheckLog takes them:
// by sent_at, a message without one at the time of the check, ties in the
// order given. (CheckLog sorts the same way.)
func (l *Linter) LogOrder(msgs []Message) []int {
	order, _ := logOrder(msgs, l.clock())
	return order
}

// logOrder returns the indices of msgs in log order (see LogOrder) and,
// per message, the time it is taken as sent at: its sent_at, or now.
func logOrder(msgs []Message, now time.Time) (order []int, at []time.Time) {
	order = make([]int, len(msgs))
	at = make([]time.Time, len(msgs))
	for i, m := range msgs {
		order[i], at[i] = i, m.SentAt
		if at[i].IsZero() {
			at[i] = now
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return at[a].Compare(at[b]) })
	return order, at
}

// Tally is a Counter safe for concurrent use: per source and key, the
// messages seen with it.
type Tally struct {
	mu   sync.Mutex
	msgs map[[2]string]map[string]bool // source, key → the messages with it
	anon map[[2]string]int             // source, key → messages without an id
}

// NewTally returns an empty Tally.
func NewTally() *Tally {
	return &Tally{msgs: map[[2]string]map[string]bool{}, anon: map[[2]string]int{}}
}

// Seen implements Counter.
func (t *Tally) Seen(source, id, key string, after int) (reached, first bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	n, added := t.add(source, id, key)
	return n >= after, n == after && added
}

// add counts message id of source for key and returns how many messages
// have it now, and whether this call added one.
func (t *Tally) add(source, id, key string) (n int, added bool) {
	k := [2]string{source, key}
	added = true
	if id == "" {
		t.anon[k]++
	} else {
		set := t.msgs[k]
		if set == nil {
			set = map[string]bool{}
			t.msgs[k] = set
		}
		added = !set[id]
		set[id] = true
	}
	return len(t.msgs[k]) + t.anon[k], added
}

// undo takes back an add that returned added.
func (t *Tally) undo(source, id, key string) {
	k := [2]string{source, key}
	if id == "" {
		if t.anon[k]--; t.anon[k] == 0 {
			delete(t.anon, k)
		}
		return
	}
	delete(t.msgs[k], id)
	if len(t.msgs[k]) == 0 {
		delete(t.msgs, k)
	}
}

// Guess is a Counter for one message checked out of turn: it answers from
// the Tally as it stands, without counting, as if the message came next,
// and remembers its answers for Tally.Confirm. Use one per message, from
// one goroutine.
type Guess struct {
	t     *Tally
	calls []seenCall
}

type seenCall struct {
	source, id, key string
	after           int
	reached, first  bool
}

// Guess returns a new Guess on t.
func (t *Tally) Guess() *Guess { return &Guess{t: t} }

// Seen implements Counter.
func (g *Guess) Seen(source, id, key string, after int) (reached, first bool) {
	g.t.mu.Lock()
	k := [2]string{source, key}
	n := len(g.t.msgs[k]) + g.t.anon[k]
	added := id == "" || !g.t.msgs[k][id]
	g.t.mu.Unlock()
	if added {
		n++
	}
	reached, first = n >= after, n == after && added
	g.calls = append(g.calls, seenCall{source, id, key, after, reached, first})
	return reached, first
}

// Confirm counts the message of g, now in its turn, and reports whether
// every answer g gave is the one Seen gives now: then the check made with
// g is the check made in turn. Otherwise it counts nothing, and the caller
// checks the message again with the Tally itself. A message whose check
// asked nothing is confirmed.
func (t *Tally) Confirm(g *Guess) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	var added []bool // whether each call so far added a message
	for _, c := range g.calls {
		n, a := t.add(c.source, c.id, c.key)
		added = append(added, a)
		if n >= c.after == c.reached && (n == c.after && a) == c.first {
			continue
		}
		// Take back the calls made, newest first.
		for j := len(added) - 1; j >= 0; j-- {
			if added[j] {
				t.undo(g.calls[j].source, g.calls[j].id, g.calls[j].key)
			}
		}
		return false
	}
	return true
}
