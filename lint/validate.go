package lint

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Validate checks the metadata of rules, as x/tools' analysis.Validate
// checks analyzers: each name kebab-case and unique, a known category, a
// valid severity, a title in lower case without a final period, a text, and
// examples in English and in French with a Bad or a Good text. It returns
// every problem found, joined.
func Validate(rules []*Rule) error {
	var errs []error
	seen := map[string]bool{}
	for i, r := range rules {
		if r == nil {
			errs = append(errs, fmt.Errorf("rule %d is nil", i))
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("rule %q: "+format, append([]any{r.Name}, args...)...))
		}
		if !isKebab(r.Name) {
			bad("name is not kebab-case")
		}
		if seen[r.Name] {
			bad("registered twice")
		}
		seen[r.Name] = true
		switch r.Category {
		case Shape, Policy, Spam, Clarity:
		default:
			bad("unknown category %q (want %s, %s, %s or %s)", r.Category, Shape, Policy, Spam, Clarity)
		}
		if r.Severity < Info || r.Severity > Error {
			bad("severity %d is not info, warning or error", r.Severity)
		}
		if r.Run == nil {
			bad("no Run function")
		}
		title := r.Doc.Title
		switch {
		case title == "":
			bad("no title")
		case strings.HasSuffix(title, "."):
			bad("title %q ends with a period", title)
		case unicode.IsUpper([]rune(title)[0]):
			bad("title %q does not start in lower case", title)
		case strings.Contains(title, "\n"):
			bad("title %q is more than one line", title)
		}
		if strings.TrimSpace(r.Doc.Text) == "" {
			bad("no documentation text")
		}
		langs := map[string]bool{}
		for k, ex := range r.Doc.Examples {
			langs[ex.Lang] = true
			if ex.Bad == "" && ex.Good == "" {
				bad("example %d has neither a Bad nor a Good text", k)
			}
		}
		if !langs["en"] || !langs["fr"] {
			bad("examples must cover en and fr")
		}
		if r.Options != nil && r.Options() == nil {
			bad("Options returns nil")
		}
		facts := map[Requirement]bool{}
		for k, f := range r.Requires {
			switch {
			case f == nil:
				bad("required fact %d is nil", k)
			case facts[f]:
				bad("requires fact %s twice", f.factName())
			case !isKebab(f.factName()):
				bad("required fact %q is not named in kebab-case", f.factName())
			}
			facts[f] = true
		}
	}
	return errors.Join(errs...)
}
