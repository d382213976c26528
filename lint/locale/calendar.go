package locale

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Easter returns Easter Sunday of a Gregorian year (the anonymous
// Gregorian algorithm, also known as Meeus/Jones/Butcher), as a date at
// midnight UTC.
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// DayRule is a yearly day, written as policy data writes it: "MM-DD" for a
// fixed date ("07-14") or "easter+N" / "easter-N" for a day counted from
// Easter Sunday ("easter+1" is Easter Monday, "easter+39" Ascension).
type DayRule string

// Date returns the rule's day in year, at midnight UTC.
func (r DayRule) Date(year int) (time.Time, error) {
	s := string(r)
	if rest, ok := strings.CutPrefix(s, "easter"); ok {
		n := 0
		if rest != "" {
			v, err := strconv.Atoi(rest)
			if err != nil || (rest[0] != '+' && rest[0] != '-') {
				return time.Time{}, fmt.Errorf("day %q: want easter+N or easter-N", s)
			}
			n = v
		}
		return Easter(year).AddDate(0, 0, n), nil
	}
	t, err := time.Parse("01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: want MM-DD or easter±N", s)
	}
	d := time.Date(year, t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if d.Month() != t.Month() {
		return time.Time{}, fmt.Errorf("day %q does not exist in %d", s, year)
	}
	return d, nil
}

// Validate checks the rule's syntax.
func (r DayRule) Validate() error {
	_, err := r.Date(2024) // a leap year: 02-29 is a valid rule
	return err
}

// IsDay reports whether local time t falls on the rule's day, in t's own
// location.
func (r DayRule) IsDay(t time.Time) bool {
	d, err := r.Date(t.Year())
	return err == nil && d.Month() == t.Month() && d.Day() == t.Day()
}
