package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
)

// wordCounts counts, per rule, the text each warning or worse points at
// (the word spelling flags, the phrase a promotion rule matched): what a
// user tuning vocab or a rule's word lists reads first.
type wordCounts map[string]map[string]int // rule → flagged text → findings

func (wc wordCounts) add(res lint.Result) {
	for _, f := range res.Findings {
		if f.Severity < lint.Warning || f.Start < 0 || f.End <= f.Start || f.End > len(res.Text) {
			continue
		}
		span := strings.Join(strings.Fields(res.Text[f.Start:f.End]), " ")
		if span == "" {
			continue
		}
		span = clip(span, 40)
		m := wc[f.Rule]
		if m == nil {
			m = map[string]int{}
			wc[f.Rule] = m
		}
		m[span]++
	}
}

// print writes the n most flagged texts of each rule, most first, rules
// in name order.
func (wc wordCounts) print(w io.Writer, n int) {
	rules := make([]string, 0, len(wc))
	for r := range wc {
		rules = append(rules, r)
	}
	slices.Sort(rules)
	for _, r := range rules {
		type kv struct {
			text string
			n    int
		}
		var list []kv
		total := 0
		for t, c := range wc[r] {
			list = append(list, kv{t, c})
			total += c
		}
		slices.SortFunc(list, func(x, y kv) int {
			if d := cmp.Compare(y.n, x.n); d != 0 {
				return d
			}
			return strings.Compare(x.text, y.text)
		})
		parts := make([]string, 0, min(n, len(list))+1)
		for _, e := range list[:min(n, len(list))] {
			parts = append(parts, fmt.Sprintf("%q %d", e.text, e.n))
		}
		if n < len(list) {
			parts = append(parts, fmt.Sprintf("… %d more", len(list)-n))
		}
		fmt.Fprintf(w, "  %s flags %d texts (%d distinct): %s\n", r, total, len(list), strings.Join(parts, ", "))
	}
}
