package history_test

import (
	"testing"

	"github.com/presend/presend/lint/history"
)

// TestNeverWaits: the memory store never waits, so its calls go without a
// deadline; any other store (here one wrapping the memory store, as an
// instrumented store would) and no store are given one.
func TestNeverWaits(t *testing.T) {
	mem := history.NewMemory(history.Limits{})
	if !history.NeverWaits(mem) {
		t.Error("NeverWaits(memory store) = false")
	}
	type wrapped struct{ history.Store }
	if history.NeverWaits(wrapped{mem}) {
		t.Error("NeverWaits(a store wrapping the memory store) = true: it may wait")
	}
	if history.NeverWaits(nil) {
		t.Error("NeverWaits(nil) = true")
	}
}
