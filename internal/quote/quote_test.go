package quote

import (
	"fmt"
	"strings"
	"testing"
)

func TestCut(t *testing.T) {
	long := strings.Repeat("é", 1<<19) // 1 MiB
	for _, tt := range []struct{ got, want string }{
		{Cut("short"), "short"},
		{Q("short"), `"short"`},
		{Cut(strings.Repeat("a", Max)), strings.Repeat("a", Max)},
		{Cut(strings.Repeat("a", Max+1)), strings.Repeat("a", Max) + "… (101 bytes)"},
		{Cut(long), strings.Repeat("é", Max/2) + "… (1048576 bytes)"},
		{Cut("a" + long), "a" + strings.Repeat("é", Max/2-1) + "… (1048577 bytes)"}, // never half a character
		{Q(long), `"` + strings.Repeat("é", Max/2) + `…" (1048576 bytes)`},
		{fmt.Sprintf("%q and %s", V(long), V("x")), `"` + strings.Repeat("é", Max/2) + `…" (1048576 bytes) and x`},
		{CutN("abcdef", 3), "abc… (6 bytes)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %.200q\nwant %.200q", tt.got, tt.want)
		}
	}
}
