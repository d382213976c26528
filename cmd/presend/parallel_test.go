package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
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
// recipients, which is checked on every core: the output is the one of a
// run on one core, results in line order.
func TestLintBigJSONL(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	texts := []string{
		"Your order %d has shipped and arrives Monday.",
		"FREE gift %d!!! Act now, click here to WIN cash!!!",
		"Bonjour, votre commande %d est expédiée et arrive lundi.",
	}
	const n = 500
	for i := range n {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "text": fmt.Sprintf(texts[i%len(texts)], i)})
		b.Write(line)
		b.WriteByte('\n')
	}
	p := writeFile(t, filepath.Join(dir, "big.jsonl"), b.String())
	_, one, _ := presend(t, "", "lint", "--format", "json", "--jobs", "1", p)
	code, all, errs := presend(t, "", "lint", "--format", "json", p)
	if code != exitBlocked {
		t.Errorf("exit %d: %s", code, errs)
	}
	if all != one {
		t.Fatalf("output on every core differs from the output on one")
	}
	var rep struct {
		Results []struct {
			ID   string `json:"id"`
			Line int    `json:"line"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(all), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != n {
		t.Fatalf("%d results, want %d", len(rep.Results), n)
	}
	for i, r := range rep.Results {
		if r.ID != fmt.Sprint("m", i) || r.Line != i+1 {
			t.Fatalf("result %d is %s at line %d", i, r.ID, r.Line)
		}
	}
}
