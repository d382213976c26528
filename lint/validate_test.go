package lint_test

import (
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

func TestValidate(t *testing.T) {
	good := func() *lint.Rule {
		return &lint.Rule{Name: "main-point-early", Category: lint.Shape, Severity: lint.Warning,
			Doc: lint.Doc{Title: "put the main point first", Text: "Previews cut.", Examples: []lint.Example{
				{Lang: "en", Bad: "Hello", Good: "Your code"}, {Lang: "fr", Good: "Votre code"}}},
			Run: func(*lint.Pass) {}}
	}
	if err := lint.Validate([]*lint.Rule{good()}); err != nil {
		t.Fatalf("a good rule: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(r *lint.Rule)
		want string
	}{
		{"camel name", func(r *lint.Rule) { r.Name = "mainPoint" }, "kebab-case"},
		{"unknown category", func(r *lint.Rule) { r.Category = "style" }, "unknown category"},
		{"bad severity", func(r *lint.Rule) { r.Severity = 0 }, "severity"},
		{"title with a period", func(r *lint.Rule) { r.Doc.Title = "put the main point first." }, "period"},
		{"capital title", func(r *lint.Rule) { r.Doc.Title = "Put the main point first" }, "lower case"},
		{"no text", func(r *lint.Rule) { r.Doc.Text = " " }, "no documentation text"},
		{"no French example", func(r *lint.Rule) { r.Doc.Examples = r.Doc.Examples[:1] }, "en and fr"},
		{"no Run", func(r *lint.Rule) { r.Run = nil }, "no Run"},
		{"nil fact", func(r *lint.Rule) { r.Requires = []lint.Requirement{nil} }, "required fact 0 is nil"},
		{"fact twice", func(r *lint.Rule) { r.Requires = []lint.Requirement{lint.Promotional, lint.Promotional} }, "requires fact promotional twice"},
		{"fact name", func(r *lint.Rule) { r.Requires = []lint.Requirement{&lint.Fact[int]{Name: "Words"}} }, `fact "Words" is not named in kebab-case`},
	} {
		r := good()
		tc.edit(r)
		err := lint.Validate([]*lint.Rule{r})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Validate = %v, want an error about %q", tc.name, err, tc.want)
		}
	}
	if err := lint.Validate([]*lint.Rule{good(), good()}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a rule registered twice: %v", err)
	}
}
