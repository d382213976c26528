package costtest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that notes a failure instead of stopping.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

var sink []byte

func TestCheck(t *testing.T) {
	b := Bound{BaseBytes: 64 << 10, BytesPerByte: 2, BaseAllocs: 100, AllocsPerByte: 1}
	r := &recorder{TB: t}
	c := Check(r, b, 1000, func() { sink = make([]byte, 1000) })
	if r.failed != "" || c.Bytes < 1000 {
		t.Errorf("1000 bytes for a 1000-byte input: %q, %+v", r.failed, c)
	}
	// Quadratic work on the same input: over the bound, every run.
	r = &recorder{TB: t}
	Check(r, b, 1000, func() {
		for range 1000 {
			sink = make([]byte, 1000)
		}
	})
	if r.failed == "" {
		t.Error("1 MB allocated for a 1000-byte input passed")
	}
}
