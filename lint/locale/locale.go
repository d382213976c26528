// Package locale tells where a phone number's owner is: the country, the
// region where the number says it (US states, Canadian provinces) and the
// time zones, from Google's libphonenumber data (through
// github.com/nyaruka/phonenumbers), so that rules can judge a send by the
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

	"github.com/nyaruka/phonenumbers"
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
		if len(abbr) == 2 && (country == "US" && usStates[abbr] != "" || country == "CA" && caProvinces[abbr] != "") {
			return country + "-" + abbr
		}
		name = geo[:i]
	}
	table := usStates
	if country == "CA" {
		table = caProvinces
	}
	for code, full := range table {
		if strings.EqualFold(full, name) {
			return country + "-" + code
		}
	}
	return ""
}

// ValidRegion reports whether s is an ISO 3166-2 code this package knows
// (US states and DC, Canadian provinces and territories) or a plausible
// other one (two letters, a dash, one to three letters or digits).
func ValidRegion(s string) bool {
	country, sub, ok := strings.Cut(s, "-")
	switch {
	case !ok || len(country) != 2 || len(sub) < 1 || len(sub) > 3:
		return false
	case country == "US":
		return usStates[sub] != ""
	case country == "CA":
		return caProvinces[sub] != ""
	}
	for _, r := range country + sub {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// usStates are the ISO 3166-2:US subdivisions.
var usStates = map[string]string{
	"AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
	"CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
	"FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
	"IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
	"ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
	"MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
	"NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
	"NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
	"PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
	"TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
	"WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}

// caProvinces are the ISO 3166-2:CA subdivisions.
var caProvinces = map[string]string{
	"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
	"NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
	"NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
	"SK": "Saskatchewan", "YT": "Yukon",
}
