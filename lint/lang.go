package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/presend/presend/internal/quote"
)

// Languages returns the languages presend lints, as messages, catalogs and
// presend.toml name them. It is the one list: what accepts a language asks
// SupportedLang, and rules/internal/spam and lint/promo keep their lists per code of
// it.
func Languages() []string { return []string{"en", "fr"} }

// SupportedLang reports whether presend lints messages in lang: a code of
// Languages, or "" or "auto" (guess it from the text).
func SupportedLang(lang string) bool {
	return lang == "" || lang == "auto" || slices.Contains(Languages(), lang)
}

// unknownLang is the problem with a language SupportedLang refuses.
func unknownLang(lang string) string {
	return fmt.Sprintf("unknown language %q (want auto, %s)", quote.V(lang), orList(Languages()))
}

// orList writes "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) < 2 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}
