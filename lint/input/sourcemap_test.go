package input

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

func TestLineMap(t *testing.T) {
	text := "ab\né😀x\r\n\nz\xffy"
	m := lint.LineMap(text, 10)
	tests := []struct {
		off  int
		want lint.Position
	}{
		{-5, lint.Position{Line: 10, Column: 1}}, // clamped
		{0, lint.Position{Line: 10, Column: 1}},
		{1, lint.Position{Line: 10, Column: 2}},
		{2, lint.Position{Line: 10, Column: 3}}, // the '\n' ends its line
		{3, lint.Position{Line: 11, Column: 1}}, // é
		{4, lint.Position{Line: 11, Column: 1}}, // inside é: still é
		{5, lint.Position{Line: 11, Column: 2}}, // 😀
		{8, lint.Position{Line: 11, Column: 2}}, // inside 😀
		{9, lint.Position{Line: 11, Column: 3}}, // x
		{10, lint.Position{Line: 11, Column: 4}},
		{11, lint.Position{Line: 11, Column: 5}},
		{12, lint.Position{Line: 12, Column: 1}}, // the empty line
		{13, lint.Position{Line: 13, Column: 1}},
		{14, lint.Position{Line: 13, Column: 2}}, // an invalid byte is one column
		{15, lint.Position{Line: 13, Column: 3}},
		{16, lint.Position{Line: 13, Column: 4}}, // len(text): after the last character
		{1 << 40, lint.Position{Line: 13, Column: 4}},
	}
	if len(text) != 16 {
		t.Fatalf("len = %d", len(text))
	}
	for _, tt := range tests {
		if got := m.Position(tt.off); got != tt.want {
			t.Errorf("Position(%d) = %v, want %v", tt.off, got, tt.want)
		}
	}
	if got := lint.LineMap("", 1).Position(3); got != (lint.Position{Line: 1, Column: 1}) {
		t.Errorf("empty text: %v", got)
	}
}

func TestJSONMap(t *testing.T) {
	// The literal starts at column 5 of line 7 of some file.
	raw := `"a\"b\u00e9c\ud83d\ude00d\ud800e\\"`
	text, n, anchors, err := unquote([]byte(raw))
	if err != nil || n != len(raw) {
		t.Fatal(n, err)
	}
	if want := "a\"béc\U0001F600d\uFFFDe\\"; text != want {
		t.Fatalf("text = %q", text)
	}
	m := &jsonMap{text: text, line: 7, col: 6, anchors: anchors}
	// Columns of the raw characters: '"'=5 a=6 \"=7 b=9 \u00e9=10 c=16
	// \ud83d\ude00=17 d=29 \ud800=30 e=36 \\=37 closing '"'=39.
	want := map[int]int{
		0:  6,  // a
		1:  7,  // " from \"
		2:  9,  // b
		3:  10, // é from \u00e9
		4:  10, // second byte of é
		5:  16, // c
		6:  17, // 😀 from the pair
		9:  17, // last byte of 😀
		10: 29, // d
		11: 30, // U+FFFD from the lone surrogate
		14: 36, // e
		15: 37, // \ from \\
		16: 39, // len(text): the closing quote
	}
	if len(text) != 16 {
		t.Fatalf("len(text) = %d", len(text))
	}
	for off, col := range want {
		if got := m.Position(off); got != (lint.Position{Line: 7, Column: col}) {
			t.Errorf("Position(%d) = %v, want 7:%d", off, got, col)
		}
	}
	if got := m.Position(-1); got.Column != 6 {
		t.Errorf("Position(-1) = %v", got)
	}
	if got := m.Position(100); got.Column != 39 {
		t.Errorf("Position(100) = %v", got)
	}
	if len(anchors) != 5 {
		t.Errorf("%d anchors, want one per escape (5)", len(anchors))
	}
}

func TestJSONMapSize(t *testing.T) {
	// A short message without escapes needs no anchors at all.
	_, _, anchors, err := unquote([]byte(`"Votre commande est expédiée. Répondez STOP pour arrêter."`))
	if err != nil || anchors != nil {
		t.Fatalf("anchors = %v, err = %v", anchors, err)
	}
	_, _, anchors, _ = unquote([]byte(`"Line one\nLine \"two\""`))
	if len(anchors) != 3 {
		t.Fatalf("anchors = %v, want 3", anchors)
	}
	// 300 bytes with three escapes: one anchor per escape (24 bytes).
	lit := `"` + strings.Repeat("x", 100) + `\n` + strings.Repeat("é", 50) + `\"` + strings.Repeat("y", 96) + `\u00e9"`
	text, _, anchors, _ := unquote([]byte(lit))
	if len(text) != 300 || len(anchors) != 3 {
		t.Fatalf("len(text) = %d, %d anchors; want 300 and 3", len(text), len(anchors))
	}
	// 1000 bytes without escapes: one anchor per 256 bytes.
	lit = `"` + strings.Repeat("x", 1000) + `"`
	text, _, anchors, _ = unquote([]byte(lit))
	if want := []anchor{{256, 256}, {512, 512}, {768, 768}}; !slices.Equal(anchors, want) {
		t.Fatalf("anchors = %v, want %v", anchors, want)
	}
	checkLiteralMap(t, []byte(lit), text, anchors)
	checkLiteralMap(t, []byte(lit), text, anchors)
}

// checkLineMap compares LineMap with a walk from the start of the text.
func checkLineMap(t *testing.T, text string) {
	t.Helper()
	m := lint.LineMap(text, 3)
	want := lint.Position{Line: 3, Column: 1}
	check := func(off int, want lint.Position) {
		if got := m.Position(off); got != want {
			t.Fatalf("%q: Position(%d) = %v, want %v", text, off, got, want)
		}
	}
	check(-1, want)
	for i := 0; i < len(text); {
		_, size := utf8.DecodeRuneInString(text[i:])
		for j := i; j < i+size; j++ {
			check(j, want) // every byte of a character maps to it
		}
		if text[i] == '\n' {
			want = lint.Position{Line: want.Line + 1, Column: 1}
		} else {
			want.Column++
		}
		i += size
	}
	check(len(text), want)
	check(len(text)+1, want)
}

func TestLineMapLongLines(t *testing.T) {
	long := strings.Repeat("abc é😀 ", 200) // 1400 code points, 2200 bytes
	checkLineMap(t, long)
	checkLineMap(t, long+"\n\n"+long+"\xff\xfe"+long[:777]+"\r\nz")
}

// FuzzLineMap compares LineMap with a walk from the start of the text.
func FuzzLineMap(f *testing.F) {
	f.Add("ab\né😀x\r\n\nz\xffy")
	f.Add(strings.Repeat("é", 300) + "\n" + strings.Repeat("x\xe2\x82", 100))
	f.Fuzz(func(t *testing.T, text string) {
		checkLineMap(t, text)
	})
}

// TestMapsConcurrent lets the race detector check that lookups share no
// mutable state.
func TestMapsConcurrent(t *testing.T) {
	msgs, err := ReadFile("testdata/jsonl/messages.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	msgs = append(msgs, readOne(t, "testdata/text/accents.md"), readOne(t, "testdata/json/generic.json"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, m := range msgs {
				for off := range len(m.Text) + 1 {
					m.Map.Position(off)
				}
			}
		})
	}
	wg.Wait()
}
