package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/locale"
)

// QuietHoursOptions configure quiet-hours.
type QuietHoursOptions struct {
	Windows         map[string]string   `toml:"windows" doc:"sending windows by country (FR, US, GB, CA…) or ISO 3166-2 region (US-FL), over the policy's: \"09:00-20:00\", or by days \"mon-sat 09:00-21:00; sun 12:00-21:00\" (\"sun -\" closes Sunday)"`
	DiscouragedDays map[string][]string `toml:"discouraged-days" doc:"days a promotional send is tolerated but discouraged, by country or region, over the policy's French Sundays and holidays: sun, MM-DD or easter±N (easter+1 is Easter Monday); an empty list clears them"`
	Transactional   bool                `toml:"transactional" doc:"judge transactional messages too (the af2m charter and the TCPA exempt them)"`
}

// quietHours is quiet-hours' compiled state: the options as the user wrote
// them (read only) and their windows parsed.
type quietHours struct {
	*QuietHoursOptions
	windows map[string]locale.Window
}

// Compile implements lint.Compiler: it checks the windows and days.
func (o *QuietHoursOptions) Compile(lint.CompileEnv) (any, error) {
	c := &quietHours{QuietHoursOptions: o, windows: map[string]locale.Window{}}
	for _, k := range slices.Sorted(maps.Keys(o.Windows)) {
		if !validPlace(k) {
			return nil, fmt.Errorf("windows: %q: want a country code (FR) or an ISO 3166-2 region (US-FL)", k)
		}
		w, err := locale.ParseWindow(o.Windows[k])
		if err != nil {
			return nil, fmt.Errorf("windows: %s: %w", k, err)
		}
		c.windows[k] = w
	}
	for _, k := range slices.Sorted(maps.Keys(o.DiscouragedDays)) {
		if !validPlace(k) {
			return nil, fmt.Errorf("discouraged-days: %q: want a country code (FR) or an ISO 3166-2 region (US-FL)", k)
		}
		for _, d := range o.DiscouragedDays[k] {
			if err := validDay(d); err != nil {
				return nil, fmt.Errorf("discouraged-days: %s: %w", k, err)
			}
		}
	}
	return c, nil
}

func validPlace(k string) bool {
	if len(k) == 2 {
		return k[0] >= 'A' && k[0] <= 'Z' && k[1] >= 'A' && k[1] <= 'Z'
	}
	return locale.ValidRegion(k)
}

func validDay(d string) error {
	if _, ok := weekdayNames[d]; ok {
		return nil
	}
	return locale.DayRule(d).Validate()
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// frenchGroup are the country codes libphonenumber gives French numbers
// outside metropolitan France that the French operators' charter covers:
// they take France's window and days, in their own time zones.
var frenchGroup = map[string]bool{"FR": true, "GP": true, "MQ": true, "GF": true, "RE": true, "YT": true, "PM": true, "BL": true, "MF": true}

// QuietHours checks that a promotional SMS is sent inside the recipient's
// local sending window.
var QuietHours = &lint.Rule{
	Name:     "quiet-hours",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "send promotional SMS inside the recipient's local sending window",
		Text: `Marketing texts sent at night break the law in the US (TCPA: 8 a.m. to
9 p.m. where the recipient is, stricter in some states) and the French
operators' charter (af2m 2026: 08:00 to 21:30, Sundays and public holidays
tolerated but not recommended); carriers filter what breaks them. The rule
judges only an SMS that has an E.164 recipient (+ and country code: a
Messenger id never is one) and a send time (sent_at, --now, or the
gateway's clock): a template without them draws nothing, so results never
depend on when a check runs. The number gives the country, the US state or
Canadian province and the time zone (libphonenumber data); recipient_tz and
recipient_region override them. For a promotional message (the shared
classifier, or template_category MARKETING; transactional ones only with
transactional = true), it reports:
- an error for a send outside the window (start inclusive, end exclusive),
  with the next allowed time, also given as retry_after in JSON;
- a warning for a send on a discouraged day: a French Sunday or public
  holiday (Easter-based ones computed for the year; overseas departments in
  their own zones, with their own abolition day);
- an info finding, instead of a guess, when the number may be in several
  time zones that disagree and no recipient_tz says which.
The windows are dated policy facts (presend policy lists them with their
sources): France 08:00-21:30 (af2m charter, M); US 08:00-21:00 (TCPA, H)
with the stricter state windows (vendor tables, M); Canada weekdays
09:00-21:30, weekends 10:00-18:00 (CRTC telemarketing rules, L); UK
08:00-21:00 (an editorial default: PECR sets no hours, L). windows and
discouraged-days override them by country or region.`,
		Examples: []lint.Example{
			{Lang: "en", Channel: "sms",
				Env:     &lint.Message{Recipient: "+13055550123", SentAt: time.Date(2026, 11, 24, 1, 30, 0, 0, time.UTC)},
				GoodEnv: &lint.Message{Recipient: "+13055550123", SentAt: time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)},
				Bad:     "Flash sale: 30% off all sneakers tonight only! Shop now. Reply STOP to opt out.",
				Good:    "Flash sale: 30% off all sneakers today only! Shop now. Reply STOP to opt out."},
			{Lang: "fr", Channel: "sms",
				Env:     &lint.Message{Recipient: "+33612345678", SentAt: time.Date(2026, 11, 24, 21, 0, 0, 0, time.UTC)},
				GoodEnv: &lint.Message{Recipient: "+33612345678", SentAt: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)},
				Bad:     "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36111",
				Good:    "Soldes : -30 % sur tous les manteaux jusqu'à dimanche ! STOP au 36111"},
		},
	},
	Options: func() any { return &QuietHoursOptions{} },
	Run:     runQuietHours,
}

