// Package region knows ISO 3166-2 region codes: the US states and DC and
// the Canadian provinces and territories by name, and the shape of the
// others. It is apart from lint/locale, which reads phone numbers with
// libphonenumber's data, so that lint can check an envelope's
// recipient_region without linking that data.
package region

import "strings"

// Name returns the name of the subdivision code (FL) of country (US, CA),
// or "" when this package does not know it.
func Name(country, code string) string {
	switch country {
	case "US":
		return usStates[code]
	case "CA":
		return caProvinces[code]
	}
	return ""
}

// Code returns the subdivision code of the US state or Canadian province
// named name (in any case), or "".
func Code(country, name string) string {
	table := usStates
	if country == "CA" {
		table = caProvinces
	} else if country != "US" {
		return ""
	}
	for code, full := range table {
		if strings.EqualFold(full, name) {
			return code
		}
	}
	return ""
}

// Valid reports whether s is an ISO 3166-2 code this package knows
// (US states and DC, Canadian provinces and territories) or a plausible
// other one (two letters, a dash, one to three letters or digits).
func Valid(s string) bool {
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
