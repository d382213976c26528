// Package spam scores how much a message looks like spam, with evidence.
//
// A Detector is compiled from embedded English and French word lists (each
// language's phrase sets on the first message in it) and then only read:
// safe for concurrent use. Detect normalises the message
// (invisible characters, look-alike letters, digits for letters, spaced
// letters), then looks for signals (shouting, prize and pressure wording,
// self-promotion and engagement bait, money hooks, suspicious links and
// numbers, obfuscation). Each signal that fires adds its weight to the score
// once, however often it occurs, and brings one piece of evidence: a byte
// span of the original text. The model is SpamAssassin's: no signal is
// damning alone, a pile of them is. What the words alone cannot show (a
// promotion with no way to opt out) the caller passes in a Context.
package spam

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/presend/presend/lint/text"
)

// Options tune a Detector.
type Options struct {
	// Weights overrides default weights by signal name; 0 turns a signal off.
	Weights map[string]float64
	// TrustedDomains are domains whose links (and their subdomains') never
	// count as shorteners, look-alikes or risky hosts: a sender's own.
	TrustedDomains []string
	// Shorteners are more public link shorteners (host names), added to
	// the built-in list (Shorteners).
	Shorteners []string
}

// Detector finds spam signals. It is immutable once built.
type Detector struct {
	stems   *text.Stemmer
	weights [numSignals]float64

	// lists are the phrase lists by signal, read and checked by New:
	// onStems matched on stems, asWritten (listed with a leading "=") as
	// written. byLang compiles them for one language on the first message
	// in it (a set matches only its message's language), so a run on
	// English messages never stems the lists for French.
	lists  [numSignals]phraseList
	byLang [len(langs)]func() *langSets
	noSets langSets // no phrase of any list: for other languages
	// compiled counts the languages whose lists compileLang compiled (for
	// tests: a run in one language never compiles another's).
	compiled atomic.Int32
	// vocab builds, on first use, the words worth disguising (isVocab):
	// only messages with digits in words or spaced letters ask.
	vocab      func() *vocabSets
	vocabWords []string        // the vocab lists, for vocab
	moneyWords []string        // the money lists, for vocab
	hype       map[string]bool // words that, in capitals, shout
	hypeKeys   text.WordFilter // the keys of hype, for scanShape
	security   map[string]bool // words a look-alike domain adds to a brand
	moneySet   stemSet         // words an amount next to makes a cash prize
	// Filters of the word maps read at every token (scanMoney,
	// scanPaymentAlert): most words are in none, and a filter turns them
	// away for a bit test on the message's shared word hashes.
	moneyKeys  text.WordFilter // the stems of moneySet, in every language
	sendKeys   text.WordFilter // sendVerbs
	alertKeys  text.WordFilter // paymentWords, cardUse and idWords
	replyKeys  text.WordFilter // replyWords
	secretKeys text.WordFilter // secretVerbs
	content    stemSet         // nouns "my" makes the writer's own channel or account
	creation   stemSet         // works "my" makes the writer's own when made or promoted
	earn       stemSet         // words before an amount per day that claim earnings
	topic      stemSet         // what a mobile number to call is about in scams
	authority  stemSet         // government bodies and the police, for official-fine

	brands     []brand
	official   map[string]bool // registrable labels of brands' real domains
	brandWords map[string]int  // brand names as words in a message → 1 + index in brands
	brandKeys  text.WordFilter // the keys of brandWords, for findBrands
	shorteners map[string]bool
	riskyTLD   map[string]bool
	riskyHost  map[string]bool
	tunnels    map[string]bool
	freemail   map[string]bool
	trusted    []string
}

