package baseline

import (
	"strings"
	"testing"

	"github.com/presend/presend/internal/costtest"
)

// loadBound is what parsing a baseline may allocate: a constant, then 16
// bytes and one allocation per byte of the file. Entries are the only
// thing kept, once each, in the map of counts.
var loadBound = costtest.Bound{BaseBytes: 16 << 10, BytesPerByte: 16, BaseAllocs: 100, AllocsPerByte: 1}

// FuzzLoad parses baseline files: no panic, counts stay positive, and the
// allocations stay within loadBound. The seed
// testdata/fuzz/FuzzLoad/many-small-entries (10,000 entries {"count":1},
// 120 KB) cost the old Load 3.8 MB, 31.6 bytes per byte: it decoded the
// whole file into a list of entries, kept but never read again, besides the
// map.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		`{"version":1,"entries":[]}`, `{"version":1,"entries":null}`,
		`{"version":1,"entries":[{"file":"a.txt","id":"","rule":"length","hash":"3f1c00aa00bb00cc","count":2}]}`,
		`{"version":2}`, `{"entries":[{"count":0}]}`, `{"version":1,"entries":[{"x":1}]}`, `[]`, `{"version":1}{}`,
		`{"version":1,"entries":[{"count":4611686018427387904},{"count":4611686018427387904}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &Baseline{left: map[key]int{}}
		var err error
		costtest.Check(t, loadBound, len(data), func() { err = b.parse(data, "b.json") })
		if err != nil {
			if !strings.HasPrefix(err.Error(), "baseline b.json: ") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for k, n := range b.left {
			if n < 1 {
				t.Fatalf("entry %v has count %d", k, n)
			}
		}
	})
}

// TestLoadCountOverflow: two entries whose counts add up past the largest
// int are an error, not a negative count that matches nothing.
func TestLoadCountOverflow(t *testing.T) {
	b := &Baseline{left: map[key]int{}}
	err := b.parse([]byte(`{"version":1,"entries":[{"rule":"r","count":4611686018427387904},{"rule":"r","count":4611686018427387904}]}`), "b.json")
	if err == nil || !strings.Contains(err.Error(), "count over") {
		t.Errorf("err = %v, left = %v", err, b.left)
	}
}
