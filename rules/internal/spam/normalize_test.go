package spam

import (
	"sync"
	"testing"

	"github.com/presend/presend/lint/text"
)

var (
	testOnce sync.Once
	testDet  *Detector
	testStem *text.Stemmer
)

// detector returns a Detector with default options, shared by the tests.
func detector(t testing.TB) *Detector {
	t.Helper()
	var err error
	testOnce.Do(func() {
		testStem = text.NewStemmer()
		testDet, err = New(testStem, Options{})
	})
	if err != nil || testDet == nil {
		t.Fatalf("New: %v", err)
	}
	return testDet
}

func analyze(s string) *text.Analysis {
	return text.Analyze(s, text.Options{Stems: testStem})
}

func TestNormalize(t *testing.T) {
	d := detector(t)
	cases := []struct {
		name, in, want string
		sig            signal // the obfuscation signal that must fire, or numSignals
		evidence       string // its evidence in the original text
	}{
		{"zero-width space", "cl\u200baim your prize", "claim your prize", sigInvisible, "\u200b"},
		{"word joiner and soft hyphen", "fr\u2060ee gi\u00adft", "free gift", sigInvisible, "\u2060"},
		{"bidi override", "win\u202ener now", "winner now", sigInvisible, "\u202e"},
		{"BOM at the end is no disguise", "Nice song\ufeff", "Nice song\ufeff", numSignals, ""},
		{"emoji joiner is kept", "family 👨\u200d👩\u200d👧 photo", "family 👨\u200d👩\u200d👧 photo", numSignals, ""},
		{"cyrillic in a latin word", "Pаypal login", "Paypal login", sigLookalikeLetters, "Pаypal"},
		{"greek in a latin word", "WΙNNER", "WINNER", sigLookalikeLetters, "WΙNNER"},
		{"all-cyrillic brand", "РАУРАL", "PAYPAL", sigLookalikeLetters, "РАУРАL"},
		{"russian word stays", "привет мир", "привет мир", numSignals, ""},
		{"fullwidth spam word", "ＦＲＥＥ gift", "FREE gift", sigLookalikeLetters, "ＦＲＥＥ"},
		{"fancy lettering is read but no disguise", "ＤＡＭＮ", "DAMN", numSignals, ""},
		{"math bold", "𝐖𝐈𝐍𝐍𝐄𝐑", "WINNER", sigLookalikeLetters, "𝐖𝐈𝐍𝐍𝐄𝐑"},
		{"spaced letters", "get F R E E cash", "get FREE cash", sigSpacedLetters, "F R E E"},
		{"dotted letters", "c.a.s.h now", "cash now", sigSpacedLetters, "c.a.s.h"},
		{"hyphenated letters", "F-R-E-E entry", "FREE entry", sigSpacedLetters, "F-R-E-E"},
		{"french spaced letters", "c'est G R A T U I T", "c'est GRATUIT", sigSpacedLetters, "G R A T U I T"},
		{"two letters are not spaced", "D E or F", "D E or F", numSignals, ""},
		{"leetspeak", "fr33 gift", "free gift", sigLeetspeak, "fr33"},
		{"leetspeak in capitals", "W1NNER today", "WINNER today", sigLeetspeak, "W1NNER"},
		{"leet brand", "Dear V0DAF0NE user", "Dear VODAFONE user", sigLeetspeak, "V0DAF0NE"},
		{"leet with an apostrophe", "T0DAY'S draw", "TODAY'S draw", sigLeetspeak, "T0DAY'S"},
		{"promo code is no leet", "code WIN10 or GIFT5", "code WIN10 or GIFT5", numSignals, ""},
		{"reference is no leet", "order AB12C3 and SM-425", "order AB12C3 and SM-425", numSignals, ""},
		{"combined", "fr\u200b33 c a s h", "free cash", sigLeetspeak, "fr\u200b33"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var st state
			_, norm := d.normalize(analyze(c.in), &st)
			if norm.s != c.want {
				t.Errorf("normalised %q\n got %q\nwant %q", c.in, norm.s, c.want)
			}
			for _, sig := range []signal{sigInvisible, sigLookalikeLetters, sigSpacedLetters, sigLeetspeak} {
				if st.fired[sig] && sig != c.sig && c.name != "combined" {
					t.Errorf("%s fired at %q", table[sig].Name, c.in[st.ev[sig].start:st.ev[sig].end])
				}
			}
			if c.sig == numSignals {
				return
			}
			if !st.fired[c.sig] {
				t.Fatalf("%s did not fire", table[c.sig].Name)
			}
			if got := c.in[st.ev[c.sig].start:st.ev[c.sig].end]; got != c.evidence {
				t.Errorf("%s evidence %q, want %q", table[c.sig].Name, got, c.evidence)
			}
		})
	}
}

// TestNormalizeOffsets checks that every normalised byte maps back to a span
// of the original on character boundaries.
func TestNormalizeOffsets(t *testing.T) {
	d := detector(t)
	in := "Ｃlaim\u200b yоur W1NNER prize: F R E E 𝐜𝐚𝐬𝐡!"
	var st state
	_, norm := d.normalize(analyze(in), &st)
	if norm.src == nil {
		t.Fatal("nothing normalised")
	}
	if len(norm.src) != len(norm.s) {
		t.Fatalf("%d spans for %d bytes", len(norm.src), len(norm.s))
	}
	for i, sp := range norm.src {
		if sp.start < 0 || sp.end > len(in) || sp.start >= sp.end {
			t.Fatalf("byte %d maps to [%d,%d)", i, sp.start, sp.end)
		}
		if !boundary(in, sp.start) || !boundary(in, sp.end) {
			t.Errorf("byte %d maps to [%d,%d), not on character boundaries", i, sp.start, sp.end)
		}
	}
	if s, e := norm.orig(0, len("Claim")); in[s:e] != "Ｃlaim" {
		t.Errorf("orig(Claim) = %q", in[s:e])
	}
}
