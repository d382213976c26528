package rules

import (
	"fmt"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
)

// Length checks a message against its channel's hard and soft limits.
var Length = &lint.Rule{
	Name:     "length",
	Category: lint.Shape,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "keep the message within the channel's limits",
		Text: `Over the channel's hard limit the platform rejects or cuts the message:
error. Over its soft target the message is long for the channel: warning.
Limits are per channel profile ([channels.NAME] hard-limit, soft-limit in
characters; for SMS hard-parts, soft-parts). Characters are grapheme
clusters, as a person counts them; a placeholder counts placeholder-width.

SMS is counted in parts: 160 GSM-7 characters fit in one part, 153 per part
once split; one character outside GSM-7 switches the whole message to UCS-2,
70 in one part and 67 per part. When such a character costs parts, the rule
names it and, where one exists, offers its GSM-7 replacement (’ → ').`,
		Examples: []lint.Example{
			{Lang: "en", Channel: "sms",
				Bad:  "Your parcel is on its way! It’ll arrive on Tuesday between 9am and 1pm. If you’re not home, we’ll leave it with a neighbour. Reply STOP to opt out.",
				Good: "Your parcel arrives Tuesday 9am-1pm. Not home? We'll leave it with a neighbour. Reply STOP to opt out."},
			{Lang: "fr", Channel: "sms",
				Bad:  "Votre colis arrive mardi entre 9h et 13h. Si vous êtes absent, nous le déposerons chez un voisin. Répondez STOP pour ne plus recevoir nos messages.",
				Good: "Votre colis arrive mardi 9h-13h. Absent ? Nous le laisserons chez un voisin. STOP au 36111"},
		},
	},
	Run: runLength,
}

func runLength(p *lint.Pass) {
	if p.SMS != nil {
		smsLength(p)
		return
	}
	a, prof := p.Text, p.Channel
	n, ph := a.Length(0, len(a.Text))
	note := placeholderNote(ph, a.PlaceholderWidth())
	switch {
	case prof.HardLimit > 0 && n > prof.HardLimit:
		p.Report(lint.Diagnostic{
			Start: a.OffsetOfChar(prof.HardLimit), End: len(a.Text), Severity: lint.Error,
			Message: fmt.Sprintf("message is %d characters, over the %s limit of %d%s", n, prof.Name, prof.HardLimit, note),
		})
	case prof.SoftLimit > 0 && n > prof.SoftLimit:
		p.Report(lint.Diagnostic{
			Start: a.OffsetOfChar(prof.SoftLimit), End: len(a.Text),
			Message: fmt.Sprintf("message is %d characters; keep %s messages under %d%s", n, prof.Name, prof.SoftLimit, note),
		})
	}
}

func smsLength(p *lint.Pass) {
	a, prof, info := p.Text, p.Channel, p.SMS
	note := placeholderNote(len(a.Placeholders()), a.PlaceholderWidth())
	unit := "characters"
	if info.Encoding == channel.UCS2 {
		unit = "UTF-16 units"
	}
	size := fmt.Sprintf("%d SMS parts (%s, %d %s)", info.Parts, info.Encoding, info.Units, unit)
	switch {
	case prof.HardParts > 0 && info.Parts > prof.HardParts:
		p.Report(lint.Diagnostic{Start: 0, End: len(a.Text), Severity: lint.Error,
			Message: fmt.Sprintf("message needs %s, over the limit of %d%s", size, prof.HardParts, note)})
	case prof.SoftParts > 0 && info.Parts > prof.SoftParts:
		p.Report(lint.Diagnostic{Start: 0, End: len(a.Text),
			Message: fmt.Sprintf("message needs %s; keep it to %d%s", size, prof.SoftParts, note)})
	}
	if info.Encoding != channel.UCS2 || info.GSMParts >= info.Parts || len(info.Forcers) == 0 {
		return
	}
	f := info.Forcers[0]
	var fix lint.Fix
	var names []string
	seen := map[string]bool{}
	for _, g := range info.Forcers {
		if g.Replacement == "" && !g.Remove {
			if !seen[g.Char] {
				seen[g.Char] = true
				names = append(names, fmt.Sprintf("%q", g.Char))
			}
			continue
		}
		fix.Edits = append(fix.Edits, lint.Edit{Start: g.Start, End: g.End, New: g.Replacement})
	}
	msg := fmt.Sprintf("%q forces UCS-2: %d parts instead of %d in GSM-7", f.Char, info.Parts, info.GSMParts)
	if len(names) > 0 {
		msg += fmt.Sprintf("; no GSM-7 form for %s", strings.Join(names, ", "))
	}
	d := lint.Diagnostic{Start: f.Start, End: f.End, Message: msg}
	if len(fix.Edits) > 0 {
		fix.Title = fmt.Sprintf("replace %d typographic characters with GSM-7 ones (%q → %q)", len(fix.Edits), f.Char, f.Replacement)
		if f.Replacement == "" || len(names) > 0 {
			fix.Title = fmt.Sprintf("replace %d typographic characters with GSM-7 ones", len(fix.Edits))
		}
		d.Fixes = []lint.Fix{fix}
	}
	p.Report(d)
}

// placeholderNote says how placeholders were counted, when there are any.
func placeholderNote(n, width int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(" (its placeholder counted as %d characters)", width)
	}
	return fmt.Sprintf(" (%d placeholders counted as %d characters each)", n, width)
}
