package spam

import (
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint/text"
)

// boundary reports whether byte i of s starts a character (or is len(s)),
// counting each invalid byte as a character, as a range loop does.
func boundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	for p := 0; p < len(s); {
		if p == i {
			return true
		}
		if p > i {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[p:])
		p += n
	}
	return false
}

// FuzzDetect checks that Detect never panics, that evidence spans lie in the
// text on character boundaries, and that the score adds up.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{
		"WINNER!! claim your £900 prize, call 09061701461",
		"20 % off this weekend — reply STOP to opt out",
		"Vous avez gagné ! Appelez le 08 99 23 45 67, dernière chance",
		"Pаypal: http:/95.141.32.7:81/x F R E E fr33 cl\u200baim 𝐖𝐈𝐍",
		"Text WIN to 80082. T&C apply 18+ 150p/msg bit.ly/x paypa1.com a@gmail.com",
		"\xff\xfe\u202e\u200d👨\u200d👩 Ｆ-Ｒ-Ｅ-Ｅ +44 (0)906 170 1461 http:///hmrc.example.co.uk",
		"",
	} {
		f.Add(s)
	}
	d := detector(f)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		r := d.Detect(text.Analyze(s, text.Options{Stems: testStem}))
		sum := 0.0
		for _, e := range r.Evidence {
			if e.Start < 0 || e.End > len(s) || e.Start > e.End {
				t.Fatalf("%s evidence [%d,%d) outside the text (%d bytes)", e.Signal, e.Start, e.End, len(s))
			}
			if !boundary(s, e.Start) || !boundary(s, e.End) {
				t.Fatalf("%s evidence [%d,%d) splits a character in %q", e.Signal, e.Start, e.End, s)
			}
			sum += e.Weight
		}
		if diff := sum - r.Score; diff > 0.051 || diff < -0.051 {
			t.Fatalf("score %g, evidence adds up to %g", r.Score, sum)
		}
	})
}
