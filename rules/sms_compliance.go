package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/locale"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules/internal/spam"
)

// SMSComplianceOptions configure sms-compliance.
type SMSComplianceOptions struct {
	Brands    []string `toml:"brands" doc:"your brand names, for the first message of a recurring program; empty: a \"Brand:\" prefix counts as the brand"`
	StopCodes []string `toml:"stop-codes" doc:"the French STOP short codes a \"STOP au 36xxx\" may name; empty: the policy's (presend policy: sms.stop-codes.fr)"`
	SHAFT     bool     `toml:"shaft" doc:"warn on SHAFT content (sex, hate, alcohol, firearms, tobacco and cannabis), which US carriers refuse on 10DLC unless age-gated"`
}

// smsCompliance is sms-compliance's compiled state: the options as the
// user wrote them (read only), the shared lists and the compiled ones.
type smsCompliance struct {
	*SMSComplianceOptions
	brandDomains []string // the top-level brand-domains
	shorteners   map[string]bool
	shaft        []shaftList
}

type shaftList struct {
	category string
	set      *text.PhraseSet
}

// shaftCategories are the SHAFT content lists, by category.
var shaftCategories = [...]struct{ list, name string }{
	{"shaft-sex", "sex"}, {"shaft-hate", "hate"}, {"shaft-alcohol", "alcohol"},
	{"shaft-firearms", "firearms"}, {"shaft-tobacco", "tobacco or cannabis"},
}

// Compile implements lint.Compiler.
func (o *SMSComplianceOptions) Compile(env lint.CompileEnv) (any, error) {
	c := &smsCompliance{SMSComplianceOptions: o, brandDomains: env.Shared.BrandDomains, shorteners: map[string]bool{}}
	for _, s := range slices.Concat(spam.Shorteners(), env.Shared.Shorteners) {
		c.shorteners[strings.ToLower(s)] = true
	}
	for _, code := range o.StopCodes {
		if !isDigits(code) {
			return nil, fmt.Errorf("stop-codes: %q: want digits such as 36180", code)
		}
	}
	if o.SHAFT {
		for _, cat := range shaftCategories {
			set, err := compileLists(env.Stems, cat.list, nil, false)
			if err != nil {
				return nil, err
			}
			c.shaft = append(c.shaft, shaftList{cat.name, set})
		}
	}
	return c, nil
}

// SMSCompliance checks what carriers and the CTIA ask of an SMS beyond its
// hours: links, disclosures, the French STOP code and SHAFT content.
var SMSCompliance = &lint.Rule{
	Name:     "sms-compliance",
	Category: lint.Policy,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "write SMS that carriers deliver: own links, disclosures, STOP code",
		Text: `Carriers filter SMS that look like bulk spam, and the CTIA and the French
operators ask for some words in them. On SMS the rule reports:
- a warning for a link on a public shortener (bit.ly, tinyurl.com, goo.gl…,
  the list spammy-content's shortener signal reads, plus the top-level
  shorteners of presend.toml):
  carriers filter public shorteners; use your own domain;
- info for a link whose domain is not among the top-level brand-domains
  (only when you set them; spammy-content trusts the same list), and for a link the SMS split cuts across two parts;
- a warning for the first message of a recurring US program
  (program_first_message: true) that lacks any of the brand name, the
  message frequency, HELP, STOP, or "Msg & data rates may apply" (CTIA),
  listing what is missing;
- a warning for a French SMS whose STOP names no short code ("STOP au
  36180"), or a code outside stop-codes (the af2m charter's list by default);
- with shaft = true, a warning for SHAFT content (sex, hate, alcohol,
  firearms, tobacco or cannabis), with its category.
Opt-outs are read by the detector offer-choice and spammy-content share,
with the top-level opt-outs of presend.toml:
STOP and the FCC revocation keywords (QUIT, END, REVOKE, OPT OUT, CANCEL,
UNSUBSCRIBE) in their usual forms.`,
		Examples: []lint.Example{
			{Lang: "en", Channel: "sms",
				Bad:  "Flash sale: 30% off all sneakers today only! Shop https://bit.ly/3xY7abc Reply STOP to opt out.",
				Good: "Flash sale: 30% off all sneakers today only! Shop https://shop.example.com/sale Reply STOP to opt out."},
			{Lang: "fr", Channel: "sms",
				Bad:  "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! Répondez STOP pour vous désabonner.",
				Good: "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36180"},
		},
	},
	Options:  func() any { return &SMSComplianceOptions{} },
	Requires: []lint.Requirement{optOutFact},
	Run:      runSMSCompliance,
}

