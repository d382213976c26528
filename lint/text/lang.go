package text

import "unicode/utf8"

// Function words that are frequent in one language and rare in the other.
var (
	enWords = []string{
		"the", "and", "you", "your", "to", "of", "is",
		"for", "we", "our", "this", "with", "are", "be",
		"will", "have", "it", "that", "on", "at", "in",
		"my", "i", "has", "was", "from", "hi", "hello",
		"thanks", "thank", "please", "order", "here", "can",
		"just", "an", "if", "by", "now", "today", "reply",
	}
	frWords = []string{
		"le", "la", "les", "de", "des", "du", "et",
		"vous", "votre", "vos", "nous", "est", "pour",
		"une", "un", "au", "aux", "dans", "sur", "que",
		"qui", "pas", "ce", "cette", "avec", "à", "bonjour",
		"merci", "commande", "sont", "être", "avez", "êtes",
		"l'", "d'", "qu'", "c'", "n'", "j'", "s'",
		"il", "elle", "ou", "ne", "par", "plus", "mais",
		"aujourd'hui", "demain", "répondez", "notre", "nos",
	}
)

// guessLang tells English from French by function words, with accented
// letters as a tie-breaker. It defaults to English. The same pass counts
// the function words of the other languages for OtherLang (a guessed
// language is the one OtherLang second-guesses), so every word is looked
// up once.
func guessLang(a *Analysis) string {
	var c langCounts
	en, fr, clear := 0, 0, false
	for i, t := range a.Tokens {
		if t.Kind != Word {
			continue
		}
		m := a.langBits(i)
		if m == 0 {
			continue
		}
		if m&^3 != 0 && a.spelledOut(i) {
			m &= 3 // a letter of spaced-out text is no other language's word
		}
		c.add(m)
		if !clear {
			en, fr = c.en, c.fr
			clear = en-fr >= 4 || fr-en >= 4 // the guess is made
		}
	}
	a.otherLang = c.other() + 2
	if fr == en && !a.ascii { // the accents below are not ASCII
		for _, r := range a.Text {
			switch r {
			case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'û', 'ô', 'î', 'ë', 'ï', 'œ', '«', '»':
				return "fr"
			}
		}
	}
	if fr > en {
		return "fr"
	}
	return "en"
}

// langCounts counts function words per language (langTable's bits).
type langCounts struct {
	en, fr int
	others [len(otherWords)]int
}

func (c *langCounts) add(m uint16) {
	c.en += int(m & 1)
	c.fr += int(m >> 1 & 1)
	for k := range c.others {
		c.others[k] += int(m >> (2 + k) & 1)
	}
}

// other returns the index in otherWords of the language whose function
// words outnumber both English and French ones, at least three of them
// (the most, the first listed on a tie), or -1.
func (c *langCounts) other() int8 {
	best := -1
	for k, n := range c.others {
		if n >= 3 && n > c.en && n > c.fr && (best < 0 || n > c.others[best]) {
			best = k
		}
	}
	return int8(best)
}

// otherWords are function words of languages presend has no dictionary
// for, frequent in each and rare in English and French.
var otherWords = [...]struct {
	code, name string
	words      []string
}{
	{"de", "German", []string{"der", "die", "das", "und", "ist", "nicht", "sie", "ihr", "ihre", "wir", "mit", "für", "auf", "den", "dem", "ein", "eine", "einen", "zu", "bitte", "wird", "werden", "haben", "sind", "ich", "auch", "oder", "bei", "nach", "von"}},
	{"es", "Spanish", []string{"el", "los", "las", "y", "es", "su", "sus", "para", "con", "por", "una", "del", "al", "que", "usted", "gracias", "hola", "está", "están", "pedido", "su", "mañana", "hoy", "puede", "muy", "pero", "como"}},
	{"it", "Italian", []string{"il", "gli", "della", "delle", "degli", "è", "sono", "per", "con", "una", "che", "grazie", "ciao", "tuo", "tua", "suo", "sua", "vostro", "non", "ordine", "domani", "oggi", "anche", "come", "più"}},
	{"pt", "Portuguese", []string{"o", "os", "as", "e", "é", "seu", "sua", "para", "com", "uma", "não", "obrigado", "obrigada", "olá", "pedido", "você", "do", "da", "dos", "das", "em", "no", "na", "amanhã", "hoje"}},
	{"nl", "Dutch", []string{"de", "het", "een", "en", "is", "niet", "je", "jouw", "uw", "wij", "met", "voor", "op", "van", "bedankt", "dank", "bestelling", "morgen", "vandaag", "ook", "maar", "zijn", "wordt"}},
}

