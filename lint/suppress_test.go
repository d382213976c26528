package lint

import (
	"slices"
	"strings"
	"testing"
)

func TestApplySuppressions(t *testing.T) {
	res := Result{Line: 1, Findings: []Finding{
		{Rule: "length", Severity: Error, Start: 0, End: 50, Line: 2, Column: 1},
		{Rule: "paragraphs", Severity: Warning, Start: 10, End: 20, Line: 2, Column: 11},
		{Rule: "spammy-content", Severity: Warning, Start: 30, End: 35, Line: 4, Column: 3},
		{Rule: "input", Severity: Error, Start: 0, End: 0, Line: 2, Column: 1},
	}}
	sups := []Suppression{
		{Rules: []string{"length", "spelling"}, Line: 1, Column: 1, Directive: "presend-disable"},
		{Rules: []string{"spammy-content"}, FromLine: 4, ToLine: 4, Line: 3, Column: 1, Offset: 30, Directive: "presend-disable-next-line"},
		{FromLine: 9, ToLine: 9, Line: 8, Column: 1, Offset: 60, Directive: "presend-disable-next-line"},
		SuppressRules("presend.toml [[files]] key welcome", "paragraphs"),
	}
	if !applyAll(&res, sups) {
		t.Fatal("nothing changed")
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule+" "+f.Message)
	}
	want := []string{
		"input ",
		"unused-suppression presend-disable spelling suppresses nothing",
		"unused-suppression presend-disable-next-line every rule suppresses nothing",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range res.Findings {
		if f.Rule == UnusedSuppression && (f.Severity != Warning || f.Line == 0) {
			t.Errorf("unused finding %+v", f)
		}
	}
	// A configuration suppression that matches nothing is reported at the
	// message's line.
	res2 := Result{Line: 7}
	applyAll(&res2, []Suppression{SuppressRules("presend.toml [[files]] key bye", "length")})
	if len(res2.Findings) != 1 || res2.Findings[0].Line != 7 ||
		res2.Findings[0].Message != "presend.toml [[files]] key bye suppresses length, which reported nothing here" {
		t.Errorf("config suppression: %+v", res2.Findings)
	}
	if applyAll(&res2, nil) {
		t.Error("no suppressions changed something")
	}
}

func TestLinterSuppressJudges(t *testing.T) {
	l, err := New(DefaultConfig(), []*Rule{{Name: "shout", Severity: Error, Run: func(p *Pass) { p.Reportf(0, 1, "shouting") }}})
	if err != nil {
		t.Fatal(err)
	}
	res := l.Check(t.Context(), Message{Text: "HEY"})
	if res.Verdict != VerdictBlock {
		t.Fatalf("verdict %s", res.Verdict)
	}
	l.Suppress(&res, []Suppression{{Rules: []string{"shout", "nope"}, Line: 1, Column: 1, Directive: "presend-disable"}})
	if res.Verdict != VerdictWarn || len(res.Findings) != 1 ||
		res.Findings[0].Message != `presend-disable nope suppresses nothing: no rule "nope" is enabled` {
		t.Errorf("after: %s %+v", res.Verdict, res.Findings)
	}
}

// applyAll applies sups to res as Linter.Suppress does for rules it runs.
func applyAll(res *Result, sups []Suppression) bool {
	changed, _ := applySuppressions(res, sups, nil, true)
	return changed
}
