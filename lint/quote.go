package lint

import "strconv"

// Excerpt quotes a piece of a message for a finding's text as %q does,
// except that it keeps the no-break spaces and other Unicode spaces French
// and typographic text hold (U+00A0, U+202F…) as they are, where %q writes
// "\u00a0": a copywriter reads "code : 1234", not "code\u00a0: 1234".
// Control characters and invalid bytes are still escaped. A finding about
// one such character (typography, GSM-7) names it with %q.
func Excerpt(s string) string { return strconv.QuoteToGraphic(s) }
