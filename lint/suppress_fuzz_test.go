package lint_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/presend/presend/internal/costtest"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// suppressBound is the work reading a draft's suppression comments may
// cost, per byte of the draft.
var suppressBound = costtest.Bound{BaseBytes: 64 << 10, BytesPerByte: 128, BaseAllocs: 200, AllocsPerByte: 4}

// FuzzSuppressions reads a draft's presend-disable comments and applies
// them to findings made up for it (one per line, of the rules the comments
// name, in turn): the allocations stay within suppressBound and the steps
// of applying them within 100 + 8 per byte of the draft. The seed
// testdata/fuzz/FuzzSuppressions/comments-and-lines (500 comments, 500
// lines of text: 10 KB) took 500,000 steps in the old loop, which tried
// every suppression on every finding.
func FuzzSuppressions(f *testing.F) {
	for _, s := range []string{
		"Hello\n<!-- presend-disable length -->\n", "# presend-disable-next-line spelling, shouting\nHELLO\n",
		"// presend-disable\nx\n// presend-disable-next-line a b\n// presend-disable-next-line c\ny\n",
		"  # presend-disable-next-line\n", "<!-- presend-disable-next-line x -->\r\nz\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var msgs []lint.Message
		var err error
		costtest.Check(t, suppressBound, len(data), func() {
			msgs, err = input.Read(bytes.NewReader(data), "d.txt", input.FormatText)
		})
		if err != nil || len(msgs) != 1 {
			return
		}
		m := msgs[0]
		names := []string{"other"}
		for _, s := range m.Suppress {
			if len(names) < 9 {
				names = append(names, s.Rules...)
			}
		}
		names = names[:min(len(names), 9)]
		res := lint.Result{Source: "d.txt", Text: m.Text}
		lines := 1 + strings.Count(string(data), "\n")
		for l := 1; l <= lines; l++ {
			res.Findings = append(res.Findings, lint.Finding{Rule: names[l%len(names)], Severity: lint.Warning, Line: l, Column: 1, EndLine: l, EndColumn: 1})
		}
		before := len(res.Findings)
		_, used, steps := lint.ApplySuppressionsSteps(&res, m.Suppress, nil, true)
		if limit := 100 + 8*len(data); steps > limit {
			t.Fatalf("%d bytes, %d comments, %d findings: %d steps, over %d", len(data), len(m.Suppress), before, steps, limit)
		}
		if len(used) != len(m.Suppress) {
			t.Fatalf("%d used sets for %d suppressions", len(used), len(m.Suppress))
		}
	})
}
