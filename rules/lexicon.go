package rules

import (
	"embed"
	"fmt"

	"github.com/presend/presend/lint/text"
)

//go:embed lexicon/*.txt
var lexicon embed.FS

// langs are the languages every word list exists in.
var langs = [...]string{"en", "fr"}

// wordList reads the embedded list NAME.LANG.txt.
func wordList(name, lang string) []string {
	file := fmt.Sprintf("lexicon/%s.%s.txt", name, lang)
	data, err := lexicon.ReadFile(file)
	if err != nil {
		panic(fmt.Sprintf("rules: embedded word list %s is missing: %v", file, err)) // a build defect, caught by tests
	}
	list, err := text.ParsePhraseList(file, string(data))
	if err != nil {
		panic(fmt.Sprintf("rules: %v", err))
	}
	return list
}

// compileLists compiles the embedded list name in every language, plus extra
// phrases from the configuration (matched in every language), on stems or,
// with exact, as written in any case.
func compileLists(stems *text.Stemmer, name string, extra []string, exact bool) (*text.PhraseSet, error) {
	m := map[string][]string{}
	for _, l := range langs {
		m[l] = append(wordList(name, l), extra...)
	}
	if exact {
		return text.CompileExactPhrases(m)
	}
	return text.CompilePhrases(stems, m)
}

// wordSet reads an embedded list of single words, lower case, per language.
func wordSet(name string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, l := range langs {
		set := map[string]bool{}
		for _, w := range wordList(name, l) {
			set[w] = true
		}
		out[l] = set
	}
	return out
}
