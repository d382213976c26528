package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// MainPointEarlyOptions configure main-point-early.
type MainPointEarlyOptions struct {
	Fillers  []string `toml:"fillers" doc:"more opening phrases that delay the point, added to the built-in English and French lists (matched on stems)"`
	KeyTerms []string `toml:"key-terms" doc:"more words or phrases that carry the point, such as product names, added to the built-in dates and calls to action (matched as written, in any case)"`
	// KeyPlaceholders are the words of placeholder names that stand for
	// key content.
	KeyPlaceholders []string `toml:"key-placeholders" doc:"words of placeholder names that stand for key content (dates, times, amounts, codes, links, e-mail addresses and phone numbers, ids): a placeholder whose name holds one of them, such as {{expected_date}}, %{code}, {{email}} or :amount, counts as the point"`
}

// mainPointEarly is main-point-early's compiled state.
type mainPointEarly struct {
	fillers  *text.PhraseSet
	acks     *text.PhraseSet
	keys     *text.PhraseSet
	ctas     *text.PhraseSet
	keyNames map[string]bool
	units    map[string]map[string]bool
	receipt  map[string]map[string]bool
}

// defaultKeyPlaceholders are the built-in words of key placeholder names.
func defaultKeyPlaceholders() []string {
	return []string{
		"date", "time", "day", "when", "deadline", "expiry", "expiration", "expires", "expire", "until",
		"amount", "price", "total", "cost", "balance", "fee", "sum", "refund",
		"code", "otp", "pin", "token", "passcode",
		"link", "url", "href", "uri", "email", "mail", "courriel", "phone", "telephone", "téléphone", "tel",
		"id", "number", "ref", "reference", "tracking", "order",
		"montant", "prix", "heure", "jour", "lien", "numero", "numéro", "commande", "somme", "solde", "échéance", "delai", "délai",
	}
}

// Compile implements lint.Compiler.
func (o *MainPointEarlyOptions) Compile(env lint.CompileEnv) (any, error) {
	c := &mainPointEarly{keyNames: map[string]bool{}}
	var err error
	if c.units, err = wordSet("units"); err != nil {
		return nil, err
	}
	if c.receipt, err = wordSet("receipt"); err != nil {
		return nil, err
	}
	if c.fillers, err = compileLists(env.Stems, "filler", o.Fillers, false); err != nil {
		return nil, fmt.Errorf("fillers: %w", err)
	}
	if c.acks, err = compileLists(env.Stems, "ack", nil, false); err != nil {
		return nil, err
	}
	if c.keys, err = compileLists(env.Stems, "keyterms", o.KeyTerms, true); err != nil {
		return nil, fmt.Errorf("key-terms: %w", err)
	}
	if c.ctas, err = compileLists(env.Stems, "cta", nil, true); err != nil {
		return nil, err
	}
	for _, w := range o.KeyPlaceholders {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" {
			return nil, errors.New("key-placeholders: an empty word")
		}
		c.keyNames[w] = true
	}
	return c, nil
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
  "Just wanted to reach out…"); a fix deletes a filler sentence. Thanks for
  the person's message or contact ("Thank you for your message", "Merci de
  nous avoir contactés") is such a filler when key content follows it, and
  the point of an auto-reply (the receipt it acknowledges) when none does;
- key content that first appears after the preview cut: a date, time, amount,
  order or booking code, link (not a bare site name after "on"/"sur":
  "…active on Acme.net" names the platform), e-mail address, a placeholder named for one
  of them ({{expected_date}}, %{code}, :amount: key-placeholders lists the
  name words) or labelled by one of those words ("Order: :param1", "code
  is %s", "N° de commande : {1}"), a question to the reader or a call to action (built-in
  English and French lists, extended by key-terms; these match as written,
  in any case, since names and dates do not inflect and their stems
  collide: "Marie" and "mars"). A number counts when it has a unit,
  currency or date with it ("30 minutes", "54,20 €", "12 mars", 10:30) or
  four digits or more (a code, a year); a bare number ("between 0 and 5",
  "at most 3 tries") is not the point. An imperative after "please",
  "veuillez", "merci de" (also with a pronoun or "ne pas" before the verb:
  "merci de le noter"; "merci d'avoir…" thanks, it asks nothing) or
  "s'il vous plaît" (but not one to ignore the message: "please disregard",
  "veuillez ne pas en tenir compte"), or a French imperative, negated or not
  ("Contactez…", "N'hésitez pas…"), where a sentence or a clause starts
  ("Si ce n'est pas vous, changez…"), is a call to action;