func runSMSCompliance(p *lint.Pass) {
	if !p.Channel.SMS {
		return
	}
	o := p.Compiled.(*smsCompliance)
	a := p.Text
	country := recipientCountry(p.Msg)
	bounds := partBounds(p)
	for i, t := range a.Tokens {
		if t.Kind != text.URL {
			continue
		}
		start, end := int(t.Start), int(t.End)
		host := linkHost(a.TokenText(i))
		own := hostIn(o.brandDomains, host)
		switch {
		case !own && o.isShortener(host):
			p.Reportf(start, end, "link on the public shortener %s: carriers filter public shorteners; use your own domain", host)
		case !own && len(o.brandDomains) > 0:
			p.Report(lint.Diagnostic{Start: start, End: end, Severity: lint.Info, Message: fmt.Sprintf(
				"link to %s, not one of your brand domains (%s): carriers trust links that match the sender",
				host, strings.Join(o.brandDomains, ", "))})
		}
		for k, b := range bounds {
			if start < b && b < end {
				p.Report(lint.Diagnostic{Start: start, End: end, Severity: lint.Info, Message: fmt.Sprintf(
					"the SMS split cuts this link between parts %d and %d: some phones show it broken; move it or shorten the text before it", k+1, k+2)})
				break
			}
		}
	}
	if p.Msg.ProgramFirstMessage && (country == "US" || country == "" && a.Lang == "en") {
		if missing := o.missingDisclosures(a, optOutFact.Of(p)); len(missing) > 0 {
			p.Report(lint.Diagnostic{Start: 0, End: a.ContentEnd(),
				Message: fmt.Sprintf("first message of a recurring program lacks %s", strings.Join(missing, ", ")),
				Detail:  "US carriers (CTIA guidelines) want the first message of a program to give the brand, how often messages come, HELP, STOP and \"Msg & data rates may apply\""})
		}
	}
	if a.Lang == "fr" && (country == "" || frenchGroup[country]) {
		o.checkFrenchStop(p)
	}
	for _, s := range o.shaft {
		if m := s.set.Find(a, 0, len(a.Tokens)); len(m) > 0 {
			p.Report(lint.Diagnostic{Start: m[0].Start, End: m[0].End,
				Message: fmt.Sprintf("%s content: US carriers block it unless the campaign checks the reader's age", s.category),
				Detail:  fmt.Sprintf("SHAFT content (%s): US carriers refuse it on 10DLC unless the campaign is age-gated", s.category)})
		}
	}
}

// recipientCountry returns the country of an E.164 recipient, the region's
// country when recipient_region says, "" otherwise.
func recipientCountry(m *lint.Message) string {
	if m.RecipientRegion != "" {
		c, _, _ := strings.Cut(m.RecipientRegion, "-")
		return c
	}
	if pl, err := locale.Locate(m.Recipient); err == nil {
		return pl.Country
	}
	return ""
}

func (o *smsCompliance) isShortener(host string) bool {
	for h := host; ; {
		if o.shorteners[h] {
			return true
		}
		_, rest, ok := strings.Cut(h, ".")
		if !ok {
			return false
		}
		h = rest
	}
}

