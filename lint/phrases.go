package lint

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint/text"
)

// PhraseRule is a rule users write in presend.toml, one [[phrases]] table
// each: phrases to avoid, and phrases to replace with a preferred wording.
// The Linter turns each into a Rule of its own, in the clarity category,
// whose findings carry the user's name: the name they chose is the one they
// see in reports, filter on and look up in their configuration.
type PhraseRule struct {
	Name     string            // kebab-case; no built-in rule may have it
	Lang     string            // en, fr, or "" for both
	Severity Severity          // 0: warning
	Message  string            // optional, added to every finding
	Avoid    []string          // phrases to flag, matched on stems so inflections count
	Replace  map[string]string // phrase (matched on stems) → preferred wording, with a fix
	Line     int               // line of its [[phrases]] header; 0 when not read from a file
}

// phraseRuleTOML is a [[phrases]] table as decoded.
type phraseRuleTOML struct {
	Name     string            `toml:"name"`
	Lang     string            `toml:"lang"`
	Severity string            `toml:"severity"`
	Message  string            `toml:"message"`
	Avoid    []string          `toml:"avoid"`
	Replace  map[string]string `toml:"replace"`
}

// isKebab reports whether s is kebab-case, as the regular expression
// ^[a-z0-9]+(-[a-z0-9]+)*$ says: words of a-z and 0-9 joined by single
// hyphens. A loop, not a regexp compiled at every start-up.
func isKebab(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// phraseProblem is one thing wrong with a phrase rule, and the key it is at.
type phraseProblem struct{ key, msg string }

// problems validates r; builtin reports the names of built-in rules.
func (r PhraseRule) problems(builtin func(string) bool) []phraseProblem {
	var out []phraseProblem
	add := func(key, format string, args ...any) {
		out = append(out, phraseProblem{key, fmt.Sprintf(format, args...)})
	}
	switch {
	case r.Name == "":
		add("name", "phrase rule has no name")
	case !isKebab(r.Name):
		add("name", "phrase rule name %q must be kebab-case: a-z, 0-9 and inner hyphens", r.Name)
	case r.Name == "input" || builtin(r.Name):
		add("name", "phrase rule name %q is the name of a built-in rule", r.Name)
	}
	if r.Lang != "" && !slices.Contains(Languages(), r.Lang) {
		add("lang", "unknown language %q (want %s, or \"\" for both)", quote.V(r.Lang), strings.Join(Languages(), ", "))
	}
	if len(r.Avoid) == 0 && len(r.Replace) == 0 {
		add("name", "phrase rule %q has no avoid or replace phrases", r.Name)
	}
	for _, p := range r.Avoid {
		if strings.TrimSpace(p) == "" {
			add("avoid", "empty phrase in avoid")
		}
	}
	for _, k := range sortedKeys(r.Replace) {
		if strings.TrimSpace(k) == "" {
			add("replace", "empty phrase in replace")
		} else if strings.TrimSpace(r.Replace[k]) == "" {
			add("replace", "phrase %q has an empty replacement", k)
		}
	}
	if len(out) == 0 {
		if _, _, err := r.compile(nil); err != nil {
			key, msg, _ := strings.Cut(err.Error(), ": ")
			add(key, "%s", msg)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readPhraseRules validates the decoded [[phrases]] tables; errors name the
// file, the line and the key.
func readPhraseRules(path string, data []byte, raw []phraseRuleTOML, builtin func(string) bool) ([]PhraseRule, error) {
	var out []PhraseRule
	var errs []error
	seen := map[string]bool{}
	lines := newTOMLLines(data)
	headers := lines.arrayTables("phrases")
	for n, t := range raw {
		line := 1
		if n < len(headers) {
			line = headers[n]
		}
		keyLine := lines.keyFinder(line)
		r := PhraseRule{Name: t.Name, Lang: t.Lang, Message: t.Message, Avoid: t.Avoid, Replace: t.Replace, Line: line}
		bad := func(key, msg string) {
			errs = append(errs, fmt.Errorf("%s:%d: %s (key \"phrases.%s\")", path, keyLine(key), msg, key))
		}
		if t.Severity != "" {
			sev, err := ParseSeverity(t.Severity)
			if err != nil {
				bad("severity", err.Error())
			}
			r.Severity = sev
		}
		for _, p := range r.problems(builtin) {
			bad(p.key, p.msg)
		}
		if t.Name != "" && seen[t.Name] {
			bad("name", fmt.Sprintf("phrase rule %q is defined twice", t.Name))
		}
		seen[t.Name] = true
		out = append(out, r)
	}
	return out, errors.Join(errs...)
}

// compile builds the phrase sets of r.
func (r PhraseRule) compile(stems *text.Stemmer) (avoid, replace *text.PhraseSet, err error) {
	langs := Languages()
	if r.Lang != "" {
		langs = []string{r.Lang}
	}
	av, rp := map[string][]string{}, map[string][]string{}
	keys := sortedKeys(r.Replace)
	for _, l := range langs {
		av[l], rp[l] = r.Avoid, keys
	}
	if avoid, err = text.CompilePhrases(stems, av); err != nil {
		return nil, nil, fmt.Errorf("avoid: %w", err)
	}
	if replace, err = text.CompilePhrases(stems, rp); err != nil {
		return nil, nil, fmt.Errorf("replace: %w", err)
	}
	return avoid, replace, nil
}

// phraseRules validates the configuration's phrase rules and compiles them
// into rules; builtin reports the names of the built-in rules.
func phraseRules(cfg Config, stems *text.Stemmer, builtin func(string) bool) ([]*Rule, []error) {
	var out []*Rule
	var errs []error
	seen := map[string]bool{}
	for _, pr := range cfg.Phrases {
		where := cfg.where()
		if pr.Line > 0 {
			where = fmt.Sprintf("%s:%d: ", cfg.Path, pr.Line)
		}
		if ps := pr.problems(builtin); len(ps) > 0 {
			for _, p := range ps {
				errs = append(errs, fmt.Errorf("%sphrases.%s: %s", where, p.key, p.msg))
			}
			continue
		}
		if seen[pr.Name] {
			errs = append(errs, fmt.Errorf("%sphrase rule %q is defined twice", where, pr.Name))
			continue
		}
		seen[pr.Name] = true
		r, err := pr.rule(stems)
		if err != nil {
			errs = append(errs, fmt.Errorf("%sphrases.%s: %w", where, pr.Name, err))
			continue
		}
		out = append(out, r)
	}
	return out, errs
}

// rule turns a phrase rule into a Rule.
func (r PhraseRule) rule(stems *text.Stemmer) (*Rule, error) {
	avoid, replace, err := r.compile(stems)
	if err != nil {
		return nil, err
	}
	sev := r.Severity
	if sev == 0 {
		sev = Warning
	}
	note := ""
	if r.Message != "" {
		note = ": " + r.Message
	}
	lang := "English and French"
	switch r.Lang {
	case "en":
		lang = "English"
	case "fr":
		lang = "French"
	}
	title := "custom phrase rule from presend.toml"
	if r.Message != "" {
		title = r.Message
	}
	replacements := make(map[string]string, len(r.Replace))
	for k, v := range r.Replace {
		replacements[k] = v
	}
	return &Rule{
		Name: r.Name, Category: Clarity, Severity: sev,
		Doc: Doc{Title: title, Text: fmt.Sprintf(
			"A rule from presend.toml ([[phrases]] at line %d), for %s messages.\nAvoid: %q\nReplace: %q",
			r.Line, lang, r.Avoid, sortedKeys(r.Replace))},
		Run: func(p *Pass) {
			a := p.Text
			for _, m := range avoid.Find(a, 0, len(a.Tokens)) {
				p.Reportf(m.Start, m.End, "avoid %s%s", quoted(a.Text[m.Start:m.End], m.Phrase), note)
			}
			for _, m := range replace.Find(a, 0, len(a.Tokens)) {
				got := a.Text[m.Start:m.End]
				want := sentenceCase(got, m.Phrase, replacements[m.Phrase])
				if got == want {
					continue // already the preferred wording ("Messenger" for "messenger")
				}
				d := Diagnostic{Start: m.Start, End: m.End,
					Message: fmt.Sprintf("write %q, not %s%s", want, quoted(got, m.Phrase), note)}
				if strings.EqualFold(got, m.Phrase) {
					// Only the form as listed: "e-mails" → "courriel" would
					// lose the plural, so an inflected match gets no fix.
					d.Fixes = []Fix{{Title: fmt.Sprintf("replace with %q", want), Edits: []Edit{{Start: m.Start, End: m.End, New: want}}}}
				}
				p.Report(d)
			}
		},
	}, nil
}

// sentenceCase capitalises the replacement of a phrase the writer
// capitalised (at the start of a sentence: "Newsletter" listed as
// "newsletter" becomes "Lettre d'information"). A replacement that starts
// with a capital, or a phrase listed with one, is kept as listed.
func sentenceCase(got, listed, want string) string {
	g, _ := utf8.DecodeRuneInString(got)
	l, _ := utf8.DecodeRuneInString(listed)
	w, n := utf8.DecodeRuneInString(want)
	if unicode.IsUpper(g) && unicode.IsLower(l) && unicode.IsLower(w) {
		return string(unicode.ToUpper(w)) + want[n:]
	}
	return want
}

// quoted shows a match as written and, when an inflection or another case
// matched, the phrase as listed.
func quoted(got, listed string) string {
	if strings.EqualFold(got, listed) {
		return fmt.Sprintf("%q", got)
	}
	return fmt.Sprintf("%q (listed as %q)", got, listed)
}

// isRule reports whether name is a rule of the schema.
func (s *schema) isRule(name string) bool {
	return slices.ContainsFunc(s.rules, func(r *Rule) bool { return r.Name == name })
}
