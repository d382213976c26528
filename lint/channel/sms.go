package channel

import (
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Encoding is the data coding an SMS is sent with.
type Encoding string

// The two encodings of SMS text (3GPP TS 23.038).
const (
	GSM7 Encoding = "GSM-7" // 7-bit default alphabet: 160 septets in one part, 153 per part
	UCS2 Encoding = "UCS-2" // UTF-16: 70 code units in one part, 67 per part
)

// Part sizes (3GPP TS 23.040: 140 octets of user data; a concatenated part
// spends 6 octets on its user data header, leaving 153 septets or 67 units).
const (
	gsmSingle  = 160
	gsmPerPart = 153
	ucsSingle  = 70
	ucsPerPart = 67
)

// Span is a byte range [Start, End) in a text.
type Span struct{ Start, End int }

// Forcer is a character that forced UCS-2. It is one grapheme cluster (what
// a reader sees as one character): a decomposed "e" + U+0301 or an emoji with
// a skin-tone modifier is one Forcer, whose span may then begin with a GSM-7
// letter.
type Forcer struct {
	Start, End  int    // byte span in the text
	Char        string // the grapheme as written
	Replacement string // GSM-7 replacement, "" when none (or when Remove)
	Remove      bool   // the fix is to delete Char (an invisible character); Replacement is ""
}

// SMSInfo describes how an SMS text is encoded and split.
type SMSInfo struct {
	Encoding Encoding
	Units    int      // septets (GSM-7, extension chars count 2) or UTF-16 code units (UCS-2)
	Parts    int      // 0 for empty text
	PerPart  int      // 160/153 or 70/67 as applied
	Forcers  []Forcer // every non-GSM-7 character, in order (empty for GSM-7)
	// GSMParts is the parts the message would need if every forcer were
	// replaced by its Replacement (deleted when Remove, counted as 1 septet
	// when it has none) — lets a rule say "3 parts instead of 1". Equal to
	// Parts for GSM-7.
	GSMParts int
}

// packer simulates filling concatenated parts of per units with characters
// of 1 or 2 units, a 2-unit character (escape pair, surrogate pair) never
// being split across parts. Runs of 1-unit characters are only counted, and
// packed in one step when a 2-unit character or the end comes.
type packer struct {
	per, parts, fill int
	run              int // 1-unit characters not packed yet
}

func newPacker(per int) packer { return packer{per: per, fill: per} }

// add puts one character of w units (1 or 2).
func (p *packer) add(w int) {
	if w == 1 {
		p.run++
		return
	}
	p.flush()
	if p.fill+w > p.per {
		p.parts++
		p.fill = w
		return
	}
	p.fill += w
}

// flush packs the pending run of 1-unit characters.
func (p *packer) flush() {
	n := p.run
	if n == 0 {
		return
	}
	p.run = 0
	if room := p.per - p.fill; n > room {
		n -= room
		full := (n - 1) / p.per // parts filled completely after the current one
		p.parts += full + 1
		p.fill = n - full*p.per
		return
	}
	p.fill += n
}

// result returns parts and per-part size for total units, given single-part
// capacity single.
func (p *packer) result(total, single int) (parts, per int) {
	switch {
	case total == 0:
		return 0, single
	case total <= single:
		return 1, single
	}
	p.flush()
	return p.parts, p.per
}

// phWalker walks template placeholder spans, dropping the ones that are
// out of range, empty, reversed, overlapping or out of order, or that start or end
// inside a UTF-8 sequence.
type phWalker struct {
	text  string
	spans []Span
	k     int
	next  Span // the next valid span; next.Start > len(text) when none
}

func (ph *phWalker) advance(cursor int) {
	for ph.k < len(ph.spans) {
		s := ph.spans[ph.k]
		ph.k++
		if s.Start < cursor || s.End <= s.Start || s.End > len(ph.text) ||
			(s.Start < len(ph.text) && !utf8.RuneStart(ph.text[s.Start])) ||
			(s.End < len(ph.text) && !utf8.RuneStart(ph.text[s.End])) {
			continue
		}
		ph.next = s
		return
	}
	ph.next = Span{len(ph.text) + 1, len(ph.text) + 1}
}

// SMS computes encoding and parts. placeholders are byte spans of template
// placeholders (sorted, non-overlapping): each counts as assumedWidth GSM-7
// basic characters instead of its own text, and never forces UCS-2 (under
// UCS-2 it counts assumedWidth UTF-16 units). Spans that are empty, out of
// range, out of order, overlapping or not on rune boundaries are ignored; a
// negative assumedWidth counts as 0.
//
// Multi-part counts simulate filling the parts, so an escape pair (GSM-7) or
// a surrogate pair (UCS-2) is never split. Invalid UTF-8 bytes count as one
// non-GSM-7 character of one UTF-16 unit each.
//
// Pure GSM-7 text costs no allocation; UCS-2 text allocates Forcers (whose
// Char fields are substrings of text). Safe for concurrent use.
func SMS(text string, placeholders []Span, assumedWidth int) SMSInfo {
	if assumedWidth < 0 {
		assumedWidth = 0
	}

	// Fast pass: count septets while the text is GSM-7.
	ph := newPlaceholders(text, placeholders)
	septets, chars, i := 0, 0, 0
	for i < len(text) {
		if i >= ph.next.Start {
			if i == ph.next.Start {
				septets += assumedWidth
				chars += assumedWidth
				i = ph.next.End
			}
			ph.advance(i)
			continue
		}
		if c := text[i]; c < utf8.RuneSelf {
			w := asciiSeptets[c]
			if w == 0 {
				break
			}
			septets += int(w)
			chars++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		w := runeSeptets(r)
		if w == 0 {
			break
		}
		septets += w
		chars++
		i += size
	}
	if i < len(text) {
		return ucs2(text, placeholders, assumedWidth)
	}

	info := SMSInfo{Encoding: GSM7, Units: septets, PerPart: gsmSingle}
	switch {
	case septets == 0:
	case septets <= gsmSingle:
		info.Parts = 1
	case septets == chars: // no escape pair: filling parts is plain division
		info.Parts, info.PerPart = (septets+gsmPerPart-1)/gsmPerPart, gsmPerPart
	default: // escape pairs must not straddle parts: simulate
		info.Parts, info.PerPart = ucs2(text, placeholders, assumedWidth).GSMParts, gsmPerPart
	}
	info.GSMParts = info.Parts
	return info
}

// ucs2 computes SMSInfo for a text that is not all GSM-7 (or, for a GSM-7
// text, just its GSMParts, without allocating). It simulates both packings at
// once: UCS-2 for the text as it is, GSM-7 with the forcers replaced.
func ucs2(text string, placeholders []Span, assumedWidth int) SMSInfo {
	ph := newPlaceholders(text, placeholders)
	ucs, rep := newPacker(ucsPerPart), newPacker(gsmPerPart)
	var (
		units, septets int
		repPrev        packer // rep before the last 2-septet GSM-7 rune
		prevStart      = -1   // start of the last GSM-7 rune when it may begin a cluster, else -1
		prevSeptets    int    // its septets
		forcers        []Forcer
	)
	for i := 0; i < len(text); {
		if i >= ph.next.Start {
			if i == ph.next.Start {
				units += assumedWidth
				ucs.run += assumedWidth
				septets += assumedWidth
				rep.run += assumedWidth
				i = ph.next.End
				prevStart = -1
			}
			ph.advance(i)
			continue
		}
		c := text[i]
		if c < utf8.RuneSelf && asciiSeptets[c] == 1 { // the common case
			units++
			ucs.run++
			rep.run++
			septets++
			prevStart, prevSeptets = clusterStart(c, i), 1
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if w := runeSeptets(r); w > 0 {
			units++ // GSM-7 is all in the BMP
			ucs.run++
			if w == 1 {
				rep.run++
			} else {
				rep.flush()
				repPrev = rep
				rep.add(w)
			}
			septets += w
			prevStart, prevSeptets = clusterStart(c, i), w
			i += size
			continue
		}

		// A forcer: find its grapheme cluster, which may begin with the
		// GSM-7 rune before it, and must stop at the next placeholder.
		limit := min(ph.next.Start, len(text))
		gs, ge := cluster(text, prevStart, i, r, size, limit)
		if gs < i { // the GSM-7 rune at prevStart belongs to this cluster
			if prevSeptets == 1 {
				rep.run--
			} else {
				rep = repPrev
			}
			septets -= prevSeptets
		}
		f := Forcer{Start: gs, End: ge, Char: text[gs:ge]}
		var ok bool
		if gs == i && ge == i+size { // one rune, the common case
			units += utf16Len(r)
			ucs.add(utf16Len(r))
			f.Replacement, ok = replacement(r)
			f.Remove = ok && f.Replacement == ""
		} else {
			for k := i; k < ge; k += size {
				r, size = utf8.DecodeRuneInString(text[k:])
				units += utf16Len(r)
				ucs.add(utf16Len(r))
			}
			f.Replacement, ok, f.Remove = clusterReplacement(f.Char)
		}
		if ok {
			for j := 0; j < len(f.Replacement); j++ { // replacements are ASCII or GSM-7
				if c := f.Replacement[j]; c < utf8.RuneSelf {
					w := int(asciiSeptets[c])
					rep.add(w)
					septets += w
				} else {
					rr, n := utf8.DecodeRuneInString(f.Replacement[j:])
					w := runeSeptets(rr)
					rep.add(w)
					septets += w
					j += n - 1
				}
			}
		} else {
			rep.add(1)
			septets++
		}
		if forcers == nil {
			forcers = make([]Forcer, 0, 8)
		}
		forcers = append(forcers, f)
		prevStart = -1
		i = ge
	}
	parts, per := ucs.result(units, ucsSingle)
	gsmParts, _ := rep.result(septets, gsmSingle)
	return SMSInfo{Encoding: UCS2, Units: units, Parts: parts, PerPart: per, Forcers: forcers, GSMParts: gsmParts}
}

// utf16Len returns the UTF-16 code units of r: 2 (a surrogate pair) above
// the BMP, else 1 (an invalid byte decodes to U+FFFD, 1 unit).
func utf16Len(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

func newPlaceholders(text string, spans []Span) phWalker {
	ph := phWalker{text: text, spans: spans}
	ph.advance(0)
	return ph
}

// clusterStart returns i when the GSM-7 character c at i may begin a
// grapheme cluster with the runes after it, -1 when it cannot (CR, LF, FF are
// controls: a cluster always ends after them). A GSM-7 character is never
// Extend, SpacingMark, Prepend, ZWJ or Extended_Pictographic, so there is
// always a cluster boundary between two GSM-7 characters other than CR LF.
func clusterStart(c byte, i int) int {
	if c == '\n' || c == '\r' || c == '\f' {
		return -1
	}
	return i
}

// cluster returns the grapheme cluster [gs, ge) holding the rune r of size
// bytes at i, within text[:limit]. prev, when ≥ 0, is the start of the GSM-7
// rune just before i, known to be a cluster boundary; otherwise i is one.
func cluster(text string, prev, i int, r rune, size, limit int) (gs, ge int) {
	// Fast path, no segmentation: r stands alone when it cannot join what
	// is before it or after it (see loneRune), and the next rune cannot
	// join it either. GSM-7 and lone runes are never Extend, SpacingMark or
	// ZWJ, the only classes that join a preceding non-Prepend rune.
	if next := i + size; loneRune(r) {
		if next >= limit || text[next] < utf8.RuneSelf {
			return i, next
		}
		if n, _ := utf8.DecodeRuneInString(text[next:limit]); runeSeptets(n) > 0 || loneRune(n) {
			return i, next
		}
	}
	if prev >= 0 {
		c, _, _, _ := uniseg.FirstGraphemeClusterInString(text[prev:limit], -1)
		if prev+len(c) > i {
			return prev, prev + len(c)
		}
	}
	c, _, _, _ := uniseg.FirstGraphemeClusterInString(text[i:limit], -1)
	return i, i + len(c)
}

// loneRune reports whether r belongs to blocks where no rune has a
// Grapheme_Cluster_Break property that joins (Extend, ZWJ, SpacingMark,
// Prepend, Regional_Indicator, Hangul): Latin-1 Supplement through Spacing
// Modifier Letters, General Punctuation (but ZWNJ and ZWJ), Currency
// Symbols, and U+FFFD. TestLoneRune checks this against uniseg. These blocks
// hold the usual forcers of Latin-script text (â ê œ ’ “ ” « » … – — and the
// no-break spaces), which then need no segmentation.
func loneRune(r rune) bool {
	switch {
	case r >= 0xA0 && r < 0x300:
		return true
	case r >= 0x2000 && r < 0x2070:
		return r != 0x200C && r != 0x200D
	case r >= 0x20A0 && r < 0x20D0:
		return true
	case r == utf8.RuneError: // U+FFFD and invalid bytes (decoded as U+FFFD)
		return true
	}
	return false
}