// New compiles a Detector. stems is the Linter's stem cache, shared by
// every rule; nil gives the Detector a cache of its own.
func New(stems *text.Stemmer, o Options) (*Detector, error) {
	if stems == nil {
		stems = text.NewStemmer()
	}
	d := &Detector{stems: stems}
	for i := range table {
		d.weights[i] = table[i].Weight
	}
	for name, w := range o.Weights {
		sig, ok := signalByName(name)
		if !ok {
			return nil, fmt.Errorf("unknown spam signal %q (want one of %s)", name, strings.Join(signalNames(), ", "))
		}
		if !(w >= 0 && w <= 100) { // NaN fails too
			return nil, fmt.Errorf("spam signal %s: weight %g is outside 0–100", name, w)
		}
		d.weights[sig] = w
	}
	for _, pl := range phraseLists {
		list, err := readLangs(pl.name)
		if err != nil {
			return nil, err
		}
		l := &d.lists[pl.sig]
		l.vocab = pl.vocab
		// The phrases on stems keep their order in list's own memory;
		// the few written with "=" go apart.
		l.onStems = list[:0]
		for _, p := range list {
			if w, ok := strings.CutPrefix(p, "="); ok {
				l.asWritten = append(l.asWritten, w)
			} else {
				l.onStems = append(l.onStems, p)
			}
		}
	}
	for k, lang := range langs {
		d.byLang[k] = sync.OnceValue(func() *langSets { return d.compileLang(lang) })
	}
	d.vocab = sync.OnceValue(d.buildVocab)
	hype, err := readLangs("hype")
	if err != nil {
		return nil, err
	}
	d.hype = make(map[string]bool, len(hype))
	for _, w := range hype {
		d.hype[strings.ToLower(w)] = true
	}
	addKeys(&d.hypeKeys, d.hype)
	if d.security, err = readSet("security"); err != nil {
		return nil, err
	}
	money, err := readLangs("money")
	if err != nil {
		return nil, err
	}
	d.moneyWords = money
	d.moneySet = newStemSet(stems, money)
	for _, m := range d.moneySet {
		addKeys(&d.moneyKeys, m)
	}
	addKeys(&d.sendKeys, sendVerbs)
	addKeys(&d.alertKeys, paymentWords, cardUse, idWords)
	addKeys(&d.replyKeys, replyWords)
	addKeys(&d.secretKeys, secretVerbs)
	content, err := readLangs("content")
	if err != nil {
		return nil, err
	}
	d.content = newStemSet(stems, content)
	for _, l := range [...]struct {
		name string
		set  *stemSet
	}{{"creation", &d.creation}, {"earn", &d.earn}, {"topic", &d.topic}, {"authority", &d.authority}} {
		words, err := readLangs(l.name)
		if err != nil {
			return nil, err
		}
		*l.set = newStemSet(stems, words)
	}
	if d.vocabWords, err = readLangs("vocab"); err != nil {
		return nil, err
	}
	if d.brands, err = readBrands(); err != nil {
		return nil, err
	}
	d.official, d.brandWords = map[string]bool{}, make(map[string]int, len(d.brands))
	for i, b := range d.brands {
		if key := strings.ReplaceAll(b.name, "-", ""); d.brandWords[key] == 0 {
			d.brandWords[key] = i + 1 // 0 is "not a brand"
			d.brandKeys.Add(key)
		}
		for _, l := range b.official {
			d.official[l] = true
		}
	}
	if d.shorteners, err = readSet("shorteners"); err != nil {
		return nil, err
	}
	for _, h := range o.Shorteners {
		d.shorteners[strings.ToLower(h)] = true
	}
	if d.tunnels, err = readSet("tunnels"); err != nil {
		return nil, err
	}
	if d.freemail, err = readSet("freemail"); err != nil {
		return nil, err
	}
	risky, err := readSet("riskyhosts")
	if err != nil {
		return nil, err
	}
	d.riskyTLD, d.riskyHost = map[string]bool{}, map[string]bool{}
	for h := range risky {
		if strings.HasPrefix(h, ".") {
			d.riskyTLD[h[1:]] = true
		} else {
			d.riskyHost[h] = true
		}
	}
	for _, t := range o.TrustedDomains {
		t = strings.Trim(strings.ToLower(strings.TrimSpace(t)), ".")
		if t == "" || strings.ContainsAny(t, " /:@") {
			return nil, fmt.Errorf("trusted domain %q is not a domain name", t)
		}
		d.trusted = append(d.trusted, t)
	}
	return d, nil
}

