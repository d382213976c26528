package rules

import (
	"errors"

	"github.com/presend/presend/lint"
)

// SentenceLengthOptions configure sentence-length.
type SentenceLengthOptions struct {
	MaxWordsEN int `toml:"max-words-en" doc:"words an English sentence may hold"`
	MaxWordsFR int `toml:"max-words-fr" doc:"words a French sentence may hold"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *SentenceLengthOptions) Compile(lint.CompileEnv) (any, error) {
	if o.MaxWordsEN < 1 || o.MaxWordsFR < 1 {
		return nil, errors.New("max-words-en and max-words-fr must be at least 1")
	}
	return nil, nil
}

// SentenceLength flags long sentences.
var SentenceLength = &lint.Rule{
	Name:     "sentence-length",
	Category: lint.Shape,
	Severity: lint.Warning,
	Doc: lint.Doc{
		Title: "keep sentences short",
		Text: `Long sentences are hard to read on a phone. The rule flags sentences over
max-words-en words in English (25) and max-words-fr in French (30: French
needs more words for the same idea). Numbers, links and placeholders count as
words; elided articles (l', d') do not.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "We are writing to let you know that because of the storm that hit the region last night our delivery teams will not be able to reach your street before the end of the week and we apologise for the delay.",
				Good: "Last night's storm delays deliveries in your area.\n\nYour parcel will arrive by Friday. We are sorry for the wait."},
			{Lang: "fr",
				Bad:  "Nous vous informons qu'en raison de la tempête qui a frappé la région cette nuit nos équipes de livraison ne pourront pas passer dans votre rue avant la fin de la semaine et nous vous prions de nous excuser pour ce retard qui ne dépend pas de nous.",
				Good: "La tempête de cette nuit retarde nos livraisons.\n\nVotre colis arrivera d'ici vendredi. Merci de votre patience."},
		},
	},
	Options: func() any { return &SentenceLengthOptions{MaxWordsEN: 25, MaxWordsFR: 30} },
	Run:     runSentenceLength,
}

func runSentenceLength(p *lint.Pass) {
	o := p.Options.(*SentenceLengthOptions)
	a := p.Text
	limit := o.MaxWordsEN
	if a.Lang == "fr" {
		limit = o.MaxWordsFR
	}
	for k, s := range a.Sentences {
		if n := a.Words(k); n > limit {
			p.Reportf(s.Start, s.End, "sentence has %d words; keep %s sentences to %d", n, langName(a.Lang), limit)
		}
	}
}

func langName(lang string) string {
	if lang == "fr" {
		return "French"
	}
	return "English"
}
