package report

import (
	"strings"

	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
)

const (
	// cardIndent is written before every line of the preview card.
	cardIndent = "  "
	// maxLineWidth bounds the card's width, indent and border included.
	maxLineWidth = 80
	// maxCardContent is the widest text inside the card: the line less the
	// indent, the two border columns and the two padding columns.
	maxCardContent = maxLineWidth - len(cardIndent) - 4
)

// writeCard draws the preview card of r:
//
//	╭─ messenger preview · 50 characters ──────────────╮
//	│ Bonjour à tous, nous espérons que vous allez bi… │
//	╰──────────────────────────────────────────────────╯
//
// The card is as wide as the preview (in terminal cells: emoji and East Asian
// wide characters count 2) or its title, whichever is wider, and never wider
// than maxLineWidth: longer previews wrap inside it. Line breaks in the
// preview are kept.
func writeCard(b *strings.Builder, st *styles, r *lint.Result) {
	preview := sanitize(r.Preview, true)
	var linesBuf [4]string
	lines := linesBuf[:0]
	for l := range strings.SplitSeq(preview, "\n") {
		lines = wrap(lines, l, maxCardContent)
	}

	var tb strings.Builder
	tb.Grow(48)
	if ch := oneLine(r.Channel); ch != "" {
		tb.WriteString(ch + " ")
	}
	tb.WriteString("preview")
	if r.PreviewWidth > 0 {
		tb.WriteString(" · ")
		tb.WriteString(plural(r.PreviewWidth, "character", "characters"))
	}
	title := tb.String()
	if cellWidth(title)+2 > maxCardContent {
		head, _ := cutWidth(title, maxCardContent-3)
		title = head + "…"
	}

	titleWidth := cellWidth(title)
	width := titleWidth + 2 // room for " " and at least one "─" after the title
	for _, l := range lines {
		width = max(width, cellWidth(l))
	}

	// The channel cuts the message where the preview's "…" stands: mark it.
	cut := r.PreviewEnd < len(r.Text) && strings.HasSuffix(preview, "…")

	b.WriteString(cardIndent)
	st.border.write(b, cardBorder.TopLeft, cardBorder.Top, " ")
	st.title.write(b, title)
	st.border.write(b, " ", rule(width-titleWidth-1), cardBorder.TopRight)
	b.WriteByte('\n')
	for i, l := range lines {
		b.WriteString(cardIndent)
		st.border.write(b, cardBorder.Left)
		b.WriteByte(' ')
		if cut && i == len(lines)-1 {
			b.WriteString(strings.TrimSuffix(l, "…"))
			st.cut.write(b, "…")
		} else {
			b.WriteString(l)
		}
		b.WriteString(spaces(width - cellWidth(l)))
		b.WriteByte(' ')
		st.border.write(b, cardBorder.Left)
		b.WriteByte('\n')
	}
	b.WriteString(cardIndent)
	st.border.write(b, cardBorder.BottomLeft, rule(width+2), cardBorder.BottomRight)
	b.WriteByte('\n')
}

// borderLine is a line of the card's border, for rule to cut: the card is
// never wider than maxLineWidth.
var borderLine = strings.Repeat(cardBorder.Top, maxLineWidth)

// rule returns n of the border's horizontal line.
func rule(n int) string {
	n = max(n, 0)
	if n*len(cardBorder.Top) <= len(borderLine) {
		return borderLine[:n*len(cardBorder.Top)]
	}
	return strings.Repeat(cardBorder.Top, n)
}

// spaces returns n spaces, without allocating for a card's widths.
func spaces(n int) string {
	const s = "                                                                                "
	if n <= len(s) {
		return s[:max(n, 0)]
	}
	return strings.Repeat(" ", n)
}

// wrap breaks one line of text into lines at most width cells wide, and
// appends them to out. It breaks at spaces where it can, and between
// grapheme clusters where a word alone is too wide. Spaces at the end of a
// broken line are dropped.
func wrap(out []string, line string, width int) []string {
	if cellWidth(line) <= width {
		return append(out, line)
	}
	start := len(out)
	var (
		cur  strings.Builder
		curW int
	)
	flush := func() {
		out = append(out, strings.TrimRight(cur.String(), " "))
		cur.Reset()
		curW = 0
	}
	for i, word := range strings.Split(line, " ") {
		ww := cellWidth(word)
		sep := 0
		if i > 0 && cur.Len() > 0 {
			sep = 1
		}
		if curW+sep+ww <= width {
			if sep == 1 {
				cur.WriteByte(' ')
			}
			cur.WriteString(word)
			curW += sep + ww
			continue
		}
		if cur.Len() > 0 {
			flush()
		}
		for ww > width {
			head, rest := cutWidth(word, width)
			out = append(out, head)
			word, ww = rest, cellWidth(rest)
		}
		cur.WriteString(word)
		curW = ww
	}
	if cur.Len() > 0 || len(out) == start {
		flush()
	}
	return out
}

// cellWidth is uniseg.StringWidth, with a fast path for text whose every
// rune is one cluster one cell wide on its own, which is nearly all English
// and French: ASCII, Latin-1 and the Latin extensions (below U+0300) but the
// soft hyphen, which takes no cell, and the dashes, quotes, "…", "‰" and
// currency signs of U+2010–U+2027, U+2030–U+205E and U+20A0–U+20C0. Any
// other rune (a combining mark, a zero-width or wide character, an emoji)
// sends the whole text to uniseg. The text has no control characters
// (sanitize replaced them). TestCellWidth checks it against uniseg.
func cellWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < 0x300 && r != '\u00ad',
			r >= 0x2010 && r <= 0x2027,
			r >= 0x2030 && r <= 0x205e,
			r >= 0x20a0 && r <= 0x20c0:
			n++
		default:
			return uniseg.StringWidth(s)
		}
	}
	return n
}

// cutWidth splits s after as many whole grapheme clusters as fit in width
// cells (at least one, so callers always make progress).
func cutWidth(s string, width int) (head, rest string) {
	w, n := 0, 0
	state := -1
	for rest := s; rest != ""; {
		var cluster string
		var cw int
		cluster, rest, cw, state = uniseg.FirstGraphemeClusterInString(rest, state)
		if w+cw > width && n > 0 {
			break
		}
		w += cw
		n += len(cluster)
	}
	return s[:n], s[n:]
}