func signalNames() []string {
	out := make([]string, numSignals)
	for i := range table {
		out[i] = table[i].Name
	}
	return out
}

// phraseList is one signal's phrase list, both languages' files merged:
// every list is matched in both languages, spam mixes them and a message's
// language is a guess.
type phraseList struct {
	onStems   []string // matched on stems
	asWritten []string // listed with a leading "=", matched as written (in any case)
	vocab     bool     // its words are worth disguising
}

// duplicatePhrase returns an error naming a phrase listed for two signals
// (TestNoPhraseInTwoLists runs it on the built-in lists, which no
// configuration changes: New does not pay for the check).
func duplicatePhrase(lists *[numSignals]phraseList) error {
	seen := map[string]signal{}
	for sig := range lists {
		for _, set := range [...][]string{lists[sig].onStems, lists[sig].asWritten} {
			for _, p := range set {
				if prev, ok := seen[p]; ok && prev != signal(sig) {
					return fmt.Errorf("spam: phrase %q is in two lists (%s and %s)", p, table[prev].Name, table[sig].Name)
				}
				seen[p] = signal(sig)
			}
		}
	}
	return nil
}

// langSets are the phrase lists compiled for one language.
type langSets struct {
	phrases [numSignals]*text.PhraseSet // the word lists, by signal, on stems
	exact   [numSignals]*text.PhraseSet // and as written
	// first maps the first word of every phrase to the signals whose
	// lists hold it, so one pass over the tokens tells which of the 2×13
	// sets to run: first[0] the stems that start the phrases matched on
	// stems, first[1] the lower-case forms that start those matched as
	// written. They are the union of the sets' own first-word indexes
	// (PhraseSet.FirstWords), read from them once compiled. A set runs
	// only where its own index holds the token's word: elsewhere its At
	// could not match.
	first     [2]map[string]uint64
	firstKeys [2]text.WordFilter // the keys of first[0] and first[1]
	longest   [numSignals]int    // words in each list's longest phrase
	err       error              // why a list did not compile (the built-in lists do: tested)
}

// sets returns the phrase sets of lang, compiled on first use; empty sets
// for a language with no lists (nothing matches, as a PhraseSet without the
// language would) or whose lists did not compile (the built-in lists are
// tested to compile in every language: TestEveryLanguageCompiles).
func (d *Detector) sets(lang string) *langSets {
	for k, l := range langs {
		if l == lang {
			if ls := d.byLang[k](); ls.err == nil {
				return ls
			}
			break
		}
	}
	return &d.noSets
}

// compileLang compiles the phrase lists for lang. Each signal has its own
// sets, so overlapping phrases of two signals both match. Phrases written
// with a leading "=" match as written: their stems would catch other words
// ("gagnant" and "gagner" share the stem "gagn").
func (d *Detector) compileLang(lang string) *langSets {
	d.compiled.Add(1)
	// Sized for the built-in lists: about 320 first stems, 4 first words as written.
	ls := &langSets{first: [2]map[string]uint64{make(map[string]uint64, 352), make(map[string]uint64, 8)}}
	for sig := range d.lists {
		l := &d.lists[sig]
		if len(l.onStems) == 0 && len(l.asWritten) == 0 {
			continue
		}
		var err error
		if ls.phrases[sig], err = text.CompilePhrases(d.stems, map[string][]string{lang: l.onStems}); err != nil {
			ls.err = fmt.Errorf("spam: %s: %w", table[sig].Name, err)
			return ls
		}
		if len(l.asWritten) > 0 {
			if ls.exact[sig], err = text.CompileExactPhrases(map[string][]string{lang: l.asWritten}); err != nil {
				ls.err = fmt.Errorf("spam: %s: %w", table[sig].Name, err)
				return ls
			}
		}
		for k, ps := range [...]*text.PhraseSet{ls.phrases[sig], ls.exact[sig]} {
			for w := range ps.FirstWords() {
				ls.first[k][w] |= 1 << sig
				ls.firstKeys[k].Add(w)
			}
			ls.longest[sig] = max(ls.longest[sig], ps.MaxWords())
		}
	}
	return ls
}