// hostIn reports whether host is one of domains or under one of them.
func hostIn(domains []string, host string) bool {
	for _, d := range domains {
		d = strings.ToLower(strings.TrimPrefix(d, "."))
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// linkHost returns the lower-case host of a link as written: "https://Bit.ly/x"
// and "bit.ly/x" give "bit.ly".
func linkHost(link string) string {
	s := link
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#:"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSuffix(strings.ToLower(s), ".")
}

// partBounds returns the byte offsets in the text where the SMS split starts
// a new part (none for a one-part message). Placeholders count as written.
func partBounds(p *lint.Pass) []int {
	if p.SMS == nil || p.SMS.Parts < 2 || p.SMS.PerPart <= 0 {
		return nil
	}
	s := p.Text.Text[:p.Text.ContentEnd()]
	var out []int
	fill := 0
	for i, r := range s {
		w := 1
		if p.SMS.Encoding == channel.GSM7 {
			if _, n := channel.IsGSM7(r); n > 0 {
				w = n
			}
		} else if utf8.RuneLen(r) == 4 {
			w = 2 // a surrogate pair
		}
		if fill+w > p.SMS.PerPart {
			out = append(out, i)
			fill = 0
		}
		fill += w
	}
	return out
}

// The disclosures' patterns compile on first use (only the first message of
// a recurring program needs them), not at start-up: 0.4 ms of every
// process's initialisation for a lint that never reads them.
var (
	frequencyRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d+|one|two|three|four|five|six|seven|ten)\s*(msgs?|messages?|texts?|alerts?)\s*(/|per|a|each|every)\s*(day|wk|week|mo|month|year|yr)\b|\b(msg|message)s?\s+(frequency|freq\.?)\s+(varies|may vary)|\brecurring\s+(msgs?|messages|texts|alerts)|\bfrequency\s+varies\b`)
	})
	ratesRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(msg|message)s?\s*(&|and)\s*data\s+rates\s+may\s+apply`)
	})
	brandRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\s*[\p{L}\p{N}][\p{L}\p{N}&'’. -]{0,30}:`)
	})
)

// missingDisclosures lists what the first message of a recurring program
// lacks of the CTIA's disclosures.
func (o *smsCompliance) missingDisclosures(a *text.Analysis, opt *optOutHits) []string {
	s := a.Text
	var missing []string
	brand := false
	if len(o.Brands) > 0 {
		for _, b := range o.Brands {
			if b != "" && strings.Contains(strings.ToLower(s), strings.ToLower(b)) {
				brand = true
			}
		}
	} else {
		brand = brandRe().MatchString(s)
	}
	if !brand {
		missing = append(missing, "the brand name")
	}
	if !frequencyRe().MatchString(s) {
		missing = append(missing, "the message frequency (\"4 msgs/mo\")")
	}
	help := false
	for i, t := range a.Tokens {
		if t.Kind == text.Word && a.TokenText(i) == "HELP" {
			help = true
		}
	}
	if !help {
		missing = append(missing, "HELP")
	}
	if !opt.Stop() {
		missing = append(missing, "STOP")
	}
	if !ratesRe().MatchString(s) {
		missing = append(missing, "\"Msg & data rates may apply\"")
	}
	return missing
}

// checkFrenchStop reports a French STOP without a short code, or with one
// outside the list.
func (o *smsCompliance) checkFrenchStop(p *lint.Pass) {
	start, end, code, found := frenchStop(p.Text)
	if !found {
		return
	}
	codes := o.StopCodes
	if len(codes) == 0 {
		codes = p.Policy.Strings("sms.stop-codes.fr")
	}
	if len(codes) == 0 {
		return
	}
	switch {
	case code == "":
		p.Report(lint.Diagnostic{Start: start, End: end,
			Message: "STOP without a short code: write \"STOP au " + codes[0] + "\"",
			Detail:  "French operators route opt-outs by short code; the known codes: " + strings.Join(codes, ", "),
			Fixes:   []lint.Fix{{Title: "name the short code " + codes[0], Edits: []lint.Edit{{Start: end, End: end, New: " au " + codes[0]}}}}})
	case !isDigits(code):
		// A placeholder (36XXX): only the writer knows their code.
		p.Report(lint.Diagnostic{Start: start, End: end,
			Message: fmt.Sprintf("STOP au %s: put your own STOP short code in place of %s", code, code),
			Detail:  fmt.Sprintf("French operators route opt-outs by short code; the known codes: %s", strings.Join(codes, ", "))})
	case !slices.Contains(codes, code):
		p.Reportf(start, end, "STOP au %s: %s is not a known STOP short code (%s)", code, code, strings.Join(codes, ", "))
	}
}
