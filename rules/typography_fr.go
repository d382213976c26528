package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// TypographyFROptions configure typography-fr: each check can be turned off.
type TypographyFROptions struct {
	Spaces      bool `toml:"spaces" doc:"check the no-break space before ! ? ; : and inside « »"`
	Narrow      bool `toml:"narrow" doc:"suggest the narrow no-break space U+202F before ! ? ; instead of U+00A0 (both are accepted)"`
	Apostrophes bool `toml:"apostrophes" doc:"check that straight ' and curly ’ apostrophes are not mixed"`
	Ellipsis    bool `toml:"ellipsis" doc:"suggest … for three periods (not on SMS channels)"`
	Units       bool `toml:"units" doc:"check the space in 10 h, 25 %, 10 €, 5 km and the ordinals 1er, 2e"`
	Capitals    bool `toml:"capitals" doc:"check that day and month names are in lower case mid-sentence"`
}

// Spaces a fix may insert.
const (
	nbsp   = "\u00a0" // no-break space
	nnbsp  = "\u202f" // narrow no-break space
	spaceC = " "
)

// TypographyFR checks French typographic conventions.
var TypographyFR = &lint.Rule{
	Name:     "typography-fr",
	Category: lint.Clarity,
	Severity: lint.Info,
	Doc: lint.Doc{
		Title: "follow French typography",
		Text: `French messages only; English text is never flagged. Each finding has a fix.
- spaces: French puts a space before ! ? ; : and inside « ». It must be a
  no-break space, or a line may break and leave the mark alone at the start
  of a line: no space at all is a warning, a plain space a note (info).
  The fix inserts U+00A0; with narrow = true, the narrow U+202F (the
  Imprimerie nationale's espace fine) before ! ? ; — both count as right.
  U+00A0 is the default because every font draws it and French keyboards
  type it. A colon or semicolon not followed by a space (":)", "1:2") is
  left alone.
- apostrophes: straight ' and curly ’ mixed in one message; the fix uses
  the more frequent one throughout (’ on a tie).
- ellipsis: three periods "..." become "…".
- units: "10h", "25%", "10€", "5km", "16Go" get a no-break space ("10 h",
  "25 %"); "2ème", "1ère" become "2e", "1re", and "1 er" becomes "1er".
  "10h30" is left alone: it is the usual way to write a time in messages.
- capitals: day and month names mid-sentence are lower case in French
  ("jusqu'au Lundi 3 Mars" → "jusqu'au lundi 3 mars").
On SMS channels one character outside the GSM-7 alphabet switches the whole
message to UCS-2 and cuts its parts from 160 characters to 70 (see length):
so there the rule asks for a plain space instead of a no-break one (a
no-break space already there is a note, with a fix to a plain space), does
not suggest "…", and fixes mixed apostrophes to the straight one. Links,
e-mail addresses, placeholders and codes are never touched.`,
		Examples: []lint.Example{
			{Lang: "fr",
				Bad:  "Bonjour! Votre rendez-vous est confirmé pour Lundi à 10h. Des questions? Répondez à ce message...",
				Good: "Bonjour\u00a0! Votre rendez-vous est confirmé pour lundi à 10\u00a0h. Des questions\u00a0? Répondez à ce message…"},
			{Lang: "fr", Channel: "sms",
				Bad:  "Votre code promo: -25% sur tout le site jusqu'au 3 mars!",
				Good: "Votre code promo : -25 % sur tout le site jusqu'au 3 mars !"},
			{Lang: "en", // English text is never flagged
				Good: "Reminder: your order is not paid yet! Pay by Monday 3 March at 10am to get it the same afternoon..."},
		},
	},
	Options: func() any {
		return &TypographyFROptions{Spaces: true, Apostrophes: true, Ellipsis: true, Units: true, Capitals: true}
	},
	Run: runTypographyFR,
}

// typo is one check of typography-fr on one message.
type typo struct {
	p   *lint.Pass
	a   *text.Analysis
	o   *TypographyFROptions
	sms bool
}

func runTypographyFR(p *lint.Pass) {
	if p.Text.Lang != "fr" {
		return
	}
	c := typo{p: p, a: p.Text, o: p.Options.(*TypographyFROptions), sms: p.Channel.SMS}
	for i, t := range c.a.Tokens {
		switch t.Kind {
		case text.Punct:
			c.punct(i)
		case text.Number, text.Code:
			c.number(i)
		case text.Word:
			c.capital(i)
		}
	}
	if c.o.Apostrophes {
		c.apostrophes()
	}
}

// space returns the space a fix puts before mark: a plain one on SMS.
func (c *typo) space(mark string) (s, name string) {
	switch {
	case c.sms:
		return spaceC, "a space"
	case c.o.Narrow && strings.ContainsAny(mark, "!?;"):
		return nnbsp, "a narrow no-break space"
	}
	return nbsp, "a no-break space"
}

