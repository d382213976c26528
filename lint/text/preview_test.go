package text

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// TestPreviewSequential: Preview, which walks the grapheme starts in
// order, cuts every text at every width as it did when it searched for
// each next grapheme: random texts of accents, emoji with modifiers and
// joiners, combining marks, CR LF, runs of white space and placeholders.
func TestPreviewSequential(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	pieces := []string{"a", "Bonjour", " ", "  ", "\n", "\r\n", "\t", "é", "e\u0301", "👍🏽", "👨‍👩‍👧", "🇫🇷", "{{name}}", "{code}", "%s", "…", "!", "l’offre", "\u00a0", "한국어", "x"}
	pats := []*regexp.Regexp{regexp.MustCompile(`\[[a-z]+\]`)}
	for n := range 4000 {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if n%5 == 0 {
			b.WriteString(" [ref] ")
		}
		s := b.String()
		a := Analyze(s, Options{Lang: "fr", Placeholders: pats, PlaceholderWidth: 1 + n%13})
		var starts []int32
		for off, rest := 0, s; rest != ""; {
			if !a.ascii {
				starts = append(starts, int32(off))
			}
			c, _, _, _ := uniseg.FirstGraphemeClusterInString(rest, -1)
			off, rest = off+len(c), rest[len(c):]
		}
		if !slices.Equal(a.graphemes, starts) {
			t.Fatalf("%q: grapheme starts %v, uniseg %v", s, a.graphemes, starts)
		}
		for _, w := range []int{0, 1, 2, 5, 10, 20, 33, 60, 200} {
			if got, want := a.Preview(w), a.previewSearch(w); got != want {
				t.Fatalf("%q width %d: Preview = %+v, want %+v", s, w, got, want)
			}
		}
	}
}

// previewSearch is Preview as it was, finding each next grapheme by a
// binary search: the oracle of TestPreviewSequential.
func (a *Analysis) previewSearch(width int) Cut {
	s := a.Text
	c := Cut{Width: width, Split: -1}
	if width <= 0 {
		c.Truncated = strings.TrimSpace(s) != ""
		c.Text = "…"
		return c
	}
	var b strings.Builder
	// The preview is at most the text, with runs of white space made one
	// space: one allocation, not one per doubling.
	b.Grow(min(len(s), 4*width+16))
	count := 0     // characters shown so far
	space := false // a collapsed space is pending
	cutOff, cutLen, cutEnd := -1, 0, 0
	ph := 0 // next placeholder
	end := 0
	for off := 0; off < len(s); {
		next := a.nextGraphemeSearch(off)
		if ph < len(a.placeholders) && a.placeholders[ph].Start == off {
			p := a.placeholders[ph]
			ph++
			if space && count > 0 {
				count, space = count+1, false
				b.WriteByte(' ')
			}
			if cutOff < 0 && count+a.phWidth > width-1 {
				cutOff, cutLen, cutEnd = off, b.Len(), end
				if count < width-1 {
					// Part of the filled-in value would show: it is cut.
					c.Split = a.TokenAt(off)
				}
			}
			count += a.phWidth
			if count > width {
				break
			}
			b.WriteString(s[p.Start:p.End])
			off, end = p.End, p.End
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[off:])
		if isSpace(r) {
			space = true
			off = next
			continue
		}
		if space && count > 0 {
			if cutOff < 0 && count+1 > width-1 {
				cutOff, cutLen, cutEnd = off, b.Len(), end
			}
			count++
			b.WriteByte(' ')
		}
		space = false
		if cutOff < 0 && count+1 > width-1 {
			cutOff, cutLen, cutEnd = off, b.Len(), end
		}
		count++
		if count > width {
			break
		}
		b.WriteString(s[off:next])
		off, end = next, next
	}
	if count <= width {
		c.Split = -1
		c.Text, c.End = b.String(), len(s)
		if strings.TrimSpace(s[end:]) == "" {
			c.End = end
		}
		return c
	}
	c.Truncated = true
	c.Text = strings.TrimRight(b.String()[:cutLen], " ") + "…"
	c.End = cutEnd
	if c.Split >= 0 {
		return c
	}
	if i := a.TokenAt(cutOff); i >= 0 && int(a.Tokens[i].Start) < cutOff {
		c.Split = i
	} else if i := a.TokenAt(cutEnd - 1); i >= 0 && cutEnd > 0 && int(a.Tokens[i].End) > cutEnd {
		c.Split = i
	}
	return c
}

// nextGraphemeSearch returns the byte offset of the grapheme after the one at off.
func (a *Analysis) nextGraphemeSearch(off int) int {
	if a.ascii {
		return off + 1
	}
	k := a.graphemeIndex(off)
	if k+1 < len(a.graphemes) {
		return int(a.graphemes[k+1])
	}
	return len(a.Text)
}
