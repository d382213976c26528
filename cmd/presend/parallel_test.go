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
// recipients: the output is the one of a run on one core, results in line
// order. With spelling's brand-after (the default), whether "Zorblax" is
// flagged depends on the messages checked before, and the file is checked
// in order; with brand-after = 0 it is checked on every core.
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
		text := fmt.Sprintf(texts[i%len(texts)], i)
		if zorblax(i) {
			// At the end of the first chunk of 64 and the start of the
			// second: checked in parallel, the second chunk's would come
			// first.
			text = fmt.Sprintf("Zorblax says hi to order %d.", i)
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	p := writeFile(t, filepath.Join(dir, "big.jsonl"), b.String())
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
