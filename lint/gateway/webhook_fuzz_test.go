package gateway

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// webhookNow is the clock of the webhook fuzz target.
var webhookNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// allocatedBytes returns the bytes f allocates (after one warm-up call).
func allocatedBytes(f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Webhook bodies get a budget of allocations per byte: a body of events
// must not cost many times its size in memory (on main, parseWebhook
// decoded every event into a 128-byte struct in a slice grown by doubling:
// 3 bytes of "{}," cost some 85 bytes; a 1 MiB body of them 90 MB). See
// the seed testdata/fuzz/FuzzWebhookBody/empty-events.
const (
	webhookBytesPerByte  = 16
	webhookBytesSlack    = 32 << 10
	webhookAllocsPerByte = 0.25
	webhookAllocsSlack   = 64
)

// FuzzWebhookBody parses webhook bodies: the inbound events found must be
// well formed, and the parse must stay within the allocation budget per
// byte, in bytes (runtime.MemStats) and in allocations
// (testing.AllocsPerRun).
func FuzzWebhookBody(f *testing.F) {
	f.Add([]byte(`{"object":"page","entry":[{"id":"P","time":1764000000000,"messaging":[{"sender":{"id":"1"},"timestamp":1764000000000,"message":{"mid":"m","text":"hi"}}]}]}`))
	f.Add([]byte(`{"object":"page","entry":[{"standby":[{"sender":{"id":"2"},"postback":{"payload":"GO"}},{"sender":{"id":"3"},"message":{"is_echo":true}}],"time":5}]}`))
	f.Add([]byte(`{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"from":"33612345678","timestamp":"1764000000"}]},"field":"messages"},{"field":"statuses","value":{"messages":[{"from":"x"}]}}]}]}`))
	f.Add([]byte(`{"entry":"later"}`))
	f.Add([]byte(`{"entry":[{"messaging":[` + strings.Repeat(`{},`, 300) + `{}]}]}`))
	f.Add([]byte(`{"entry":[` + strings.Repeat(`{},`, 300) + `{}]}`))
	f.Add([]byte(`{"entry":[{"changes":[` + strings.Repeat(`{},`, 300) + `{}]}]}`))
	f.Add([]byte(`{"entry":[{"changes":[{"value":{"messages":[` + strings.Repeat(`{},`, 300) + `{}]}}]}]}`))
	f.Add([]byte(`{"entry":[{"time":1,"messaging":[` + strings.Repeat(`{"sender":{"id":"12"},"postback":{}},`, 100) + `{}]}]}`))
	f.Add([]byte(`{"object":"instagram","entry":[{"messaging":[{"sender":{"id":"9"},"message":{"text":"hi","referral":{"source":"ADS","ads_context_data":{"ad_title":"x"}}}}]}]}`))
	f.Add([]byte(`{"entry":[{"time":1,"messaging":[` + strings.Repeat(`{"sender":{"id":"12"},"postback":{"referral":{"source":"ADS"}}},`, 100) + `{}]}],"object":"instagram"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 64<<10 {
			t.Skip("over the fuzzed size")
		}
		events, kinds, err := parseWebhook(body, webhookNow, "ADS")
		if err != nil {
			return
		}
		total := 0
		for _, n := range kinds {
			total += n
		}
		if len(events) > total {
			t.Fatalf("%d inbound events from %d events", len(events), total)
		}
		for _, ev := range events {
			if ev.from == "" || ev.at.IsZero() || ev.at.After(webhookNow) {
				t.Fatalf("bad inbound event %+v", ev)
			}
		}
		run := func() { _, _, _ = parseWebhook(body, webhookNow, "ADS") }
		if b, limit := allocatedBytes(run), uint64(webhookBytesPerByte*len(body)+webhookBytesSlack); b > limit {
			t.Fatalf("parsing a %d-byte body allocated %d bytes, over the bound of %d (%d per byte)", len(body), b, limit, webhookBytesPerByte)
		}
		if a, limit := testing.AllocsPerRun(1, run), webhookAllocsPerByte*float64(len(body))+webhookAllocsSlack; a > limit {
			t.Fatalf("parsing a %d-byte body allocated %.0f times, over the bound of %.0f", len(body), a, limit)
		}
	})
}
