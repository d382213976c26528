package spam

import (
	"embed"
	"fmt"
	"strings"

	"github.com/presend/presend/internal/wordlist"
	"github.com/presend/presend/lint/text"
)

//go:embed lists/*.txt
var listsFS embed.FS

// lists are the detector's word lists: lists/NAME.LANG.txt, or
// lists/NAME.txt for host and domain lists (the convention of
// internal/wordlist).
var lists = wordlist.New(listsFS, "lists")

var langs = [...]string{"en", "fr"}

// phraseLists are the word lists matched as phrases, by the signal they feed.
// Words of the lists marked vocab are worth disguising: written with digits
// for letters or spaced out, they fire the obfuscation signals.
var phraseLists = [...]struct {
	name  string
	sig   signal
	vocab bool
}{
	{"prize", sigPrize, true},
	{"urgency", sigUrgency, true},
	{"threat", sigThreat, true},
	{"fine", sigFine, true},
	{"verify", sigVerify, true},
	{"click", sigClickBait, true},
	{"guarantee", sigGuarantee, true},
	{"greeting", sigDearFriend, true},
	{"credentials", sigCredentials, true},
	{"cash", sigCash, true},
	{"fineprint", sigFinePrint, true},
	{"selfpromo", sigSelfPromo, false},
	{"engage", sigEngagement, false},
	{"dating", sigDating, false},
	{"advancefee", sigAdvanceFee, false},
}

// readList reads lists/NAME.txt, a list that is the same in every language.
func readList(name string) ([]string, error) {
	list, err := lists.Read(name, "")
	if err != nil {
		return nil, fmt.Errorf("spam: %w", err)
	}
	return list, nil
}

// readLangs reads the list NAME in every language, the languages merged.
func readLangs(name string) ([]string, error) {
	var byLang [len(langs)][]string
	n := 0
	for k, l := range langs {
		list, err := lists.Read(name, l)
		if err != nil {
			return nil, fmt.Errorf("spam: %w", err)
		}
		byLang[k], n = list, n+len(list)
	}
	if n == len(byLang[0]) {
		return byLang[0], nil
	}
	out := make([]string, 0, n)
	for _, list := range byLang {
		out = append(out, list...)
	}
	return out, nil
}

// stemSet holds single words by their stem in each language, so a word
// matches in whatever language the message was guessed to be in.
type stemSet map[string]map[string]bool

func newStemSet(stems *text.Stemmer, words []string) stemSet {
	s := stemSet{}
	for _, l := range langs {
		m := map[string]bool{}
		for _, w := range words {
			m[stems.StemListed(l, strings.ToLower(w))] = true
		}
		s[l] = m
	}
	return s
}

// hasWord reports whether a lower-case word, stemmed in any language, is in
// the set.
func (s stemSet) hasWord(stems *text.Stemmer, w string) bool {
	for _, l := range langs {
		if s[l][stems.Stem(l, w)] {
			return true
		}
	}
	return false
}

// brand is a name look-alike domains imitate.
type brand struct {
	name      string
	pieceOnly bool     // match only a whole hyphen-separated part
	official  []string // registrable labels of its real domains, name included
	bytes     uint64   // byteSet(name): a text lacking one of them cannot hold the name
}

// byteSet returns the set of s's bytes, each as bit b&63: a string that
// holds s holds every bit of byteSet(s) (two bytes may share a bit, which
// only lets more through).
func byteSet(s string) uint64 {
	var m uint64
	for i := 0; i < len(s); i++ {
		m |= 1 << (s[i] & 63)
	}
	return m
}

func readBrands() ([]brand, error) {
	all, err := readLangs("brands")
	if err != nil {
		return nil, err
	}
	var out []brand
	for _, line := range all {
		f := strings.Fields(strings.ToLower(line))
		b := brand{name: f[0]}
		if strings.HasPrefix(b.name, "=") {
			b.name, b.pieceOnly = b.name[1:], true
		}
		if len(b.name) < 5 {
			b.pieceOnly = true
		}
		b.official = append([]string{b.name}, f[1:]...)
		b.bytes = byteSet(b.name)
		out = append(out, b)
	}
	return out, nil
}

func readSet(name string) (map[string]bool, error) {
	list, err := readList(name)
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(list))
	for _, w := range list {
		m[strings.ToLower(w)] = true
	}
	return m, nil
}

// Shorteners returns the built-in list of public link shorteners (bit.ly,
// tinyurl.com…), lower case: the list spammy-content's shortener signal
// reads, shared with sms-compliance so that both rules name the same hosts.
func Shorteners() []string {
	list, err := readList("shorteners")
	if err != nil {
		return nil // the embedded list is tested to parse
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.ToLower(s)
	}
	return out
}
