package rules

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/internal/readmap"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules/internal/spell"
)

// SpellingOptions configure spelling.
type SpellingOptions struct {
	Dictionaries []string `toml:"dictionaries" doc:"Hunspell dictionaries to use instead of the system ones: \"en=/path/en_GB.dic\", or a .dic path whose name starts with its language (fr_FR.dic), or a folder to search first; the .aff file sits beside the .dic; relative paths are from the folder of presend.toml"`
	Vocab        []string `toml:"vocab" doc:"project words accepted as spelled (brand and product names), matched with dictionary case rules: \"acme\" also accepts Acme and ACME"`
	WordsFile    string   `toml:"words-file" doc:"a file of more project words, one per line (# starts a comment); relative paths are from the folder of presend.toml"`
	Suggestions  int      `toml:"suggestions" doc:"unknown words of four letters or more per message that get a suggested fix, one edit away (each costs up to a millisecond of dictionary checks); 0 turns suggestions off"`
	BrandAfter   int      `toml:"brand-after" doc:"a capitalised unknown word flagged in this many messages of one catalog or file is taken for a brand: it is not flagged there again, and presend says once to add it to vocab (0: flag it every time)"`
}

// spelling is the spelling rule's compiled state, one per Linter.
type spelling struct {
	suggestions, brandAfter int               // the options' Suggestions and BrandAfter
	dirs                    []string          // search folders, configured ones first
	paths                   map[string]string // language → configured .dic
	words                   spell.Words
	langs                   [2]dictState // en, fr: loaded on first use
}

// OrderDependent implements lint.OrderDependent: with brand-after, whether
// a capitalised unknown word is flagged depends on the messages of its file
// checked before. The rule counts them through Pass.Counter (per source,
// the messages each capitalised unknown word was flagged in, to tell a
// brand in every signature from a typo; a message is counted once however
// often it is linted again: see messageKey).
func (o *spelling) OrderDependent() bool { return o.brandAfter > 0 }

// messageKey tells the messages of one source apart for brand counting:
// the ID, or where a message without one starts (a draft, an envelope
// without id), so that linting the same message again (lint --fix passes,
// an editor re-linting a draft as it is typed) never counts it twice.
func messageKey(m *lint.Message) string {
	if m.ID != "" || m.Map == nil {
		return m.ID
	}
	pos := m.Map.Position(0)
	return fmt.Sprintf("\x00%d:%d", pos.Line, pos.Column)
}

// dictState is the dictionary of one language for one Linter: looked up and
// loaded (through spell's process cache) by the first message in that
// language; warned records that the missing-dictionary notice was given.
type dictState struct {
	once   sync.Once
	dict   *spell.Dict
	sugg   *spell.SuggestCache // suggestions per word, for the life of the Linter
	err    error
	warned atomic.Bool
	// words holds the verdicts of this Linter on the words its messages
	// used (see dictCache.verdict): a long-running Linter sees the same
	// words again and again.
	words readmap.Map[uint8]
}

// maxWordVerdicts bounds each language's cache of word verdicts (about 50
// bytes a word); past it, verdicts are computed and not kept.
const maxWordVerdicts = 100_000

var spellLangs = [2]struct {
	code, name, pkg string
	files           []string
}{
	{"en", "English", "hunspell-en-us", []string{"en_US", "en_GB", "en_CA", "en_AU", "en"}},
	{"fr", "French", "hunspell-fr", []string{"fr_FR", "fr", "fr_CA", "fr_BE", "fr_CH"}},
}

// builtinVocab are words of messaging that the Debian dictionaries lack.
var builtinVocab = []string{
	"WhatsApp", "Messenger", "SMS", "MMS", "emoji", "emojis", "email", "emails", "e-mail", "e-mails",
	"iPhone", "iPad", "app", "apps", "appli", "applis", "chatbot", "chatbots", "online", "webinar",
	"webinars", "wifi", "Wi-Fi", "unsubscribe", "checkout", "website", "tchat", "ok", "OK", "okay",
	"YouTube", "YOUTUBE", "msg", "msgs", // "Msg & data rates may apply": the wording US carriers require
}

