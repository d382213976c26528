package lint_test

import (
	"context"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
)

// TestFindingsCap checks that a rule's findings on one message stop at
// MaxFindingsPerRule, with one more that sums up the rest at the place of
// the first left out, with their worst severity, and that the score and
// verdict are those of every finding.
func TestFindingsCap(t *testing.T) {
	text := strings.Repeat("x ", 300)
	many := &lint.Rule{Name: "many", Category: lint.Clarity, Severity: lint.Warning, Run: func(p *lint.Pass) {
		for i := range 250 {
			sev := lint.Warning
			if i == 200 {
				sev = lint.Error // past the cap: the summary must keep it
			}
			p.Report(lint.Diagnostic{Start: 2 * i, End: 2*i + 1, Severity: sev, Message: "x"})
		}
	}}
	few := &lint.Rule{Name: "few", Category: lint.Clarity, Severity: lint.Info, Run: func(p *lint.Pass) {
		p.Reportf(0, 1, "one")
	}}
	l, err := lint.New(linttest.Config(), []*lint.Rule{many, few})
	if err != nil {
		t.Fatal(err)
	}
	res := l.Check(context.Background(), lint.Message{Text: text})
	var mine []lint.Finding
	for _, f := range res.Findings {
		if f.Rule == "many" {
			mine = append(mine, f)
		}
	}
	if len(mine) != lint.MaxFindingsPerRule+1 {
		t.Fatalf("%d findings of the rule, want %d and a summary", len(mine), lint.MaxFindingsPerRule)
	}
	last := mine[len(mine)-1]
	if last.Start != 2*lint.MaxFindingsPerRule || last.Severity != lint.Error ||
		last.Message != "150 more many findings not shown: presend reports at most 100 per rule and message" {
		t.Errorf("summary %+v", last)
	}
	if res.Verdict != lint.VerdictBlock {
		t.Errorf("verdict %s: the error past the cap must still block", res.Verdict)
	}
	// Another rule still reports: the cap is per rule.
	if n := len(res.Findings) - len(mine); n != 1 {
		t.Errorf("%d findings of the other rule, want 1", n)
	}
}