- a first sentence longer than the preview when no key content appears at
  all, unless it is the whole message or opens with a heading that names
  the notice ("Acme Alert: your details were changed on another device. We
  locked…") and the preview shows at least half of it or its statement: a
  subject, the conjugated verb of the main clause and two words after it
  ("{actor} a ouvert la conversation aux…"; not after "if"/"si", a relative
  clause in the subject or "we"/"nous" speaking of the sender; info when
  only the assumed width of placeholders pushes that verb past the cut; an
  opening sentence that shows its statement is the point when key content
  comes in a later sentence too), or the preview
  shows a statement of three words or more up to a clause of cause,
  condition or time ("This report may need your review, if…", "Vous
  recevez ce message car…", "…fermé en raison de…", "lorsque"), or says
  within the preview that the person's message was received ("We have
  received your message…", "Nous avons bien reçu…"): an auto-reply's point.
An opening sentence (after a greeting) that the preview shows at least half
of is the point when the key content comes in a later sentence: "Calls to
that number are not supported. Please try…" states what happened first,
and the call to action that follows is the next thing to read. So is an
opening clause the preview shows up to a conjunction of cause ("Your
transfer was put on hold because…", "…suspendu car…", "parce que"): the
key content after it explains the statement.
The finding says where the cut falls and where the point starts, in
characters as a person sees them (placeholders count placeholder-width).
When placeholders in the preview push the point past the cut only at that
assumed width (with one-character values it would show), the finding is
info: whether the point shows depends on their values.
A short greeting ("Hi Marie,", "Bonjour,") alone is fine; a salutation
that opens the first sentence ("Cher :param1, vous…") is not counted in
its length, and a sender's name on the last line ("Acme") is no sentence.
On the voice channel (a script read aloud on a call) there is no preview:
the rule does not apply. A message whose language was guessed and is
neither English nor French (German, Spanish…) is skipped, and presend says
so once.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Hi Sam! I hope this message finds you well. We wanted to let you know about something. Your appointment moved to Tuesday 3 March at 10:30.",
				Good: "Your appointment moved to Tuesday 3 March at 10:30.\n\nReply YES to confirm or call us to pick another time."},
			{Lang: "fr",
				Bad:  "Bonjour Marie, nous espérons que vous allez bien et que tout se passe pour le mieux chez vous. Votre rendez-vous est déplacé au mardi 3 mars à 10h30.",
				Good: "Votre rendez-vous est déplacé au mardi 3 mars à 10h30.\n\nRépondez OUI pour confirmer."},
		},
	},
	Options: func() any { return &MainPointEarlyOptions{KeyPlaceholders: defaultKeyPlaceholders()} },
	Run:     runMainPointEarly,
}