// Compile implements lint.Compiler: it resolves the configured
// dictionaries and reads the project words. Dictionaries themselves load
// when the first message in their language is checked.
func (o *SpellingOptions) Compile(env lint.CompileEnv) (any, error) {
	c := &spelling{suggestions: o.Suggestions, brandAfter: o.BrandAfter, paths: map[string]string{}}
	resolve := func(path string) string {
		if env.BaseDir == "" || filepath.IsAbs(path) {
			return path
		}
		return filepath.Join(env.BaseDir, path)
	}
	var errs []error
	if o.Suggestions < 0 {
		errs = append(errs, errors.New("suggestions must be 0 or more"))
	}
	for _, d := range o.Dictionaries {
		lang, path, ok := strings.Cut(d, "=")
		if !ok || strings.ContainsAny(lang, `/\.`) {
			lang, path = "", d
		}
		path = resolve(path)
		st, err := os.Stat(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("dictionaries: %w", err))
			continue
		}
		if st.IsDir() {
			c.dirs = append(c.dirs, path)
			continue
		}
		if !strings.HasSuffix(path, ".dic") {
			errs = append(errs, fmt.Errorf("dictionaries: %s is not a .dic file or a folder", path))
			continue
		}
		if lang == "" {
			lang = strings.ToLower(filepath.Base(path))[:min(2, len(filepath.Base(path)))]
		}
		if lang != "en" && lang != "fr" {
			errs = append(errs, fmt.Errorf("dictionaries: cannot tell the language of %s: write en=PATH or fr=PATH", path))
			continue
		}
		c.paths[lang] = path
	}
	c.dirs = append(c.dirs, spell.SearchPath()...)
	list := append(append([]string(nil), builtinVocab...), o.Vocab...)
	if o.WordsFile != "" {
		more, err := readWords(resolve(o.WordsFile))
		if err != nil {
			errs = append(errs, fmt.Errorf("words-file: %w", err))
		}
		list = append(list, more...)
	}
	c.words = spell.NewWords(list...)
	if o.BrandAfter < 0 {
		errs = append(errs, errors.New("brand-after must be 0 or more"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// Warm implements lint.Warmer: both dictionaries start loading in the
// background (a few milliseconds each from the compiled form cached on
// disk, tens of milliseconds the first time), so that the first message of
// each language waits only for what is left. Without it a dictionary is read when
// the first message of its language needs it, and one English draft never
// reads the French one. A dictionary is read once per process
// (spell.Shared).
func (o *spelling) Warm() {
	for _, lang := range []string{"en", "fr"} {
		go o.dict(lang)
	}
}

func readWords(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		out = append(out, strings.Fields(line)...)
	}
	return out, sc.Err()
}

// dict returns the dictionary for lang, loading it on first use.
func (o *spelling) dict(lang string) (*dictState, int) {
	i := 0
	if lang == "fr" {
		i = 1
	}
	st := &o.langs[i]
	st.once.Do(func() {
		path := o.paths[spellLangs[i].code]
		if path == "" {
			path = spell.Find(o.dirs, spellLangs[i].files)
		}
		if path == "" {
			return
		}
		st.dict, st.err = spell.Shared(path)
		if st.dict != nil {
			st.sugg = spell.NewSuggestCache(st.dict, o.words, 0)
			st.words.Max = maxWordVerdicts
		}
	})
	return st, i
}

// Spelling flags words that the language's Hunspell dictionary does not know.
var Spelling = &lint.Rule{
	Name:     "spelling",
	Category: lint.Clarity,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "spell every word as the dictionary does",
		Text: `A typo in a message costs trust: it reads as careless or as spam. The
rule checks each word against the Hunspell dictionary of the message's
language (Debian packages hunspell-en-us and hunspell-fr, found in
$DICPATH, /usr/share/hunspell, /usr/share/myspell/dicts or
/usr/local/share/hunspell, or named in dictionaries) with Hunspell's own
rules: affixes, French elisions (l'offre, qu'il, jusqu'à), hyphenated
words (checked part by part when the whole is unknown) and capitals (a
word known in lower case is also right capitalised at a sentence start or
in ALL CAPS). The fix replaces the word with the best suggestion: a common
typo list first, then the dictionary's REP table and words one or two
edits away.
Never checked: placeholders, links, e-mail addresses, numbers, codes such
as SM-425, hashtags and @mentions; acronyms of four letters or fewer in
capitals (RSVP, SAV); capitalised words inside a sentence, taken for
names (Marie, Acme); project words from vocab, words-file and a short
built-in list (WhatsApp, YouTube, SMS, Msg, emoji, app, ok…); HTML markup
(&lt; &amp;, <br>, href="…"); words in another script (Hangul, Tamil…);
laughter and other sounds (hahaha, hmm, argh) and the emoticon xD; a
unit after a number (20 mins, 2 hrs). A contraction whose apostrophe is
an HTML entity or a lost character (didn&#39;t, U+FFFD) is checked
whole, full-width letters as plain ones, and an English word in its
British spelling (colour, centre, cancelled, organise) is right with the
American dictionary. A contraction without its apostrophe (dont, im) is
flagged with the apostrophe as the fix, a name or acronym in lower case
(friday, tv) with its capitals. A capitalised unknown word
flagged in brand-after (3) messages of one catalog or file, such as a brand
in every signature, is not flagged there again: presend says once to add
it to vocab. Messages whose language was guessed and is neither English
nor French (German, Spanish, Italian, Portuguese, Dutch) are not checked,
and presend says so once.
When no dictionary is found for a language, presend says so once, with the
package to install (presend lint prints it on standard error after the
report; a Go caller reads Linter.Notices): a missing dictionary is a fact
about the machine, not about the message, so it costs no message points.
The rule then stays silent for that language rather than guess.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "We recieved your order and will ship it tomorow.",
				Good: "We received your order and will ship it tomorrow."},
			{Lang: "fr",
				Bad:  "Votre comande est expédiée aujourdhui.",
				Good: "Votre commande est expédiée aujourd'hui."},
		},
	},
	Options: func() any { return &SpellingOptions{Suggestions: 2, BrandAfter: 3} },
	Run:     runSpelling,
}

func runSpelling(p *lint.Pass) {
	o := p.Compiled.(*spelling)
	a := p.Text
	if otherLang(p) {
		return
	}
	st, li := o.dict(a.Lang)
	if st.dict == nil {
		if st.warned.CompareAndSwap(false, true) {
			l := spellLangs[li]
			msg := fmt.Sprintf("no %s dictionary found: install the Debian package %s or set rules.spelling.dictionaries", l.name, l.pkg)
			if st.err != nil {
				msg = fmt.Sprintf("the %s dictionary cannot be read (%v): spelling is not checked", l.name, st.err)
			}
			p.Notice("spelling: " + msg)
		}
		return
	}
	d := dictCache{st.dict, st.sugg, &st.words, o.words, a.Lang == "en"}
	sentence, seenWord, suggested, skipTo := -1, false, 0, -1
	k := 0 // a.SentenceOf(t.Start), walked in order as the tokens are
	for i, t := range a.Tokens {
		if i <= skipTo {
			continue // the end of a contraction checked whole: didn&#39;t
		}
		for k < len(a.Sentences) && a.Sentences[k].End <= int(t.Start) {
			k++
		}
		if k != sentence {
			sentence, seenWord = k, false
		}
		if t.Kind != text.Word {
			if t.IsWordLike() {
				seenWord = true
			}
			continue
		}
		initial := !seenWord
		seenWord = true
		if t.Has(text.Elision) {
			continue // checked with the word it is elided onto
		}
		if i > 0 && a.Tokens[i-1].Kind == text.Placeholder && a.Tokens[i-1].End == t.Start {
			continue // glued to a placeholder: "{n}th", "{{count}}x", a suffix, not a word
		}
		if inclusiveSuffix(a, i) {
			continue // "nouveaux·lles", "utilisateur⋅ice⋅s": the word is before the dot
		}
		if markupName(a, i) {
			continue // &lt; &amp;, <a href="…">, <br />: HTML, not words
		}
		if unitAfterNumber(a, i) {
			continue // "20 mins", "2 hrs": a unit's abbreviation
		}
		if j, whole := apostropheSpelledOut(a, i); j > i {
			if d.knows(whole) {
				skipTo = j // didn&#39;t, l&#39;offre: the apostrophe escaped or lost
				continue
			}
		}
		if i > 0 && a.Tokens[i-1].Has(text.Elision) && a.Tokens[i-1].End == t.Start {
			prev := a.Tokens[i-1]
			initial = initial || a.SentenceOf(int(prev.Start)) == sentence && isFirstWord(a, i-1)
			if d.checkElided(a.Text[prev.Start:t.End]) {
				continue
			}
		}
		checkWord(p, d, o, int(t.Start), a.TokenText(i), initial, &suggested)
	}
}

// dictCache is a language's dictionary with the Linter's caches of its
// verdicts and suggestions.
type dictCache struct {
	*spell.Dict
	sugg    *spell.SuggestCache
	cache   *readmap.Map[uint8] // verdict bits by word
	words   spell.Words         // the project words
	english bool                // British spellings are right too (the dictionary found first is en_US)
}

// Verdict bits of a word, cached per Linter and language: a word's
// verdict depends on nothing but the word, the dictionary and the project
// words, all fixed for the life of a Linter.
const (
	verdictKnown  uint8 = 1 << iota // knows: the dictionary or the project words have it
	verdictExempt                   // not judged: another script, laughter and other sounds, an emoticon
	verdictSet                      // the entry is filled in (never 0)
)

// verdict returns w's verdict bits, computed on first use.
func (d dictCache) verdict(w string) uint8 {
	if v, ok := d.cache.Get(w); ok {
		return v
	}
	v := verdictSet
	if d.knowsUncached(w) {
		v |= verdictKnown
	}
	if spell.NoLatin(w) || spell.Interjection(w) || spell.Emoticon(w) {
		v |= verdictExempt
	}
	d.cache.Put(w, v)
	return v
}

// knows reports whether w is spelled right: known to the dictionary or
// the project words, or in English the British spelling of a known word
// (colour, centre, cancelled, organise, tyre), which an American
// dictionary lacks.
func (d dictCache) knows(w string) bool { return d.verdict(w)&verdictKnown != 0 }

// checkElided reports whether the dictionary or the project words have a
// word with its elided article or pronoun (l'offre, qu'il): CheckWith,
// which in French is knows and so cached.
func (d dictCache) checkElided(w string) bool {
	if d.english {
		return d.CheckWith(w, d.words)
	}
	return d.knows(w)
}

// knowsUncached is knows without the Linter's cache.
func (d dictCache) knowsUncached(w string) bool {
	if d.CheckWith(w, d.words) {
		return true
	}
	if !d.english {
		return false
	}
	for _, us := range spell.AmericanForms(w) {
		if d.CheckWith(us, d.words) {
			return true
		}
	}
	return false
}

// markupName reports whether word token i is the name in HTML markup: an
// entity (&lt; &amp; &nbsp;), a tag (<br>, </a>) or an attribute
// (href="…"), as in texts taken from web pages and HTML-escaped exports.
func markupName(a *text.Analysis, i int) bool {
	t := a.Tokens[i]
	s := a.Text
	before, after := s[:t.Start], s[t.End:]
	switch {
	case strings.HasSuffix(before, "&") && strings.HasPrefix(after, ";"):
		return true
	case strings.HasSuffix(before, "<") || strings.HasSuffix(before, "</"):
		return strings.Contains(after, ">")
	case strings.HasPrefix(after, "=\"") || strings.HasPrefix(after, "='"):
		lt := strings.LastIndexByte(before, '<')
		return lt >= 0 && !strings.Contains(before[lt:], ">")
	}
	return false
}

// unitWords are abbreviations of units that follow a number ("20 mins",
// "2 hrs") and that dictionaries lack in the plural.
var unitWords = map[string]bool{
	"mins": true, "hrs": true, "secs": true, "yrs": true, "kms": true, "kgs": true, "pcs": true, "pts": true,
}

// unitAfterNumber reports whether word token i is a unit's abbreviation
// right after a number.
func unitAfterNumber(a *text.Analysis, i int) bool {
	return i > 0 && a.Tokens[i-1].Kind == text.Number && unitWords[a.Lower(i)]
}

// apostropheStandIns are what stands for an apostrophe in texts that went
// through HTML escaping or a wrong character set: entities, and U+FFFD
// where a typographic apostrophe was lost.
var apostropheStandIns = []string{"&#39;", "&#039;", "&apos;", "&rsquo;", "&#8217;", "&#x27;", "\uFFFD"}

// apostropheSpelledOut reports, when word token i is followed, glued, by a
// stand-in for an apostrophe and another word (didn&#39;t, or U+FFFD where
// a ’ was lost), the index of that word and the contraction with a real
// apostrophe; it returns j = -1 otherwise.
func apostropheSpelledOut(a *text.Analysis, i int) (j int, whole string) {
	t := a.Tokens[i]
	after := a.Text[t.End:]
	if after == "" || after[0] != '&' && after[0] != "\uFFFD"[0] {
		return -1, "" // every stand-in starts with one of these bytes
	}
	for _, sub := range apostropheStandIns {
		if !strings.HasPrefix(after, sub) {
			continue
		}
		at := int(t.End) + len(sub)
		j = i + 1
		for j < len(a.Tokens) && int(a.Tokens[j].Start) < at {
			j++
		}
		if j < len(a.Tokens) && int(a.Tokens[j].Start) == at && a.Tokens[j].Kind == text.Word {
			return j, a.TokenText(i) + "'" + a.TokenText(j)
		}
		break
	}
	return -1, ""
}

// inclusiveSuffix reports whether word token i is the ending of a French
// inclusive form: glued after a middle dot ("·" or "⋅") that is glued to a
// word, as in "abonné·e·s", "nouveaux·lles", "utilisateur⋅ice⋅s". The word
// before the first dot is checked as any word; the endings are not words.
func inclusiveSuffix(a *text.Analysis, i int) bool {
	if i < 2 {
		return false
	}
	dot, before := a.Tokens[i-1], a.Tokens[i-2]
	switch a.TokenText(i - 1) {
	case "·", "⋅":
	default:
		return false
	}
	return dot.End == a.Tokens[i].Start && before.End == dot.Start && before.Kind == text.Word
}

// isFirstWord reports whether token i is the first word-like token of its
// sentence.
func isFirstWord(a *text.Analysis, i int) bool {
	s := a.Sentences[a.SentenceOf(int(a.Tokens[i].Start))]
	for _, t := range a.Tokens[s.First:i] {
		if t.IsWordLike() {
			return false
		}
	}
	return true
}

// checkWord checks one word at byte offset start, hyphenated words part by
// part when the whole is unknown.
func checkWord(p *lint.Pass, d dictCache, o *spelling, start int, w string, initial bool, suggested *int) {
	if skipWord(w, initial) || d.verdict(w)&(verdictKnown|verdictExempt) != 0 {
		return // (another script: Hangul, Tamil…; laughter and other sounds: hahaha, hmm, argh; xD)
	}
	if plain, ok := spell.FoldWidth(w); ok && (skipWord(plain, initial) || d.knows(plain)) {
		return // ＣＯＭＭＥＮＴ in full-width letters is COMMENT
	}
	if strings.Contains(w, "-") {
		if joined := strings.ReplaceAll(w, "-", ""); d.knows(joined) {
			return // pre-order for preorder, e-mail for email
		}
		if prefix, rest, _ := strings.Cut(w, "-"); boundPrefixes[strings.ToLower(prefix)] && d.knows(rest) {
			return // pre-order, co-voiturage, non-stop: a prefix no dictionary lists alone
		}
		off := start
		for part := range strings.SplitSeq(w, "-") {
			if part != "" && !skipWord(part, initial) && !d.knows(part) {
				reportWord(p, d, o, off, part, suggested)
			}
			off += len(part) + 1
		}
		return
	}
	reportWord(p, d, o, start, w, suggested)
}

// boundPrefixes are prefixes English and French write with a hyphen, which
// dictionaries do not list as words of their own.
var boundPrefixes = map[string]bool{
	"pre": true, "co": true, "non": true, "re": true, "anti": true, "multi": true, "post": true,
	"self": true, "ex": true, "semi": true, "sub": true, "inter": true, "micro": true, "mini": true,
	"auto": true, "bi": true, "demi": true, "mi": true, "néo": true, "neo": true, "pré": true,
	"e": true, "over": true, "under": true, "mid": true,
}

// skipWord reports words the rule does not judge: short acronyms in
// capitals, and capitalised words inside a sentence (names).
func skipWord(w string, initial bool) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(first) {
		return false
	}
	allCaps := true
	n := 0
	for _, r := range w {
		n++
		if unicode.IsLower(r) {
			allCaps = false
		}
	}
	if allCaps {
		return n <= 4
	}
	return !initial
}

func reportWord(p *lint.Pass, d dictCache, o *spelling, start int, w string, suggested *int) {
	end := start + len(w)
	var best string
	fix, typo := commonTypos[strings.ToLower(w)]
	if !typo && o.brandAfter > 0 && p.Msg.Source != "" {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			if brand, first := p.Counter().Seen(p.Msg.Source, messageKey(p.Msg), w, o.brandAfter); brand {
				if first {
					src, after := p.Msg.Source, o.brandAfter
					p.NoticeItem("spelling brand\x00"+src, w, func(words []string) string { return brandNote(words, after, src) })
				}
				return
			}
		}
	}
	if typo {
		best = spell.MatchCase(fix, w)
	} else if title := spell.Capitalise(w); title != w && d.knows(title) {
		best = title // friday, america: a name written in lower case
	} else if upper := strings.ToUpper(w); upper != w && d.knows(upper) {
		best = upper // tv, sms: an acronym written in lower case
	} else if *suggested < o.suggestions && utf8.RuneCountInString(w) >= 4 {
		// (Words of one to three letters have dozens of neighbours: a
		// guess would mislead more than help.)
		// Suggestions cost a few hundred dictionary checks each: a
		// message full of slang must not take milliseconds.
		*suggested++
		best = d.sugg.Best(w)
	}
	if best == "" {
		p.Reportf(start, end, "unknown word %q", w)
		return
	}
	p.Report(lint.Diagnostic{
		Start: start, End: end,
		Message: fmt.Sprintf("unknown word %q; did you mean %q?", w, best),
		Fixes:   []lint.Fix{{Title: fmt.Sprintf("replace with %q", best), Edits: []lint.Edit{{Start: start, End: end, New: best}}}},
	})
}

// commonTypos are frequent misspellings in messages, English and French,
// with their correction: they come before the dictionary's suggestions.
var commonTypos = map[string]string{
	"recieve": "receive", "recieved": "received", "seperate": "separate", "definately": "definitely",
	"occured": "occurred", "untill": "until", "tommorow": "tomorrow", "tomorow": "tomorrow",
	"accomodate": "accommodate", "adress": "address", "begining": "beginning", "beleive": "believe",
	"calender": "calendar", "goverment": "government", "wich": "which", "thier": "their",
	"recomend": "recommend", "succesful": "successful", "sucessful": "successful", "availabe": "available",
	"confrim": "confirm", "reciept": "receipt", "delivary": "delivery", "payed": "paid",
	"apparament": "apparemment", "aujourdhui": "aujourd'hui", "comande": "commande", "commende": "commande",
	"addresse": "adresse", "dévelopement": "développement", "developpement": "développement",
	"language": "langage", "malgrés": "malgré", "parmis": "parmi", "rapellez": "rappelez",
	"rappeller": "rappeler", "connection": "connexion", "livraision": "livraison",
	// Contractions written without their apostrophe, and "i" for "I".
	"dont": "don't", "didnt": "didn't", "doesnt": "doesn't", "isnt": "isn't", "wasnt": "wasn't",
	"werent": "weren't", "arent": "aren't", "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't",
	"couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "im": "I'm", "ive": "I've",
	"youre": "you're", "theyre": "they're", "thats": "that's", "theres": "there's", "whats": "what's",
	"i'm": "I'm", "i've": "I've", "i'll": "I'll", "i'd": "I'd",
}

// otherLang reports whether the message is in a language presend has no
// word lists or dictionary for, and says so once (the same notice from
// every language-specific rule, so it shows once).
func otherLang(p *lint.Pass) bool {
	code, name := p.Text.OtherLang()
	if code == "" {
		return false
	}
	p.Notice(fmt.Sprintf("messages in %s (%s) are not checked for spelling, readability or where the main point stands: presend knows English and French only; give such catalogs a locale in their path (%s.yml) to skip them", name, code, code))
	return true
}

// brandNote is the note on the capitalised words taken for brands in one
// catalog or file: one line, however many.
func brandNote(words []string, after int, source string) string {
	if len(words) == 1 {
		return fmt.Sprintf("spelling: %q is unknown in %d or more messages of %s: if it is a brand or product name, add it to rules.spelling.vocab", words[0], after, source)
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = strconv.Quote(w)
	}
	return fmt.Sprintf("spelling: %s and %s are unknown in %d or more messages of %s: if they are brand or product names, add them to rules.spelling.vocab",
		strings.Join(quoted[:len(quoted)-1], ", "), quoted[len(quoted)-1], after, source)
}
