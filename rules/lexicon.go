package rules

import (
	"embed"

	"github.com/presend/presend/internal/wordlist"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

//go:embed lexicon/*.txt
var lexiconFS embed.FS

// lexicon holds the rules' word lists, lexicon/NAME.LANG.txt (the
// convention of internal/wordlist).
var lexicon = wordlist.New(lexiconFS, "lexicon")

// compileLists compiles the embedded list name in every language, plus extra
// phrases from the configuration (matched in every language), on stems or,
// with exact, as written in any case.
func compileLists(stems *text.Stemmer, name string, extra []string, exact bool) (*text.PhraseSet, error) {
	m, err := lexicon.ReadLangs(name, lint.Languages())
	if err != nil {
		return nil, err
	}
	for l := range m {
		m[l] = append(m[l], extra...)
	}
	if exact {
		return text.CompileExactPhrases(m)
	}
	return text.CompilePhrases(stems, m)
}

// wordSet reads an embedded list of single words, lower case, per language.
func wordSet(name string) (map[string]map[string]bool, error) {
	m, err := lexicon.ReadLangs(name, lint.Languages())
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]bool, len(m))
	for l, list := range m {
		set := make(map[string]bool, len(list))
		for _, w := range list {
			set[w] = true
		}
		out[l] = set
	}
	return out, nil
}
