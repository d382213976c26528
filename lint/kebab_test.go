package lint

import (
	"regexp"
	"testing"
)

// TestIsKebab checks isKebab against the regular expression it replaces,
// on every string of up to five characters over an alphabet that has each
// kind of character it tells apart.
func TestIsKebab(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	alphabet := []byte{'a', 'z', '0', '9', '-', 'A', '_', ' ', 0xc3}
	var walk func(s []byte)
	n := 0
	walk = func(s []byte) {
		n++
		if got, want := isKebab(string(s)), re.Match(s); got != want {
			t.Errorf("isKebab(%q) = %v, the regexp says %v", s, got, want)
		}
		if len(s) == 5 {
			return
		}
		for _, c := range alphabet {
			walk(append(s, c))
		}
	}
	walk(nil)
	if n < 60000 {
		t.Fatalf("checked %d strings", n)
	}
	for _, s := range []string{"spammy-content", "a", "rule-2", "x-y-z"} {
		if !isKebab(s) {
			t.Errorf("isKebab(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-a", "a-", "a--b", "Spam", "a_b", "é"} {
		if isKebab(s) {
			t.Errorf("isKebab(%q) = true", s)
		}
	}
}
