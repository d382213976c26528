package rules

import (
	"embed"
	"sync"

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

// lazyLists is compileLists on first use: for a rule whose lists only a
// few messages reach (message-tag's on Messenger, auto-reply-eta's for
// automatic replies), so that a run that never needs them (one SMS) does
// not compile them. The configured phrases are checked at Compile, so that
// a bad one is still an error of lint.New; the embedded lists compile in
// every test that reaches them (TestLazyListsCompile). Safe for concurrent
// use.
type lazyLists struct {
	once  sync.Once
	set   *text.PhraseSet
	stems *text.Stemmer
	name  string
	extra []string
	exact bool
}

// newLazyLists checks extra as compileLists would and returns the lists
// to compile on first use.
func newLazyLists(stems *text.Stemmer, name string, extra []string, exact bool) (*lazyLists, error) {
	if len(extra) > 0 {
		m := make(map[string][]string, len(lint.Languages()))
		for _, lang := range lint.Languages() { // as compileLists adds them
			m[lang] = extra
		}
		var err error
		if exact {
			_, err = text.CompileExactPhrases(m)
		} else {
			_, err = text.CompilePhrases(stems, m)
		}
		if err != nil {
			return nil, err
		}
	}
	return &lazyLists{stems: stems, name: name, extra: extra, exact: exact}, nil
}

// get compiles the lists on the first call and returns them.
func (l *lazyLists) get() *text.PhraseSet {
	l.once.Do(func() {
		set, err := compileLists(l.stems, l.name, l.extra, l.exact)
		if err != nil {
			// Unreachable: the configured phrases were checked, and
			// the embedded lists compile (TestLazyListsCompile).
			set, _ = text.CompileExactPhrases(nil)
		}
		l.set = set
	})
	return l.set
}

// built reports whether get was called: for tests.
func (l *lazyLists) built() bool { return l.set != nil }