// vocabSets are the words worth disguising: as written (lower case) and by
// stem in each language.
type vocabSets struct {
	words map[string]bool
	stems stemSet
}

// buildVocab gathers the words worth disguising: those of the phrase lists
// marked vocab, of the hype, vocab and money lists, and brand names.
func (d *Detector) buildVocab() *vocabSets {
	v := &vocabSets{words: make(map[string]bool, 704)} // about 620 built-in words
	add := func(p string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return r == ' ' || r == '\'' || r == '’' }) {
			if len(w) >= 3 && !strings.ContainsAny(w, "0123456789&+") {
				v.words[w] = true
			}
		}
	}
	for sig := range d.lists {
		if l := &d.lists[sig]; l.vocab {
			for _, p := range l.onStems {
				add(p)
			}
			for _, p := range l.asWritten {
				add(p)
			}
		}
	}
	for w := range d.hype {
		add(w)
	}
	for _, w := range d.vocabWords {
		add(w)
	}
	for _, w := range d.moneyWords {
		add(w)
	}
	for _, b := range d.brands {
		v.words[strings.ReplaceAll(b.name, "-", "")] = true
	}
	words := make([]string, 0, len(v.words))
	for w := range v.words {
		words = append(words, w)
	}
	v.stems = newStemSet(d.stems, words)
	return v
}

// isVocab reports whether lower-case word w is a word worth disguising.
func (d *Detector) isVocab(w string) bool {
	if len(w) < 3 {
		return false
	}
	v := d.vocab()
	return v.words[w] || v.stems.hasWord(d.stems, w)
}

// Weight returns the weight of the named signal in this Detector.
func (d *Detector) Weight(name string) (float64, bool) {
	sig, ok := signalByName(name)
	if !ok {
		return 0, false
	}
	return d.weights[sig], true
}

// Evidence is one signal that fired, at one place in the text.
type Evidence struct {
	Signal     string  // signal name
	Label      string  // how a finding names it
	Weight     float64 // what it added to the score
	Start, End int     // byte span of the original text
}

// Result is a message's score and the evidence behind it, strongest first
// (by weight, then by position).
type Result struct {
	Score    float64
	Evidence []Evidence
	// Cleanup undoes invisible characters and look-alike letters (nil when
	// there are none): edits of the original text, in order. They are
	// often pasted in by accident, and a sender can apply them safely.
	Cleanup []Replacement
}

// Replacement replaces the original text's bytes [Start, End) with New.
type Replacement struct {
	Start, End int
	New        string
}

// state is what one Detect call accumulates.
type state struct {
	fired  [numSignals]bool
	ev     [numSignals]span // first evidence, in original offsets
	brands [4]int           // brands the message names (indexes), for brand-mismatch
	nBrand int
	runes  []edit // the rune-level edits, in original offsets
	selfMy int    // 1 + the token index of "my" ending the self-promotion request, 0 if none
	// mobile is the first mobile number given to contact (original
	// offsets, its contact word included), when hasMobile: what a
	// promotion without opt-out asks people to call.
	mobile    span
	hasMobile bool
	// links counts the links and e-mail addresses, ownLinks those on a
	// trusted domain (the sender's own); authority says the message names
	// a government body or links to one (official-fine).
	links     int
	ownLinks  int
	authority bool
	// publicLinks counts the links on a public body's domain (gov.uk,
	// gouv.fr, .gov, ac.uk, .edu, nhs.uk), not trusted.
	publicLinks int
	// lastLink is where the last link or e-mail address starts, in the
	// normalised text: a link after "if not you" is where to dispute,
	// unless it is the named brand's or a trusted domain (lastLinkOwn).
	lastLink    int
	lastLinkOwn bool
	// brandLinks counts the links on a listed brand's real domain (a
	// carrier's own site), named in the message or not.
	brandLinks int
	// ageOnly says chat-line fired on a name and an age alone, no lure
	// wording: not enough to make a mobile number to text a lure's.
	ageOnly bool
}