func (c *typo) punct(i int) {
	a := c.a
	t := a.Tokens[i]
	mark := a.TokenText(i)
	switch {
	case c.o.Ellipsis && mark == "..." && !c.sms:
		c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
			Message: `three periods "..." instead of the ellipsis "…"`,
			Fixes:   []lint.Fix{{Title: `replace with "…"`, Safe: true, Edits: []lint.Edit{{Start: int(t.Start), End: int(t.End), New: "…"}}}}})
	case !c.o.Spaces:
	case mark == "«":
		if i+1 < len(a.Tokens) && a.TokenText(i+1) != "»" {
			c.gap(t, int(t.End), int(a.Tokens[i+1].Start), "after", mark)
		}
	case mark == "»":
		if i > 0 && a.TokenText(i-1) != "«" {
			c.gap(t, int(a.Tokens[i-1].End), int(t.Start), "before", mark)
		}
	case strings.ContainsRune("!?;:", rune(mark[0])):
		if i == 0 || !c.highMark(i) {
			return
		}
		c.gap(t, int(a.Tokens[i-1].End), int(t.Start), "before", mark[:1])
	}
}

// highMark reports whether the ! ? ; or : at token i stands where French
// wants a space before it: after a word, a number, a closing quote or
// bracket, and before white space, the end or a closing mark (so not in
// ":)", "1:2" or "« ! »").
func (c *typo) highMark(i int) bool {
	a := c.a
	t, prev := a.Tokens[i], a.Tokens[i-1]
	if prev.Kind == text.Punct {
		switch a.TokenText(i - 1) {
		case ")", "]", "»", "”", "\"", "'", "’":
		default:
			return false
		}
	}
	if int(t.End) == len(a.Text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(a.Text[t.End:])
	if unicode.IsSpace(r) {
		return true
	}
	return a.Text[t.Start] != ':' && a.Text[t.Start] != ';' && strings.ContainsRune(")]»”\"'’", r)
}

// gap checks the white space Text[start:end] before or after mark, the
// token t; findings cover the mark, fixes the space.
func (c *typo) gap(t text.Token, start, end int, where, mark string) {
	g := c.a.Text[start:end]
	if strings.ContainsAny(g, "\n\r") {
		return
	}
	want, name := c.space(mark)
	fix := func(title string) []lint.Fix {
		return []lint.Fix{{Title: title, Safe: true, Edits: []lint.Edit{{Start: start, End: end, New: want}}}}
	}
	noBreak := g == nbsp || g == nnbsp
	switch {
	case g == "":
		c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End), Severity: lint.Warning,
			Message: fmt.Sprintf("no space %s %q: French puts %s there", where, mark, name),
			Fixes:   fix(fmt.Sprintf("insert %s %s %q", name, where, mark))})
	case c.sms && noBreak:
		c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
			Message: fmt.Sprintf("no-break space %s %q makes the SMS longer and costlier; use a plain space", where, mark),
			Detail:  "a no-break space is not in the GSM-7 alphabet: it switches the whole SMS to UCS-2, 70 characters per part instead of 160",
			Fixes:   fix("replace with a plain space")})
	case !c.sms && !noBreak:
		c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
			Message: fmt.Sprintf("plain space %s %q lets a line break there; use %s", where, mark, name),
			Fixes:   fix("replace with " + name)})
	}
}

// unitSpace are the unit suffixes written after a number with a space.
var unitSpace = map[string]bool{
	"h": true, "km": true, "kg": true, "g": true, "m": true, "cm": true, "mm": true, "min": true,
	"mn": true, "j": true, "mo": true, "go": true, "ko": true, "to": true,
}

// ordinals maps wrong ordinal suffixes to the right ones.
var ordinals = map[string]string{
	"ème": "e", "eme": "e", "ième": "e", "ieme": "e", "è": "e", "ère": "re", "ere": "re", "ière": "re",
}

// afterNumber are the signs written after a number with a space.
var afterNumber = map[string]bool{"%": true, "€": true, "$": true, "£": true, "‰": true}

