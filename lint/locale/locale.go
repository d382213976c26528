// Package locale tells where a phone number's owner is: the country, the
// region where the number says it (US states, Canadian provinces) and the
// time zones, from Google's libphonenumber data (through internal/phonenumbers,
// a copy of github.com/nyaruka/phonenumbers that loads its metadata on first
// use rather than at start-up), so that rules can judge a send by the
// recipient's local time. Time zone data is embedded (time/tzdata): results
// do not depend on the machine.
//
// Only E.164 numbers (a leading +) are read: a Messenger PSID, a WhatsApp
// id or a national number without its country code is not a phone number
// here, and Locate says so.
package locale

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // zones from the binary, not from the machine

	"github.com/presend/presend/internal/phonenumbers"

	"github.com/presend/presend/lint/locale/region"
)

// Place is what a number says of where its owner is.
type Place struct {
	Number  string   // the number as E.164 (+33612345678)
	Country string   // ISO 3166-1 alpha-2: FR, US, CA, GB, RE, …; "" when unknown
	Region  string   // ISO 3166-2 where the number says it (US-FL, CA-ON); "" otherwise
	Zones   []string // candidate IANA time zones, sorted; several when the number does not tell
}

// ErrNotE164 is the error of a recipient that is not an E.164 phone number.
var ErrNotE164 = errors.New("not an E.164 phone number (+ and country code)")

// Locate reads an E.164 number. The number may hold spaces, dots, dashes
// and parentheses; it must start with '+'.
func Locate(number string) (Place, error) {
	n := strings.TrimSpace(number)
	if !strings.HasPrefix(n, "+") || len(n) > 32 {
		return Place{}, ErrNotE164
	}
	for _, r := range n[1:] {
		if (r < '0' || r > '9') && !strings.ContainsRune(" .-()", r) {
			return Place{}, ErrNotE164
		}
	}
	p, err := phonenumbers.Parse(n, "")
	if err != nil {
		return Place{}, fmt.Errorf("%w: %w", ErrNotE164, err)
	}
	if !phonenumbers.IsPossibleNumber(p) {
		return Place{}, fmt.Errorf("%w: not a possible number", ErrNotE164)
	}
	pl := Place{Number: phonenumbers.Format(p, phonenumbers.E164), Country: phonenumbers.GetRegionCodeForNumber(p)}
	zones, err := phonenumbers.GetTimezonesForNumber(p)
	if err == nil {
		for _, z := range zones {
			if z != "" && z != unknownZone {
				pl.Zones = append(pl.Zones, z)
			}
		}
		slices.Sort(pl.Zones)
		pl.Zones = slices.Compact(pl.Zones)
	}
	if pl.Country == "US" || pl.Country == "CA" {
		if geo, err := phonenumbers.GetGeocodingForNumber(p, "en"); err == nil {
			pl.Region = regionOf(pl.Country, geo)
		}
	}
	return pl, nil
}

// unknownZone is libphonenumber's answer for a number it cannot place.
const unknownZone = "Etc/Unknown"

// Zone returns the one time zone of the place, or false when the number
// gives none or several (an override must then say which).
func (p Place) Zone() (*time.Location, bool) {
	if len(p.Zones) != 1 {
		return nil, false
	}
	loc, err := time.LoadLocation(p.Zones[0])
	return loc, err == nil
}

// regionOf maps libphonenumber's English description of a North American
// number ("Florida", "New York, NY", "Ontario") to an ISO 3166-2 code.
func regionOf(country, geo string) string {
	name := geo
	if i := strings.LastIndex(geo, ", "); i >= 0 {
		// "New York, NY": a city and a state or province abbreviation.
		abbr := geo[i+2:]
		if len(abbr) == 2 && region.Name(country, abbr) != "" {
			return country + "-" + abbr
		}
		name = geo[:i]
	}
	if code := region.Code(country, name); code != "" {
		return country + "-" + code
	}
	return ""
}

// ValidRegion reports whether s is an ISO 3166-2 code: region.Valid.
func ValidRegion(s string) bool { return region.Valid(s) }
