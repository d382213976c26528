package spam

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestGluedFinePrintFilter checks that the filter before gluedFinePrint
// never turns away a text the expression matches: on fine print as it is
// written in premium SMS, and on many texts assembled from the pieces the
// expression matches (digits, prices, units in every case, spaces, the
// letters that fold to ASCII ones), glued at random.
func TestGluedFinePrintFilter(t *testing.T) {
	matching := []string{
		"Age18+only", "Cost£1.50perWKsub", "1.50pmsg", "costs150ppm", "16+ only", "T&C apply 18+ 150p/msg",
		"£3 per WEEK", "0,50€/sms", "2 € par semaine", "25p per text", "£1.50 x MINS", "1.50 PENCE PER MESSAGE",
		"150p ſms", "£2 ſemaine", "3p/ſmſ", "£2/wK", "£2/w\u212a", "$5 a Txt",
	}
	for _, s := range matching {
		if gluedFinePrint().FindStringSubmatchIndex(s) == nil {
			t.Errorf("%q: the expression does not match; the case is useless", s)
		}
		if !mayHaveGluedFinePrint(s) {
			t.Errorf("%q: the filter turns away fine print the expression matches", s)
		}
	}
	for _, s := range []string{"Your parcel arrives Thursday. Reply STOP to opt out.", "Call 0612345678 tomorrow morning", "Bonjour, à demain"} {
		if mayHaveGluedFinePrint(s) {
			t.Errorf("%q: the filter lets through a text with no unit near a digit", s)
		}
	}
	pieces := []string{"1", "6", "8", "+", "0", ".", ",", "50", " ", "  ", "p", "P", "pence", "€", "£", "$", "/",
		"per", "pr", "par", "a", "x", "msg", "MSGS", "message", "wk", "Wk", "week", "semaines", "min", "MINUTES",
		"txt", "text", "sms", "SMS", "pm", "PM", "ſ", "\u212a", "sub", "rcvd", "hello", "é", "-", "\n", "abcdefghijkl"}
	r := rand.New(rand.NewPCG(17, 2026))
	matched := 0
	for range 200_000 {
		var b strings.Builder
		for range 1 + r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if gluedFinePrint().FindStringSubmatchIndex(s) == nil {
			continue
		}
		matched++
		if !mayHaveGluedFinePrint(s) {
			t.Fatalf("%q: the filter turns away a text the expression matches", s)
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d random texts matched: the check proves little", matched)
	}
}
