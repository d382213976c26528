package history_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint/history"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestMemoryViewRecord(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	v, err := m.View(ctx, "a", "", t0)
	if err != nil || v.Version != 0 || len(v.Sends) != 0 || !v.LastInbound.IsZero() {
		t.Fatalf("empty view = %+v, %v", v, err)
	}
	if err := m.Record(ctx, history.Send{Recipient: "a", At: t0, Fingerprint: 7, Ref: "x:1"}, v.Version); err != nil {
		t.Fatal(err)
	}
	// A second record against the old version conflicts and stores nothing.
	err = m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(time.Minute)}, v.Version)
	if !errors.Is(err, history.ErrConflict) {
		t.Fatalf("stale record: err = %v, want ErrConflict", err)
	}
	v, _ = m.View(ctx, "a", "", t0.Add(time.Hour))
	if len(v.Sends) != 1 || v.Sends[0].Fingerprint != 7 || v.Version != 1 {
		t.Fatalf("view after one record = %+v", v)
	}
	// Other recipients are untouched.
	if w, _ := m.View(ctx, "b", "", t0); len(w.Sends) != 0 || w.Version != 0 {
		t.Fatalf("other recipient sees %+v", w)
	}
}

func TestMemoryKeepsTimeOrder(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	for i, h := range []int{5, 1, 3, 2, 4} {
		if err := m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(time.Duration(h) * time.Hour)}, uint64(i)); err != nil {
			t.Fatal(err)
		}
	}
	v, _ := m.View(ctx, "a", "", t0.Add(6*time.Hour))
	for i, s := range v.Sends {
		if want := t0.Add(time.Duration(i+1) * time.Hour); !s.At.Equal(want) {
			t.Fatalf("send %d at %v, want %v", i, s.At, want)
		}
	}
}

func TestMemoryInbound(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	_ = m.RecordInbound(ctx, "a", t0)
	_ = m.RecordInbound(ctx, "a", t0.Add(-time.Hour)) // older: ignored
	v, _ := m.View(ctx, "a", "", t0.Add(time.Hour))
	if !v.LastInbound.Equal(t0) {
		t.Fatalf("last inbound %v, want %v", v.LastInbound, t0)
	}
	// An inbound message does not change the send version: a check that
	// raced with it is still valid.
	if v.Version != 0 {
		t.Fatalf("version %d after an inbound message, want 0", v.Version)
	}
}

func TestMemoryRetention(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{Retention: 24 * time.Hour, TokenRetention: 48 * time.Hour})
	_ = m.RecordInbound(ctx, "a", t0)
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0, Token: "tok"}, 0)
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(20 * time.Hour)}, 1)
	v, _ := m.View(ctx, "a", "tok", t0.Add(30*time.Hour))
	if len(v.Sends) != 1 || !v.LastInbound.IsZero() {
		t.Fatalf("after 30 h: %d sends, last inbound %v; want 1 send and no inbound", len(v.Sends), v.LastInbound)
	}
	if v.TokenUse == nil {
		t.Fatal("token forgotten after 30 h, retention is 48 h")
	}
	v, _ = m.View(ctx, "a", "tok", t0.Add(50*time.Hour))
	if len(v.Sends) != 0 || v.TokenUse != nil {
		t.Fatalf("after 50 h: %+v, want nothing", v)
	}
	if r, _ := m.Len(); r != 0 {
		t.Fatalf("%d recipients kept after everything expired", r)
	}
}

func TestMemoryMaxSends(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{MaxSends: 3})
	for i := range 5 {
		_ = m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(time.Duration(i) * time.Minute), Fingerprint: uint64(i)}, uint64(i))
	}
	v, _ := m.View(ctx, "a", "", t0.Add(time.Hour))
	if len(v.Sends) != 3 || v.Sends[0].Fingerprint != 2 {
		t.Fatalf("kept %+v, want the last 3", v.Sends)
	}
}

