package spell

import (
	"strings"
	"testing"
)

// TestConvertFilter checks that the byte filter before the ICONV replacer
// changes no word: every word converts as the replacer alone converts it,
// with patterns that start with an ASCII letter and end with a combining
// mark (as the French dictionary's "e\u0301" → "é"), apostrophes and
// ligatures; and that a word holding no pattern byte is returned as is,
// without an allocation.
func TestConvertFilter(t *testing.T) {
	aff := "SET UTF-8\nICONV 5\nICONV ’ '\nICONV e\u0301 é\nICONV ﬁ fi\nICONV ſ s\nICONV a\u0300 à\n"
	d, err := Parse(strings.NewReader(aff), "t.aff", strings.NewReader("1\nfin\n"), "t.dic")
	if err != nil {
		t.Fatal(err)
	}
	rep := strings.NewReplacer("’", "'", "e\u0301", "é", "ﬁ", "fi", "ſ", "s", "a\u0300", "à")
	for _, w := range []string{
		"aujourd’hui", "re\u0301duction", "ﬁn", "ſoleil", "voila\u0300", "réduction", "déjà", "naïve",
		"l’été", "e\u0301te\u0301’ﬁ", "\u0301", "e", "’", "plain", "", "Ça", "\xff\xfe",
	} {
		if got, want := d.convert(w), rep.Replace(w); got != want {
			t.Errorf("convert(%q) = %q, want %q", w, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = d.convert("réduction") }); n != 0 {
		t.Errorf("convert of a word with no pattern allocates %v times", n)
	}
}
