package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// MainPointEarlyOptions configure main-point-early.
type MainPointEarlyOptions struct {
	Fillers  []string `toml:"fillers" doc:"more opening phrases that delay the point, added to the built-in English and French lists (matched on stems)"`
	KeyTerms []string `toml:"key-terms" doc:"more words or phrases that carry the point, such as product names, added to the built-in dates and calls to action (matched as written, in any case)"`

	fillers *text.PhraseSet
	keys    *text.PhraseSet
	ctas    *text.PhraseSet
}

// Compile implements lint.Compiler.
func (o *MainPointEarlyOptions) Compile(stems *text.Stemmer) error {
	var err error
	if o.fillers, err = compileLists(stems, "filler", o.Fillers, false); err != nil {
		return fmt.Errorf("fillers: %w", err)
	}
	if o.keys, err = compileLists(stems, "keyterms", o.KeyTerms, true); err != nil {
		return fmt.Errorf("key-terms: %w", err)
	}
	if o.ctas, err = compileLists(stems, "cta", nil, true); err != nil {
		return err
	}
	return nil
}

// MainPointEarly checks that the preview carries the point.
var MainPointEarly = &lint.Rule{
	Name:     "main-point-early",
	Category: lint.Shape,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "put the main point in the part of the message the preview shows",
		Text: `Previews truncate and people skim: the first characters decide whether a
message is read. The rule flags, in order:
- an opening that spends the preview on filler or thanks before the point
  ("I hope this message finds you well", "Nous espérons que vous allez bien",
  "Just wanted to reach out…"); a fix deletes a filler sentence;
- key content that first appears after the preview cut: a date, time, amount,
  number, order or booking code, link, e-mail address or call to action
  (built-in English and French lists, extended by key-terms; these match
  as written, in any case, since names and dates do not inflect and their
  stems collide: "Marie" and "mars");
- a first sentence longer than the preview when no key content appears at all.
The finding says where the cut falls and where the point starts, in
characters as a person sees them (placeholders count placeholder-width).
A short greeting ("Hi Marie,", "Bonjour,") alone is fine.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Hi Sam! I hope this message finds you well. We wanted to let you know about something. Your appointment moved to Tuesday 3 March at 10:30.",
				Good: "Your appointment moved to Tuesday 3 March at 10:30.\n\nReply YES to confirm or call us to pick another time."},
			{Lang: "fr",
				Bad:  "Bonjour Marie, nous espérons que vous allez bien et que tout se passe pour le mieux chez vous. Votre rendez-vous est déplacé au mardi 3 mars à 10h30.",
				Good: "Votre rendez-vous est déplacé au mardi 3 mars à 10h30.\n\nRépondez OUI pour confirmer."},
		},
	},
	Options: func() any { return &MainPointEarlyOptions{} },
	Run:     runMainPointEarly,
}

func runMainPointEarly(p *lint.Pass) {
	o := p.Options.(*MainPointEarlyOptions)
	a := p.Text
	if len(a.Tokens) == 0 {
		return
	}
	cut := p.Preview
	key, keyEnd := firstKey(a, o)
	// Only an opening matters: fillers up to the cut or the point.
	upTo := len(a.Tokens)
	limit := len(a.Text)
	if cut.Truncated {
		limit = cut.End
	}
	if key >= 0 {
		limit = min(limit, keyEnd)
	}
	if i := a.TokenAt(limit); i >= 0 {
		upTo = i + 1
	}
	fillers := o.fillers.Find(a, 0, upTo)
	pointAt := "no date, amount, link or call to action appears at all"
	if key >= 0 {
		pointAt = fmt.Sprintf("the main point starts at character %d (%q)", a.Column(key), a.Text[key:keyEnd])
	}
	if len(fillers) > 0 && (key < 0 || fillers[0].Start < key) && (!cut.Truncated || fillers[0].Start < cut.End) {
		f := fillers[0]
		used, _ := a.Length(0, f.End)
		used = min(used, cut.Width)
		d := lint.Diagnostic{
			Start: f.Start, End: f.End,
			Message: fmt.Sprintf("opening spends %d of the %d preview characters on %q; %s",
				used, cut.Width, a.Text[f.Start:f.End], pointAt),
		}
		if s := wholeSentence(a, f); s != nil {
			d.Fixes = []lint.Fix{{Title: fmt.Sprintf("delete %q", a.Text[s.Start:s.End]), Edits: []lint.Edit{{Start: s.Start, End: s.End}}}}
		}
		p.Report(d)
		return
	}
	if !cut.Truncated {
		return
	}
	if key >= cut.End {
		p.Reportf(key, keyEnd, "preview shows %d characters and cuts before the main point at character %d (%q)",
			cut.Width-1, a.Column(key), a.Text[key:keyEnd])
		return
	}
	if key < 0 {
		first := a.Sentences[0]
		if greeting(a, first) && len(a.Sentences) > 1 {
			first = a.Sentences[1]
		}
		if n, _ := a.Length(first.Start, first.End); n > cut.Width {
			p.Reportf(first.Start, first.End, "first sentence is %d characters; the preview cuts at %d and %s",
				n, cut.Width, pointAt)
		}
	}
}

// firstKey returns the byte span of the first key content, or -1: a number,
// code, link or address, a listed key term, or a call to action where a
// sentence or clause starts.
func firstKey(a *text.Analysis, o *MainPointEarlyOptions) (start, end int) {
	k := slices.IndexFunc(a.Tokens, func(t text.Token) bool {
		return t.Kind == text.Number || t.Kind == text.Code || t.Kind == text.URL || t.Kind == text.Email
	})
	// Word lists need only be searched up to that token and the next one
	// (the month in "12 mars").
	upTo := len(a.Tokens)
	if k >= 0 {
		upTo = min(k+2, len(a.Tokens))
	}
	terms := o.keys.Find(a, 0, upTo)
	for _, m := range o.ctas.Find(a, 0, upTo) {
		if clauseStart(a, m.First) {
			terms = append(terms, m)
			break
		}
	}
	slices.SortFunc(terms, func(x, y text.Match) int { return x.First - y.First })
	switch {
	case len(terms) > 0 && (k < 0 || terms[0].First <= k):
		return terms[0].Start, terms[0].End
	case k < 0:
		return -1, -1
	case len(terms) > 0 && terms[0].First == k+1:
		return int(a.Tokens[k].Start), terms[0].End // "12 mars", "3 May"
	}
	return int(a.Tokens[k].Start), int(a.Tokens[k].End)
}

// clauseStart reports whether token i starts a sentence or a clause, or
// follows "please", "veuillez" or "merci de": where an imperative stands.
func clauseStart(a *text.Analysis, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := a.Tokens[j]
		if t.Kind == text.Emoji || t.Kind == text.Placeholder && j == i-1 {
			continue // "👉 Reply YES", "{{name}}, reply YES" read as a start
		}
		if t.Kind == text.Punct {
			return true
		}
		switch a.Lower(j) {
		case "please", "simply", "just", "veuillez", "de", "pouvez":
			return true
		}
		return false
	}
	return true
}

// wholeSentence returns the span to delete (the sentence and the space after
// it) when a filler phrase, with its punctuation, is a whole sentence that is
// not the last one.
func wholeSentence(a *text.Analysis, m text.Match) *text.Span {
	k := a.SentenceOf(m.Start)
	if k >= len(a.Sentences) || k == len(a.Sentences)-1 {
		return nil // deleting the last sentence would leave no point
	}
	s := a.Sentences[k]
	if s.First < m.First {
		return nil // words before the phrase
	}
	for i := m.Last; i < s.Last; i++ {
		if a.Tokens[i].Kind != text.Punct {
			return nil // words after it
		}
	}
	return &text.Span{Start: s.Start, End: a.Sentences[k+1].Start}
}

// greetings are the words a short salutation is made of.
var greetings = map[string]bool{
	"hi": true, "hello": true, "hey": true, "dear": true, "bonjour": true, "salut": true,
	"bonsoir": true, "cher": true, "chère": true, "chers": true, "chères": true, "coucou": true,
	"hola": true, "good": true, "morning": true, "afternoon": true, "evening": true,
}

// greeting reports whether sentence s is a short salutation ("Hi Marie,").
func greeting(a *text.Analysis, s text.Sentence) bool {
	if s.Last-s.First > 5 || a.Tokens[s.First].Kind != text.Word {
		return false
	}
	return greetings[strings.ToLower(a.TokenText(s.First))]
}
