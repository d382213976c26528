package text

import (
	"strings"
	"unicode"
)

// PlaceholderWords returns the words a placeholder's name is made of, in
// lower case: "{{expected_date}}" → [expected date], "%{orderId}" → [order
// id], ":amount" → [amount], "{0}" and "%s" → none. Names split at every
// character that is not a letter or digit and where a lower-case letter is
// followed by a capital.
func PlaceholderWords(ph string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			w := strings.ToLower(b.String())
			if strings.IndexFunc(w, unicode.IsLetter) >= 0 {
				words = append(words, w)
			}
			b.Reset()
		}
	}
	prevLower := false
	for _, r := range ph {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			b.WriteRune(r)
			prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	if strings.HasPrefix(ph, "%") && !strings.ContainsAny(ph, "{(<") {
		return nil // %s, %1$s: a printf verb, not a name
	}
	return words
}
