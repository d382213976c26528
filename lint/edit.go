package lint

import (
	"fmt"
	"slices"
	"strings"
)

// ApplyEdits applies edits to text: byte ranges of the original text, which
// must lie inside it and not overlap. Insertions at one offset go in the
// order given. It is the one way presend applies a fix: presend lint --fix,
// the language server's code actions and the rule tests.
func ApplyEdits(text string, edits []Edit) (string, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b Edit) int { return a.Start - b.Start })
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for k, e := range sorted {
		if e.Start < 0 || e.End < e.Start || e.End > len(text) {
			return "", fmt.Errorf("edit [%d-%d] is outside the text (%d bytes)", e.Start, e.End, len(text))
		}
		if e.Start < at {
			return "", fmt.Errorf("edits [%d-%d] and [%d-%d] overlap", sorted[k-1].Start, sorted[k-1].End, e.Start, e.End)
		}
		b.WriteString(text[at:e.Start])
		b.WriteString(e.New)
		at = e.End
	}
	b.WriteString(text[at:])
	return b.String(), nil
}