// TestMemorySweep checks that recipients nobody touches again are dropped
// by the periodic sweep, so memory follows recent traffic.
func TestMemorySweep(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{Retention: time.Hour})
	for i := range 10_000 {
		_ = m.Record(ctx, history.Send{Recipient: fmt.Sprint("old", i), At: t0}, 0)
	}
	// Enough later traffic to trigger every shard's sweep.
	for i := range 200_000 {
		_ = m.Record(ctx, history.Send{Recipient: fmt.Sprint("new", i%1000), At: t0.Add(2 * time.Hour)}, uint64(i/1000))
	}
	if r, _ := m.Len(); r > 1000 {
		t.Fatalf("%d recipients held, want the 1000 recent ones", r)
	}
}

func TestMemoryConcurrentRecord(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	const writers = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				v, err := m.View(ctx, "a", "", t0)
				if err != nil {
					t.Error(err)
					return
				}
				if len(v.Sends) >= 5 {
					return // the cap is taken
				}
				err = m.Record(ctx, history.Send{Recipient: "a", At: t0, Ref: fmt.Sprint(w)}, v.Version)
				if errors.Is(err, history.ErrConflict) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				won++
				mu.Unlock()
				return
			}
		}()
	}
	wg.Wait()
	v, _ := m.View(ctx, "a", "", t0)
	if won != 5 || len(v.Sends) != 5 {
		t.Fatalf("%d writers recorded, store holds %d sends; want exactly 5 (a cap of 5)", won, len(v.Sends))
	}
}

func TestMemoryCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := history.NewMemory(history.Limits{})
	if _, err := m.View(ctx, "a", "", t0); !errors.Is(err, context.Canceled) {
		t.Fatalf("View on a cancelled context: %v", err)
	}
	if err := m.Record(ctx, history.Send{Recipient: "a"}, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Record on a cancelled context: %v", err)
	}
}

// TestMemoryFootprint measures the heap one recipient costs with three sends
// and an inbound time: the figure in the README.
func TestMemoryFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 100k recipients")
	}
	ctx := context.Background()
	const n = 100_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := history.NewMemory(history.Limits{})
	for i := range n {
		r := fmt.Sprintf("3361234%05d", i)
		_ = m.RecordInbound(ctx, r, t0)
		for k := range 3 {
			_ = m.Record(ctx, history.Send{Recipient: r, At: t0.Add(time.Duration(k) * time.Minute),
				Automated: true, Fingerprint: uint64(k), Ref: "outbox.jsonl:12"}, uint64(k))
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("memory store: %.0f bytes per recipient (3 sends, 1 inbound time)", per)
	if per > 2048 {
		t.Errorf("%.0f bytes per recipient, want under 2 KiB", per)
	}
	runtime.KeepAlive(m)
}

func TestMemoryClone(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0, Token: "tok"}, 0)
	c := m.Clone()
	_ = c.Record(ctx, history.Send{Recipient: "a", At: t0.Add(time.Minute)}, 1)
	_ = c.RecordInbound(ctx, "a", t0)
	v, _ := m.View(ctx, "a", "tok", t0)
	if len(v.Sends) != 1 || !v.LastInbound.IsZero() || v.TokenUse == nil {
		t.Fatalf("original changed by its clone: %+v", v)
	}
	w, _ := c.View(ctx, "a", "tok", t0)
	if len(w.Sends) != 2 || w.LastInbound.IsZero() || w.TokenUse == nil {
		t.Fatalf("clone: %+v", w)
	}
}

func TestMemoryRemove(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	a := history.Send{ID: "s1", Recipient: "a", At: t0, Token: "tok"}
	b := history.Send{ID: "s2", Recipient: "a", At: t0.Add(time.Minute)}
	_ = m.Record(ctx, a, 0)
	_ = m.Record(ctx, b, 1)
	v, _ := m.View(ctx, "a", "tok", t0)
	if err := m.Remove(ctx, a); err != nil {
		t.Fatal(err)
	}
	w, _ := m.View(ctx, "a", "tok", t0)
	if len(w.Sends) != 1 || w.Sends[0].ID != "s2" || w.TokenUse != nil {
		t.Fatalf("after removing s1: %+v", w)
	}
	if w.Version == v.Version {
		t.Error("Remove did not change the version: a check against the old view could still record")
	}
	if err := m.Remove(ctx, history.Send{ID: "nope", Recipient: "zz"}); err != nil {
		t.Errorf("removing an unknown send: %v", err)
	}
}
