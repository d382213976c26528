package rules_test

import (
	"context"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules"
)

func TestWhatsAppTemplate(t *testing.T) {
	linttest.Run(t, rules.All(), "whatsapp-template", "../testdata/whatsapp-template")
}

// A template whose structure does not fit its text (a caller changed the
// text and kept the structure) draws nothing and does not panic; the same
// structure over the text it was read with draws its finding.
func TestWhatsAppTemplateStaleStructure(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	body := "{{1}}, your order has shipped."
	m := lint.Message{Channel: "whatsapp", Lang: "en", Text: body, TemplateCategory: "UTILITY",
		WhatsApp: &lint.WhatsAppTemplate{Name: "t", Category: "UTILITY", Components: []lint.TemplateComponent{
			{Type: "BODY", HasText: true, Span: text.Span{End: len(body)}},
		}}}
	if got := count(l.Check(context.Background(), m), "whatsapp-template"); got != 1 {
		t.Fatalf("fitting structure: %d findings, want 1", got)
	}
	m.Text = "Hi"
	if got := count(l.Check(context.Background(), m), "whatsapp-template"); got != 0 {
		t.Errorf("stale structure: %d findings, want 0", got)
	}
}

func count(r lint.Result, rule string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Rule == rule {
			n++
		}
	}
	return n
}