// fireOrig records evidence for sig at an original span, unless it has some.
func (st *state) fireOrig(sig signal, start, end int) {
	if st.fired[sig] {
		return
	}
	st.fired[sig] = true
	st.ev[sig] = span{start, end}
}

// fireNorm records evidence at a span of the normalised text t.
func (st *state) fireNorm(sig signal, t *normText, start, end int) {
	if st.fired[sig] {
		return
	}
	s, e := t.orig(start, end)
	st.fireOrig(sig, s, e)
}

// Context is what the caller knows of a message beyond its text: signals
// the Detector cannot see in the words alone.
type Context struct {
	// Unsolicited says the message is promotional and gives no way to opt
	// out (the caller's promotional-content classifier and opt-out lists
	// decide); PromoStart and PromoEnd are the byte span of the original
	// text that makes it promotional, the evidence of unsolicited-promo.
	Unsolicited          bool
	PromoStart, PromoEnd int
	// Promotional says the message is promotional, opt-out or not (with
	// PromoStart and PromoEnd): a promotion that shouts is spam-like.
	Promotional bool
	// Advert says the message offers something on one weak advert cue
	// only ("for sale", a price per square foot, "limited seats"), has no
	// transactional cue and gives no way to opt out (with PromoStart and
	// PromoEnd): short of a promotion, it is counted as an unsolicited one
	// only when it asks to answer on a mobile number (promo-mobile) or
	// links through a shortener (promo-shortener).
	Advert bool
}

// UnsolicitedWeight is the most a Context can add to any score (the
// unsolicited-promo, shouting-promo, promo-mobile and promo-shortener
// weights).
func (d *Detector) UnsolicitedWeight() float64 {
	return d.weights[sigUnsolicited] + d.weights[sigShoutingPromo] + d.weights[sigPromoMobile] + d.weights[sigPromoShortener]
}

// ContextWeight is the most a Context can add to this scan's score:
// unsolicited-promo, and shouting-promo, promo-mobile or promo-shortener
// only when the text shouts, gives a mobile number or links through a
// shortener. A caller whose threshold the scan misses
// by more need not work out the context.
func (s *Scan) ContextWeight() float64 {
	w := s.d.weights[sigUnsolicited]
	if s.st.fired[sigCapitals] && s.st.fired[sigShouting] {
		w += s.d.weights[sigShoutingPromo]
	}
	if s.st.hasMobile {
		w += s.d.weights[sigPromoMobile]
	}
	if s.st.fired[sigShortener] {
		w += s.d.weights[sigPromoShortener]
	}
	return w
}

// Detect scores the message a was built from. a must come from
// text.Analyze; its language selects nothing (every list is matched in both
// languages) but its stems are reused.
func (d *Detector) Detect(a *text.Analysis) Result {
	s := d.Scan(a)
	return s.Result(Context{})
}

// DetectContext is Detect with what the caller knows of the message.
func (d *Detector) DetectContext(a *text.Analysis, c Context) Result {
	s := d.Scan(a)
	return s.Result(c)
}

// Scan is what the Detector found in one text, before any Context: a
// caller that scores a message without its context first, and with it only
// when the score comes near a threshold, scans the text once.
type Scan struct {
	d  *Detector
	a  *text.Analysis
	st state
}

// addKeys adds the keys of sets to f.
func addKeys(f *text.WordFilter, sets ...map[string]bool) {
	for _, set := range sets {
		for w := range set {
			f.Add(w)
		}
	}
}

