package input

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/presend/presend/internal/abspath"
	"github.com/presend/presend/lint"
)

// Select applies the [[files]] rules of a configuration (lint.FileRule) to
// the messages read from file, and returns those to lint:
//
//   - When no rule's paths match the file, every message is kept.
//   - Otherwise a message is kept when one of the matching rules selects its
//     key (one of keys matches, or keys is empty, and none of exclude-keys
//     does); that rule's channel and lang, where set, become the message's.
//     The variants of an ICU message ("inbox#one") are selected by their
//     key ("inbox") as well as by their own ID.
//   - Catalog messages whose language, from the file's name or locale root,
//     is one presend does not lint (de, es...) are left out, unless a rule
//     sets their lang; they come back as skipped, for the caller to say so.
//     So are WhatsApp template definitions in such a language (pt_BR), in a
//     .json or a .jsonl file.
//
// Paths are matched relative to each rule's Dir, with "/" separators.
// Select reuses the memory of msgs: the caller must not use msgs after it.
func Select(msgs []lint.Message, file string, rules []lint.FileRule) (kept, skipped []lint.Message) {
	cwd, _ := os.Getwd()
	return SelectIn(cwd, msgs, file, rules)
}

// SelectIn is Select for relative paths under the working folder cwd, for a
// caller that selects in many files: Select asks the system for it.
func SelectIn(cwd string, msgs []lint.Message, file string, rules []lint.FileRule) (kept, skipped []lint.Message) {
	var matching []matchingRule
	for _, r := range rules {
		if MatchesPath(cwd, r, file) {
			matching = append(matching, newMatchingRule(cwd, r))
		}
	}
	f, _ := formatOf(file)
	catalog := isCatalog(f) || f == FormatJSON
	templates := slices.ContainsFunc(msgs, func(m lint.Message) bool { return m.WhatsApp != nil })
	if len(matching) == 0 && !catalog && !templates {
		return msgs, nil // every message is kept as it is
	}
	out := msgs[:0]
	for _, m := range msgs {
		keep := len(matching) == 0
		for _, mr := range matching {
			if SelectsKey(mr.FileRule, m.ID) {
				keep = true
				// A table without keys gives the file's default channel, which
				// a key naming a spoken script overrides (the voice channel).
				if mr.Channel != "" && (len(mr.Keys) > 0 || !lint.SpokenKey(m.ID)) {
					m.Channel = mr.Channel
				}
				if mr.Lang != "" {
					m.Lang = mr.Lang
				}
				m.Suppress = append(m.Suppress, mr.suppressions(m.ID)...)
				break
			}
		}
		if keep && (catalog || m.WhatsApp != nil) && m.ID != "" && !SupportedLang(m.Lang) {
			keep = false // a catalog (or a template, even in a .jsonl) in a language presend does not lint
			skipped = append(skipped, m)
		}
		if keep {
			out = append(out, m)
		}
	}
	return out, skipped
}

// MatchesPath reports whether a [[files]] table's paths match file, both
// taken from the working folder cwd when relative.
func MatchesPath(cwd string, r lint.FileRule, file string) bool {
	rel, err := filepath.Rel(abspath.From(cwd, r.Dir), abspath.From(cwd, file))
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, p := range r.Paths {
		if ok, _ := doublestar.Match(filepath.ToSlash(filepath.Clean(p)), rel); ok {
			return true
		}
	}
	return false
}

// SelectsKey reports whether a [[files]] table selects a message key (an
// ICU branch key#one by its own key or its base key).
func SelectsKey(r lint.FileRule, id string) bool {
	match := func(globs []string) bool {
		for _, g := range globs {
			if MatchKey(g, id) {
				return true
			}
			if base, _, ok := strings.Cut(id, "#"); ok && MatchKey(g, base) {
				return true
			}
		}
		return false
	}
	return (len(r.Keys) == 0 || match(r.Keys)) && !match(r.ExcludeKeys)
}

// MatchKey reports whether a catalog key matches a key glob. Both are cut
// at "."; "**" matches any number of parts (none included), and within a
// part "*" matches any characters and "?" one.
func MatchKey(glob, key string) bool {
	return matchParts(strings.Split(glob, "."), strings.Split(key, "."))
}

func matchParts(gs, ks []string) bool {
	for len(gs) > 0 {
		if gs[0] == "**" {
			for len(gs) > 0 && gs[0] == "**" {
				gs = gs[1:]
			}
			if len(gs) == 0 {
				return true
			}
			for i := 0; i <= len(ks); i++ {
				if matchParts(gs, ks[i:]) {
					return true
				}
			}
			return false
		}
		if len(ks) == 0 || !matchPart(gs[0], ks[0]) {
			return false
		}
		gs, ks = gs[1:], ks[1:]
	}
	return len(ks) == 0
}

// matchPart matches one part: "*" any run of characters, "?" one.
func matchPart(g, k string) bool {
	// Iterative wildcard matching with backtracking to the last star.
	gi, ki, star, mark := 0, 0, -1, 0
	gr, kr := []rune(g), []rune(k)
	for ki < len(kr) {
		switch {
		case gi < len(gr) && (gr[gi] == '?' || gr[gi] == kr[ki]):
			gi++
			ki++
		case gi < len(gr) && gr[gi] == '*':
			star, mark = gi, ki
			gi++
		case star >= 0:
			gi = star + 1
			mark++
			ki = mark
		default:
			return false
		}
	}
	for gi < len(gr) && gr[gi] == '*' {
		gi++
	}
	return gi == len(gr)
}

// matchingRule is a [[files]] table that matches the file being selected,
// with its suppress globs sorted and their origins worked out once for all
// the file's messages.
type matchingRule struct {
	lint.FileRule
	globs   []string // the keys of Suppress, sorted
	origins []string // origins[i] names globs[i] in findings
}

func newMatchingRule(cwd string, r lint.FileRule) matchingRule {
	mr := matchingRule{FileRule: r}
	if len(r.Suppress) == 0 {
		return mr
	}
	mr.globs = slices.Sorted(maps.Keys(r.Suppress))
	cfg := r.Config
	if cfg == "" {
		cfg = filepath.Join(r.Dir, lint.ConfigFile)
	}
	for _, g := range mr.globs {
		mr.origins = append(mr.origins, fmt.Sprintf("%s:%d [[files]] suppress %q", shortPath(cwd, cfg), max(r.SuppressLine, r.Line), g))
	}
	return mr
}

// suppressions returns the rule's suppressions whose key glob matches the
// message key id (an ICU variant "key#one" goes with its key), in glob
// order.
func (mr matchingRule) suppressions(id string) []lint.Suppression {
	if len(mr.globs) == 0 || id == "" {
		return nil
	}
	base, _, _ := strings.Cut(id, "#")
	var out []lint.Suppression
	for i, g := range mr.globs {
		if MatchKey(g, id) || MatchKey(g, base) {
			out = append(out, lint.SuppressRules(mr.origins[i], mr.Suppress[g]...))
		}
	}
	return out
}

// shortPath is p relative to the working directory cwd when it lies below
// it.
func shortPath(cwd, p string) string {
	if cwd == "" {
		return p
	}
	if rel, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
