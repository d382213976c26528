package locale

import (
	"fmt"
	"strings"
	"time"
)

// Window is a weekly sending window in local time: for each weekday, the
// minutes of the day from which sending is allowed (inclusive) and until
// which (exclusive), or a closed day.
type Window struct {
	days [7]span // by time.Weekday
}

type span struct {
	open       bool
	start, end int // minutes since midnight, start < end <= 24*60
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWindow reads a window as the policy data writes it: "08:00-21:30"
// for every day, or parts separated by ";" that each name days first:
// "mon-sat 09:00-21:00; sun 12:00-21:00". A day range wraps around the week
// ("sat-sun"); "-" instead of hours closes the days ("sun -"). A later part
// wins for its days.
func ParseWindow(s string) (Window, error) {
	var w Window
	if strings.TrimSpace(s) == "" {
		return w, fmt.Errorf("window %q is empty: want HH:MM-HH:MM, optionally after days (mon-fri 09:00-18:00)", s)
	}
	for part := range strings.SplitSeq(s, ";") {
		fields := strings.Fields(part)
		days := []time.Weekday{0, 1, 2, 3, 4, 5, 6}
		switch len(fields) {
		case 1:
		case 2:
			var err error
			if days, err = parseDays(fields[0]); err != nil {
				return w, fmt.Errorf("window %q: %w", s, err)
			}
			fields = fields[1:]
		default:
			return w, fmt.Errorf("window %q: part %q: want [days] HH:MM-HH:MM or [days] -", s, strings.TrimSpace(part))
		}
		var sp span
		if fields[0] != "-" {
			a, b, ok := strings.Cut(fields[0], "-")
			start, err1 := parseClock(a)
			end, err2 := parseClock(b)
			switch {
			case !ok:
				return w, fmt.Errorf("window %q: hours %q: want HH:MM-HH:MM", s, fields[0])
			case err1 != nil || err2 != nil:
				return w, fmt.Errorf("window %q: hours %q: want HH:MM-HH:MM between 00:00 and 24:00", s, fields[0])
			case start >= end:
				return w, fmt.Errorf("window %q: hours %q end before they start", s, fields[0])
			}
			sp = span{open: true, start: start, end: end}
		}
		for _, d := range days {
			w.days[d] = sp
		}
	}
	return w, nil
}

func parseDays(s string) ([]time.Weekday, error) {
	a, b, isRange := strings.Cut(strings.ToLower(s), "-")
	from, ok1 := weekdays[a]
	to, ok2 := weekdays[b]
	if !isRange {
		to, ok2 = from, ok1
	}
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("days %q: want a day (mon, …, sun) or a range (mon-fri)", s)
	}
	var out []time.Weekday
	for d := from; ; d = (d + 1) % 7 {
		out = append(out, d)
		if d == to {
			return out, nil
		}
	}
}

func parseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err == nil {
		return t.Hour()*60 + t.Minute(), nil
	}
	if s == "24:00" {
		return 24 * 60, nil
	}
	return 0, err
}

// bounds returns the window's start and end on local t's day, in t's
// location, and whether the day is open.
func (w Window) bounds(t time.Time) (start, end time.Time, open bool) {
	sp := w.days[t.Weekday()]
	if !sp.open {
		return start, end, false
	}
	y, m, d := t.Date()
	at := func(min int) time.Time { return time.Date(y, m, d, min/60, min%60, 0, 0, t.Location()) }
	return at(sp.start), at(sp.end), true
}

// Open reports whether local time t is inside the window: at or after the
// day's start and before its end.
func (w Window) Open(t time.Time) bool {
	start, end, open := w.bounds(t)
	return open && !t.Before(start) && t.Before(end)
}

// Next returns the first instant at or after t inside the window, in t's
// location, and false when the window is closed on every day.
func (w Window) Next(t time.Time) (time.Time, bool) {
	if w.Open(t) {
		return t, true
	}
	y, m, d := t.Date()
	for i := range 8 {
		day := time.Date(y, m, d+i, 12, 0, 0, 0, t.Location()) // noon: no DST change moves it off its day
		start, _, open := w.bounds(day)
		if open && !start.Before(t) {
			return start, true
		}
	}
	return time.Time{}, false
}

// Hours describes the window on local t's day: "08:00–21:30", or "closed".
func (w Window) Hours(t time.Time) string {
	sp := w.days[t.Weekday()]
	if !sp.open {
		return "closed"
	}
	return fmt.Sprintf("%02d:%02d–%02d:%02d", sp.start/60, sp.start%60, sp.end/60, sp.end%60)
}
