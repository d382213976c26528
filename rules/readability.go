package rules

import (
	"errors"
	"fmt"
	"math"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// ReadabilityOptions configure readability.
type ReadabilityOptions struct {
	MinEaseEN    int `toml:"min-ease-en" doc:"lowest Flesch reading ease (0–100, higher is easier) an English message may score"`
	MinEaseFR    int `toml:"min-ease-fr" doc:"lowest Kandel–Moles reading ease (0–100, higher is easier) a French message may score"`
	WarnBelow    int `toml:"warn-below" doc:"a score under this is a warning, not a note (0 never warns)"`
	MinWords     int `toml:"min-words" doc:"messages with fewer words are not scored: the formulas mean nothing on a line or two"`
	MinSentences int `toml:"min-sentences" doc:"messages with fewer sentences are not scored (sentence-length judges a lone sentence)"`
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *ReadabilityOptions) Compile(lint.CompileEnv) (any, error) {
	switch {
	case o.MinEaseEN < 0 || o.MinEaseEN > 100 || o.MinEaseFR < 0 || o.MinEaseFR > 100:
		return nil, errors.New("min-ease-en and min-ease-fr must be within 0–100")
	case o.WarnBelow < 0 || o.WarnBelow > 100:
		return nil, errors.New("warn-below must be within 0–100")
	case o.MinWords < 1 || o.MinSentences < 1:
		return nil, errors.New("min-words and min-sentences must be at least 1")
	}
	return nil, nil
}

// Readability scores long messages with a reading-ease formula.
var Readability = &lint.Rule{
	Name:     "readability",
	Category: lint.Clarity,
	Severity: lint.Info,
	Doc: lint.Doc{
		Title: "keep long messages easy to read",
		Text: `Scores the reading ease of a message from its average sentence length (words
per sentence, ASL) and word length (syllables per word, ASW), on a 0–100
scale where higher is easier:
- English: Flesch reading ease, 206.835 − 1.015·ASL − 84.6·ASW (R. Flesch,
  "A new readability yardstick", Journal of Applied Psychology 32, 1948),
  target min-ease-en (60, "plain English"); the finding also gives the
  Flesch–Kincaid grade, 0.39·ASL + 11.8·ASW − 15.59 (Kincaid et al., Navy
  research branch report 8-75, 1975);
- French: Kandel–Moles, 207 − 1.015·ASL − 73.6·ASW (L. Kandel and A.
  Moles, "Application de l'indice de Flesch à la langue française",
  Cahiers d'études de radio-télévision 19, 1958), Flesch's formula
  recalibrated for French's longer words, target min-ease-fr (60).
Syllables are counted by rule (vowel groups, silent and mute e, endings;
see lint/text.Syllables). Words are words, numbers, codes, placeholders,
mentions and hashtags (the last four as two syllables, what "{{name}}" or
"10:30" takes to say); links and e-mail addresses are left out; French
elided articles (l', d') are part of the next word.

The formulas were fitted on passages of 100 words or more: on a short
message a single long word swings the score by 20 points, and with one
sentence the score only restates its length, which sentence-length
judges. So messages under min-words words (40) or min-sentences sentences
(2) are not scored. A score under the target is a note (info); under
warn-below (30, "very difficult") a warning. The finding covers the whole
message and says what drives the score: the words per sentence and the
syllables per word.`,
		Examples: []lint.Example{
			{Lang: "en",
				Bad:  "Unfortunately, due to unprecedented operational difficulties affecting our international distribution infrastructure, your recently purchased merchandise will experience considerable delivery delays. Our organisation sincerely apologises for any inconvenience this unexpected situation may generate, and we appreciate your continued understanding and cooperation throughout this exceptionally complicated period.",
				Good: "Your parcel is late. A storm hit our main depot and trucks could not leave for two days. We now expect to bring it on Friday. We are sorry for the wait. You do not need to do anything. If Friday does not suit you, reply to this message and we will find a new day."},
			{Lang: "fr",
				Bad:  "Malheureusement, en raison de difficultés opérationnelles particulièrement importantes affectant notre infrastructure de distribution internationale, la livraison de votre commande récemment effectuée connaîtra un retard considérable. Notre organisation vous présente ses excuses pour les désagréments occasionnés et vous remercie sincèrement de votre compréhension.",
				Good: "Votre colis a du retard. Une tempête a bloqué notre dépôt pendant deux jours. Nous pensons le livrer vendredi. Nous sommes désolés pour ce retard. Vous n'avez rien à faire. Si vendredi ne vous va pas, répondez à ce message et nous trouverons un autre jour."},
		},
	},
	Options: func() any {
		return &ReadabilityOptions{MinEaseEN: 60, MinEaseFR: 60, WarnBelow: 30, MinWords: 40, MinSentences: 2}
	},
	Run: runReadability,
}

// reading is the measure of a text that reading-ease formulas take.
type reading struct {
	words, sentences, syllables int
}

func (r reading) asl() float64 { return float64(r.words) / float64(r.sentences) }
func (r reading) asw() float64 { return float64(r.syllables) / float64(r.words) }

// ease is Flesch reading ease in English, Kandel–Moles in French.
func (r reading) ease(lang string) float64 {
	if lang == "fr" {
		return 207 - 1.015*r.asl() - 73.6*r.asw()
	}
	return 206.835 - 1.015*r.asl() - 84.6*r.asw()
}

// grade is the Flesch–Kincaid grade level.
func (r reading) grade() float64 { return 0.39*r.asl() + 11.8*r.asw() - 15.59 }

// measure counts the words, sentences and, with syllables, the syllables
// of a message. Counting syllables is the costly part: runReadability skips
// it for messages too short to be scored.
func measure(a *text.Analysis, syllables bool) reading {
	var r reading
	for _, s := range a.Sentences {
		n := 0
		for i := s.First; i < s.Last; i++ {
			switch t := a.Tokens[i]; t.Kind {
			case text.Word:
				if !t.Has(text.Elision) { // l', d', qu' belong to the next word
					n++
					if syllables {
						r.syllables += max(1, text.Syllables(a.Lang, a.TokenText(i)))
					}
				}
			case text.Number, text.Code, text.Placeholder, text.Mention, text.Hashtag:
				n++
				r.syllables += 2
			}
		}
		if n > 0 {
			r.words += n
			r.sentences++
		}
	}
	return r
}

func runReadability(p *lint.Pass) {
	o := p.Options.(*ReadabilityOptions)
	a := p.Text
	if otherLang(p) {
		return
	}
	if r := measure(a, false); r.words < o.MinWords || r.sentences < o.MinSentences {
		return
	}
	r := measure(a, true)
	ease := r.ease(a.Lang)
	target, formula, grade := o.MinEaseEN, "Flesch", ""
	if a.Lang == "fr" {
		target, formula = o.MinEaseFR, "Kandel–Moles"
	} else {
		grade = fmt.Sprintf("; grade %.0f (Flesch–Kincaid)", math.Max(0, r.grade()))
	}
	score := min(100, max(0, int(math.Round(ease)))) // the formulas overshoot the scale
	if score >= target {
		return
	}
	d := lint.Diagnostic{
		Start: 0, End: a.ContentEnd(),
		Message: fmt.Sprintf("hard to read: sentences average %.0f words; aim for shorter sentences and words", r.asl()),
		Detail: fmt.Sprintf("reading ease %d (%s), target %d or more: sentences average %.0f words, words %.1f syllables%s",
			score, formula, target, r.asl(), r.asw(), grade),
	}
	if score < o.WarnBelow {
		d.Severity = lint.Warning
	}
	p.Report(d)
}