func runMainPointEarly(p *lint.Pass) {
	o := p.Compiled.(*mainPointEarly)
	a := p.Text
	if len(a.Tokens) == 0 || otherLang(p) {
		return // its fillers, dates and calls to action are English and French
	}
	if p.Channel.Spoken {
		return // read aloud on a call: no preview
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
	var fbuf [4]text.Match
	fillers := o.fillers.AppendFind(fbuf[:0], a, 0, upTo)
	const noPoint = "no date, amount, link or call to action appears at all"
	if len(fillers) > 0 && key < 0 && acknowledges(o, a, fillers[0]) {
		// Thanks for the person's message is the receipt an auto-reply
		// acknowledges: with no key content after it, it is the point.
		fillers = nil
	}
	if len(fillers) > 0 && (key < 0 || fillers[0].Start < key) && (!cut.Truncated || fillers[0].Start < cut.End) {
		pointAt := noPoint
		if key >= 0 { // formatted only for a finding: most messages have none
			pointAt = fmt.Sprintf("the main point starts at character %d (%s)", a.Column(key), lint.Excerpt(a.Text[key:keyEnd]))
		}
		f := fillers[0]
		used, _ := a.Length(0, f.End)
		used = min(used, cut.Width)
		d := lint.Diagnostic{
			Start: f.Start, End: f.End,
			Message: fmt.Sprintf("opening spends %d of the %d preview characters on %s; %s",
				used, cut.Width, lint.Excerpt(a.Text[f.Start:f.End]), pointAt),
		}
		if s := wholeSentence(a, f); s != nil {
			d.Fixes = []lint.Fix{{Title: "delete " + lint.Excerpt(a.Text[s.Start:s.End]), Edits: []lint.Edit{{Start: s.Start, End: s.End}}}}
		}
		p.Report(d)
		return
	}
	if !cut.Truncated {
		return
	}
	// The opening sentence (after a greeting) says the point when the
	// preview shows at least half of it: what follows it (a call to action,
	// a date) is the next thing to read, not the point the preview missed.
	k := 0
	if greeting(a, a.Sentences[0]) && len(a.Sentences) > 1 {
		k = 1
	}
	first := a.Sentences[k]
	n, _ := a.Length(afterSalutation(a, first), first.End)
	opensWithPoint := n <= 2*cut.Width
	if key >= cut.End && !placeholderShown(a, key, cut) {
		if (opensWithPoint || statementShown(a, first, cut)) && a.SentenceOf(key) > k {
			return
		}
		if reasonShown(a, key, cut) {
			return
		}
		if phs := widthDependent(a, key, cut); len(phs) > 0 {
			// Placeholders in the preview push the point past the cut only
			// at their assumed width: whether it shows depends on their
			// values.
			p.Report(lint.Diagnostic{Start: key, End: keyEnd, Severity: lint.Info,
				Message: fmt.Sprintf("preview may cut before the main point at character %d (%s), depending on the length of %s (counted as %d characters)",
					a.Column(key), lint.Excerpt(a.Text[key:keyEnd]), strings.Join(phs, " and "), a.PlaceholderWidth())})
			return
		}
		p.Reportf(key, keyEnd, "preview shows %d characters and cuts before the main point at character %d (%s)",
			cut.Width-1, a.Column(key), lint.Excerpt(a.Text[key:keyEnd]))
		return
	}
	if key < 0 {
		if (opensWithPoint || statementShown(a, first, cut)) && (oneSentence(a) || headed(a, first)) {
			// With no key content anywhere, the opening sentence is the
			// point when it is all there is to say or a heading
			// ("Acme Alert:") names the notice, and the preview shows
			// half of it, or shows its statement: who or what did what
			// (French runs a fifth longer than English, so half of the
			// sentence is a length test, not a test of what shows).
			return
		}
		if n > cut.Width && !clauseShown(a, first, cut) && !o.receiptShown(a, first, cut) {
			if phs := statementWidthDependent(a, first, cut); len(phs) > 0 && (oneSentence(a) || headed(a, first)) {
				// Placeholders push the statement's verb past the cut only
				// at their assumed width.
				p.Report(lint.Diagnostic{Start: first.Start, End: first.End, Severity: lint.Info,
					Message: fmt.Sprintf("preview may cut the statement before its verb, depending on the length of %s (counted as %d characters)",
						strings.Join(phs, " and "), a.PlaceholderWidth())})
				return
			}
			p.Reportf(first.Start, first.End, "first sentence is %d characters; the preview cuts at %d and %s",
				n, cut.Width, noPoint)
		}
	}
}

// acknowledges reports whether filler f thanks the person for their message
// or for contacting the sender ("Thank you for your message", "Merci de
// nous avoir contactés"): an acknowledgement of receipt.
func acknowledges(o *mainPointEarly, a *text.Analysis, f text.Match) bool {
	var buf [4]text.Match
	for _, m := range o.acks.AppendFind(buf[:0], a, f.First, f.Last) {
		if m.Start == f.Start {
			return true
		}
	}
	return false
}

// widthDependent returns the placeholders that start inside the preview
// before the key at byte key when the key would show in the preview with
// their values one character long: the cut then falls before the point
// only because of their assumed width (placeholder-width), and whether the
// point shows depends on the values.
func widthDependent(a *text.Analysis, key int, cut text.Cut) []string {
	var names []string
	for i, t := range a.Tokens {
		if int(t.Start) >= key {
			break
		}
		if t.Kind == text.Placeholder && a.Column(int(t.Start)) < cut.Width {
			names = append(names, a.TokenText(i))
		}
	}
	if len(names) == 0 || a.Column(key)-len(names)*(a.PlaceholderWidth()-1) >= cut.Width {
		return nil
	}
	return names
}

// reasonShown reports whether the key at byte key stands in a clause of
// cause ("because…", "car…", "parce que…") whose conjunction the preview
// shows: the preview then holds a whole statement ("Your code failed to
// send because…") and the key content after it only explains it.
func reasonShown(a *text.Analysis, key int, cut text.Cut) bool {
	k, ki := a.SentenceOf(key), a.TokenAt(key)
	if k >= len(a.Sentences) || ki < 0 {
		return false
	}
	s := a.Sentences[k]
	for i := s.First; i < ki; i++ {
		if a.Tokens[i].Kind != text.Word || int(a.Tokens[i].End) > cut.End {
			continue
		}
		w := a.Lower(i)
		if !causal[w] && (w != "parce" || i+1 >= ki || !strings.HasPrefix(a.Lower(i+1), "qu")) {
			continue
		}
		words := 0
		for j := s.First; j < i; j++ {
			if a.Tokens[j].Kind == text.Word {
				words++
			}
		}
		return words >= 3 // a statement, not "Because…"
	}
	return false
}

// causal are the conjunctions that open a clause of cause.
var causal = map[string]bool{"because": true, "car": true, "puisque": true, "puisqu'": true}

// clauseShown reports whether sentence s, which holds no key content,
// opens with a statement of three words or more that the preview shows up
// to a conjunction or preposition that opens a clause of cause, condition
// or time ("This event may need your moderation, if…", "Vous recevez cet
// e-mail car…", "Le dossier a été fermé en raison de…"): the preview shows a
// whole statement, and what follows only qualifies it.
func clauseShown(a *text.Analysis, s text.Sentence, cut text.Cut) bool {
	words := 0
	for i := s.First; i < s.Last; i++ {
		t := a.Tokens[i]
		if int(t.End) > cut.End {
			return false
		}
		if t.Kind != text.Word {
			if t.Kind == text.Placeholder {
				words++
			}
			continue
		}
		if words >= 3 && opensClause(a, i) {
			return true
		}
		words++
	}
	return false
}

// receiptShown reports whether the preview shows, in sentence s, a word
// saying the sender received the person's message ("We have received your
// message", "Nous avons bien reçu votre demande"): the receipt an
// auto-reply acknowledges is its point.
func (o *mainPointEarly) receiptShown(a *text.Analysis, s text.Sentence, cut text.Cut) bool {
	words := o.receipt[a.Lang]
	for i := s.First; i < s.Last && int(a.Tokens[i].End) <= cut.End; i++ {
		if a.Tokens[i].Kind == text.Word && words[a.Lower(i)] {
			return true
		}
	}
	return false
}

// opensClause reports whether word token i opens a clause of cause,
// condition or time: a conjunction ("because", "if", "when", "car", "si",
// "lorsque") or the word of a prepositional phrase that says why or when
// ("en raison de", "lors de"; "due to" is a key term already).
func opensClause(a *text.Analysis, i int) bool {
	w := a.Lower(i)
	if clauseWords[w] {
		return true
	}
	next := ""
	if n := nextWord(a, i); n >= 0 {
		next = a.Lower(n)
	}
	prev := ""
	if i > 0 && a.Tokens[i-1].Kind == text.Word {
		prev = a.Lower(i - 1)
	}
	switch w {
	case "parce":
		return strings.HasPrefix(next, "qu")
	case "s'":
		return next == "il" || next == "ils" // "s'il", "s'ils": si elided
	case "lors":
		return next == "de" || next == "d'"
	case "raison":
		return prev == "en"
	}
	return false
}

// clauseWords open a clause of cause, condition or time by themselves.
var clauseWords = map[string]bool{
	"because": true, "if": true, "unless": true, "when": true, "whenever": true, "once": true,
	"while": true, "although": true, "though": true, "until": true,
	"car": true, "puisque": true, "puisqu'": true, "si": true,
	"quand": true, "lorsque": true, "lorsqu'": true, "dès": true,
}

// placeholderShown reports whether the key at byte key is a placeholder
// that starts inside the preview: its value, or the start of it, shows,
// since its width is a guess.
func placeholderShown(a *text.Analysis, key int, cut text.Cut) bool {
	i := a.TokenAt(key)
	return i >= 0 && a.Tokens[i].Kind == text.Placeholder && a.Column(key) < cut.Width
}

// firstKey returns the byte span of the first key content, or -1: a number
// with a unit, currency or date, a code, link or address, a placeholder
// named for key content, a listed key term, a question to the reader, or a
// call to action where a sentence or clause starts.
func firstKey(a *text.Analysis, o *mainPointEarly) (start, end int) {
	k := -1
	for i, t := range a.Tokens {
		if t.Kind == text.Code || t.Kind == text.Email || t.Kind == text.URL && !siteName(a, i) {
			k = i
			break
		}
	}
	for i, t := range a.Tokens {
		if k >= 0 && i >= k {
			break
		}
		if t.Kind == text.Number && o.keyNumber(a, i) || t.Kind == text.Placeholder && (o.keyPlaceholder(a, i) || o.labelled(a, i)) {
			k = i
			break
		}
	}
	// Word lists need only be searched up to that token and the next one
	// (the month in "12 mars").
	upTo := len(a.Tokens)
	if k >= 0 {
		upTo = min(k+2, len(a.Tokens))
	}
	var tbuf, cbuf [8]text.Match
	terms := o.keys.AppendFind(tbuf[:0], a, 0, upTo)
	for _, m := range o.ctas.AppendFind(cbuf[:0], a, 0, upTo) {
		if clauseStart(a, m.First) {
			terms = append(terms, m)
			break
		}
	}
	if m, ok := imperative(a, upTo); ok {
		terms = append(terms, m)
	}
	if m, ok := question(a, upTo); ok {
		terms = append(terms, m)
	}
	slices.SortFunc(terms, func(x, y text.Match) int { return x.First - y.First })
	switch {
	case len(terms) > 0 && (k < 0 || terms[0].First <= k):
		if f := terms[0].First; f > 0 && a.Tokens[f-1].Kind == text.Number {
			return int(a.Tokens[f-1].Start), terms[0].End // "12 mars", a date
		}
		return terms[0].Start, terms[0].End
	case k < 0:
		return -1, -1
	case len(terms) > 0 && terms[0].First == k+1:
		return int(a.Tokens[k].Start), terms[0].End // "12 mars", "3 May"
	}
	return int(a.Tokens[k].Start), int(a.Tokens[k].End)
}

// keyPlaceholder reports whether placeholder token i is named for key
// content: a word of its name is one of key-placeholders.
func (o *mainPointEarly) keyPlaceholder(a *text.Analysis, i int) bool {
	for _, w := range text.PlaceholderWords(a.TokenText(i)) {
		if o.keyNames[w] {
			return true
		}
	}
	return false
}

// labelled reports whether placeholder token i comes right after a label
// that is a key-placeholders word ("Order: :param1", "code is %s", "N° de
// commande : {1}", "Lien : {{x}}"): a placeholder with a generic name
// (:param1, %s, {1}) says what it is by the word before it.
func (o *mainPointEarly) labelled(a *text.Analysis, i int) bool {
	j := i - 1
	for j >= 0 && a.Tokens[j].Kind == text.Punct && strings.Trim(a.TokenText(j), ":#") == "" {
		j-- // "Order: ", "Order #"
	}
	if j >= 0 && a.Tokens[j].Kind == text.Word && (a.Lower(j) == "is" || a.Lower(j) == "est") {
		j-- // "Your code is %s", "Votre code est {1}"
	}
	return j >= 0 && a.Tokens[j].Kind == text.Word && o.keyNames[a.Lower(j)]
}

// keyNumber reports whether number token i says something by itself: a
// time or date (10:30, 12/03, 4pm, 12h30), four digits or more (a code, a
// year, an amount), an amount with decimals (54,20), or a number with a
// currency, a percent sign or a unit of time or quantity beside it. A bare
// number from a range or a limit is not the point.
func (o *mainPointEarly) keyNumber(a *text.Analysis, i int) bool {
	w := a.TokenText(i)
	digits := 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ':' || r == '/' || unicode.IsLetter(r):
			return true
		}
	}
	if digits >= 4 {
		return true
	}
	if j := strings.LastIndexAny(w, ".,"); j >= 0 && len(w)-j == 3 {
		return true // 54,20 or 3.50: an amount
	}
	units := o.units[a.Lang]
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(a.Tokens) {
			continue
		}
		t := a.Tokens[j]
		switch t.Kind {
		case text.Symbol:
			if strings.ContainsAny(a.TokenText(j), "€$£¥%₹") {
				return true
			}
		case text.Word:
			if units[a.Lower(j)] {
				return true
			}
		}
	}
	return false
}

