package spell

import (
	"strings"
	"testing"
)

// The ASCII shortcuts of captype and checkCase give what the Unicode
// paths give.
func TestCaseShortcuts(t *testing.T) {
	words := []string{"", "a", "A", "work", "Work", "WORK", "wOrk", "WoRK", "iPhone", "L'OFFRE",
		"x-ray", "X-RAY", "12ab", "1AB", "-", strings.Repeat("Ab", 40), "café", "Café", "ÉTÉ"}
	for _, w := range words {
		ref := captypeRunes(w)
		if got := captype(w); got != ref {
			t.Errorf("captype(%q) = %d, want %d", w, got, ref)
		}
		var buf [64]byte
		if got, want := lowerView(buf[:], w), strings.ToLower(w); got != want {
			t.Errorf("lowerView(%q) = %q, want %q", w, got, want)
		}
		if got, want := initialLowerView(buf[:], w), initial(strings.ToLower(w)); got != want {
			t.Errorf("initialLowerView(%q) = %q, want %q", w, got, want)
		}
	}
}

// captypeRunes is captype's Unicode path, the reference for its ASCII one.
func captypeRunes(w string) capType {
	var ncap, ncased int
	first := false
	for i, r := range []rune(w) {
		up, low := strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r),
			strings.ToLower(string(r)) == string(r) && strings.ToUpper(string(r)) != string(r)
		if up || low {
			ncased++
		}
		if up {
			ncap++
			if i == 0 {
				first = true
			}
		}
	}
	return capClass(ncap, ncased, first)
}

// Checking a capitalised word that is not in the dictionary, as a
// suggestion search does for each candidate of a capitalised word,
// allocates nothing: its lower-case forms are written on the stack.
func TestCheckCaseNoAlloc(t *testing.T) {
	d := testDict(t)
	for _, w := range []string{"Wrok", "WROK", "Phonez", "Work", "WORKED"} {
		want, _ := d.checkCase(w, nil)
		if n := testing.AllocsPerRun(100, func() {
			if got, _ := d.checkCase(w, nil); got != want {
				t.Fatalf("checkCase(%q) changed", w)
			}
		}); n != 0 {
			t.Errorf("checkCase(%q) allocates %v times, want 0", w, n)
		}
	}
	if r, _ := d.checkCase("Work", nil); r != found {
		t.Errorf("checkCase(Work) = %d, want found", r)
	}
	if r, _ := d.checkCase("Wrok", nil); r != miss {
		t.Errorf("checkCase(Wrok) = %d, want miss", r)
	}
}