// where is what quiet-hours knows of the recipient.
type where struct {
	country, region string
	loc             *time.Location
	zones           []string // candidates when loc is nil
}

func runQuietHours(p *lint.Pass) {
	o := p.Compiled.(*quietHours)
	m := p.Msg
	if !p.Channel.SMS || m.SentAt.IsZero() || !strings.HasPrefix(strings.TrimSpace(m.Recipient), "+") {
		return
	}
	if !o.Transactional && !p.Promo().Promotional && !strings.EqualFold(m.TemplateCategory, "MARKETING") {
		return
	}
	w, err := locate(m)
	if err != nil {
		return // not a phone number: nothing to judge
	}
	end := p.Text.ContentEnd()
	if w.loc == nil {
		w.loc = commonZone(w.zones, m.SentAt)
	}
	if w.loc == nil {
		p.Report(lint.Diagnostic{Start: 0, End: end, Severity: lint.Info, Message: fmt.Sprintf(
			"recipient %s may be in %s (%s): set recipient_tz to judge the send by the recipient's local time",
			m.Recipient, zoneCount(len(w.zones)), strings.Join(w.zones, ", "))})
		return
	}
	win, label, ok := o.window(p, w)
	if !ok {
		return
	}
	local := m.SentAt.In(w.loc)
	if !win.Open(local) {
		next, ok := win.Next(local)
		d := lint.Diagnostic{Start: 0, End: end,
			Message: fmt.Sprintf("promotional SMS sent at %s local time (%s), outside the hours allowed that day (%s)",
				local.Format("Mon 15:04"), placeName(w), win.Hours(local)),
			Detail: fmt.Sprintf("time zone %s, %s", w.loc, label)}
		if ok {
			d.Message += fmt.Sprintf("; send it from %s local time", next.Format("Mon 2006-01-02 15:04"))
			d.Detail += fmt.Sprintf("; next allowed time %s (%s)", next.Format("2006-01-02 15:04 MST"), next.UTC().Format(time.RFC3339))
			d.RetryAfter = next.UTC()
		}
		p.Report(d)
		return
	}
	if day, ok := o.discouraged(p, w, local); ok {
		p.Report(lint.Diagnostic{Start: 0, End: end, Severity: lint.Warning,
			Message: fmt.Sprintf("promotional SMS sent on %s, %s, in %s: tolerated but not recommended",
				day, local.Format("Mon 2006-01-02"), placeName(w)),
			Detail: factLabel(p, "sms.discouraged-days.fr")})
	}
}

