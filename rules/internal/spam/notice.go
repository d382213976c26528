package spam

import (
	"strings"

	"github.com/presend/presend/lint/text"
)

// months are the month names and their usual abbreviations, English and
// French, lower case.
var months = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"janvier": true, "février": true, "fevrier": true, "mars": true, "avril": true, "mai": true, "juin": true,
	"juillet": true, "août": true, "aout": true, "septembre": true, "octobre": true, "novembre": true,
	"décembre": true, "decembre": true, "janv": true, "févr": true, "fevr": true, "avr": true, "juil": true,
}

// dateLead are the words that may come between a suspension and its date:
// "will be suspended on 10 April", "sera suspendu le 10 avril", "à compter
// du 1er mai".
var dateLead = map[string]bool{
	"on": true, "from": true, "as": true, "of": true, "after": true, "by": true, "starting": true,
	"le": true, "à": true, "a": true, "compter": true, "du": true, "dès": true, "des": true, "partir": true,
	"au": true, "après": true,
}

// willWords mark a suspension announced for later, not one that happened.
var willWords = map[string]bool{"will": true, "sera": true, "seront": true, "serait": true}

// datedNotice reports whether the account threat matched at tokens
// [first, last) announces a suspension to come ("will be suspended",
// "sera suspendu") and names its calendar date right after it ("on 10
// April", "le 10 avril", "on 04/10", "on {{date}}"). A service that warns
// of a suspension for an unpaid bill names the day it takes effect; a
// phisher, texting anyone on any day, presses with "within 24 hours" or
// "today", which are no date.
func datedNotice(a *text.Analysis, first, last int) bool {
	future := false
	for i := first; i < last; i++ {
		if a.Tokens[i].Kind == text.Word && willWords[a.Lower(i)] {
			future = true
			break
		}
	}
	if !future {
		return false
	}
	i, lead := last, 0
	for i < len(a.Tokens) && lead < 3 && a.Tokens[i].Kind == text.Word && dateLead[a.Lower(i)] {
		i, lead = i+1, lead+1
	}
	if lead == 0 || i >= len(a.Tokens) {
		return false
	}
	return dateAt(a, i)
}

// dateAt reports whether a calendar date starts at token i: a day and a
// month name ("10 April", "1er mai", "10th of April"), a month name and a
// day ("April 10"), a numeric date ("10/04", "10/04/2027", "2027-04-10")
// or a placeholder (a template's date).
func dateAt(a *text.Analysis, i int) bool {
	t := a.Tokens[i]
	switch t.Kind {
	case text.Placeholder:
		return true
	case text.Number, text.Code:
		w := a.Lower(i)
		if strings.ContainsAny(w, "/-") && countDigits(w) >= 3 && countDigits(w) <= 8 {
			return true
		}
		if !dayNumber(w) {
			return false
		}
		j := i + 1
		if j < len(a.Tokens) && a.Tokens[j].Kind == text.Word && (a.Lower(j) == "of" || a.Lower(j) == "er") {
			j++
		}
		return j < len(a.Tokens) && a.Tokens[j].Kind == text.Word && months[strings.TrimSuffix(a.Lower(j), ".")]
	case text.Word:
		if !months[a.Lower(i)] || i+1 >= len(a.Tokens) {
			return false
		}
		n := a.Tokens[i+1]
		return (n.Kind == text.Number || n.Kind == text.Code) && dayNumber(a.Lower(i+1))
	}
	return false
}

// dayNumber reports whether w is a day of the month: 1 to 31, with an
// ordinal suffix or not ("10", "1st", "1er", "3rd").
func dayNumber(w string) bool {
	for _, suf := range [...]string{"st", "nd", "rd", "th", "er", "re", "e"} {
		if s, ok := strings.CutSuffix(w, suf); ok && s != "" {
			w = s
			break
		}
	}
	if len(w) == 0 || len(w) > 2 || !allDigits(w) {
		return false
	}
	n := int(w[0] - '0')
	if len(w) == 2 {
		n = n*10 + int(w[1]-'0')
	}
	return n >= 1 && n <= 31
}
