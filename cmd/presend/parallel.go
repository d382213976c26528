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

// checkLog checks the messages of one file, as l.CheckLog does. A file
// whose messages have no recipient (st is nil: no history to consult or
// record), checked by a Linter whose rules keep no state from one message
// to the next (l.OrderFree), is a set of independent messages, checked on
// up to jobs cores (0: every core) with each result at its message's index.
// A send log is checked in sent_at order, one message after the other,
// since each message is judged against those sent before it, and so is a
// file whose rules count across its messages (spelling's brand-after).
func checkLog(ctx context.Context, l *lint.Linter, st history.Store, msgs []lint.Message, jobs int) ([]lint.Result, error) {
	if st != nil || !l.OrderFree() {
		return l.CheckLog(ctx, st, msgs)
	}
	res := make([]lint.Result, len(msgs))
	inParallel(len(msgs), chunkSize, jobs, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			res[i] = l.Check(ctx, msgs[i])
		}
	})
	return res, nil
}

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
