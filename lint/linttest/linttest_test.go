package linttest

import (
	"testing"

	"github.com/presend/presend/lint"
)

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		edits      []lint.Edit
		want       string
		wantErr    bool
	}{
		{"replace", "a’b", []lint.Edit{{Start: 1, End: 4, New: "'"}}, "a'b", false},
		{"two, given out of order", "ab cd", []lint.Edit{{Start: 3, End: 5, New: "CD"}, {Start: 0, End: 2, New: "AB"}}, "AB CD", false},
		{"insertion", "ab", []lint.Edit{{Start: 1, End: 1, New: "\n\n"}}, "a\n\nb", false},
		{"touching", "abcd", []lint.Edit{{Start: 0, End: 2, New: "x"}, {Start: 2, End: 4, New: "y"}}, "xy", false},
		{"overlap", "abcd", []lint.Edit{{Start: 0, End: 3, New: "x"}, {Start: 2, End: 4, New: "y"}}, "", true},
		{"two insertions at one place", "ab", []lint.Edit{{Start: 1, End: 1, New: "x"}, {Start: 1, End: 1, New: "y"}}, "", true},
		{"past the end", "ab", []lint.Edit{{Start: 1, End: 3, New: "x"}}, "", true},
		{"backwards", "ab", []lint.Edit{{Start: 2, End: 1, New: "x"}}, "", true},
	} {
		got, err := Apply(tc.text, tc.edits)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("%s: Apply = %q, %v; want %q, error %v", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}
