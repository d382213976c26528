package input

import (
	"slices"
	"strings"
	"testing"
)

// TestComparePaths: element by element, as a walk meets the files, and
// without building a slice per comparison.
func TestComparePaths(t *testing.T) {
	paths := []string{"a-b", "a/b", "a", "a/b/c", "a/c", "b", "a/b-c", "a.txt", "a/b/c/d", "", "ab/c"}
	old := func(a, b string) int { return slices.Compare(strings.Split(a, "/"), strings.Split(b, "/")) }
	for _, a := range paths {
		for _, b := range paths {
			if got, want := comparePaths(a, b), old(a, b); got != want {
				t.Errorf("comparePaths(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	sorted := slices.Clone(paths)
	slices.SortFunc(sorted, comparePaths)
	if i, j := slices.Index(sorted, "a/b"), slices.Index(sorted, "a-b"); i > j {
		t.Errorf("a/b sorts after a-b: %q", sorted)
	}
	if n := testing.AllocsPerRun(100, func() { comparePaths("x/y/z/file.txt", "x/y/z/other.txt") }); n != 0 {
		t.Errorf("comparePaths allocates %.0f times per call, want 0", n)
	}
}
