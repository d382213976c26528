//go:build unix

package gateway_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/internal/cputime"
	"github.com/presend/presend/lint/gateway"
)

// typoWords are misspelt English words: each draws a spelling finding, so
// a text of them has a finding every few bytes, each mapped to a line and
// column of the body.
var typoWords = []string{"teh", "recieve", "adress", "definately", "occured", "seperate", "wich", "untill"}

// oneLineEnvelope returns a /v1/check body of exactly size bytes, on one
// line: an envelope whose text is typo-heavy words.
func oneLineEnvelope(size int) []byte {
	head := `{"id":"big","channel":"messenger","recipient":"psid-big","messaging_type":"RESPONSE","text":"`
	tail := `"}`
	var b strings.Builder
	for i := 0; b.Len() < size-len(head)-len(tail); i++ {
		b.WriteString(typoWords[i%len(typoWords)])
		b.WriteByte(' ')
	}
	text := b.String()[:size-len(head)-len(tail)]
	body := []byte(head + text + tail)
	if !json.Valid(body) || bytes.IndexByte(body, '\n') >= 0 {
		panic("oneLineEnvelope: bad body")
	}
	return body
}

// cpuTime returns the CPU time the process has used, user and system, in
// nanoseconds.
func cpuTime(b *testing.B) int64 {
	d, ok := cputime.Process()
	if !ok {
		b.Fatal("no process CPU time on this system")
	}
	return int64(d)
}

// BenchmarkCheckBodySize checks one-line, typo-heavy envelopes of 1 KB to
// 1 MiB through a gateway on loopback: the time per request must grow with
// the body's size, not its square. ns/B reports the time per byte of body.
func BenchmarkCheckBodySize(b *testing.B) {
	for _, sz := range []struct {
		name string
		n    int
	}{{"1KB", 1 << 10}, {"4KB", 4 << 10}, {"16KB", 16 << 10}, {"64KB", 64 << 10}, {"256KB", 256 << 10}, {"1MiB", 1 << 20}} {
		b.Run(sz.name, func(b *testing.B) {
			_, srv := newGateway(b, gateway.Options{}, nil)
			body := oneLineEnvelope(sz.n)
			client := &http.Client{Timeout: 120 * time.Second}
			check := func() {
				req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, srv.URL+"/v1/check", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				// The answer is read to its end but not kept: a client's
				// memory is not the gateway's cost.
				head := make([]byte, 4096)
				n, _ := io.ReadFull(resp.Body, head)
				rest, err := io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(head[:n], []byte(`"spelling"`)) {
					b.Fatalf("status %d, %v, %d bytes: %.300s", resp.StatusCode, err, int64(n)+rest, head[:n])
				}
			}
			check() // load the dictionaries outside the timing
			b.SetBytes(int64(len(body)))
			cpu0 := cpuTime(b)
			for b.Loop() {
				check()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(body)), "ns/B")
			// The process's CPU time (gateway and client), which a busy
			// machine does not inflate as it does the wall time.
			b.ReportMetric(float64(cpuTime(b)-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
