package lint_test

import (
	"context"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func TestParseConfigFiles(t *testing.T) {
	all := rules.All()
	good := `channel = "messenger"

[[files]]
paths = ["locales/**/*.yml"]
keys = ["*.messages.**"]
exclude-keys = ["*.labels.**"]
channel = "sms"
lang = "fr"

[[files]]
paths = ["push/*.json"]
channel = "push"
suppress = { "promo.*" = ["spammy-content"], "legal" = [] }
`
	cfg, err := lint.ParseConfig([]byte(good), "dir/presend.toml", all)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Files) != 2 {
		t.Fatalf("files: %+v", cfg.Files)
	}
	f := cfg.Files[0]
	if f.Paths[0] != "locales/**/*.yml" || f.Keys[0] != "*.messages.**" || f.ExcludeKeys[0] != "*.labels.**" ||
		f.Channel != "sms" || f.Lang != "fr" || f.Dir != "dir" || f.Line != 3 {
		t.Errorf("files[0] = %+v", f)
	}
	if sup := cfg.Files[1].Suppress; len(sup) != 2 || sup["promo.*"][0] != "spammy-content" || len(sup["legal"]) != 0 {
		t.Errorf("files[1].suppress = %v", sup)
	}
	if cfg.Files[1].Line != 10 || cfg.Files[1].Channel != "push" {
		t.Errorf("files[1] = %+v", cfg.Files[1])
	}

	bad := []struct{ in, want string }{
		{"[[files]]\npaths = [\"a\"]\nkey = [\"x\"]\n", `p.toml:3:1: unknown key "files.key"`},
		{"[[files]]\nkeys = [\"x\"]\n", "p.toml:1: [[files]] needs paths"},
		{"[[files]]\npaths = [\"a\"]\n\n[[files]]\npaths = [\"b\"]\nchannel = \"fax\"\n", `p.toml:6: unknown channel "fax"`},
		{"[[files]]\npaths = [\"a\"]\nlang = \"de\"\n", `p.toml:3: unknown language "de" (want auto, en or fr) (key "files.lang")`},
		{"[[files]]\npaths = [\"a[\"]\n", `p.toml:2: bad glob pattern "a["`},
		{"[[files]]\npaths = \"a\"\n", `p.toml:2:9:`},
		{"[[files]]\npaths = [\"a\"]\nsuppress = { \"x\" = [\"Not A Rule\"] }\n", `p.toml:3: "Not A Rule" is not a rule name (key "files.suppress")`},
		{"[[files]]\npaths = [\"a\"]\nsuppress = { \"x\" = \"spelling\" }\n", `p.toml:3:`},
	}
	for _, b := range bad {
		_, err := lint.ParseConfig([]byte(b.in), "p.toml", all)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: err = %v, want %q", b.in, err, b.want)
		}
	}
}

// TestPlaceholderPatternsConfig checks placeholders = [...] in presend.toml:
// a configured syntax is a placeholder for every rule (spelling leaves it
// alone), and a bad pattern is an error naming the file and line.
func TestPlaceholderPatternsConfig(t *testing.T) {
	all := rules.All()
	check := func(cfg lint.Config) []string {
		l, err := lint.New(cfg, all)
		if err != nil {
			t.Fatal(err)
		}
		res := l.Check(context.Background(), lint.Message{Lang: "fr", Text: "Bonjour [[prenomm]], votre colis arrive demain."})
		var got []string
		for _, f := range res.Findings {
			if f.Rule == "spelling" {
				got = append(got, f.Message)
			}
		}
		return got
	}
	if got := check(lint.DefaultConfig()); len(got) == 0 {
		t.Fatal("without the pattern, [[prenomm]] should be read as words and flagged")
	}
	cfg, err := lint.ParseConfig([]byte("placeholders = ['\\[\\[\\w+\\]\\]']\n"), "p.toml", all)
	if err != nil {
		t.Fatal(err)
	}
	if got := check(cfg); len(got) != 0 {
		t.Errorf("with the pattern: %q", got)
	}
	for in, want := range map[string]string{
		"lang = \"fr\"\nplaceholders = ['[[']\n": `p.toml:2: placeholder pattern "[[":`,
		"placeholders = ['x*']\n":                `p.toml:1: placeholder pattern "x*" matches the empty string`,
		"placeholders = ['\\w+']\n":              `p.toml:1: placeholder pattern "\\w+" matches the plain word "a"`,
	} {
		if _, err := lint.ParseConfig([]byte(in), "p.toml", all); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", in, err, want)
		}
	}
}

// exclude globs are relative to the presend.toml; a folder they match
// takes all below it; paths outside the file's folder are never excluded;
// baseline is relative to the file too.
func TestConfigExcludes(t *testing.T) {
	cfg, err := lint.ParseConfig([]byte("exclude = [\"vendor\", \"**/fixtures/**\", \"*.gen.md\"]\nbaseline = \"ci/base.json\"\n"), "/repo/presend.toml", rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Baseline != "/repo/ci/base.json" {
		t.Errorf("baseline = %q", cfg.Baseline)
	}
	for path, want := range map[string]bool{
		"/repo/vendor":                true,
		"/repo/vendor/x/readme.md":    true,
		"/repo/src/vendor/readme.md":  false,
		"/repo/a/fixtures/b/c.txt":    true,
		"/repo/fixtures/c.txt":        true,
		"/repo/notes.gen.md":          true,
		"/repo/docs/notes.gen.md":     false,
		"/repo/drafts/promo.txt":      false,
		"/elsewhere/vendor/readme.md": false,
		"/repo":                       false,
	} {
		if got := cfg.Excludes("/", path); got != want {
			t.Errorf("Excludes(%s) = %v, want %v", path, got, want)
		}
	}
	if _, err := lint.ParseConfig([]byte("exclude = [\"\"]\n"), "p.toml", rules.All()); err == nil || !strings.Contains(err.Error(), `p.toml:1: bad glob pattern ""`) {
		t.Errorf("empty glob: %v", err)
	}
}
