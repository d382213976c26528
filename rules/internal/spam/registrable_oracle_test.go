package spam

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// registrableRef is how the registrable label was found before
// registrableLabel: the index of the label under which a domain is
// registered in the host's labels, or -1.
func registrableRef(labels []string) int {
	n := len(labels)
	if n < 2 {
		return -1
	}
	if n >= 3 && len(labels[n-1]) == 2 && secondLevel[labels[n-2]] {
		return n - 3
	}
	return n - 2
}

// TestRegistrableLabelOracle: registrableLabel finds the label the split
// hosts gave, on random hosts made of second-level labels, country codes,
// other labels and empty ones (leading, trailing and doubled dots), and on
// every dotted word of the corpus texts.
func TestRegistrableLabelOracle(t *testing.T) {
	check := func(host string) {
		t.Helper()
		labels := strings.Split(host, ".")
		want, wantOK := "", false
		if k := registrableRef(labels); k >= 0 {
			want, wantOK = labels[k], true
		}
		if got, ok := registrableLabel(host); got != want || ok != wantOK {
			t.Fatalf("registrableLabel(%q) = %q, %v; want %q, %v", host, got, ok, want, wantOK)
		}
	}
	pieces := []string{"", "co", "com", "uk", "fr", "ac", "gov", "org", "example", "paypal", "x", "www", "gouv", "bit", "ly"}
	for w := range secondLevel {
		pieces = append(pieces, w)
	}
	r := rand.New(rand.NewPCG(5, 17))
	for range 100_000 {
		labels := make([]string, 1+r.IntN(6))
		for i := range labels {
			labels[i] = pieces[r.IntN(len(pieces))]
		}
		check(strings.Join(labels, "."))
	}
	for _, s := range corpustest.Texts(t, corpustest.Dir()) {
		for _, w := range strings.Fields(s) {
			if strings.Contains(w, ".") {
				check(strings.ToLower(w))
			}
		}
	}
}
