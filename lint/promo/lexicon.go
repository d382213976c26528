package promo

import (
	"embed"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/presend/presend/internal/wordlist"
	"github.com/presend/presend/lint/text"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// lists are the detector's word lists, lexicon/NAME.LANG.txt (the
// convention of internal/wordlist).
var lists = wordlist.New(lexiconFS, "lexicon")

// langs are the languages every list exists in.
var langs = [...]string{"en", "fr"}

// kind says what a phrase list's matches do.
type kind uint8

const (
	positive      kind = iota // adds its weight to the score
	transactional             // negative evidence: offsets weak evidence
	redeemed                  // transactional, and cancels redeemable evidence in its sentence
	usedAfter                 // cancels redeemable evidence after it in its clause: "you saved $10 with code X"
	usedBefore                // cancels redeemable evidence before it in its clause: "20% off thanks to your coupon"
	neutral                   // weighs nothing; keeps its words from matching anything else
	transitive                // adds its weight only when a word follows it: "win tickets", not "if you win,"
	survey                    // weighs nothing; cancels the contest evidence of its message
)

// phraseList is one embedded list LEXICON/NAME.LANG.txt of phrases matched
// anywhere in the text. A line starting with "=" is matched as written (in
// any case), the others on snowball stems.
type phraseList struct {
	name   string
	signal string
	weight float64
	kind   kind
}

// phraseLists are the phrase signals and their weights (see the constants).
var phraseLists = [...]phraseList{
	{"sale", sigSale, Strong, positive},
	{"discount", sigDiscount, Strong, positive},
	{"promo-code", sigCode, Strong, positive},
	{"free", sigFree, Strong, positive},
	{"cross-sell", "cross-sell", Strong, positive},
	{"shop-now", "call to buy", Strong, positive},
	{"new-collection", "new collection", Strong, positive},
	{"loyalty", "loyalty multiplier", Strong, positive},
	{"contest", sigContest, Strong, positive},
	{"buy", "call to buy", Weak, positive},
	{"offer", sigOffer, Weak, positive},
	{"advert", sigAdvert, Weak, positive},
	{"advert-hint", sigAdvert, Hint, positive},
	{"next-order", "next order", Weak, positive},
	{"urgency", "urgency", Weak, positive},
	{"scarcity", sigScarcity, Weak, positive},
	{"prize", sigContest, Weak, positive},
	{"opt-out", sigOptOut, Weak, positive},
	{"credit", sigCredit, Weak, positive},
	{"terms", sigTerms, Hint, positive},
	{"win", sigContest, Weak, transitive},
	{"emoji", "promo emoji", Hint, positive},
	{"transactional", "transactional", Against, transactional},
	{"redeemed", "already applied", Against, redeemed},
	{"used-after", "", 0, usedAfter},
	{"used-before", "", 0, usedBefore},
	{"neutral", "", 0, neutral},
	{"survey", "", 0, survey},
}

// entry is what a listed phrase stands for.
type entry struct {
	signal string
	weight float64
	kind   kind
}

// lexicon holds one language's compiled phrase sets and context lists.
type lexicon struct {
	phrases      *text.PhraseSet  // phrase lists matched on stems
	exactPhrases *text.PhraseSet  // phrase lists matched as written
	stemmed      map[string]entry // phrase as listed → what it stands for
	exact        map[string]entry
	err          error // why the lists did not compile (the built-in ones do: tested)

	pctBefore, pctAfter       seqSet // make a percentage a discount
	amountBefore, amountAfter seqSet // make an amount a discount
	anchorBefore              seqSet // "instead of" + amount: a crossed-out price
	priceBefore               seqSet // "only", "from" + amount: a price claim
	priceAfter                seqSet // amount + "onwards", "seulement": a price claim
	callNow                   seqSet // "call now" + phone number

	bundle    wordSet // "for" in "2 for 1"
	currency  wordSet // currency words after a number
	freeWord  wordSet // free, offert
	offerNoun wordSet // what free turns into an offer
	codeWord  wordSet // code, coupon
	codePromo wordSet // promo, discount: the code is a promo code
	codeSkip  wordSet // skipped between "code" and the code
	codeLead  wordSet // use, avec: hand a code over
	codeBlock wordSet // your, verification, iban: a transactional code

	kwVerb   wordSet // text, txt, envoyez: send a keyword
	kwTo     wordSet // to, au: before the short code
	kwSkip   wordSet // stop, help, yes: keywords that make no promotion
	kwFiller wordSet // the, word: skipped before the keyword

	currencyBefore wordSet // rs, inr: a currency written before the number
	chargePer      wordSet // per, par: "150p per msg"
	chargeUnit     wordSet // msg, min, week: what a premium charge is per
	areaUnit       wordSet // sqft, psf, m2: what a property price is per

	// wordStarts holds the stems of codeWord and freeWord: most words
	// are neither, and the filter turns them away for a bit test on the
	// message's shared word hashes instead of two map lookups.
	wordStarts text.WordFilter
}

// readList reads the embedded list NAME.LANG.txt.
func readList(name, lang string) ([]string, error) {
	list, err := lists.Read(name, lang)
	if err != nil {
		return nil, fmt.Errorf("promo: %w", err)
	}
	return list, nil
}

// lexicons are a Detector's lexicons by language (as in langs), each
// compiled by the first message in its language: safe for concurrent use.
type lexicons struct {
	byLang   [len(langs)]func() *lexicon
	compiled atomic.Int32 // lexicons compiled (for tests)
}

// lexicon returns the compiled lexicon of lang, compiling it on first use;
// nil for a language without lists, or whose lists did not compile (the
// built-in lists are tested to compile in every language).
func (d *Detector) lexicon(lang string) *lexicon {
	for k, l := range langs {
		if l == lang {
			if lx := d.lexicons.byLang[k](); lx.err == nil {
				return lx
			}
			return nil
		}
	}
	return nil
}

// compileLang builds one language's phrase sets and context lists; a list
// that does not compile leaves its error in the lexicon's err.
func compileLang(stems *text.Stemmer, lang string) *lexicon {
	lx, err := compileLexicon(stems, lang)
	if err != nil {
		return &lexicon{err: err}
	}
	return lx
}

func compileLexicon(stems *text.Stemmer, lang string) (*lexicon, error) {
	// Sized for the built-in lists (about 490 and 60 phrases a language).
	lx := &lexicon{stemmed: make(map[string]entry, 512), exact: make(map[string]entry, 64)}
	var stemmed, exact []string
	for _, pl := range phraseLists {
		list, err := readList(pl.name, lang)
		if err != nil {
			return nil, err
		}
		e := entry{signal: pl.signal, weight: pl.weight, kind: pl.kind}
		for _, p := range list {
			dst, set := lx.stemmed, &stemmed
			if rest, ok := strings.CutPrefix(p, "="); ok {
				p, dst, set = strings.TrimSpace(rest), lx.exact, &exact
			}
			_, stemmedDup := lx.stemmed[p]
			if _, exactDup := lx.exact[p]; stemmedDup || exactDup {
				return nil, fmt.Errorf("promo: %s.%s: phrase %q is listed twice", pl.name, lang, p)
			}
			dst[p] = e
			*set = append(*set, p)
		}
	}
	seqs := []namedList[seqSet]{
		{"pct-before", &lx.pctBefore}, {"pct-after", &lx.pctAfter},
		{"amount-before", &lx.amountBefore}, {"amount-after", &lx.amountAfter},
		{"anchor-before", &lx.anchorBefore}, {"price-before", &lx.priceBefore}, {"price-after", &lx.priceAfter},
		{"call-now", &lx.callNow},
	}
	if err := compileLists(stems, lang, seqs, compileSeqs); err != nil {
		return nil, err
	}
	words := []namedList[wordSet]{
		{"bundle", &lx.bundle}, {"currency", &lx.currency},
		{"free-word", &lx.freeWord}, {"offer-noun", &lx.offerNoun},
		{"code-word", &lx.codeWord}, {"code-promo", &lx.codePromo},
		{"code-skip", &lx.codeSkip}, {"code-lead", &lx.codeLead}, {"code-block", &lx.codeBlock},
		{"keyword-verb", &lx.kwVerb}, {"keyword-to", &lx.kwTo},
		{"keyword-skip", &lx.kwSkip}, {"keyword-filler", &lx.kwFiller},
		{"currency-before", &lx.currencyBefore}, {"charge-per", &lx.chargePer}, {"charge-unit", &lx.chargeUnit},
		{"area-unit", &lx.areaUnit},
	}
	if err := compileLists(stems, lang, words, compileWords); err != nil {
		return nil, err
	}
	for _, set := range []wordSet{lx.codeWord, lx.freeWord} {
		for st := range set {
			lx.wordStarts.Add(st)
		}
	}
	var err error
	if lx.phrases, err = text.CompilePhrases(stems, map[string][]string{lang: stemmed}); err != nil {
		return nil, fmt.Errorf("promo: %w", err)
	}
	if lx.exactPhrases, err = text.CompileExactPhrases(map[string][]string{lang: exact}); err != nil {
		return nil, fmt.Errorf("promo: %w", err)
	}
	return lx, nil
}

// wordSet is a set of single-word stems.
type wordSet map[string]bool

func compileWords(stems *text.Stemmer, lang string, list []string) (wordSet, error) {
	set := make(wordSet, len(list))
	for _, w := range list {
		st := stems.PhraseWords(lang, w, false)
		if len(st) != 1 {
			return nil, fmt.Errorf("%q is not one word", w)
		}
		set[st[0]] = true
	}
	return set, nil
}

// has reports whether token i of a is a word whose stem is in the set.
func (s wordSet) has(a *text.Analysis, i int) bool {
	return i >= 0 && i < len(a.Tokens) && a.Tokens[i].Kind == text.Word && s[a.Stem(i)]
}

// seqSet holds short phrases matched right before or right after a token,
// on stems, skipping inner punctuation.
type seqSet [][]string

func compileSeqs(stems *text.Stemmer, lang string, list []string) (seqSet, error) {
	out := make(seqSet, 0, len(list))
	for _, p := range list {
		st := stems.PhraseWords(lang, p, false)
		if len(st) == 0 {
			return nil, fmt.Errorf("phrase %q has no words", p)
		}
		out = append(out, st)
	}
	return out, nil
}

// after returns the index just past the longest phrase that starts at token
// i (inner punctuation skipped, none at the start), or -1.
func (s seqSet) after(a *text.Analysis, i int) int {
	best := -1
	for _, seq := range s {
		j, k := i, 0
		for ; j < len(a.Tokens) && k < len(seq); j++ {
			t := a.Tokens[j]
			if t.Kind == text.Punct && k > 0 && !t.Has(text.Terminal) {
				continue
			}
			if t.Kind == text.Punct || a.Stem(j) != seq[k] {
				break
			}
			k++
		}
		if k == len(seq) && j > best {
			best = j
		}
	}
	return best
}

// before returns the index of the first token of the longest phrase that
// ends just before token i (inner punctuation skipped), or -1.
func (s seqSet) before(a *text.Analysis, i int) int {
	best := -1
	for _, seq := range s {
		j, k := i-1, len(seq)-1
		for ; j >= 0 && k >= 0; j-- {
			t := a.Tokens[j]
			if t.Kind == text.Punct && !t.Has(text.Terminal) {
				continue
			}
			if t.Kind == text.Punct || a.Stem(j) != seq[k] {
				break
			}
			k--
		}
		if k < 0 && (best < 0 || j+1 < best) {
			best = j + 1
		}
	}
	return best
}

// namedList is a context list of the lexicon folder and where its compiled
// form goes.
type namedList[T any] struct {
	name string
	dst  *T
}

// compileLists reads each list of lang and compiles it into its dst.
func compileLists[T any](stems *text.Stemmer, lang string, lists []namedList[T],
	compile func(*text.Stemmer, string, []string) (T, error)) error {
	for _, l := range lists {
		list, err := readList(l.name, lang)
		if err != nil {
			return err
		}
		if *l.dst, err = compile(stems, lang, list); err != nil {
			return fmt.Errorf("promo: %s.%s: %w", l.name, lang, err)
		}
	}
	return nil
}