// imperative finds, before token upTo, an imperative that calls the reader
// to act: any verb after "please", "kindly", "veuillez", "merci de" or
// "s'il vous plaît" where a clause starts, or a French verb in -ez that
// starts a sentence ("Contactez-nous", "Saisissez le code"), negated or not
// ("N'hésitez pas à nous appeler").
func imperative(a *text.Analysis, upTo int) (text.Match, bool) {
	for i := 0; i < upTo; i++ {
		if a.Tokens[i].Kind != text.Word || !clauseStart(a, i) {
			continue
		}
		verb := -1
		switch w := a.Lower(i); w {
		case "please", "kindly":
			if n := nextWord(a, i); n >= 0 && !notImperative[a.Lower(n)] {
				verb = n
			}
		case "veuillez":
			if n := nextWord(a, i); n >= 0 && !notImperative[a.Lower(n)] && !disregards(a, n) {
				verb = n
			}
		case "merci":
			if n := nextWord(a, i); n >= 0 && (a.Lower(n) == "de" || a.Lower(n) == "d'") {
				v := nextWord(a, n)
				for v >= 0 && clitics[a.Lower(v)] {
					v = nextWord(a, v) // "merci de le noter", "merci de ne pas répondre"
				}
				if v >= 0 && infinitive(a.Lower(v)) && !auxiliaries[a.Lower(v)] && !disregards(a, nextWord(a, n)) {
					verb = v
				}
			}
		case "s'":
			// s'il vous plaît, then a verb
			j := i
			ok := true
			for _, want := range []string{"il", "vous", "plaît"} {
				if j = nextWord(a, j); j < 0 || strings.ReplaceAll(a.Lower(j), "plait", "plaît") != want {
					ok = false
					break
				}
			}
			if ok {
				if j+1 < len(a.Tokens) && a.TokenText(j+1) == "," {
					j++ // "s'il vous plaît, appelez-nous"
				}
				if v := nextWord(a, j); v >= 0 && (frImperative(a.Lower(v)) || infinitive(a.Lower(v))) {
					verb = v
				}
			}
		case "ne", "n'":
			// a negated imperative: "N'hésitez pas à…", "N'oubliez pas…",
			// "Ne répondez pas…"
			if n := nextWord(a, i); n >= 0 && frImperative(a.Lower(n)) {
				verb = n
			}
		default:
			if a.Lang == "fr" && frImperative(w) && clauseStart(a, i) {
				verb = i
			}
		}
		if verb >= 0 {
			return text.Match{First: i, Last: verb + 1, Span: text.Span{Start: int(a.Tokens[i].Start), End: int(a.Tokens[verb].End)}}, true
		}
	}
	return text.Match{}, false
}

