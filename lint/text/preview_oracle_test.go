package text

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/internal/corpustest"
)

// TestPreviewOracle: Preview cuts as refPreview, its version before the
// stack buffer and the ASCII path, on every corpus text and random texts of
// ASCII, accents, emoji, CR LF, white space runs, invalid bytes and
// placeholders, at widths from 0 to past the text.
func TestPreviewOracle(t *testing.T) {
	pats := []*regexp.Regexp{regexp.MustCompile(`\[[a-z]+\]`)}
	check := func(s string, phw int) {
		a := Analyze(s, Options{Placeholders: pats, PlaceholderWidth: phw})
		for _, w := range []int{0, 1, 2, 5, 30, 40, 64, 90, 120, 300} {
			if got, want := a.Preview(w), refPreview(a, w); got != want {
				t.Fatalf("%q width %d: Preview = %+v, want %+v", s, w, got, want)
			}
		}
	}
	pieces := []string{"a", "Bonjour", " ", "  ", "\n", "\r\n", "\t", "é", "e\u0301", "👍🏽", "🇫🇷", "{{name}}", "%s", "…", "!", "l’offre", "\u00a0", "\u200b", "\xff", "[ref]", "x"}
	r := rand.New(rand.NewPCG(17, 15))
	for n := range 20_000 {
		var b strings.Builder
		for range 1 + r.IntN(40) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		check(b.String(), 1+n%13)
	}
	for _, s := range corpustest.Texts(t, corpustest.Dir()) {
		check(s, 12)
	}
}

// refPreview is Preview as it was before its byte buffer and ASCII path:
// the reference TestPreviewOracle holds it to.
func refPreview(a *Analysis, width int) Cut {
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
	k := 0 // graphemes before off (off only grows): nextGrapheme without its search
	for off := 0; off < len(s); {
		next := off + 1
		if !a.ascii {
			for k < len(a.graphemes) && int(a.graphemes[k]) < off {
				k++
			}
			next = len(s)
			if k+1 < len(a.graphemes) {
				next = int(a.graphemes[k+1])
			}
		}
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
