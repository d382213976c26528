package rules

import (
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// TestLazyListsCompile: message-tag's and auto-reply-eta's lists are not
// compiled by Compile (a run that sends no Messenger tag and no automatic
// reply never needs them), compile on first use, and a bad configured
// phrase is still an error of Compile.
func TestLazyListsCompile(t *testing.T) {
	env := lint.CompileEnv{Stems: text.NewStemmer()}
	mt, err := (&MessageTagOptions{}).Compile(env)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := (&AutoReplyETAOptions{}).Compile(env)
	if err != nil {
		t.Fatal(err)
	}
	tag, eta := mt.(*messageTag), ar.(*autoReplyETA)
	for name, l := range map[string]*lazyLists{"survey": tag.surveys, "recurring": tag.recurring, "eta": eta.eta} {
		if l.built() {
			t.Errorf("%s: compiled by Compile", name)
		}
		if l.get().MaxWords() == 0 || !l.built() {
			t.Errorf("%s: empty after the first use", name)
		}
	}
	if eta.w.units != nil || eta.w.numbers != nil {
		t.Error("auto-reply-eta's words were read by Compile")
	}
	for _, lang := range []string{"en", "fr"} {
		if w := eta.words(); len(w.units[lang]) == 0 || len(w.numbers[lang]) == 0 {
			t.Errorf("auto-reply-eta's %s units or numbers are empty", lang)
		}
	}

	for _, c := range []struct {
		name string
		opts lint.Compiler
	}{
		{"message-tag surveys", &MessageTagOptions{Surveys: []string{"rate us", "!!"}}},
		{"message-tag recurring", &MessageTagOptions{Recurring: []string{"…"}}},
		{"auto-reply-eta", &AutoReplyETAOptions{Phrases: []string{"next week", " - "}}},
	} {
		if _, err := c.opts.Compile(env); err == nil || !strings.Contains(err.Error(), "has no words") {
			t.Errorf("%s: a phrase with no words: err = %v", c.name, err)
		}
	}
}
