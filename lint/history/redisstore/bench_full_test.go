package redisstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/presend/presend/lint/history"
)

// BenchmarkRedisViewFull measures the View of a recipient with a full
// history (MaxSends, 256 by default): one round trip, and decoding every
// send into the view.
func BenchmarkRedisViewFull(b *testing.B) {
	st, _ := openRedis(b, history.Limits{})
	ctx := context.Background()
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	maxSends := st.Limits().MaxSends
	for k := range maxSends {
		err := st.Record(ctx, history.Send{ID: fmt.Sprint(k), Recipient: "busy", At: t0.Add(time.Duration(k) * time.Minute),
			Automated: true, Fingerprint: uint64(k), Ref: "outbox.jsonl:12"}, uint64(k))
		if err != nil {
			b.Fatal(err)
		}
	}
	now := t0.Add(time.Duration(maxSends) * time.Minute)
	b.ReportAllocs()
	for b.Loop() {
		v, err := st.View(ctx, "busy", "", now)
		if err != nil || len(v.Sends) != maxSends {
			b.Fatalf("view: %d sends, %v", len(v.Sends), err)
		}
	}
}
