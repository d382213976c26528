package report

import (
	"fmt"
	"io"
	"runtime"
	"testing"
)

// BenchmarkStream writes 10,000 and 100,000 results through a Stream to
// io.Discard, as presend lint does, in the JSON and SARIF formats, and
// reports the peak live heap seen during a run (sampled every 1,000
// results, after a collection) besides time and allocations. A Stream that
// keeps its results grows with their number; one that writes them as they
// come stays flat.
//
//	go test -run '^$' -bench Stream -benchmem ./lint/report/
func BenchmarkStream(b *testing.B) {
	base := fixtures()
	for _, format := range []string{"json", "sarif"} {
		for _, n := range []int{10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/%dk", format, n/1000), func(b *testing.B) {
				var peak uint64
				var ms runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&ms)
				floor := ms.HeapAlloc
				for b.Loop() {
					s, err := NewStream(io.Discard, format, Options{Rules: testRules(), Getenv: env()})
					if err != nil {
						b.Fatal(err)
					}
					for i := range n {
						r := base[i%len(base)] // a copy: the Stream may keep it
						r.Source = fmt.Sprintf("messages-%d.txt", i)
						if err := s.Add(&r, ""); err != nil {
							b.Fatal(err)
						}
						if i%1000 == 999 {
							b.StopTimer()
							runtime.GC()
							runtime.ReadMemStats(&ms)
							peak = max(peak, ms.HeapAlloc)
							b.StartTimer()
						}
					}
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(peak-min(peak, floor))/(1<<20), "peak-MiB")
			})
		}
	}
}
