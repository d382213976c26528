package locale

import (
	"strings"
	"testing"
	"time"
)

func TestWindowEdgesAcrossDST(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	fr, err := ParseWindow("08:00-21:30")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := ParseWindow("mon-sat 09:00-21:00; sun 12:00-21:00")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		w    Window
		at   string // UTC
		loc  *time.Location
		open bool
		next string // UTC
	}{
		// 2026-03-29, Paris moves to CEST (UTC+2) at 02:00.
		{fr, "2026-03-29T05:59:00Z", paris, false, "2026-03-29T06:00:00Z"},
		{fr, "2026-03-29T06:00:00Z", paris, true, "2026-03-29T06:00:00Z"},
		{fr, "2026-03-29T19:29:59Z", paris, true, "2026-03-29T19:29:59Z"},
		{fr, "2026-03-29T19:30:00Z", paris, false, "2026-03-30T06:00:00Z"},
		// The evening before the change, the next start is one hour nearer in UTC.
		{fr, "2026-03-28T20:30:00Z", paris, false, "2026-03-29T06:00:00Z"},
		// 2026-10-25, back to CET (UTC+1).
		{fr, "2026-10-25T06:59:00Z", paris, false, "2026-10-25T07:00:00Z"},
		{fr, "2026-10-24T19:30:00Z", paris, false, "2026-10-25T07:00:00Z"},
		// 2026-03-08, New York moves to EDT (UTC-4); a Sunday: Texas hours from noon.
		{tx, "2026-03-08T15:59:00Z", ny, false, "2026-03-08T16:00:00Z"},
		{tx, "2026-03-08T16:00:00Z", ny, true, "2026-03-08T16:00:00Z"},
		{tx, "2026-03-09T00:59:00Z", ny, true, "2026-03-09T00:59:00Z"},
		{tx, "2026-03-09T01:00:00Z", ny, false, "2026-03-09T13:00:00Z"},
		// Saturday night before the change: Sunday noon EDT.
		{tx, "2026-03-08T02:30:00Z", ny, false, "2026-03-08T16:00:00Z"},
	}
	for _, c := range cases {
		at, _ := time.Parse(time.RFC3339, c.at)
		local := at.In(c.loc)
		if got := c.w.Open(local); got != c.open {
			t.Errorf("%s (%s): open %v, want %v", c.at, local, got, c.open)
		}
		next, ok := c.w.Next(local)
		if !ok || next.UTC().Format(time.RFC3339) != c.next {
			t.Errorf("%s (%s): next %s, want %s", c.at, local, next.UTC().Format(time.RFC3339), c.next)
		}
	}
}

func TestWindowClosedDays(t *testing.T) {
	w, err := ParseWindow("08:00-21:00; sun -")
	if err != nil {
		t.Fatal(err)
	}
	chicago, _ := time.LoadLocation("America/Chicago")
	sun := time.Date(2026, 11, 29, 10, 0, 0, 0, chicago)
	if w.Open(sun) || w.Hours(sun) != "closed" {
		t.Errorf("Sunday open in %q", w.Hours(sun))
	}
	if next, _ := w.Next(sun); !next.Equal(time.Date(2026, 11, 30, 8, 0, 0, 0, chicago)) {
		t.Errorf("next %s, want Monday 08:00", next)
	}
	if _, ok := (Window{}).Next(sun); ok {
		t.Error("a window closed every day has a next time")
	}
}

func TestParseWindowErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "empty",
		"8-21":                "want HH:MM-HH:MM",
		"21:00-08:00":         "end before they start",
		"mon-fry 09:00-18:00": `days "mon-fry"`,
		"25:00-26:00":         "between 00:00 and 24:00",
		"mon 09:00-18:00 x":   "want [days]",
	} {
		if _, err := ParseWindow(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseWindow(%q) = %v, want an error with %q", in, err, want)
		}
	}
}
