package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/text"
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

The strings of a Send API template have limits of their own, and the Send
API refuses a template over one: a button template's text (max-button-text,
640 characters), a generic template card's title and subtitle
(max-card-title, max-card-subtitle, 80 each): error.

SMS is counted in parts: 160 GSM-7 characters fit in one part, 153 per part
once split; one character outside GSM-7 switches the whole message to UCS-2,
70 in one part and 67 per part. Typographic characters with a GSM-7
equivalent (’ “ ” « » …, no-break spaces, the ° of "N°", whose plain form
is "No") are a defect with a safe fix:
one warning names every such character at once, with one fix that replaces
them all (’ → '). Letters of the language with no GSM-7 form (î, ê, ç) are
the cost of writing it correctly: when only they take the message over
soft-parts, the finding is info and states the cost (parts, ×3). An emoji
or another character with no GSM-7 form that costs parts is named.

Instagram counts bytes of UTF-8, not characters: a text over 1,000 bytes
(the policy's instagram.text-max-bytes; [channels.instagram] hard-bytes
overrides it) is refused, error. "é" takes 2 bytes, "’" 3, an emoji 4 or
more: 520 "é" are 1,040 bytes, over the limit at 520 characters.

On the voice channel (a script read aloud on a call; chosen by a catalog
key with a part voice, tts, ivr, speech or spoken, or SSML <speak> text)
there is no screen and no limit.`,
		Examples: []lint.Example{
			{Lang: "en", Channel: "sms",
				Bad:  "Your parcel is on its way! It’ll arrive on Tuesday between 9am and 1pm. If you’re not home, we’ll leave it with a neighbour. Reply STOP to opt out.",
				Good: "Your parcel arrives Tuesday 9am-1pm. Not home? We'll leave it with a neighbour. Reply STOP to opt out."},
			{Lang: "fr", Channel: "sms",
				Bad:  "Votre colis arrive mardi entre 9h et 13h. Si vous êtes absent, nous le déposerons chez un voisin. Répondez STOP pour ne plus recevoir nos messages.",
				Good: "Votre colis arrive mardi 9h-13h. Absent ? Nous le laisserons chez un voisin. STOP au 36111"},
			{Lang: "fr", Channel: "instagram",
				Bad:  strings.Repeat("Élégante, légère et éco-conçue : découvrez la lampe Aurora, créée à Lyon. ", 12), // 887 characters, 1,007 bytes
				Good: "Élégante, légère et éco-conçue : découvrez la lampe Aurora, créée à Lyon."},
		},
	},
	Options: func() any {
		return &LengthOptions{MaxButtonText: 640, MaxCardTitle: 80, MaxCardSubtitle: 80}
	},
	Run: runLength,
}

// LengthOptions are the limits of the strings of Send API templates (the
// channels' limits are in their profiles).
type LengthOptions struct {
	MaxButtonText   int `toml:"max-button-text" doc:"characters the text of a Send API button template may hold"`
	MaxCardTitle    int `toml:"max-card-title" doc:"characters the title of a generic template card may hold"`
	MaxCardSubtitle int `toml:"max-card-subtitle" doc:"characters the subtitle of a generic template card may hold"`
}

// Compile implements lint.Compiler: it checks the limits.
func (o *LengthOptions) Compile(lint.CompileEnv) (any, error) {
	if o.MaxButtonText < 1 || o.MaxCardTitle < 1 || o.MaxCardSubtitle < 1 {
		return nil, errors.New("max-button-text, max-card-title and max-card-subtitle must be at least 1")
	}
	return nil, nil
}

func runLength(p *lint.Pass) {
	if p.SMS != nil {
		smsLength(p)
		return
	}
	templateLength(p)
	byteLength(p)
	a, prof := p.Text, p.Channel
	end := a.ContentEnd() // trailing line breaks and blanks are not sent
	n, ph := a.Length(0, end)
	note := placeholderNote(ph, a.PlaceholderWidth())
	switch {
	case prof.HardLimit > 0 && n > prof.HardLimit:
		p.Report(lint.Diagnostic{
			Start: a.OffsetOfChar(prof.HardLimit), End: end, Severity: lint.Error,
			Message: fmt.Sprintf("message is %d characters, over the %s limit of %d%s", n, prof.Name, prof.HardLimit, note),
		})
	case prof.SoftLimit > 0 && n > prof.SoftLimit:
		p.Report(lint.Diagnostic{
			Start: a.OffsetOfChar(prof.SoftLimit), End: end,
			Message: fmt.Sprintf("message is %d characters; keep %s messages under %d%s", n, prof.Name, prof.SoftLimit, note),
		})
	}
}

// templateLength checks each string of a Send API template against its
// own limit: a button template's text, a generic template card's title and
// subtitle.
func templateLength(p *lint.Pass) {
	o, ok := p.Options.(*LengthOptions)
	if !ok {
		return
	}
	for _, pc := range p.Msg.Pieces {
		what, limit := "", 0
		switch {
		case p.Msg.Template == "button" && pc.Name == "text":
			what, limit = "button template text", o.MaxButtonText
		case p.Msg.Template == "generic" && pc.Name == "title":
			what, limit = "card title", o.MaxCardTitle
		case p.Msg.Template == "generic" && pc.Name == "subtitle":
			what, limit = "card subtitle", o.MaxCardSubtitle
		default:
			continue
		}
		if n, ph := p.Text.Length(pc.Span.Start, pc.Span.End); n > limit {
			p.Report(lint.Diagnostic{
				Start: pc.Span.Start, End: pc.Span.End, Severity: lint.Error,
				Message: fmt.Sprintf("%s is %d characters, over the limit of %d: the message is refused%s",
					what, n, limit, placeholderNote(ph, p.Text.PlaceholderWidth())),
				Detail: fmt.Sprintf("the Send API rejects a template whose %s is over %d characters", what, limit),
			})
		}
	}
}

func smsLength(p *lint.Pass) {
	a, prof, info := p.Text, p.Channel, p.SMS
	// Only a finding reads it: not built for a message that has none.
	note := func() string { return placeholderNote(len(a.Placeholders()), a.PlaceholderWidth()) }
	// Typographic characters with a GSM-7 form are a defect with a safe
	// fix; letters of the language with none (î, ê, ç) are the cost of
	// writing it correctly.
	var typo, letters, others []channel.Forcer
	for _, g := range info.Forcers {
		if numeroSign(a.Text, g) {
			g.Replacement = "o" // "N°" → "No": the abbreviation's plain form
		}
		switch {
		case g.Replacement != "" || g.Remove:
			typo = append(typo, g)
		case isLetter(g.Char):
			letters = append(letters, g)
		default:
			others = append(others, g)
		}
	}
	fixed := *info // the message once its typography is fixed
	if len(typo) > 0 {
		fixed = smsAfter(a, typo)
	}
	switch {
	case prof.HardParts > 0 && info.Parts > prof.HardParts:
		p.Report(lint.Diagnostic{Start: 0, End: a.ContentEnd(), Severity: lint.Error,
			Message: fmt.Sprintf("message needs %s, over the limit of %d%s", pluralUnit(info.Parts, "SMS part"), prof.HardParts, note()),
			Detail:  smsDetail(*info)})
	case prof.SoftParts > 0 && fixed.Parts > prof.SoftParts:
		if len(others) == 0 && len(letters) > 0 && fixed.GSMParts <= prof.SoftParts {
			// Only the language's own letters cost the extra parts.
			p.Report(lint.Diagnostic{Start: letters[0].Start, End: letters[0].End, Severity: lint.Info,
				Message: fmt.Sprintf("%s %s the SMS %s instead of %d (×%s the cost); that is the price of correct spelling%s",
					listChars(letters), makeVerb(letters), pluralUnit(info.Parts, "part"), fixed.GSMParts, ratioText(fixed.Parts, fixed.GSMParts), note()),
				Detail: fmt.Sprintf("no GSM-7 form, so the message is sent in UCS-2 (%s); in GSM-7 it would need %d", smsDetail(*info), fixed.GSMParts)})
		} else {
			p.Report(lint.Diagnostic{Start: 0, End: a.ContentEnd(),
				Message: fmt.Sprintf("message needs %s; keep it to %d%s", pluralUnit(fixed.Parts, "SMS part"), prof.SoftParts, note()),
				Detail:  smsDetail(fixed)})
		}
	}
	if len(typo) > 0 && fixed.Parts < info.Parts {
		// A GSM-7 form of a typographic character is mechanical and keeps
		// the meaning: a safe fix, which --fix applies.
		fix := lint.Fix{Safe: true}
		for _, g := range typo {
			fix.Edits = append(fix.Edits, lint.Edit{Start: g.Start, End: g.End, New: g.Replacement})
		}
		what := "character"
		if len(fix.Edits) > 1 {
			what = "characters"
		}
		// What fmt wrote ("replace %d typographic %s with GSM-7 ones (%s)",
		// "typographic %s %s %s the SMS %d parts instead of %d", "%s %s
		// UCS-2 (%s); with their GSM-7 forms, %s"), concatenated.
		fix.Title = "replace " + strconv.Itoa(len(fix.Edits)) + " typographic " + what + " with GSM-7 ones (" + replacements(typo) + ")"
		chars := listChars(typo)
		p.Report(lint.Diagnostic{
			Start: typo[0].Start, End: typo[0].End, Fixes: []lint.Fix{fix},
			Message: "typographic " + what + " " + chars + " " + makeVerb(typo) + " the SMS " + strconv.Itoa(info.Parts) + " parts instead of " + strconv.Itoa(fixed.Parts),
			Detail:  chars + " " + forceVerb(typo) + " UCS-2 (" + smsDetail(*info) + "); with their GSM-7 forms, " + smsDetail(fixed),
		})
	}
	if len(others) > 0 && info.GSMParts < info.Parts {
		// A character with no GSM-7 form that is no letter (an emoji)
		// keeps the message in UCS-2 whatever else is replaced.
		g := others[0]
		p.Report(lint.Diagnostic{Start: g.Start, End: g.End,
			Message: fmt.Sprintf("%q costs %d SMS parts where plain text would need %d", g.Char, info.Parts, info.GSMParts),
			Detail:  fmt.Sprintf("%q has no GSM-7 form and makes the whole message UCS-2 (%s)", g.Char, smsDetail(*info))})
	}
}

// smsDetail describes the encoding of an SMS: "2 parts, UCS-2, 83 UTF-16 units".
func smsDetail(info channel.SMSInfo) string {
	unit := "characters"
	if info.Encoding == channel.UCS2 {
		unit = "UTF-16 units"
	}
	// fmt's "%s, %s, %d %s", without boxing: it is built for every finding.
	return pluralUnit(info.Parts, "part") + ", " + string(info.Encoding) + ", " + strconv.Itoa(info.Units) + " " + unit
}

// smsAfter counts the parts of the message with the forcers fs replaced by
// their GSM-7 forms.
func smsAfter(a *text.Analysis, fs []channel.Forcer) channel.SMSInfo {
	var b strings.Builder
	var phs []channel.Span
	src := a.Placeholders()
	last := 0
	shift := 0 // bytes the replacements removed so far
	k := 0
	for _, g := range fs {
		for ; k < len(src) && src[k].Start < g.Start; k++ {
			phs = append(phs, channel.Span{Start: src[k].Start - shift, End: src[k].End - shift})
		}
		b.WriteString(a.Text[last:g.Start])
		b.WriteString(g.Replacement)
		shift += (g.End - g.Start) - len(g.Replacement)
		last = g.End
	}
	for ; k < len(src); k++ {
		phs = append(phs, channel.Span{Start: src[k].Start - shift, End: src[k].End - shift})
	}
	b.WriteString(a.Text[last:])
	return channel.SMS(b.String(), phs, a.PlaceholderWidth())
}

// numeroSign reports whether forcer g is the degree sign (or the
// masculine ordinal) of the abbreviation of "numéro" ("N°", "n°"): its
// plain form "No" is in GSM-7, so it is typography with a safe fix, not a
// character with no GSM-7 form.
func numeroSign(s string, g channel.Forcer) bool {
	if g.Char != "°" && g.Char != "º" || g.Start == 0 || s[g.Start-1] != 'N' && s[g.Start-1] != 'n' {
		return false
	}
	return g.Start == 1 || !isWordByte(s[g.Start-2]) // "N°", not "…in°"
}

// isWordByte reports whether b is an ASCII letter or digit.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// isLetter reports whether a forcer is a letter (with its accents).
func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// charName names a character for a finding: invisible spaces by name.
func charName(s string) string {
	switch s {
	case "\u00a0":
		return "the no-break space"
	case "\u202f":
		return "the narrow no-break space"
	case "\u2009":
		return "the thin space"
	}
	return lint.Quote(s)
}

// listChars names each distinct character of fs once, in order, with how
// many times it occurs when more than once: `"’" (×3), "«", "»"`.
func listChars(fs []channel.Forcer) string {
	var order []string
	n := map[string]int{}
	for _, g := range fs {
		if n[g.Char] == 0 {
			order = append(order, g.Char)
		}
		n[g.Char]++
	}
	parts := make([]string, len(order))
	for i, c := range order {
		parts[i] = charName(c)
		if n[c] > 1 {
			parts[i] += fmt.Sprintf(" (×%d)", n[c])
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// forceVerb agrees "force" with the characters listChars named.
func forceVerb(fs []channel.Forcer) string {
	if len(fs) == 1 {
		return "forces"
	}
	return "force"
}

// makeVerb agrees "make" with the characters listChars named.
func makeVerb(fs []channel.Forcer) string {
	if len(fs) == 1 {
		return "makes"
	}
	return "make"
}

// replacements shows each distinct replacement once: `"’" → "'", "«" → "\""`.
func replacements(fs []channel.Forcer) string {
	seen := map[string]bool{}
	var parts []string
	for _, g := range fs {
		if seen[g.Char] {
			continue
		}
		seen[g.Char] = true
		to := lint.Quote(g.Replacement)
		if g.Remove {
			to = "nothing"
		}
		parts = append(parts, charName(g.Char)+" → "+to)
	}
	return strings.Join(parts, ", ")
}

// ratioText prints a cost ratio: "3", "2.5".
func ratioText(n, d int) string {
	if d == 0 {
		return "1"
	}
	return strconv.FormatFloat(float64(n)/float64(d), 'f', -1, 64)
}

// placeholderNote says how placeholders were counted, when there are any.
func placeholderNote(n, width int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (its placeholder counted as " + strconv.Itoa(width) + " characters)"
	}
	return " (" + strconv.Itoa(n) + " placeholders counted as " + strconv.Itoa(width) + " characters each)"
}

// --- Limits in bytes (Instagram) -------------------------------------------

// byteLength checks a channel whose text limit counts bytes of UTF-8, not
// characters (Instagram: 1,000): the profile's hard-bytes, else the
// policy's <channel>.text-max-bytes in force at the send time. A
// placeholder counts placeholder-width bytes, as if filled with ASCII.
func byteLength(p *lint.Pass) {
	limit := p.Channel.HardBytes
	if limit == 0 {
		limit = factsOf(p).Int(p.Channel.Name + ".text-max-bytes")
	}
	if limit <= 0 {
		return
	}
	a := p.Text
	end := a.ContentEnd()
	width := a.PlaceholderWidth()
	var phs []text.Span
	for _, s := range a.Placeholders() {
		if s.End <= end {
			phs = append(phs, s)
		}
	}
	n := end
	for _, s := range phs {
		n += width - (s.End - s.Start)
	}
	if n <= limit {
		return
	}
	// The finding starts at the first character that does not fit whole.
	start, used := end, 0
	g := uniseg.NewGraphemes(a.Text[:end])
	for g.Next() {
		from, to := g.Positions()
		size := to - from
		if k := slices.IndexFunc(phs, func(s text.Span) bool { return s.Start <= from && from < s.End }); k >= 0 {
			if from != phs[k].Start {
				continue // inside a placeholder: counted at its start
			}
			size = width
		}
		if used+size > limit {
			start = from
			break
		}
		used += size
	}
	chars, _ := a.Length(0, end)
	note := ""
	switch len(phs) {
	case 0:
	case 1:
		note = fmt.Sprintf(" (its placeholder counted as %d bytes)", width)
	default:
		note = fmt.Sprintf(" (%d placeholders counted as %d bytes each)", len(phs), width)
	}
	p.Report(lint.Diagnostic{Start: start, End: end, Severity: lint.Error,
		Message: tooManyBytes(p.Channel.Name, chars, n, limit, note),
		Detail: fmt.Sprintf("%d bytes of UTF-8 (%d characters), over the limit of %d bytes: the platform counts bytes, and a character outside ASCII takes 2 to 4",
			n, chars, limit)})
}

// tooManyBytes is the message of a text over a limit in bytes, said in
// characters: a writer counts those, and the accents and emoji that weigh
// more.
func tooManyBytes(channel string, chars, n, limit int, note string) string {
	if n == chars {
		return fmt.Sprintf("message is %d characters, over the %s limit of %d%s", chars, channel, limit, note)
	}
	return fmt.Sprintf("message is too long for %s: its %d characters count as %d, over the limit of %d, because accents and emoji count double or more%s",
		channel, chars, n, limit, note)
}
