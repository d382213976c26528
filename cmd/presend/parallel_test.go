package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestInParallel: every index is covered once, in chunks of at most the
// size given, and two workers do run at the same time.
func TestInParallel(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1000} {
		seen := make([]atomic.Int32, n)
		inParallel(n, 64, 4, func(lo, hi int) {
			if hi-lo > 64 || hi <= lo {
				t.Errorf("n=%d: chunk [%d, %d)", n, lo, hi)
			}
			for i := lo; i < hi; i++ {
				seen[i].Add(1)
			}
		})
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: index %d done %d times", n, i, c)
			}
		}
	}
	// Two chunks, two workers: each waits for the other to start.
	var started sync.WaitGroup
	started.Add(2)
	both := make(chan struct{})
	go func() { started.Wait(); close(both) }()
	inParallel(2, 1, 2, func(lo, hi int) {
		started.Done()
		select {
		case <-both:
		case <-time.After(10 * time.Second):
			t.Error("the two chunks never ran at the same time")
		}
	})
}

// TestLintBigJSONL lints one JSONL file of 500 envelopes without
// recipients: the output is the one of a run on one core, results in line
// order. With spelling's brand-after (the default), whether "Zorblax" is
// flagged depends on the messages checked before: the brand counts are
// guessed and confirmed in order (see TestCheckLogBrandsInParallel); with
// brand-after = 0 every message is checked independently.
func TestLintBigJSONL(t *testing.T) {
	dir := t.TempDir()
	texts := []string{
		"Your order %d has shipped and arrives Monday.",
		"FREE gift %d!!! Act now, click here to WIN cash!!!",
		"Bonjour, votre commande %d est expédiée et arrive lundi.",
	}
	const n = 500
	lines := envelopeLines(n, func(i int) string {
		if zorblax(i) {
			// At the end of the first chunk of 64 and the start of the
			// second: checked in parallel, the second chunk's would come
			// first.
			return fmt.Sprintf("Zorblax says hi to order %d.", i)
		}
		return fmt.Sprintf(texts[i%len(texts)], i)
	})
	p := writeFile(t, filepath.Join(dir, "big.jsonl"), strings.Join(lines, "\n")+"\n")
	free := writeFile(t, filepath.Join(dir, "free.toml"), "[rules.spelling]\nbrand-after = 0\n")
	for _, config := range []string{"", free} {
		args := []string{"lint", "--format", "json"}
		if config != "" {
			args = append(args, "--config", config)
		}
		_, one, _ := presend(t, "", append(args, "--jobs", "1", p)...)
		code, all, errs := presend(t, "", append(args, p)...)
		if code != exitBlocked {
			t.Errorf("exit %d: %s", code, errs)
		}
		if all != one {
			t.Fatalf("config %q: the output on every core differs from the output on one", config)
		}
		var rep struct {
			Results []struct {
				ID       string `json:"id"`
				Line     int    `json:"line"`
				Findings []struct {
					Message string `json:"message"`
				} `json:"findings"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(all), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != n {
			t.Fatalf("%d results, want %d", len(rep.Results), n)
		}
		flagged := 0
		for i, r := range rep.Results {
			if r.ID != fmt.Sprint("m", i) || r.Line != i+1 {
				t.Fatalf("result %d is %s at line %d", i, r.ID, r.Line)
			}
			for _, f := range r.Findings {
				if strings.Contains(f.Message, `"Zorblax"`) {
					flagged++
					if config == "" && i > 61 {
						t.Errorf("Zorblax flagged in message %d, after it was taken for a brand", i)
					}
				}
			}
		}
		// brand-after 3: flagged in the first two messages (60 and 61), a
		// brand from the third on; brand-after 0: flagged in every one.
		if want := map[string]int{"": 2, free: 10}[config]; flagged != want {
			t.Errorf("config %q: Zorblax flagged %d times, want %d", config, flagged, want)
		}
	}
}

func zorblax(i int) bool { return i >= 60 && i < 70 }

// TestCheckLogBrandsInParallel: with spelling's brand-after on (the
// default), a file's messages are checked on two cores (two checks run at
// once) and give, result for result and notice for notice, what
// Linter.CheckLog gives one after another: words that become brands inside
// a block and across blocks, messages with an id, an id twice, without an
// id, sent_at out of order, and a second pass over the same file (as lint
// --fix makes), where the counts of the first pass stand.
func TestCheckLogBrandsInParallel(t *testing.T) {
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	var msgs []lint.Message
	for i := range 3000 {
		m := lint.Message{Source: "log.jsonl", ID: fmt.Sprint("m", i), Channel: "sms", Lang: "en",
			Text: fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)}
		switch {
		case i%7 == 0:
			m.Text = fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%11 == 0:
			m.Lang, m.Text = "fr", fmt.Sprintf("Quibbleur vous remercie pour la commande %d.", i)
		case i >= 600 && i < 640 || i >= 1500 && i < 1503:
			m.Text = fmt.Sprintf("Frobnitz here. Frobnitz again, order %d.", i)
		case i%13 == 0:
			m.Text = fmt.Sprintf("Wozzle? Your order %d is late.", i)
		}
		switch {
		case i%17 == 0:
			m.ID = "" // no id, no position: counted each time
		case i%19 == 0:
			m.ID = "twice"
		}
		if i%5 == 0 {
			m.SentAt = base.Add(-time.Duration(i) * time.Minute)
		}
		msgs = append(msgs, m)
	}
	newLinter := func() *lint.Linter {
		l, err := lint.New(linttest.Config(), rules.All())
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	one, all := newLinter(), newLinter()
	if all.OrderFree() {
		t.Fatal("the default configuration is order-free: brand-after is off")
	}
	for pass := 1; pass <= 2; pass++ {
		want, err := one.CheckLog(context.Background(), nil, msgs)
		if err != nil {
			t.Fatal(err)
		}
		ctx := &meetCtx{Context: context.Background(), second: make(chan struct{})}
		got, err := checkLog(ctx, all, nil, msgs, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !ctx.met.Load() {
			t.Errorf("pass %d: no two checks ran at once", pass)
		}
		brands := 0
		for i := range msgs {
			w, _ := json.Marshal(want[i])
			g, _ := json.Marshal(got[i])
			if string(w) != string(g) {
				t.Fatalf("pass %d, message %d:\n got %s\nwant %s", pass, i, g, w)
			}
			if f, _ := json.Marshal(want[i].Findings); strings.Contains(msgs[i].Text, "Zorblax") && !strings.Contains(string(f), "Zorblax") {
				brands++
			}
		}
		if brands == 0 {
			t.Errorf("pass %d: Zorblax never taken for a brand", pass)
		}
		if w, g := one.Notices(), all.Notices(); !slices.Equal(w, g) {
			t.Errorf("pass %d: notices\n got %q\nwant %q", pass, g, w)
		}
	}
}

// meetCtx is a context whose first Err call waits (up to 5 s) for a second
// one: met says whether it came while the first waited, that is whether two
// checks (which ask Err before each rule) ran at once.
type meetCtx struct {
	context.Context
	calls  atomic.Int32
	second chan struct{}
	met    atomic.Bool
}

func (c *meetCtx) Err() error {
	switch c.calls.Add(1) {
	case 1:
		select {
		case <-c.second:
			c.met.Store(true)
		case <-time.After(5 * time.Second):
		}
	case 2:
		close(c.second)
	}
	return c.Context.Err()
}

// TestInOrder: outcomes come out in the order the items were read, however
// unevenly long each takes on many workers; no more than window items are
// ever read and not yet emitted (the memory bound), and the window is
// used; read's error comes after every outcome before it.
func TestInOrder(t *testing.T) {
	for _, c := range []struct{ workers, window, n int }{{1, 1, 50}, {2, 8, 500}, {7, 3, 500}, {16, 32, 2000}} {
		var inFlight, most atomic.Int64
		readErr := fmt.Errorf("read stopped after %d", c.n)
		var next int
		err := inOrder(c.workers, c.window, func(yield func(int) bool) error {
			for i := range c.n {
				if !yield(i) {
					return nil
				}
			}
			return readErr
		}, func(i int) int {
			// Counted from the start of its work to its emit: a subset of
			// the items read and not emitted.
			if n := inFlight.Add(1); n > most.Load() {
				most.Store(n) // (only a lower bound when racing: enough to catch a bound broken)
			}
			for range (i * 7919) % 211 { // uneven: later items often finish first
				runtime.Gosched()
			}
			return i * i
		}, func(o int) bool {
			if o != next*next {
				t.Fatalf("%+v: outcome %d, want %d's", c, o, next)
			}
			next++
			inFlight.Add(-1)
			return true
		})
		if !errors.Is(err, readErr) {
			t.Errorf("%+v: error %v, want read's", c, err)
		}
		if next != c.n {
			t.Errorf("%+v: %d outcomes, want %d", c, next, c.n)
		}
		if m := most.Load(); m > int64(c.window) {
			t.Errorf("%+v: %d items in flight at once, over the window", c, m)
		}
	}

	// An emit that waits until window items are worked on sees exactly
	// window of them: the pipeline fills its window and goes no further.
	const window = 5
	var started atomic.Int64
	full := make(chan struct{})
	read := 0
	err := inOrder(3, window, func(yield func(int) bool) error {
		for i := 0; ; i++ {
			read++
			if !yield(i) {
				return nil
			}
		}
	}, func(i int) int {
		if started.Add(1) == window {
			close(full)
		}
		return i
	}, func(o int) bool {
		select {
		case <-full:
		case <-time.After(10 * time.Second):
			t.Error("the window never filled")
		}
		if n := started.Load(); n != window {
			t.Errorf("%d items worked on while the first waited to be emitted, want %d", n, window)
		}
		return false // stop: nothing more is read
	})
	if err != nil {
		t.Errorf("stopped by emit: error %v", err)
	}
	if read > window+1 {
		t.Errorf("%d items read after emit stopped the pipeline", read)
	}
}