// Scan finds the signals of the text a was built from (see Detect). It
// returns the Scan by value: kept in the caller's variable, it costs no
// allocation per message (it holds about 1 KB of per-signal evidence).
func (d *Detector) Scan(a *text.Analysis) Scan {
	s := Scan{d: d, a: a}
	na, norm := d.normalize(a, &s.st)
	d.scan(na, &norm, &s.st)
	return s
}

// Result scores the scan under what the caller knows of the message. It
// leaves the scan as it is: each call starts from what the text alone
// fired.
func (s *Scan) Result(c Context) Result {
	st := s.withContext(c)
	return s.d.result(&st)
}

// Score is Result(c).Score without the evidence: a caller that reports
// only from a threshold up reads the score first and builds the Result
// only for a message that reaches it (most do not).
func (s *Scan) Score(c Context) float64 {
	if !c.Unsolicited && !c.Advert && !c.Promotional {
		return s.d.score(&s.st) // withContext would change nothing
	}
	st := s.withContext(c)
	return s.d.score(&st)
}

// withContext returns a copy of the scan's state with the signals the
// context fires added.
func (s *Scan) withContext(c Context) state {
	st := s.st // arrays copied; runes only read
	if c.Unsolicited || c.Advert && (st.hasMobile || st.fired[sigShortener]) {
		end := min(max(c.PromoEnd, 0), len(s.a.Text))
		st.fireOrig(sigUnsolicited, min(max(c.PromoStart, 0), end), end)
		if st.hasMobile {
			// An advert with no way out, answered on a personal mobile.
			st.fireOrig(sigPromoMobile, st.mobile.start, st.mobile.end)
		}
		if st.fired[sigShortener] {
			// An advert with no way out, whose link hides where it leads.
			st.fireOrig(sigPromoShortener, st.ev[sigShortener].start, st.ev[sigShortener].end)
		}
	}
	if (c.Promotional || c.Unsolicited) && st.fired[sigCapitals] && st.fired[sigShouting] {
		if at := exclamations(s.a); at.start >= 0 {
			st.fireOrig(sigShoutingPromo, at.start, at.end)
		}
	}
	return st
}

// normalize undoes disguises (see normalize.go), firing the obfuscation
// signals, and returns the analysis of the normalised text with its map to
// the original. Nothing to undo returns a itself.
func (d *Detector) normalize(a *text.Analysis, st *state) (*text.Analysis, normText) {
	norm := normText{s: a.Text, n: len(a.Text)}
	na := a
	if edits := d.runeEdits(a.Text, st); len(edits) > 0 {
		st.runes = edits
		norm = norm.apply(edits)
		na = text.Analyze(norm.s, text.Options{Lang: a.Lang, Stems: d.stems})
	}
	if edits := d.tokenEdits(na, st, &norm); len(edits) > 0 {
		norm = norm.apply(edits)
		na = text.Analyze(norm.s, text.Options{Lang: a.Lang, Stems: d.stems})
	}
	return na, norm
}

// score is the score of the fired signals, as result computes it: their
// weights added in the order of the signals, rounded to a tenth.
func (d *Detector) score(st *state) float64 {
	score := 0.0
	for i := range st.fired {
		if st.fired[i] && d.weights[i] != 0 {
			score += d.weights[i]
		}
	}
	return float64(int(score*10+0.5)) / 10
}

