package main

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/report"
)

// chunkSize is how many messages of one file a goroutine takes at a time:
// big enough that handing out work costs nothing next to linting it, small
// enough that the last chunks spread over every core.
const chunkSize = 64

// inParallel calls do(lo, hi) for consecutive ranges [lo, hi) covering
// [0, n), each at most chunk long, on up to workers goroutines (0: one per
// CPU), and returns when every call has. With one worker or a single chunk
// it calls do(0, n) on the calling goroutine.
func inParallel(n, chunk, workers int, do func(lo, hi int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := (n + chunk - 1) / chunk
	workers = min(workers, chunks)
	if workers <= 1 {
		if n > 0 {
			do(0, n)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				do(c*chunk, min(n, (c+1)*chunk))
			}
		})
	}
	wg.Wait()
}

// checkLog checks the messages of one file, as l.CheckLog does, with the
// same results. A file whose messages have no recipient (st is nil: no
// history to consult or record) is checked on up to jobs cores (0: every
// core), each result at its message's index. A send log is checked in
// sent_at order, one message after the other, since each message is
// judged against those sent before it.
//
// A rule that counts across a file's messages (spelling's brand-after: see
// lint.OrderDependent) sees them in CheckLog's order all the same: the
// messages are taken in blocks of that order; each block is checked in
// parallel, each message with a guess of the counts (lint.Tally.Guess:
// the counts as the block began), then each guess is confirmed in order
// (lint.Tally.Confirm), and the rare message whose guess was wrong (a word
// that becomes a brand inside the block) is checked again in its turn.
func checkLog(ctx context.Context, l *lint.Linter, st history.Store, msgs []lint.Message, jobs int) ([]lint.Result, error) {
	if st != nil {
		return l.CheckLog(ctx, st, msgs)
	}
	if l.OrderFree() {
		res := make([]lint.Result, len(msgs))
		inParallel(len(msgs), chunkSize, jobs, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				res[i] = l.Check(ctx, msgs[i])
			}
		})
		return res, nil
	}
	if workers := jobs; workers == 1 || workers <= 0 && runtime.GOMAXPROCS(0) == 1 || len(msgs) <= orderChunk {
		return l.CheckLog(ctx, nil, msgs)
	}
	res, _ := checkGuessed(ctx, l, msgs, jobs)
	return res, nil
}

// checkGuessed checks msgs in blocks of guesses confirmed in order (see
// checkLog) and returns how many were checked again.
func checkGuessed(ctx context.Context, l *lint.Linter, msgs []lint.Message, jobs int) (res []lint.Result, again int) {
	res = make([]lint.Result, len(msgs))
	order := l.LogOrder(msgs)
	t := l.Tally()
	guesses := make([]*lint.Guess, min(len(order), orderBlock))
	for lo := 0; lo < len(order); lo += orderBlock {
		block := order[lo:min(len(order), lo+orderBlock)]
		inParallel(len(block), orderChunk, jobs, func(a, b int) {
			for k := a; k < b; k++ {
				g := t.Guess()
				res[block[k]] = l.Check(lint.WithCounter(ctx, g), msgs[block[k]])
				guesses[k] = g
			}
		})
		for k, i := range block {
			if !t.Confirm(guesses[k]) {
				res[i] = l.Check(ctx, msgs[i]) // in its turn, counting
				again++
			}
		}
	}
	return res, again
}

// orderBlock is how many messages of a file checked by an order-dependent
// rule are checked in parallel between two confirmations (see checkLog), in
// chunks of orderChunk: a word that becomes a brand inside a block costs a
// second check of its later messages in that block.
const (
	orderBlock = 512
	orderChunk = 16
)

// renderAll renders results for out, on up to jobs cores (0: every core).
func renderAll(out *report.Stream, results []lint.Result, jobs int) []string {
	rendered := make([]string, len(results))
	inParallel(len(results), chunkSize, jobs, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			rendered[i] = out.Render(&results[i])
		}
	})
	return rendered
}

// inOrder runs a pipeline of three stages: read, on its own goroutine,
// produces items (each by calling yield, which reports false when the
// pipeline stops); work turns each into an outcome on up to workers
// goroutines (0: one per CPU); emit takes the outcomes on the calling
// goroutine, in the order read produced the items. At most window items
// (at least one) are read and not yet emitted at any time, which bounds
// the memory the pipeline holds whatever the input's length. When emit
// returns false nothing more is read, worked on or emitted. inOrder returns
// once every goroutine it started has, with read's error, which comes
// after the outcomes of the items read before it were emitted (nil when
// emit stopped the pipeline).
func inOrder[I, O any](workers, window int, read func(yield func(I) bool) error, work func(I) O, emit func(O) bool) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	window = max(window, 1)
	type job struct {
		item I
		out  chan O // one outcome: buffered, so that a worker never waits
	}
	var (
		slots   = make(chan struct{}, window) // one per item read and not emitted
		jobs    = make(chan job, window)      // to the workers
		pending = make(chan chan O, window)   // to emit, in read order
		stop    = make(chan struct{})
		readErr error
		wg      sync.WaitGroup
	)
	wg.Go(func() {
		defer close(jobs)
		defer close(pending)
		readErr = read(func(item I) bool {
			select {
			case slots <- struct{}{}:
			case <-stop:
				return false
			}
			j := job{item: item, out: make(chan O, 1)}
			jobs <- j // never blocks: fewer than window jobs are queued
			pending <- j.out
			return true
		})
	})
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				select {
				case <-stop:
					continue // emit stopped: drain the queue
				default:
				}
				j.out <- work(j.item)
			}
		})
	}
	stopped := false
	for out := range pending {
		o := <-out
		if !emit(o) {
			stopped = true
			close(stop)
			break
		}
		<-slots
	}
	if stopped {
		for range pending { // let read see stop
		}
	}
	wg.Wait()
	if stopped {
		return nil
	}
	return readErr
}
