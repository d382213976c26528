package redisstore

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/presend/presend/lint/history"
)

// maxPending bounds the confirmations and removals a Store keeps to retry.
// Past it, a failed removal is left to its lease and a failed
// confirmation is lost (the send stops counting when its lease ends), as
// without the retries.
const maxPending = 1 << 16

// pendingOp is a Confirm or Remove whose call failed: the server was down
// or stalled, or the answer was lost. Both scripts can run again without
// harm: a removal that already ran finds nothing, a confirmation that
// already ran finds no lease.
type pendingOp struct {
	snd     history.Send
	confirm bool
}

// pending holds, by recipient, the confirmations and removals that failed,
// so that the next View of the recipient runs them first. Without it, a
// send refused while the store stalled (its reservation's removal lost on
// the way) would count as sent until its lease ended: the client's retry
// of the same message, once the store is back, would be blocked as a
// duplicate.
type pending struct {
	mu  sync.Mutex
	ops map[string][]pendingOp
	n   atomic.Int64 // ops held; read without the lock by every View
}

// add keeps op to retry, unless maxPending are already kept.
func (p *pending) add(op pendingOp) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.n.Load() >= maxPending {
		return
	}
	if p.ops == nil {
		p.ops = map[string][]pendingOp{}
	}
	p.ops[op.snd.Recipient] = append(p.ops[op.snd.Recipient], op)
	p.n.Add(1)
}

// take removes and returns the operations kept for recipient.
func (p *pending) take(recipient string) []pendingOp {
	if p.n.Load() == 0 {
		// The usual case: every View passes here, without the lock. An op
		// added meanwhile is run by the next View, as if it came after.
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	ops := p.ops[recipient]
	if len(ops) > 0 {
		delete(p.ops, recipient)
		p.n.Add(-int64(len(ops)))
	}
	return ops
}

// flush runs the confirmations and removals kept for recipient, in the
// order they failed. Those that fail again are kept, and the error says the
// store is still failing: the caller must not read a history they would
// have changed.
func (r *Store) flush(ctx context.Context, recipient string) error {
	ops := r.pending.take(recipient)
	var errs []error
	for i, op := range ops {
		var err error
		if op.confirm {
			err = r.confirm(ctx, op.snd)
		} else {
			err = r.remove(ctx, op.snd)
		}
		if err != nil {
			for _, rest := range ops[i:] {
				r.pending.add(rest)
			}
			errs = append(errs, err)
			break
		}
	}
	return errors.Join(errs...)
}