// locate reads where the recipient is: the number, then the envelope's
// overrides.
func locate(m *lint.Message) (where, error) {
	pl, err := locale.Locate(m.Recipient)
	if err != nil {
		return where{}, err
	}
	w := where{country: pl.Country, region: pl.Region, zones: pl.Zones}
	if m.RecipientRegion != "" {
		w.region = m.RecipientRegion
		w.country, _, _ = strings.Cut(m.RecipientRegion, "-")
	}
	if m.RecipientTZ != "" {
		if loc, err := time.LoadLocation(m.RecipientTZ); err == nil {
			w.loc = loc
		}
	} else if loc, ok := pl.Zone(); ok {
		w.loc = loc
	}
	return w, nil
}

// commonZone returns one of zones (the last, sorted: Europe/London rather
// than Europe/Guernsey) when they all read the same local time at t: no
// guess is needed then.
func commonZone(zones []string, t time.Time) *time.Location {
	var first *time.Location
	var clock string
	for _, z := range slices.Backward(zones) {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return nil
		}
		c := t.In(loc).Format("2006-01-02 15:04")
		if first == nil {
			first, clock = loc, c
		} else if c != clock {
			return nil
		}
	}
	return first
}

func zoneCount(n int) string {
	if n == 0 {
		return "no known time zone"
	}
	return fmt.Sprintf("%d time zones", n)
}

func placeName(w where) string {
	if w.region != "" {
		return w.region
	}
	return w.country
}

// window returns the sending window of the recipient's place and where it
// comes from: the options by region then country, then the policy.
func (o *quietHours) window(p *lint.Pass, w where) (locale.Window, string, bool) {
	for _, k := range []string{w.region, w.country} {
		if win, ok := o.windows[k]; k != "" && ok {
			return win, "presend.toml, " + k, true
		}
	}
	var id, spec string
	switch {
	case frenchGroup[w.country]:
		id = "sms.window.fr"
	case w.country == "US":
		id = "sms.window.us"
		if s := p.Policy.Table("sms.window.us-states")[w.region]; s != "" {
			id, spec = "sms.window.us-states", s
		}
	case w.country == "CA":
		id = "sms.window.ca"
	case w.country == "GB":
		id = "sms.window.gb"
	default:
		return locale.Window{}, "", false
	}
	if spec == "" {
		spec = p.Policy.String(id)
	}
	if spec == "" {
		return locale.Window{}, "", false // no fact in force at the send time
	}
	win, err := locale.ParseWindow(spec)
	if err != nil {
		p.Notice(fmt.Sprintf("quiet-hours: policy %s: %v", id, err))
		return locale.Window{}, "", false
	}
	return win, factLabel(p, id), true
}

// discouraged returns the name of the discouraged day local falls on, if
// any: the options' days for the region or country, else the policy's
// French days and the overseas department's own.
func (o *quietHours) discouraged(p *lint.Pass, w where, local time.Time) (string, bool) {
	for _, k := range []string{w.region, w.country} {
		if days, ok := o.DiscouragedDays[k]; k != "" && ok {
			for _, d := range days {
				if onDay(d, local) {
					return d, true
				}
			}
			return "", false
		}
	}
	if !frenchGroup[w.country] {
		return "", false
	}
	days := p.Policy.Table("sms.discouraged-days.fr")
	for _, d := range slices.Sorted(maps.Keys(days)) {
		if onDay(d, local) {
			return days[d], true
		}
	}
	if d := p.Policy.Table("sms.discouraged-days.fr-overseas")[w.country]; d != "" && onDay(d, local) {
		return "the abolition of slavery day (" + w.country + ")", true
	}
	return "", false
}

// onDay reports whether local falls on day: a weekday name or a DayRule.
func onDay(day string, local time.Time) bool {
	if wd, ok := weekdayNames[day]; ok {
		return local.Weekday() == wd
	}
	return locale.DayRule(day).IsDay(local)
}

// factLabel names a policy fact in a finding: its id and confidence
// (`presend policy` gives the source).
func factLabel(p *lint.Pass, id string) string {
	if f, ok := p.Policy.Lookup(id); ok {
		return fmt.Sprintf("policy %s, confidence %s", f.ID, f.Confidence)
	}
	return "policy " + id
}
