package spam

import (
	"regexp"
	"strings"
	"sync"

	"github.com/presend/presend/lint/text"
)

// priceNotice matches the call price a regulator makes a business print
// next to its service number: the UK's unbundled tariff ("7p per minute
// plus your phone company's access charge", "+ network charges") and
// France's price notice ("Service 0,80 €/min + prix appel"). A premium line
// that presses people to call prices the call as a bargain ("just 20p per
// min", "only from landlines") and never names the caller's own charge on
// top.
var priceNotice = sync.OnceValue(func() *regexp.Regexp {
	const apos = `['’]`
	return regexp.MustCompile(`(?i)(?:` +
		`(?:plus|\+|and) (?:your |the )?(?:phone company|telephone company|network|provider|operator|mobile operator)(?:` + apos + `s)? (?:access )?charges?` +
		`|\baccess charges?\b` +
		`|\+ ?(?:le )?prix (?:de l` + apos + ` ?|d` + apos + ` ?un |de votre |d` + apos + `)?appel` +
		`|\bservice (?:gratuit|[0-9]+(?:[,.][0-9]+)? ?€ ?(?:/|par) ?(?:min|minute|appel)) ?\+ ?(?:le )?prix` +
		`)`)
})

// mayHavePriceNotice reports whether priceNotice may match s; false is
// certain. Every match holds "charge" or "prix" in some ASCII case, and
// none of their letters folds to a non-ASCII one (only k and s do).
func mayHavePriceNotice(s string) bool {
	for q := 0; q < len(s); q++ {
		switch s[q] | 0x20 {
		case 'c':
			if hasPrefixFoldASCII(s[q:], "charge") {
				return true
			}
		case 'p':
			if hasPrefixFoldASCII(s[q:], "prix") {
				return true
			}
		}
	}
	return false
}

// serviceLine reports whether digits (with plus: written with a leading
// +) is a service number businesses run helplines on, charged by the
// minute but no premium-rate service: UK 0870 and 084x (11 digits), France
// 081x and 082x (10 digits). UK 0871–0873 and French 089x are premium-rate
// services (their price statement is mandatory too) and are none.
func serviceLine(digits []byte, plus bool) bool {
	ds := string(digits)
	switch {
	case plus && (strings.HasPrefix(ds, "44") || strings.HasPrefix(ds, "33")):
		ds = "0" + strings.TrimPrefix(ds[2:], "0")
	case strings.HasPrefix(ds, "0044") || strings.HasPrefix(ds, "0033"):
		ds = "0" + ds[4:]
	case plus:
		return false
	}
	switch len(ds) {
	case 11:
		return strings.HasPrefix(ds, "0870") || strings.HasPrefix(ds, "084")
	case 10:
		return strings.HasPrefix(ds, "081") || strings.HasPrefix(ds, "082")
	}
	return false
}

// helplineSpoilers are the signals that make a number printed with its
// call price no helpline: a helpline answers questions, it sells nothing.
var helplineSpoilers = [...]signal{sigPrize, sigCash, sigMoneyPrize, sigDating, sigShortCode, sigUrgency}

// scanHelpline undoes what a helpline's printed call price fired: when
// every premium-rate number of the message is a service line (serviceLine)
// and the message prints the regulated price notice (priceNotice), the
// number is a business's helpline, not a premium-rate service, and its
// price per minute is the notice the business must print, not premium fine
// print, nor a paid line pressed on the reader (call-pressure). A UK 09
// number, a premium-rate service whatever it prints, stays premium-rate;
// so does any number in a message that also sells a prize, cash, a chat
// line, a keyword to a short code or urgency (helplineSpoilers): a
// premium line prints the regulated price too.
func (d *Detector) scanHelpline(a *text.Analysis, norm *normText, st *state) {
	if !st.fired[sigPremiumRate] && !st.fired[sigFinePrint] && !st.fired[sigCallPressure] {
		return
	}
	for _, sig := range helplineSpoilers {
		if st.fired[sig] {
			return
		}
	}
	if !mayHavePriceNotice(a.Text) {
		return
	}
	loc := priceNotice().FindStringIndex(a.Text)
	if loc == nil {
		return
	}
	s, service := a.Text, false
	for i := 0; i < len(a.Tokens); i++ {
		t := a.Tokens[i]
		if t.Kind != text.Number && t.Kind != text.Symbol {
			continue
		}
		start := int(t.Start)
		if t.Kind == text.Symbol && s[start] != '+' {
			continue
		}
		end, digits, n := scanPhone(s, start)
		if end <= start {
			continue
		}
		plus := s[start] == '+'
		if premiumNumber(digits[:n], plus) && !serviceLine(digits[:n], plus) {
			return // a premium-rate service, whatever it prints
		}
		service = service || serviceLine(digits[:n], plus)
		for i+1 < len(a.Tokens) && int(a.Tokens[i+1].Start) < end {
			i++
		}
	}
	if ns, ne := norm.orig(loc[0], loc[1]); st.fired[sigFinePrint] && st.ev[sigFinePrint].start < ne && st.ev[sigFinePrint].end > ns {
		st.fired[sigFinePrint] = false // "+ prix d'un appel" is the notice itself
	}
	if !service {
		return
	}
	st.fired[sigPremiumRate] = false
	st.fired[sigCallPressure] = false
	if st.fired[sigFinePrint] {
		// The price per minute or per call is the notice; fine print
		// from the lists ("18+", "T&C apply") fired earlier, at its own
		// place, and stays.
		for i := range a.Tokens {
			if end := amountAt(a, i); end > i && pricePerUse(a, end) {
				if start, _ := norm.orig(int(a.Tokens[i].Start), int(a.Tokens[i].End)); callUnits[a.Lower(end+1)] && st.ev[sigFinePrint].start == start {
					st.fired[sigFinePrint] = false
				}
				break
			}
		}
	}
}
