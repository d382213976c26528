package locale

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		number, country, region string
		zones                   []string
	}{
		{"+33 6 12 34 56 78", "FR", "", []string{"Europe/Paris"}},
		{"+262262123456", "RE", "", []string{"Indian/Reunion"}},
		{"+596596123456", "MQ", "", []string{"America/Martinique"}},
		{"+1 (305) 555-1234", "US", "US-FL", []string{"America/New_York"}},
		{"+12035551234", "US", "US-CT", []string{"America/New_York"}},
		{"+15125551234", "US", "US-TX", []string{"America/Chicago"}},
		{"+12125551234", "US", "US-NY", []string{"America/New_York"}},
		{"+14165551234", "CA", "CA-ON", []string{"America/Toronto"}},
		{"+16045551234", "CA", "CA-BC", []string{"America/Vancouver"}},
	} {
		p, err := Locate(tc.number)
		if err != nil {
			t.Errorf("%s: %v", tc.number, err)
			continue
		}
		if p.Country != tc.country || p.Region != tc.region || !slices.Equal(p.Zones, tc.zones) {
			t.Errorf("%s: %+v, want %s %s %v", tc.number, p, tc.country, tc.region, tc.zones)
		}
		if _, ok := p.Zone(); !ok {
			t.Errorf("%s: no single zone", tc.number)
		}
	}
	// A toll-free number could be anywhere in North America: several zones,
	// no guess.
	p, err := Locate("+18005551234")
	if err != nil || len(p.Zones) < 2 || p.Region != "" {
		t.Errorf("toll-free: %+v, %v", p, err)
	}
	if _, ok := p.Zone(); ok {
		t.Error("toll-free: a single zone was guessed")
	}
	// Messenger ids, national numbers and junk are not phone numbers.
	for _, s := range []string{"1254477777772919", "0612345678", "psid-1", "+", "+33abc", "+1234", ""} {
		if _, err := Locate(s); !errors.Is(err, ErrNotE164) {
			t.Errorf("Locate(%q) = %v, want ErrNotE164", s, err)
		}
	}
}

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28",
		2038: "2038-04-25", 2285: "2285-03-22", 1818: "1818-03-22",
	} {
		if got := Easter(year).Format(time.DateOnly); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestDayRule(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule DayRule
		year int
		want string
	}{
		{"07-14", 2026, "2026-07-14"},
		{"easter+1", 2026, "2026-04-06"},  // Easter Monday
		{"easter+39", 2026, "2026-05-14"}, // Ascension
		{"easter+50", 2026, "2026-05-25"}, // Whit Monday
		{"easter", 2026, "2026-04-05"},
		{"easter-2", 2026, "2026-04-03"}, // Good Friday
	} {
		d, err := tc.rule.Date(tc.year)
		if err != nil || d.Format(time.DateOnly) != tc.want {
			t.Errorf("%s in %d: %v %v, want %s", tc.rule, tc.year, d, err, tc.want)
		}
	}
	// Local days: 14 July from midnight to midnight in Paris.
	if !DayRule("07-14").IsDay(time.Date(2026, 7, 14, 0, 0, 0, 0, paris)) || DayRule("07-14").IsDay(time.Date(2026, 7, 13, 23, 59, 0, 0, paris)) {
		t.Error("07-14 is not the local 14 July")
	}
	for _, bad := range []DayRule{"14/07", "02-30", "easter+x", "easter1", "13-01", ""} {
		if bad.Validate() == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if DayRule("02-29").Validate() != nil {
		t.Error("02-29 refused")
	}
}

func TestValidRegion(t *testing.T) {
	for s, want := range map[string]bool{"US-FL": true, "US-XX": false, "CA-QC": true, "FR-75": true, "FR-GP": true, "US": false, "us-fl": false, "GB-ENG": true, "FR-": false} {
		if got := ValidRegion(s); got != want {
			t.Errorf("ValidRegion(%q) = %v, want %v", s, got, want)
		}
	}
}