// result turns the fired signals into a Result.
func (d *Detector) result(st *state) Result {
	r := Result{Score: d.score(st)}
	for i := range st.fired {
		if !st.fired[i] || d.weights[i] == 0 {
			continue
		}
		if r.Evidence == nil {
			r.Evidence = make([]Evidence, 0, 6)
		}
		r.Evidence = append(r.Evidence, Evidence{
			Signal: table[i].Name, Label: table[i].Label, Weight: d.weights[i],
			Start: st.ev[i].start, End: st.ev[i].end,
		})
	}
	slices.SortStableFunc(r.Evidence, func(x, y Evidence) int {
		switch {
		case x.Weight != y.Weight:
			if x.Weight > y.Weight {
				return -1
			}
			return 1
		case x.Start != y.Start:
			return x.Start - y.Start
		}
		return 0
	})
	if len(st.runes) > 0 && (st.fired[sigInvisible] && d.weights[sigInvisible] > 0 || st.fired[sigLookalikeLetters] && d.weights[sigLookalikeLetters] > 0) {
		r.Cleanup = make([]Replacement, len(st.runes))
		for i, e := range st.runes {
			r.Cleanup[i] = Replacement{Start: e.start, End: e.end, New: e.repl}
		}
	}
	return r
}

// startsAt returns the signals whose stem sets (0), then whose exact sets
// (1), hold a phrase that may start at token i: a set whose index lacks the
// token's word (its stem, or its lower-case form) cannot match there.
func (ls *langSets) startsAt(a *text.Analysis, i int) [2]uint64 {
	var m [2]uint64
	if ls.firstKeys[0].MayHaveStem(a, i) {
		m[0] = ls.first[0][a.Stem(i)]
	}
	if ls.firstKeys[1].MayHaveLower(a, i) {
		m[1] = ls.first[1][a.Lower(i)]
	}
	return m
}

// scan looks for every signal in the normalised analysis a.
func (d *Detector) scan(a *text.Analysis, norm *normText, st *state) {
	// Run a list only where one of its phrases can start, over twice as
	// many tokens as its longest phrase has words (room for inner
	// punctuation).
	ls := d.sets(a.Lang)
	// A request to update a card in a billing notice (billingNotice) is
	// no verify-request, unless a link built to deceive, or a threat
	// without a date and a link, goes with it: judged after the links are
	// read.
	payUpdate := span{-1, -1}
	// Grant wording ("you qualify for a grant") is prize wording only
	// with a way to be taken for it (grantClaim): judged at the end.
	grant := span{-1, -1}
	// A sum in millions ("million pounds") is the advance-fee story only
	// with someone to receive it (fortuneRecipient): judged at the end.
	millions := span{-1, -1}
	for i, t := range a.Tokens {
		if t.Kind == text.Punct {
			continue
		}
		m := ls.startsAt(a, i)
		both := m[0] | m[1]
		for sig := signal(0); both != 0 && sig < numSignals; sig++ {
			if both&(1<<sig) == 0 {
				continue
			}
			both &^= 1 << sig
			to := min(len(a.Tokens), i+2*ls.longest[sig])
			for k, ps := range [...]*text.PhraseSet{ls.phrases[sig], ls.exact[sig]} {
				if m[k]&(1<<sig) == 0 || ps == nil || st.fired[sig] {
					continue
				}
				if m, ok := ps.At(a, i, to); ok {
					if sig == sigThreat && datedNotice(a, m.First, m.Last) {
						continue // a suspension with its date: a notice, not a threat
					}
					if sig == sigPrize && grantPhrase(m.Phrase) {
						if grant.start < 0 {
							grant = span{m.Start, m.End}
						}
						continue
					}
					if sig == sigAdvanceFee && (strings.Contains(m.Phrase, "milion") || strings.Contains(m.Phrase, "million")) {
						if millions.start < 0 {
							millions = span{m.Start, m.End}
						}
						continue
					}
					if sig == sigVerify && paymentUpdate(a, m.First, m.Last) {
						if payUpdate.start < 0 {
							payUpdate = span{m.Start, m.End} // judged once the links are known
						}
						continue
					}
					st.fireNorm(sig, norm, m.Start, m.End)
					if sig == sigSelfPromo {
						st.selfMy = m.Last // "check out my" ends with "my"
					}
				}
			}
		}
	}
	d.scanShape(a, norm, st)
	d.scanDating(a, norm, st)
	d.scanMoney(a, norm, st)
	d.scanGameCurrency(a, norm, st)
	d.scanHelpline(a, norm, st)
	d.scanSubscription(a, norm, st)
	d.scanRefusedCredit(a, norm, st)
	d.datingMobile(st)
	d.datingReply(a, norm, st)
	d.scanLinks(a, norm, st)
	d.scanObfuscatedLinks(a, norm, st)
	disguised(st)
	d.scanSolicit(a, norm, st)
	d.scanOfficialFine(a, norm, st)
	d.scanParcelFee(a, norm, st)
	d.scanPaymentAlert(a, norm, st)
	d.scanSecret(a, norm, st)
	if payUpdate.start >= 0 && (!billingNotice(a, st) || linkTrick(st) || st.fired[sigThreat] && st.links > 0) {
		st.fireNorm(sigVerify, norm, payUpdate.start, payUpdate.end)
	}
	if grant.start >= 0 && grantClaim(a, st) {
		st.fireNorm(sigPrize, norm, grant.start, grant.end)
	}
	if millions.start >= 0 && fortuneRecipient(a) {
		st.fireNorm(sigAdvanceFee, norm, millions.start, millions.end)
	}
}

