package text

import (
	"strings"
	"unicode/utf8"
)

// Cut is what a preview of a given width shows of the message. Previews
// collapse line breaks and runs of white space into single spaces, count
// placeholders at their assumed width, and end in "…" when the message does
// not fit: width-1 characters of text, then the ellipsis.
type Cut struct {
	Text      string // what shows, with "…" when truncated
	End       int    // byte offset in the message where what shows stops
	Truncated bool
	Width     int // the preview width asked for
	// Split is the index of the token the cut falls inside (a word, number,
	// link or placeholder cut in half), or -1.
	Split int
}

// Preview computes the preview of the given width.
func (a *Analysis) Preview(width int) Cut {
	s := a.Text
	c := Cut{Width: width, Split: -1}
	if width <= 0 {
		c.Truncated = strings.TrimSpace(s) != ""
		c.Text = "…"
		return c
	}
	// The preview is at most the text, with runs of white space made one
	// space, built in a buffer on the stack for an SMS preview and made a
	// string once (with its "…" when cut).
	var buf [256]byte
	b := buf[:0]
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
				b = append(b, ' ')
			}
			if cutOff < 0 && count+a.phWidth > width-1 {
				cutOff, cutLen, cutEnd = off, len(b), end
				if count < width-1 {
					// Part of the filled-in value would show: it is cut.
					c.Split = a.TokenAt(off)
				}
			}
			count += a.phWidth
			if count > width {
				break
			}
			b = append(b, s[p.Start:p.End]...)
			off, end = p.End, p.End
			continue
		}
		r := rune(s[off])
		if r >= utf8.RuneSelf {
			r, _ = utf8.DecodeRuneInString(s[off:])
		}
		if isSpace(r) {
			space = true
			off = next
			continue
		}
		if space && count > 0 {
			if cutOff < 0 && count+1 > width-1 {
				cutOff, cutLen, cutEnd = off, len(b), end
			}
			count++
			b = append(b, ' ')
		}
		space = false
		if cutOff < 0 && count+1 > width-1 {
			cutOff, cutLen, cutEnd = off, len(b), end
		}
		count++
		if count > width {
			break
		}
		if next == off+1 {
			b = append(b, s[off])
		} else {
			b = append(b, s[off:next]...)
		}
		off, end = next, next
	}
	if count <= width {
		c.Split = -1
		c.Text, c.End = string(b), len(s)
		if strings.TrimSpace(s[end:]) == "" {
			c.End = end
		}
		return c
	}
	c.Truncated = true
	b = b[:cutLen]
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	c.Text = string(append(b, "…"...))
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
