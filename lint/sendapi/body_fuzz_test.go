package sendapi

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// maxLookupSteps is the most bytes one lineIndex lookup may walk: from the
// mark before it, at most lineMarkEvery bytes and one code point away.
const maxLookupSteps = lineMarkEvery + utf8.UTFMax

// FuzzCheckBody reads a POST /v1/check body as the gateway does and maps
// every byte of every message's text back to the body, as the linter maps
// the findings of a text with a finding on every word. The work must be
// linear: the bytes the line indexes walk stay under maxLookupSteps per
// lookup (counting each column from the line's start, as the gateway did,
// walked the whole line each time: quadratic on a one-line body, see the
// seed testdata/fuzz/FuzzCheckBody/one-line-4k), and reading allocates a
// bounded number of times per byte of body.
func FuzzCheckBody(f *testing.F) {
	f.Add([]byte(`{"channel":"messenger","recipient":"psid-1","messaging_type":"RESPONSE","text":"Hello there"}`))
	f.Add([]byte("{\"messages\":[\n{\"text\":\"a\\u00e9b\",\"channel\":\"sms\"},\n{\"recipient\":{\"id\":\"1\"},\"message\":{\"text\":\"hi \\\"you\\\"\"}}]}"))
	f.Add([]byte(`{"recipient":{"id":"1"},"message":{"attachment":{"type":"template","payload":{"template_type":"button","text":"Pick","buttons":[{"type":"postback","title":"Yes","payload":"Y"}]}}}}`))
	f.Add([]byte(`{"text":"caf` + "\xc3" + `é ` + strings.Repeat("teh ", 300) + `"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		if len(body) > 64<<10 {
			t.Skip("over the fuzzed size")
		}
		msgs, _, idx, err := readBody(body)
		if err != nil {
			return
		}
		lookups := int64(0)
		indexes := map[*lineIndex]bool{idx: true}
		for _, m := range msgs {
			bm, ok := m.Map.(*bodyMap)
			if !ok {
				continue
			}
			indexes[bm.sub] = true
			for off := 0; off <= len(m.Text); off++ {
				p := bm.Position(off)
				if p.Line < 1 || p.Column < 1 {
					t.Fatalf("offset %d of %q maps to %v", off, m.Text, p)
				}
				lookups += 2 // one offset, one position
			}
		}
		steps := int64(0)
		for x := range indexes {
			steps += x.steps.Load()
		}
		if limit := lookups * maxLookupSteps; steps > limit {
			t.Fatalf("mapping %d offsets of a %d-byte body walked %d bytes, over the bound of %d (%d per lookup): not linear",
				lookups/2, len(body), steps, limit, maxLookupSteps)
		}
		allocs := testing.AllocsPerRun(1, func() { _, _, _ = ReadMessages(body) })
		if limit := 400 + float64(len(body))/2; allocs > limit {
			t.Fatalf("reading a %d-byte body allocated %.0f times, over the bound of %.0f", len(body), allocs, limit)
		}
	})
}

// TestLineIndexMarks checks the marked index against counting from each
// line's start, on lines longer than the mark spacing with multi-byte and
// invalid UTF-8 around the marks, and the round trip column → offset →
// column.
func TestLineIndexMarks(t *testing.T) {
	long := strings.Repeat("aé\xff€𝄞", 200) // 2,200 bytes: marks fall next to multi-byte code points
	data := []byte("short\n" + long + "\n\n" + long + "x")
	x := newLineIndex(data)
	if x.lines != 4 || len(x.marks) < 4+2*(len(long)/(lineMarkEvery+utf8.UTFMax)) {
		t.Fatalf("%d lines, %d marks", x.lines, len(x.marks))
	}
	lineStart, line := 0, 1
	for off := 0; off <= len(data); off++ {
		want := utf8.RuneCount(data[lineStart:off]) + 1
		if got := x.position(off); got.Line != line || got.Column != want {
			t.Fatalf("position(%d) = %v, want %d:%d", off, got, line, want)
		}
		if off < len(data) && utf8.RuneStart(data[off]) {
			p := x.position(off)
			if back := x.offset(p); back != off {
				t.Fatalf("offset(%v) = %d, want %d", p, back, off)
			}
		}
		if off < len(data) && data[off] == '\n' {
			lineStart, line = off+1, line+1
		}
	}
	// Past the end of a line: its end; past the last line: the last one.
	if got := x.offset(lintPos(1, 99)); got != 5 {
		t.Errorf("offset(1:99) = %d, want 5 (the line's end)", got)
	}
	if got := x.offset(lintPos(9, 1)); got != 6+len(long)+2 {
		t.Errorf("offset(9:1) = %d, want the last line's start", got)
	}
}

func lintPos(line, col int) lint.Position { return lint.Position{Line: line, Column: col} }
