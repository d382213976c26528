package spell

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// A small dictionary in FLAG num with AF aliases, ISO8859-1 encoding,
// conditions, cross products, NEEDAFFIX, FORBIDDENWORD and KEEPCASE.
const testAff = "SET ISO8859-1\nFLAG num\nAF 5\nAF 1,2\nAF 3\nAF 4,2\nAF 5\nAF 6\n" +
	"NEEDAFFIX 4\nFORBIDDENWORD 5\nKEEPCASE 6\nTRY esianrtolcdugmphb\xe9\n" +
	"REP 1\nREP f ph\n" +
	"PFX 1 Y 1\nPFX 1 0 re .\n" +
	"SFX 2 Y 3\nSFX 2 y ied [^aeiou]y\nSFX 2 0 ed [^y]\nSFX 2 0 s .\n" +
	"SFX 3 N 1\nSFX 3 0 s .\n"

const testDic = "7\nwork/1\ncarry/1\nphone/2\ncaf\xe9\ngrok/3\nworks/4\nOpenAI/5\n"

func testDict(t *testing.T) *Dict {
	t.Helper()
	d, err := Parse(strings.NewReader(testAff), "t.aff", strings.NewReader(testDic), "t.dic")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCheck(t *testing.T) {
	d := testDict(t)
	for w, want := range map[string]bool{
		"work": true, "worked": true, "rework": true, "reworked": true, "carried": true, "recarried": true,
		"carryed": false, "phones": true, "rephone": false, "café": true, "Café": true, "CAFÉ": true,
		"grok": false, "groked": true, "works": false, "Work": true, "WORK": true, "OpenAI": true,
		"OPENAI": false, "openai": false, "work-phone": true, "work-phonez": false, "wrok": false,
		"12,5": true, "": true,
	} {
		if got := d.Check(w); got != want {
			t.Errorf("Check(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	d := testDict(t)
	for w, want := range map[string]string{"wrok": "work", "fone": "phone", "Wrok": "Work", "cafe": "café"} {
		if got := d.Suggest(w); !slices.Contains(got, want) {
			t.Errorf("Suggest(%q) = %q, want it to contain %q", w, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ aff, dic, want string }{
		{"FLAG weird\n", "1\na\n", "t.aff:1: unknown FLAG format"},
		{"# c\n\nSFX A Y x\n", "1\na\n", "t.aff:3: SFX A: bad count"},
		{"SFX A Y 1\nSFX A 0 s [ab\n", "1\na\n", "t.aff:2: SFX A: condition"},
		{"FLAG long\n", "2\nab/ABC\n", "t.dic:2: long flags"},
		{"SET KOI8-R\n", "1\na\n", "t.aff:1: unsupported encoding"},
		{"", "x\n", "t.dic:1: the first line"},
		{"AF 1\nAF A\n", "1\na/3\n", "t.dic:2: flag alias 3 out of range"},
	} {
		_, err := Parse(strings.NewReader(c.aff), "t.aff", strings.NewReader(c.dic), "t.dic")
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q, %q) = %v, want %q", c.aff, c.dic, err, c.want)
		}
	}
}

func FuzzParseAff(f *testing.F) {
	f.Add(testAff, "work")
	f.Add("FLAG long\nPFX L' Y 1\nPFX L' 0 l' .\nSFX S. Y 1\nSFX S. 0 s/L' [^sxz]\n", "l'arbres")
	f.Add("FLAG UTF-8\nSFX é Y 1\nSFX é 0 é [^é]\nBREAK 2\nBREAK -\nBREAK ^'\n", "'a-b")
	f.Fuzz(func(t *testing.T, aff, word string) {
		d, err := Parse(strings.NewReader(aff), "f.aff", strings.NewReader("3\nwork/AB\narbre/S.\nab\n"), "f.dic")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error without position: %v", err)
			}
			return
		}
		d.Check(word)
		if len(word) < 8 {
			d.Suggest(word)
		}
	})
}
