package main

import (
	"context"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// TestTemplatePhrasesExample: the [[phrases]] example in presend init's
// template, uncommented, is a valid rule that fires.
func TestTemplatePhrasesExample(t *testing.T) {
	all := rules.All()
	// The example in presend init's template, uncommented, is a valid rule.
	var b strings.Builder
	if err := writeTemplate(&b, all); err != nil {
		t.Fatal(err)
	}
	tmpl := b.String()
	i := strings.Index(tmpl, "# [[phrases]]")
	if i < 0 {
		t.Fatal("template has no [[phrases]] example")
	}
	example := strings.ReplaceAll(tmpl[i:], "# ", "")
	cfg, err := lint.ParseConfig([]byte(example), "init.toml", all)
	if err != nil {
		t.Fatalf("template example: %v\n%s", err, example)
	}
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	res := l.Check(context.Background(), lint.Message{Lang: "fr", Text: "Recevez nos offres par e-mail."})
	found := false
	for _, f := range res.Findings {
		found = found || f.Rule == "brand-wording" && len(f.Fixes) == 1 && f.Fixes[0].Edits[0].New == "courriel"
	}
	if !found {
		t.Errorf("template example rule does not fire: %+v", res.Findings)
	}
}
