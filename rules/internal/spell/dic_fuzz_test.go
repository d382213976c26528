package spell

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/presend/presend/internal/costtest"
)

// dicBound is the work Parse may do on a .dic file (with a small .aff):
// the scanners' buffers (64 KiB each) and the affix tables, then a
// constant per byte of the file.
var dicBound = costtest.Bound{BaseBytes: 512 << 10, BytesPerByte: 64, BaseAllocs: 2000, AllocsPerByte: 4}

// FuzzDic reads .dic files against a small .aff: no panic, an error is a
// *ParseError, and the allocations stay within dicBound. The seeds in
// testdata/fuzz/FuzzDic include a word count of 20,000,000 in a 9-byte file
// (the map was sized by it: ~1 GB) and a line of escaped slashes (each
// removed by copying the rest of the line: quadratic).
func FuzzDic(f *testing.F) {
	f.Add([]byte("3\nwork/AB\narbre/S.\nab\n"))
	f.Add([]byte("2\n\\/usr/1\nand\\/or\n"))
	f.Add([]byte("\xef\xbb\xbf1\n# comment\nword/S. po:noun\n"))
	f.Fuzz(func(t *testing.T, dic []byte) {
		var err error
		costtest.Check(t, dicBound, len(dic), func() {
			_, err = Parse(strings.NewReader(testAff), "f.aff", bytes.NewReader(dic), "f.dic")
		})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error without position: %v", err)
			}
		}
	})
}

// TestSplitEntryEscapes: "\/" is a slash inside the word, as before.
func TestSplitEntryEscapes(t *testing.T) {
	d, err := Parse(strings.NewReader(testAff), "t.aff", strings.NewReader("3\n\\/usr/1\nand\\/or\nx\\/\\/y\n"), "t.dic")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"/usr", "and/or", "x//y"} {
		if _, ok := d.words.get(w); !ok {
			t.Errorf("%q not in the dictionary", w)
		}
	}
}