// langTable maps each function word of enWords, frWords and otherWords to
// the languages it belongs to (bit 0 English, bit 1 French, bit 2+k
// otherWords[k]; one lookup per word serves every language), in an
// open-addressed table keyed by tokenHash of the word, the hash the phrase
// filters read of a token's lower-case form: the guess computes it once
// per word and the filters reuse it, instead of a map hashing the word
// again. It is built from the lists at init in one allocation, without the
// maps it was once built from (a third of the package's init).
var langTable = buildLangTable()

func buildLangTable() *[512]langEntry {
	t := new([512]langEntry)
	add := func(words []string, bit uint16) {
		for _, w := range words {
			h := tokenHash(w)
			j := h & uint32(len(t)-1)
			for t[j].h != 0 && (t[j].h != h || t[j].w != w) {
				j = (j + 1) & uint32(len(t)-1)
			}
			t[j].h, t[j].w = h, w
			t[j].m |= bit
		}
	}
	add(enWords, 1)
	add(frWords, 2)
	for k, o := range otherWords {
		add(o.words, 4<<k)
	}
	return t
}

type langEntry struct {
	h uint32 // tokenHash(w); 0: empty
	w string
	m uint16
}

// spelledOut reports whether word token i is one letter next to another
// one-letter word ("P E A C E", "L O V E"): a letter of text spaced out for
// effect, which is no evidence of a language whose function words include
// single letters (Portuguese "e", "o"; Spanish "y").
func (a *Analysis) spelledOut(i int) bool {
	if !oneLetter(a.Text, a.Tokens[i]) {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		if t := a.Tokens[j]; t.Kind == Word {
			if oneLetter(a.Text, t) {
				return true
			}
			break
		}
	}
	for j := i + 1; j < len(a.Tokens); j++ {
		if t := a.Tokens[j]; t.Kind == Word {
			return oneLetter(a.Text, t)
		}
	}
	return false
}

// oneLetter reports whether token t of text is a single character.
func oneLetter(text string, t Token) bool {
	_, n := utf8.DecodeRuneInString(text[t.Start:t.End])
	return n == t.Len()
}

// langBits is the languages of a.Lower(i) in langTable.
func (a *Analysis) langBits(i int) uint16 {
	h := a.lowerHash(i)
	t := langTable
	for j := h & uint32(len(t)-1); ; j = (j + 1) & uint32(len(t)-1) {
		e := &t[j]
		if e.h == h && e.w == a.Lower(i) {
			return e.m
		}
		if e.h == 0 {
			return 0
		}
	}
}

// OtherLang recognises a message whose language was guessed as English or
// French but that is written in another language: it returns that
// language's code and name ("de", "German") when its function words
// outnumber both English and French ones, at least three of them; else "".
// A language given by the caller or the catalog is trusted: "". It is
// computed once per message, whichever rules ask.
func (a *Analysis) OtherLang() (code, name string) {
	if a.otherLang == 0 {
		a.otherLang = a.findOtherLang() + 2
	}
	if k := a.otherLang - 2; k >= 0 {
		return otherWords[k].code, otherWords[k].name
	}
	return "", ""
}

// findOtherLang returns the index in otherWords of the language OtherLang
// recognises, or -1. A guessed language has it already (guessLang).
func (a *Analysis) findOtherLang() int8 {
	if !a.LangGuess {
		return -1
	}
	var c langCounts
	for i, t := range a.Tokens {
		if t.Kind == Word {
			m := a.langBits(i)
			if m&^3 != 0 && a.spelledOut(i) {
				m &= 3
			}
			c.add(m)
		}
	}
	return c.other()
}
