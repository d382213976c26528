package lint

import "strconv"

// Excerpt quotes a piece of a message for a finding's text as %q does,
// except that it keeps the no-break spaces and other Unicode spaces French
// and typographic text hold (U+00A0, U+202F…) as they are, where %q writes
// "\u00a0": a copywriter reads "code : 1234", not "code\u00a0: 1234".
// Control characters and invalid bytes are still escaped. A finding about
// one such character (typography, GSM-7) names it with %q.
func Excerpt(s string) string {
	if plainASCII(s) {
		return `"` + s + `"` // what QuoteToGraphic writes for it, without its rune loop
	}
	return strconv.QuoteToGraphic(s)
}

// Quote is strconv.Quote (what %q writes for a string), with the same fast
// path as Excerpt: most quoted words are plain ASCII.
func Quote(s string) string {
	if plainASCII(s) {
		return `"` + s + `"`
	}
	return strconv.Quote(s)
}

// plainASCII reports whether s is printable ASCII with neither a double
// quote nor a backslash, or the ellipsis "…" a cut preview ends with: what
// strconv quotes by adding the quotes alone.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0xA6 { // …
				i += 2
				continue
			}
			return false
		}
	}
	return true
}