// frImperative reports whether a French word is a verb in the imperative
// of "vous": "contactez", "connectez-vous", "présentez-vous".
func frImperative(w string) bool {
	for _, pron := range []string{"-vous", "-nous", "-le", "-la", "-les", "-moi", "-en", "-y"} {
		if v, ok := strings.CutSuffix(w, pron); ok {
			w = v
			break
		}
	}
	return len(w) > 4 && strings.HasSuffix(w, "ez") && !notImperative[w]
}

// notImperative are words after "please" or "veuillez", or in -ez, that do
// not call the reader to act: "please be advised", "veuillez agréer",
// "chez", "assez".
var notImperative = map[string]bool{
	"be": true, "note": true, "find": true, "accept": true, "bear": true,
	"agréer": true, "recevoir": true, "trouver": true, "noter": true, "chez": true, "assez": true,
	// asking the reader to ignore the message asks nothing of them: "please
	// disregard this e-mail", "veuillez ignorer ce message"
	"disregard": true, "ignore": true, "ignorer": true,
}

// disregards reports whether the words from token i ask the reader to pay
// no heed: "ne pas tenir compte de ce message", "ignorer ce message", after
// "veuillez" or "merci de". Nothing to do is no call to action.
func disregards(a *text.Analysis, i int) bool {
	for i >= 0 && clitics[a.Lower(i)] {
		i = nextWord(a, i)
	}
	if i < 0 {
		return false
	}
	switch a.Lower(i) {
	case "ignorer":
		return true
	case "tenir":
		n := nextWord(a, i)
		return n >= 0 && a.Lower(n) == "compte"
	}
	return false
}

