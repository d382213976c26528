package lint

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/presend/presend/internal/abspath"
	"github.com/presend/presend/lint/channel"
)

// FileRule is one [[files]] table of a presend.toml: which messages of
// which catalogs to lint, and as what.
//
//	[[files]]
//	paths = ["locales/**/*.yml"]   # doublestar globs, relative to presend.toml
//	keys = ["*.messages.**"]       # globs on message keys (default: all)
//	exclude-keys = ["*.labels.**"]
//	channel = "sms"
//	lang = "fr"
//	suppress = { "*.messages.otp" = ["main-point-early"] }
//
// A file that no rule's paths match is linted whole, as before. A file that
// some rules match is linted only for the keys one of them selects (keys
// match, exclude-keys do not); the first such rule gives the message its
// channel and language. Key globs split keys at ".": "*" matches within one
// part, "**" any number of parts, "?" one character.
type FileRule struct {
	Paths       []string
	Keys        []string
	ExcludeKeys []string
	Channel     string // "" keeps the default
	Lang        string // "" keeps the file's language, or the guess
	// Suppress maps key globs to the rules silenced for the messages whose
	// keys they match ("" or an empty list: every rule).
	Suppress map[string][]string
	Dir      string // the folder of the presend.toml, which paths are relative to
	Line     int    // the line of the [[files]] header
	Config   string // the presend.toml the rule is written in
	// SuppressLine is the line of its suppress key.
	SuppressLine int
}

// fileRuleTOML is the schema of one [[files]] table.
type fileRuleTOML struct {
	Paths       []string            `toml:"paths" doc:"doublestar globs of the files this rule is about, relative to presend.toml"`
	Keys        []string            `toml:"keys" doc:"globs on message keys to lint (default: all); * within a key part, ** across parts"`
	ExcludeKeys []string            `toml:"exclude-keys" doc:"globs on message keys to leave out"`
	Channel     string              `toml:"channel" doc:"channel of these messages"`
	Lang        string              `toml:"lang" doc:"language of these messages: auto, en or fr"`
	Suppress    map[string][]string `toml:"suppress" doc:"key glob = rules to silence for the messages it matches (an empty list: every rule); a suppression that silences nothing is reported"`
}

// readFileRules validates the decoded [[files]] tables.
func readFileRules(path string, data []byte, raw []fileRuleTOML) ([]FileRule, error) {
	var errs []error
	var out []FileRule
	lines := newTOMLLines(data)
	headers := lines.arrayTables("files")
	for i, r := range raw {
		line := 1
		if i < len(headers) {
			line = headers[i]
		}
		keyLine := lines.keyFinder(line)
		bad := func(key, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s (key %q)", path, keyLine(key), fmt.Sprintf(format, args...), "files."+key))
		}
		if len(r.Paths) == 0 {
			errs = append(errs, fmt.Errorf("%s:%d: [[files]] needs paths, the files it is about", path, line))
		}
		for _, p := range r.Paths {
			if !doublestar.ValidatePattern(filepath.ToSlash(p)) {
				bad("paths", "bad glob pattern %q", p)
			}
		}
		if r.Channel != "" && !slices.Contains(channel.Names(), r.Channel) {
			bad("channel", "unknown channel %q (want %s)", r.Channel, strings.Join(channel.Names(), ", "))
		}
		if !SupportedLang(r.Lang) {
			bad("lang", "%s", unknownLang(r.Lang))
		}
		globs := make([]string, 0, len(r.Suppress))
		for glob := range r.Suppress {
			globs = append(globs, glob)
		}
		slices.Sort(globs) // errors in a stable order
		for _, glob := range globs {
			rules := r.Suppress[glob]
			if strings.TrimSpace(glob) == "" {
				bad("suppress", "an empty key glob")
			}
			for _, name := range rules {
				if !isKebab(name) {
					bad("suppress", "%q is not a rule name", name)
				}
			}
		}
		out = append(out, FileRule{Paths: r.Paths, Keys: r.Keys, ExcludeKeys: r.ExcludeKeys,
			Channel: r.Channel, Lang: r.Lang, Suppress: r.Suppress, Dir: filepath.Dir(path), Line: line,
			Config: path, SuppressLine: keyLine("suppress")})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// tomlLines are the lines of a presend.toml, split once, to find the line
// of a key after decoding. Finding every line costs a constant number of
// passes over the file, whatever the number of tables and errors.
type tomlLines []string

func newTOMLLines(data []byte) tomlLines { return strings.Split(string(data), "\n") }

// arrayTables returns the line of each [[name]] header, in order.
func (ls tomlLines) arrayTables(name string) []int {
	var out []int
	for i, l := range ls {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[[") && strings.TrimSpace(strings.Trim(strings.SplitN(t, "#", 2)[0], "[] ")) == name {
			out = append(out, i+1)
		}
	}
	return out
}

// keyFinder returns a function giving the line where a key is set in the
// table that starts at line from, or from; each key is looked up once.
func (ls tomlLines) keyFinder(from int) func(key string) int {
	seen := map[string]int{}
	return func(key string) int {
		if n, ok := seen[key]; ok {
			return n
		}
		n := from
		for i := from; i < len(ls); i++ {
			t := strings.TrimSpace(ls[i])
			if strings.HasPrefix(t, "[") {
				break
			}
			if k, _, ok := strings.Cut(t, "="); ok && strings.Trim(strings.TrimSpace(k), `"`) == key {
				n = i + 1
				break
			}
		}
		seen[key] = n
		return n
	}
}

// Excludes reports whether a path met in a folder walk or a glob is left
// out by the exclude globs of this configuration: its path relative to the
// presend.toml's folder (with /) matches one of them, or a folder above it
// does (folders are matched on their own, so "vendor" leaves out vendor/
// and all below). A path outside that folder is never excluded. cwd is
// the working folder relative paths are read from.
func (c *Config) Excludes(cwd, path string) bool {
	if len(c.Exclude) == 0 || c.Path == "" {
		return false
	}
	rel, err := filepath.Rel(abspath.From(cwd, filepath.Dir(c.Path)), abspath.From(cwd, path))
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	for i := range parts {
		sub := strings.Join(parts[:i+1], "/")
		for _, g := range c.Exclude {
			if ok, _ := doublestar.Match(filepath.ToSlash(g), sub); ok {
				return true
			}
		}
	}
	return false
}