func (c *typo) number(i int) {
	if !c.o.Units {
		return
	}
	a := c.a
	t := a.Tokens[i]
	w := a.TokenText(i)
	k := strings.IndexFunc(w, func(r rune) bool { return (r < '0' || r > '9') && r != ',' && r != '.' })
	if k > 0 {
		suffix := w[k:]
		lower := strings.ToLower(suffix)
		split := int(t.Start) + k
		if right, ok := ordinals[lower]; ok {
			c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
				Message: fmt.Sprintf("ordinal %q is written %q in French", w, w[:k]+right),
				Fixes:   []lint.Fix{{Title: fmt.Sprintf("write %q", w[:k]+right), Safe: true, Edits: []lint.Edit{{Start: split, End: int(t.End), New: right}}}}})
			return
		}
		if unitSpace[lower] && t.Kind == text.Number {
			want, name := c.space("")
			c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
				// fmt's "%q: French puts %s between a number and its unit (%q)", without boxing.
				Message: lint.Quote(w) + ": French puts " + name + " between a number and its unit (" + lint.Quote(w[:k]+" "+suffix) + ")",
				Fixes:   []lint.Fix{{Title: "insert " + name, Safe: true, Edits: []lint.Edit{{Start: split, End: split, New: want}}}}})
		}
		return
	}
	if t.Kind != text.Number || k == 0 || i+1 >= len(a.Tokens) {
		return
	}
	next := a.Tokens[i+1]
	sign := a.TokenText(i + 1)
	switch {
	case next.Start == t.End && afterNumber[sign]:
		want, name := c.space("")
		c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(next.End),
			Message: fmt.Sprintf("%q: French puts %s before %q", w+sign, name, sign),
			Fixes:   []lint.Fix{{Title: "insert " + name, Safe: true, Edits: []lint.Edit{{Start: int(t.End), End: int(t.End), New: want}}}}})
	case next.Kind == text.Word && a.Text[t.End:next.Start] == " " && (sign == "er" || sign == "re"):
		// "1 er" → "1er": the ordinal suffix sticks to its number.
		if i+2 < len(a.Tokens) && a.Tokens[i+2].Kind == text.Word || i+2 == len(a.Tokens) {
			c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(next.End),
				Message: fmt.Sprintf("ordinal %q is written %q, without a space", w+" "+sign, w+sign),
				Fixes:   []lint.Fix{{Title: "remove the space", Safe: true, Edits: []lint.Edit{{Start: int(t.End), End: int(next.Start)}}}}})
		}
	}
}

// dayMonth are the French day and month names.
var dayMonth = map[string]bool{
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true,
	"dimanche": true, "janvier": true, "février": true, "mars": true, "avril": true, "mai": true,
	"juin": true, "juillet": true, "août": true, "septembre": true, "octobre": true,
	"novembre": true, "décembre": true,
}

func (c *typo) capital(i int) {
	a := c.a
	t := a.Tokens[i]
	if !c.o.Capitals || i == 0 || !t.Has(text.Capital) || t.Has(text.AllCaps) || !dayMonth[a.Lower(i)] {
		return
	}
	prev := a.Tokens[i-1]
	if strings.ContainsAny(a.Text[prev.End:t.Start], "\n\r") {
		return
	}
	switch prev.Kind {
	case text.Word, text.Number, text.Placeholder:
	case text.Punct:
		if a.TokenText(i-1) != "," {
			return // after . : « ( or a bullet a capital may start something
		}
	default:
		return
	}
	w := a.TokenText(i)
	r, n := utf8.DecodeRuneInString(w)
	low := string(unicode.ToLower(r))
	c.p.Report(lint.Diagnostic{Start: int(t.Start), End: int(t.End),
		Message: fmt.Sprintf("%q mid-sentence: French writes days and months in lower case", w),
		Fixes:   []lint.Fix{{Title: fmt.Sprintf("write %q", low+w[n:]), Safe: true, Edits: []lint.Edit{{Start: int(t.Start), End: int(t.Start) + n, New: low}}}}})
}

// apostrophes reports straight and curly apostrophes mixed in the words of
// one message, with a fix to the more frequent (on SMS, the straight one).
func (c *typo) apostrophes() {
	a := c.a
	var straight, curly []int
	for i, t := range a.Tokens {
		if t.Kind != text.Word {
			continue
		}
		w := a.TokenText(i)
		for k, r := range w {
			switch r {
			case '\'':
				straight = append(straight, int(t.Start)+k)
			case '’':
				curly = append(curly, int(t.Start)+k)
			}
		}
	}
	if len(straight) == 0 || len(curly) == 0 {
		return
	}
	minority, want, plain, why := straight, "’", "", ""
	switch {
	case c.sms:
		minority, want, plain, why = curly, "'", " (in an SMS the curly one costs more)", "’ is not in the SMS alphabet (GSM-7): one makes the whole SMS UCS-2, 70 characters per part instead of 160"
	case len(straight) > len(curly):
		minority, want = curly, "'"
	}
	edits := make([]lint.Edit, len(minority))
	for k, off := range minority {
		_, n := utf8.DecodeRuneInString(a.Text[off:])
		edits[k] = lint.Edit{Start: off, End: off + n, New: want}
	}
	first := minority[0]
	_, n := utf8.DecodeRuneInString(a.Text[first:])
	c.p.Report(lint.Diagnostic{Start: first, End: first + n,
		Message: fmt.Sprintf("apostrophes mixed: %d straight ' and %d curly ’; use %s throughout%s", len(straight), len(curly), want, plain),
		Detail:  why,
		Fixes:   []lint.Fix{{Title: fmt.Sprintf("use %s throughout", want), Safe: true, Edits: edits}}})
}