// infinitive reports whether a French word looks like an infinitive.
func infinitive(w string) bool {
	if determiners[w] {
		return false
	}
	for _, suf := range []string{"er", "ir", "re", "oir"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 {
			return true
		}
	}
	return false
}

// clitics stand between "merci de" and its verb: object pronouns and the
// negation ("merci de le noter", "merci de nous contacter", "merci de ne
// pas répondre").
var clitics = map[string]bool{
	"le": true, "la": true, "les": true, "l'": true, "nous": true, "vous": true, "me": true, "m'": true,
	"lui": true, "leur": true, "en": true, "y": true, "ne": true, "n'": true, "pas": true, "plus": true,
}

// auxiliaries after "merci de" make a past infinitive, which thanks for
// what was done ("merci d'avoir répondu", "merci de vous être inscrit"):
// no call to act.
var auxiliaries = map[string]bool{"avoir": true, "être": true}

// determiners stand after "merci de" when it thanks for something ("merci
// de votre message") rather than asks.
var determiners = map[string]bool{"votre": true, "vos": true, "notre": true, "nos": true, "leur": true, "leurs": true}

// nextWord returns the index of the word token after i, skipping none but
// punctuation-free neighbours: -1 when the next token is not a word.
func nextWord(a *text.Analysis, i int) int {
	if i+1 < len(a.Tokens) && a.Tokens[i+1].Kind == text.Word {
		return i + 1
	}
	return -1
}

