package lint_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestPhraseRules runs the goldens of the phrase rules that
// testdata/phrases/presend.toml defines, one folder per rule.
func TestPhraseRules(t *testing.T) {
	all := rules.All()
	cfg, err := lint.LoadConfig("../testdata/phrases/presend.toml", all)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	fire := map[string][]string{"no-click-here": {"en", "fr"}, "wording-fr": {"fr"}, "brand-en": {"en"}}
	for name, langs := range fire {
		t.Run(name, func(t *testing.T) {
			linttest.RunWith(t, l, name, filepath.Join("../testdata/phrases", name), langs...)
		})
	}
	var got []string
	for _, r := range l.Rules() {
		if r.Category == lint.Clarity && fire[r.Name] != nil {
			got = append(got, r.Name+":"+r.Severity.String())
		}
	}
	if want := "brand-en:error no-click-here:warning wording-fr:info"; strings.Join(got, " ") != want {
		t.Errorf("Linter.Rules() phrase rules = %v, want %s", got, want)
	}
}

func TestPhraseRulesConfig(t *testing.T) {
	all := rules.All()
	bad := []struct{ src, want string }{
		{"[[phrases]]\nname = \"x\"\navoid = [\"a\"]\nlevel = 1\n", `p.toml:4:1: unknown key "phrases.level"`},
		{"[[phrases]]\nname = \"x\"\navoid = [\"a\"]\n\n[[phrases]]\nname = \"y\"\n\navoid = [\"ok\", \" \"]\n", `p.toml:8: empty phrase in avoid (key "phrases.avoid")`},
		{"[[phrases]]\nname = \"x\"\nseverity = \"fatal\"\navoid = [\"a\"]\n", `p.toml:3: unknown severity "fatal"`},
		{"[[phrases]]\nname = \"x\"\navoid = [\"a\"]\n[[phrases]]\nname = \"x\"\navoid = [\"b\"]\n", `p.toml:5: phrase rule "x" is defined twice (key "phrases.name")`},
		{"[[phrases]]\nname = \"length\"\navoid = [\"a\"]\n", `p.toml:2: phrase rule name "length" is the name of a built-in rule`},
		{"[[phrases]]\nname = \"Brand Name\"\navoid = [\"a\"]\n", `p.toml:2: phrase rule name "Brand Name" must be kebab-case`},
		{"[[phrases]]\nname = \"x\"\nlang = \"de\"\navoid = [\"a\"]\n", `p.toml:3: unknown language "de"`},
		{"[[phrases]]\nname = \"x\"\n", `p.toml:2: phrase rule "x" has no avoid or replace phrases`},
		{"[[phrases]]\nname = \"x\"\nreplace = { \"e-mail\" = \"\" }\n", `p.toml:3: phrase "e-mail" has an empty replacement (key "phrases.replace")`},
		{"[[phrases]]\nname = \"x\"\navoid = [\"!!\"]\n", `p.toml:3: phrase "!!" has no words (key "phrases.avoid")`},
		{"[[phrases]]\nname = \"x\"\navoid = \"a\"\n", `p.toml:3:`},
	}
	for _, b := range bad {
		_, err := lint.ParseConfig([]byte(b.src), "p.toml", all)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: error %v, want it to contain %q", b.src, err, b.want)
		}
	}
	// A Config built in Go is validated by New.
	cfg := linttest.Config()
	cfg.Phrases = []lint.PhraseRule{{Name: "length", Avoid: []string{"a"}}}
	if _, err := lint.New(cfg, all); err == nil || !strings.Contains(err.Error(), "built-in") {
		t.Errorf("New with a phrase rule named like a built-in one: %v", err)
	}
}
