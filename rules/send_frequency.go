package rules

import (
	"errors"
	"fmt"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
)

// SendFrequencyOptions configure send-frequency. Each cap counts the message
// being checked with the earlier sends of its kind in the window: "warn"
// is the most that pass quietly, "error" the most before the message is
// blocked.
type SendFrequencyOptions struct {
	AutomatedHours   int `toml:"automated-hours" doc:"window for automated messages, in hours"`
	AutomatedWarn    int `toml:"automated-warn" doc:"automated messages one recipient may get in the window before a warning"`
	AutomatedError   int `toml:"automated-error" doc:"automated messages one recipient may get in the window before an error"`
	PromotionalDays  int `toml:"promotional-days" doc:"window for promotional messages, in days"`
	PromotionalWarn  int `toml:"promotional-warn" doc:"promotional messages one recipient may get in the window before a warning"`
	PromotionalError int `toml:"promotional-error" doc:"promotional messages one recipient may get in the window before an error"`
	BurstMinutes     int `toml:"burst-minutes" doc:"window for bursts, in minutes"`
	BurstWarn        int `toml:"burst-warn" doc:"messages of any kind one recipient may get in the burst window before a warning"`
	BurstError       int `toml:"burst-error" doc:"messages of any kind one recipient may get in the burst window before an error"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *SendFrequencyOptions) Compile(lint.CompileEnv) (any, error) {
	for _, c := range []struct {
		name        string
		window      int
		warn, error int
	}{
		{"automated", o.AutomatedHours, o.AutomatedWarn, o.AutomatedError},
		{"promotional", o.PromotionalDays, o.PromotionalWarn, o.PromotionalError},
		{"burst", o.BurstMinutes, o.BurstWarn, o.BurstError},
	} {
		if c.window < 1 || c.warn < 1 || c.error < c.warn {
			return nil, fmt.Errorf("%s: the window and %s-warn must be at least 1, and %s-error at least %s-warn", c.name, c.name, c.name, c.name)
		}
	}
	if o.AutomatedHours > 24*7 || o.PromotionalDays > 7 {
		return nil, errors.New("automated-hours may be at most 168 and promotional-days at most 7: history is kept for 8 days")
	}
	return nil, nil
}

// SendFrequency flags a recipient who gets too many messages.
var SendFrequency = &lint.Rule{
	Name:     "send-frequency",
	Category: lint.Spam,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "do not write to one person too often",
		Text: `Too many messages read as spam, and people leave or block the sender. The
rule counts what one recipient got before this message, this one included,
and warns past the first cap, blocks past the second:
- automated messages (automated or auto_reply) in automated-hours (24):
  warning past automated-warn (3), error past automated-error (5);
- promotional messages (the promotional-content detector's verdict) in
  promotional-days (7): warning past promotional-warn (2), error past
  promotional-error (4);
- any messages in burst-minutes (2), a burst: warning past burst-warn (3),
  error past burst-error (6). A chat reply of two or three bubbles is fine,
  and a live conversation (the person wrote within burst-minutes) is not a
  burst.
A cap only counts messages of the same kind as the one checked: a human
agent's reply is never held back by the automated cap.

These are presend's defaults, not platform limits: the platforms publish no
number, only the advice not to send too often. Tune them per audience.

The rule needs a sending history: a JSONL send log (checked in sent_at
order), presend lint --history, or the gateway's store.`,
		Examples: []lint.Example{
			{Lang: "en",
				Sent: []lint.Message{
					{Recipient: "33612345678", SentAt: exampleTime(-72 * time.Hour), Text: "Black Friday starts now: 30% off everything with code BF30. Shop now!"},
					{Recipient: "33612345678", SentAt: exampleTime(-48 * time.Hour), Text: "Last chance: 30% off everything with code BF30 ends tonight. Shop now!"},
				},
				Env:  &lint.Message{Recipient: "33612345678", SentAt: exampleTime(0)},
				Bad:  "Cyber Monday: 40% off all jackets with code CM40, today only. Shop now!",
				Good: "Your jacket is ready for pick-up at the Lyon store until Saturday."},
			{Lang: "fr",
				Sent: []lint.Message{
					{Recipient: "33612345678", SentAt: exampleTime(-72 * time.Hour), Text: "Le Black Friday commence : -30 % sur tout avec le code BF30. J'en profite !"},
					{Recipient: "33612345678", SentAt: exampleTime(-48 * time.Hour), Text: "Dernière chance : -30 % sur tout avec le code BF30 jusqu'à ce soir. J'en profite !"},
				},
				Env:  &lint.Message{Recipient: "33612345678", SentAt: exampleTime(0)},
				Bad:  "Cyber Monday : -40 % sur les vestes avec le code CM40, aujourd'hui seulement. J'en profite !",
				Good: "Votre veste vous attend au magasin de Lyon jusqu'à samedi."},
		},
	},
	Options: func() any {
		return &SendFrequencyOptions{
			AutomatedHours: 24, AutomatedWarn: 3, AutomatedError: 5,
			PromotionalDays: 7, PromotionalWarn: 2, PromotionalError: 4,
			BurstMinutes: 2, BurstWarn: 3, BurstError: 6,
		}
	},
	Requires: []lint.Requirement{lint.Promotional},
	Run:      runSendFrequency,
}

// frequencyCap is one of send-frequency's caps.
type frequencyCap struct {
	what        string // "automated messages"
	window      time.Duration
	span        string // "24 hours"
	warn, error int
	counts      func(history.Send) bool
}

func runSendFrequency(p *lint.Pass) {
	if p.History == nil {
		return
	}
	o := p.Options.(*SendFrequencyOptions)
	var caps []frequencyCap
	if p.Msg.Automated || p.Msg.AutoReply {
		caps = append(caps, frequencyCap{"automated messages", time.Duration(o.AutomatedHours) * time.Hour,
			pluralUnit(o.AutomatedHours, "hour"), o.AutomatedWarn, o.AutomatedError,
			func(s history.Send) bool { return s.Automated }})
	}
	if p.Promo().Promotional {
		caps = append(caps, frequencyCap{"promotional messages", time.Duration(o.PromotionalDays) * 24 * time.Hour,
			pluralUnit(o.PromotionalDays, "day"), o.PromotionalWarn, o.PromotionalError,
			func(s history.Send) bool { return s.Promotional }})
	}
	burst := time.Duration(o.BurstMinutes) * time.Minute
	if last := p.LastUserMessage(); last.IsZero() || p.Now.Sub(last) > burst {
		// A burst is a sender writing on its own; replies in a live
		// conversation, the person writing too, come as fast as it goes.
		caps = append(caps, frequencyCap{"messages", burst,
			pluralUnit(o.BurstMinutes, "minute"), o.BurstWarn, o.BurstError,
			func(history.Send) bool { return true }})
	}
	end := firstLineEnd(p.Text)
	for _, c := range caps {
		n, first := 1, time.Time{} // this message, and the earliest counted
		for s := range recentSends(p, c.window) {
			if c.counts(*s) {
				n++
				first = s.At
			}
		}
		if n <= c.warn {
			continue
		}
		sev, limit := lint.Warning, c.warn
		if n > c.error {
			sev, limit = lint.Error, c.error
		}
		p.Report(lint.Diagnostic{Start: 0, End: end, Severity: sev,
			Message: fmt.Sprintf("%d %s to this recipient in %s with this one, over the cap of %d; the first went out %s before",
				n, c.what, c.span, limit, humanDuration(p.Now.Sub(first)))})
	}
}