// question returns the first sentence before token upTo that asks the
// reader something: it ends in "?" and has a word of its own.
func question(a *text.Analysis, upTo int) (text.Match, bool) {
	for _, s := range a.Sentences {
		if s.First >= upTo {
			break
		}
		last := s.Last - 1
		for last > s.First && a.Tokens[last].Kind != text.Punct {
			last-- // a trailing emoji or placeholder
		}
		if a.Tokens[last].Kind != text.Punct || !strings.Contains(a.TokenText(last), "?") {
			continue
		}
		if slices.ContainsFunc(a.Tokens[s.First:last], func(t text.Token) bool { return t.Kind == text.Word }) {
			return text.Match{First: s.First, Last: last + 1, Span: text.Span{Start: s.Start, End: int(a.Tokens[last].End)}}, true
		}
	}
	return text.Match{}, false
}

// oneSentence reports whether the message is one sentence, after a
// greeting if it has one.
func oneSentence(a *text.Analysis) bool {
	m := len(a.Sentences)
	if m > 1 && signature(a, a.Sentences[m-1]) {
		m-- // "…at 10:30.\nAcme": the sender's name is no sentence
	}
	switch m {
	case 1:
		return true
	case 2:
		return greeting(a, a.Sentences[0])
	}
	return false
}

// headed reports whether sentence s opens with a heading: one to three
// words or placeholders, then a colon ("Acme Alert:", "Alerte %{app} :",
// "Security alert:"), followed by the statement.
func headed(a *text.Analysis, s text.Sentence) bool {
	for i := s.First; i < s.Last && i-s.First <= 3; i++ {
		switch t := a.Tokens[i]; {
		case t.Kind == text.Word || t.Kind == text.Placeholder:
		case t.Kind == text.Punct && a.TokenText(i) == ":" && i > s.First:
			return i+1 < s.Last
		default:
			return false
		}
	}
	return false
}

// afterSalutation returns where sentence s starts once a salutation that
// opens it is left out: "Dear {{name}},\nYour order…" and "Cher :param1,
// vous…" are a greeting and a sentence, which the splitter keeps together
// (no full stop between them).
func afterSalutation(a *text.Analysis, s text.Sentence) int {
	if a.Tokens[s.First].Kind != text.Word || !salutations[a.Lower(s.First)] {
		return s.Start
	}
	for i := s.First + 1; i < s.Last-1 && i <= s.First+4; i++ {
		if a.Tokens[i].Kind == text.Punct && a.TokenText(i) == "," {
			return int(a.Tokens[i+1].Start)
		}
	}
	return s.Start
}

// salutations open a greeting; "good" ("Good news, …") is left out.
var salutations = map[string]bool{
	"hi": true, "hello": true, "hey": true, "dear": true, "bonjour": true, "salut": true,
	"bonsoir": true, "cher": true, "chère": true, "chers": true, "chères": true, "coucou": true, "hola": true,
}

