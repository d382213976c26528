package history_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestMemory(t *testing.T) {
	historytest.Run(t, func(t *testing.T) history.Store {
		m := history.NewMemory(history.Limits{})
		t.Cleanup(func() { _ = m.Close() })
		return m
	})
}

// TestMemoryForgets checks that a View leaves expired entries out without
// deleting anything (a View with a wrong now must not erase history), and
// that the next send to the recipient drops them.
func TestMemoryForgets(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{Retention: 24 * time.Hour, TokenRetention: 48 * time.Hour})
	_ = m.RecordInbound(ctx, "a", t0)
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0, Token: "tok"}, 0)
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(20 * time.Hour)}, 1)
	if v, _ := m.View(ctx, "a", "tok", t0.Add(50*365*24*time.Hour)); len(v.Sends) != 0 || v.TokenUse != nil {
		t.Fatalf("50 years on: %+v, want nothing", v)
	}
	v, _ := m.View(ctx, "a", "tok", t0.Add(21*time.Hour))
	if len(v.Sends) != 2 || v.TokenUse == nil || v.LastInbound.IsZero() {
		t.Fatalf("a View far in the future erased history: %+v", v)
	}
	_ = m.Record(ctx, history.Send{Recipient: "a", At: t0.Add(45 * time.Hour)}, v.Version)
	v, _ = m.View(ctx, "a", "tok", t0.Add(45*time.Hour))
	if len(v.Sends) != 1 || !v.LastInbound.IsZero() {
		t.Fatalf("after a send 45 h on: %d sends, inbound %v; want only the new send", len(v.Sends), v.LastInbound)
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
	// Later traffic to 1000 recipients, until every shard has swept. How
	// much that takes depends on how the random seed spreads the 1000
	// over the shards (170,000 to 260,000 writes in 40 runs); a million
	// leaves every shard several thousand.
	i := 0
	for ; i < 1_000_000; i++ {
		if i%10_000 == 0 && i > 0 {
			if r, _ := m.Len(); r <= 1000 {
				break
			}
		}
		_ = m.Record(ctx, history.Send{Recipient: fmt.Sprint("new", i%1000), At: t0.Add(2 * time.Hour)}, uint64(i/1000))
	}
	if r, _ := m.Len(); r > 1000 {
		t.Fatalf("%d recipients held after %d writes, want the 1000 recent ones", r, i)
	}
	t.Logf("old recipients dropped after %d writes", i)
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

// TestMemoryReserveLate: a reservation whose deadline passed stores nothing.
func TestMemoryReserveLate(t *testing.T) {
	historytest.ReserveLate(t, history.NewMemory(history.Limits{}))
}

// TestMemoryViewWhileWriting reads every field of Views of one recipient
// while another goroutine records (in and out of time order, past
// MaxSends), removes and reserves sends to them: Views share the entry's
// array, and under -race this fails if a writer ever touches an element
// a View holds. Each View must also stay in time order and unchanged.
func TestMemoryViewWhileWriting(t *testing.T) {
	ctx := context.Background()
	m := history.NewMemory(history.Limits{MaxSends: 16})
	const writes = 2000
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range writes {
			v, _ := m.View(ctx, "a", "", t0)
			at := t0.Add(time.Duration(i) * time.Second)
			if i%7 == 3 {
				at = t0.Add(time.Duration(i-5) * time.Second) // out of order
			}
			s := history.Send{ID: fmt.Sprint(i), Recipient: "a", At: at, Ref: fmt.Sprint("ref", i)}
			switch i % 5 {
			case 4:
				_ = m.Reserve(ctx, s, v.Version, time.Nanosecond)
			default:
				_ = m.Record(ctx, s, v.Version)
			}
			if i%11 == 0 {
				_ = m.Remove(ctx, history.Send{ID: fmt.Sprint(i - 3), Recipient: "a"})
			}
		}
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		v, err := m.View(ctx, "a", "", t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		snapshot := fmt.Sprint(v.Sends)
		for i := 1; i < len(v.Sends); i++ {
			if v.Sends[i].At.Before(v.Sends[i-1].At) {
				t.Fatalf("view out of time order at %d: %v", i, v.Sends)
			}
		}
		if again := fmt.Sprint(v.Sends); again != snapshot {
			t.Fatalf("a View changed while it was read:\n%s\n%s", snapshot, again)
		}
	}
}
