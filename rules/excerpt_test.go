package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// Findings quote the message's own text with its no-break spaces as they
// are: a French copywriter reads "rendez-vous : mardi", not
// "rendez-vous\u00a0: mardi".
func TestExcerptsKeepNoBreakSpaces(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	const nb = "\u00a0"
	msgs := []lint.Message{
		// preview-truncation: the preview ends inside "12345678".
		{Lang: "fr", Channel: "sms", Text: "Votre remboursement" + nb + ": dossier 12345678 validé, virement demain."},
		// main-point-early: an opening sentence to delete that ends in
		// " !" with a no-break space (the fix's title quotes it).
		{Lang: "fr", Channel: "messenger", Text: "Nous espérons que vous allez bien" + nb + "! Votre rendez-vous avec le docteur Martin est déplacé au mardi 3 mars."},
	}
	quoted := 0
	for _, m := range msgs {
		for _, f := range l.Check(context.Background(), m).Findings {
			if f.Rule != rules.PreviewTruncation.Name && f.Rule != rules.MainPointEarly.Name && f.Rule != rules.Paragraphs.Name {
				continue
			}
			texts := []string{f.Message}
			for _, fix := range f.Fixes {
				texts = append(texts, fix.Title)
			}
			for _, s := range texts {
				if strings.Contains(s, `\u00a0`) {
					t.Errorf("%s: %q escapes a no-break space", f.Rule, s)
				}
				if strings.Contains(s, nb) {
					quoted++
				}
			}
		}
	}
	if quoted < 2 {
		t.Errorf("%d finding texts quote text with its no-break space, want one per message at least", quoted)
	}
}