// signature reports whether sentence s is a sign-off with no sentence of
// its own: one to three words or placeholders, no punctuation but a dash
// ("Acme", "— Acme Bank"), as the sender's name ends a template.
func signature(a *text.Analysis, s text.Sentence) bool {
	if s.Last-s.First > 3 {
		return false
	}
	for i := s.First; i < s.Last; i++ {
		switch t := a.Tokens[i]; {
		case t.Kind == text.Word && t.Has(text.Capital), t.Kind == text.Placeholder:
		case t.Kind == text.Punct && strings.Trim(a.TokenText(i), "-—–") == "":
		default:
			return false
		}
	}
	return true
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

// statementShown reports whether the preview shows the statement of
// sentence s, which holds no key content: a subject that is not the sender
// speaking of itself, the conjugated verb of the main clause and two words
// after it ("{actor} a ouvert la conversation aux…", "The event ':name'
// could not be published…"). A sentence that opens with a clause of
// condition or time ("Si vous…", "When…"), whose subject holds a relative
// clause ("The report that your team sent…": the main verb is not yet
// known), or whose subject is "we" or "nous" ("We have been thinking…": a
// preamble about the sender) does not show its statement that way.
func statementShown(a *text.Analysis, s text.Sentence, cut text.Cut) bool {
	end := statementEnd(a, s)
	return end >= 0 && end <= cut.End
}

// statementEnd returns where the statement of sentence s ends (the second
// word after the conjugated verb of its main clause), or -1 when s does not
// open with one (see statementShown).
func statementEnd(a *text.Analysis, s text.Sentence) int {
	verbs := finiteEN
	if a.Lang == "fr" {
		verbs = finiteFR
	}
	subject, verb, after := 0, -1, 0
	for i := s.First; i < s.Last; i++ {
		t := a.Tokens[i]
		if t.Kind != text.Word && t.Kind != text.Placeholder {
			continue
		}
		if verb >= 0 {
			if after++; after >= 2 {
				return int(t.End)
			}
			continue
		}
		if t.Kind == text.Placeholder {
			subject++
			continue
		}
		w := a.Lower(i)
		switch {
		case subject == 0 && openers[w], firstPerson[w] && (w != "on" || a.Lang == "fr"), relatives[w]:
			return -1
		case subject > 0 && (verbs[w] || a.Lang != "fr" && len(w) > 4 && strings.HasSuffix(w, "ed")):
			verb = i
		default:
			subject++
		}
	}
	return -1
}

// statementWidthDependent returns the placeholders in the preview when they
// alone push the statement of sentence s past the cut: with one-character
// values it would show ("L'appel avec {user1}, {user2} et {user3} a pris
// fin…"). nil when the statement shows, is past the cut anyway, or s opens
// with none.
func statementWidthDependent(a *text.Analysis, s text.Sentence, cut text.Cut) []string {
	end := statementEnd(a, s)
	if end < 0 || end <= cut.End {
		return nil
	}
	var names []string
	for i := s.First; i < s.Last && int(a.Tokens[i].End) <= end; i++ {
		if a.Tokens[i].Kind == text.Placeholder && a.Column(int(a.Tokens[i].Start)) < cut.Width {
			names = append(names, a.TokenText(i))
		}
	}
	if len(names) == 0 || a.Column(end)-len(names)*(a.PlaceholderWidth()-1) > cut.Width {
		return nil
	}
	return names
}

// finiteEN and finiteFR are the auxiliaries and modals that carry the
// conjugated verb of a notice's main clause ("was updated", "has joined",
// "a rejoint", "n'a pas pu", "peut avoir besoin", "vient de devenir").
var (
	finiteEN = map[string]bool{
		"is": true, "are": true, "was": true, "were": true, "has": true, "have": true, "had": true,
		"will": true, "can": true, "could": true, "may": true, "might": true, "must": true,
		"should": true, "would": true, "did": true, "does": true,
	}
	finiteFR = map[string]bool{
		"a": true, "ont": true, "est": true, "sont": true, "était": true, "étaient": true,
		"sera": true, "seront": true, "serait": true, "peut": true, "peuvent": true, "pourrait": true,
		"doit": true, "doivent": true, "vient": true, "viennent": true, "va": true, "vont": true,
		"avez": true, "êtes": true, "avons": true, "sommes": true, "as": true, "es": true,
	}
	// openers start a clause of condition, cause or time before the main
	// clause.
	openers = map[string]bool{
		"if": true, "when": true, "as": true, "since": true, "because": true, "although": true,
		"while": true, "once": true, "unless": true, "before": true, "after": true,
		"si": true, "s'": true, "lorsque": true, "lorsqu'": true, "quand": true, "comme": true,
		"puisque": true, "puisqu'": true, "bien": true, "pour": true, "afin": true,
		"après": true, "avant": true, "dès": true, "en": true,
	}
	// firstPerson are the subjects of a sender speaking of itself ("on"
	// in French only: "Your order on Acme.net was…").
	firstPerson = map[string]bool{"we": true, "i": true, "nous": true, "je": true, "j'": true, "on": true}
	// relatives open a relative clause inside the subject.
	relatives = map[string]bool{
		"that": true, "which": true, "who": true, "whom": true, "whose": true,
		"que": true, "qu'": true, "qui": true, "dont": true, "où": true, "lequel": true, "laquelle": true,
	}
)

// siteName reports whether URL token i is a bare site name after "on" or
// "sur" ("…has just become active on Acme.net", "…actif sur Acme.fr"): no
// scheme, "www." or path, it names the platform where something happened,
// not a page to open. A link with a path or a scheme stays key content.
func siteName(a *text.Analysis, i int) bool {
	u := strings.ToLower(a.TokenText(i))
	if strings.Contains(u, "://") || strings.HasPrefix(u, "www.") || strings.Contains(strings.TrimSuffix(u, "/"), "/") {
		return false
	}
	if i == 0 || a.Tokens[i-1].Kind != text.Word {
		return false
	}
	w := a.Lower(i - 1)
	return w == "on" || w == "sur"
}
