package lint_test

import (
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

func TestApplyEdits(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		edits      []lint.Edit
		want, err  string
	}{
		{"replace and insert, any order", "Bonjour! Merci", []lint.Edit{{Start: 9, End: 14, New: "Merci."}, {Start: 7, End: 7, New: "\u00a0"}}, "Bonjour\u00a0! Merci.", ""},
		{"insertions at one offset keep their order", "ab", []lint.Edit{{Start: 1, End: 1, New: "1"}, {Start: 1, End: 1, New: "2"}}, "a12b", ""},
		{"delete all", "abc", []lint.Edit{{Start: 0, End: 3}}, "", ""},
		{"overlap", "abcdef", []lint.Edit{{Start: 1, End: 4, New: "x"}, {Start: 3, End: 5, New: "y"}}, "", "overlap"},
		{"outside", "abc", []lint.Edit{{Start: 2, End: 9}}, "", "outside the text"},
		{"backwards", "abc", []lint.Edit{{Start: 2, End: 1}}, "", "outside the text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := lint.ApplyEdits(tc.text, tc.edits)
			switch {
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Errorf("error %v, want one saying %q", err, tc.err)
			case tc.err == "" && (err != nil || got != tc.want):
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
