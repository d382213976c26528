package history_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/presend/presend/lint/history"
)

// fullMemory returns a memory store whose recipients each hold the most
// sends the store keeps (MaxSends, 256 by default), within retention: the
// history of a busy recipient, which every check of a send to them views.
func fullMemory(b *testing.B, recipients int) (*history.Memory, []string, time.Time) {
	b.Helper()
	ctx := context.Background()
	m := history.NewMemory(history.Limits{})
	maxSends := m.Limits().MaxSends
	names := make([]string, recipients)
	for i := range names {
		names[i] = fmt.Sprintf("3361234%05d", i)
		_ = m.RecordInbound(ctx, names[i], t0)
		for k := range maxSends {
			err := m.Record(ctx, history.Send{ID: fmt.Sprint(k), Recipient: names[i], At: t0.Add(time.Duration(k) * time.Minute),
				Automated: true, Fingerprint: uint64(k), Ref: "outbox.jsonl:12"}, uint64(k))
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	return m, names, t0.Add(time.Duration(maxSends) * time.Minute)
}

// BenchmarkMemoryView measures the View of a recipient with a full
// history: what each check of a send to a busy recipient pays.
func BenchmarkMemoryView(b *testing.B) {
	m, names, now := fullMemory(b, 16)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v, err := m.View(ctx, names[i%len(names)], "", now)
		if err != nil || len(v.Sends) != m.Limits().MaxSends {
			b.Fatalf("view: %d sends, %v", len(v.Sends), err)
		}
		i++
	}
}

// BenchmarkMemoryViewRecord measures a check's use of the store, View then
// Record, on recipients with a full history: each Record drops the oldest
// send to keep MaxSends.
func BenchmarkMemoryViewRecord(b *testing.B) {
	m, names, now := fullMemory(b, 16)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r := names[i%len(names)]
		at := now.Add(time.Duration(i) * time.Second)
		for {
			v, err := m.View(ctx, r, "", at)
			if err != nil {
				b.Fatal(err)
			}
			err = m.Record(ctx, history.Send{ID: fmt.Sprint("n", i), Recipient: r, At: at, Automated: true, Ref: "outbox.jsonl:12"}, v.Version)
			if err == nil {
				break
			}
			if !errors.Is(err, history.ErrConflict) {
				b.Fatal(err)
			}
		}
		i++
	}
}