// recipientWords are the words of a fortune handed over: to transfer, a
// beneficiary, an heir, next of kin.
var recipientWords = map[string]bool{
	"transfer": true, "transferred": true, "transferring": true, "beneficiary": true, "beneficiaries": true,
	"kin": true, "heir": true, "heirs": true,
	"transférer": true, "transfert": true, "transféré": true, "transférés": true, "virer": true,
	"bénéficiaire": true, "bénéficiaires": true, "héritier": true, "héritiers": true, "héritière": true,
}

// fortuneRecipient reports whether a message that names millions says who
// is to receive them: transfer or recipient wording ("transfer",
// "beneficiary", "next of kin", "héritier"), "your share", "is yours",
// "votre part", "vous revient", or "to you" / "je vous propose" — but not "thanks to you" or "grâce à
// vous", which a charity's thank-you for the millions raised says.
func fortuneRecipient(a *text.Analysis) bool {
	prev, prev2 := "", ""
	for i, t := range a.Tokens {
		if t.Kind != text.Word {
			if t.Kind == text.Punct {
				prev, prev2 = "", ""
			}
			continue
		}
		w := a.Lower(i)
		switch {
		case recipientWords[w]:
			return true
		case w == "share" && prev == "your", w == "part" && prev == "votre",
			w == "you" && prev == "to" && prev2 != "thanks" && prev2 != "thank",
			w == "propose" && prev == "vous", (w == "revient" || w == "reviennent") && prev == "vous", w == "yours":
			return true
		}
		prev, prev2 = w, prev
	}
	return false
}

// grantPhrase reports whether a prize phrase as listed is grant wording
// ("qualify for a grant", "éligible à une subvention").
func grantPhrase(p string) bool {
	return strings.Contains(p, "grant") || strings.Contains(p, "subvention")
}

// grantClaim reports whether a message with grant wording gives a way to
// be taken for it, as the grant scam does: a fee to pay, a keyword to send
// to a short code, a premium-rate or mobile number to call, or a link that
// is neither the sender's own nor a public body's. A council's or a
// university's grant, with its own link or none, is news.
func grantClaim(a *text.Analysis, st *state) bool {
	if st.fired[sigShortCode] || st.fired[sigPremiumRate] || st.hasMobile || linkTrick(st) ||
		st.links > st.ownLinks+st.publicLinks {
		return true
	}
	for i, t := range a.Tokens {
		if t.Kind == text.Word {
			switch a.Lower(i) {
			case "fee", "fees", "frais":
				return true
			}
		}
	}
	return false
}

// exclamations returns the first run of two or more exclamation marks of
// the original text, or {-1, -1}.
func exclamations(a *text.Analysis) span {
	for i, t := range a.Tokens {
		if t.Kind == text.Punct && strings.Count(a.TokenText(i), "!") >= 2 {
			return span{int(t.Start), int(t.End)}
		}
	}
	return span{-1, -1}
}
