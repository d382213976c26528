package lsp

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func testServer(root string) *server {
	s := newServer(Options{Rules: rules.All(), Clock: func() time.Time { return linttest.Now }})
	s.root = root
	return s
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSuppressKey edits the suppress table of the [[files]] table that
// selects the key, in each form it may take, and leaves presend.toml
// valid with the rule silenced for the key.
func TestSuppressKey(t *testing.T) {
	for _, tt := range []struct {
		name, before, after string
		wantErr             bool
	}{
		{"no suppress key",
			"lang = \"fr\"\n\n[[files]]\npaths = [\"locales/*.yml\"]\nchannel = \"sms\"\n",
			"lang = \"fr\"\n\n[[files]]\nsuppress = { \"fr.a\" = [\"length\"] }\npaths = [\"locales/*.yml\"]\nchannel = \"sms\"\n", false},
		{"inline table with another key",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = { \"fr.b\" = [\"spelling\"] }  # keep\n",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = { \"fr.a\" = [\"length\"], \"fr.b\" = [\"spelling\"] }  # keep\n", false},
		{"empty inline table",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = {}\n",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = { \"fr.a\" = [\"length\"] }\n", false},
		{"the key is there with another rule",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = { \"fr.a\" = [\"spelling\"] }\n",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = { \"fr.a\" = [\"length\", \"spelling\"] }\n", false},
		{"the table that selects the key, not the first",
			"[[files]]\npaths = [\"locales/*.yml\"]\nkeys = [\"fr.other\"]\n\n[[files]]\npaths = [\"locales/*.yml\"]\nchannel = \"sms\"\n",
			"[[files]]\npaths = [\"locales/*.yml\"]\nkeys = [\"fr.other\"]\n\n[[files]]\nsuppress = { \"fr.a\" = [\"length\"] }\npaths = [\"locales/*.yml\"]\nchannel = \"sms\"\n", false},
		{"no table for the file",
			"[[files]]\npaths = [\"other/*.yml\"]\n",
			"[[files]]\npaths = [\"other/*.yml\"]\n\n[[files]]\npaths = [\"locales/fr.yml\"]\nsuppress = { \"fr.a\" = [\"length\"] }\n", false},
		{"suppress written as a multi-line table",
			"[[files]]\npaths = [\"locales/*.yml\"]\nsuppress = {\n}\n",
			"", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := filepath.Join(dir, lint.ConfigFile)
			write(t, cfg, tt.before)
			s := testServer(dir)
			err := s.suppressKey(filepath.Join(dir, "locales", "fr.yml"), "fr.a", "length")
			if tt.wantErr {
				if err == nil {
					t.Errorf("no error; presend.toml:\n%s", readFile(t, cfg))
				}
				if got := readFile(t, cfg); got != tt.before {
					t.Errorf("presend.toml changed although the edit failed:\n%s", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, cfg); got != tt.after {
				t.Errorf("presend.toml:\n%s\nwant\n%s", got, tt.after)
			}
		})
	}

	// No presend.toml: one is created in the workspace folder.
	dir := t.TempDir()
	s := testServer(dir)
	if err := s.suppressKey(filepath.Join(dir, "config", "locales", "fr.yml"), "fr.a", "length"); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, filepath.Join(dir, lint.ConfigFile)), "[[files]]\npaths = [\"config/locales/fr.yml\"]\nsuppress = { \"fr.a\" = [\"length\"] }\n"; got != want {
		t.Errorf("new presend.toml:\n%s\nwant\n%s", got, want)
	}
}

// TestAddWordFiles: the word goes into the words-file presend.toml names,
// once; without a presend.toml, one is created with the setting.
func TestAddWordFiles(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, lint.ConfigFile)
	write(t, cfg, "[rules.spelling]\nwords-file = \"brand.txt\"\n")
	write(t, filepath.Join(dir, "brand.txt"), "# brands\nacme")
	s := testServer(dir)
	draft := filepath.Join(dir, "drafts", "a.txt")
	for range 2 {
		if err := s.addWord(draft, "zorblax"); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := readFile(t, filepath.Join(dir, "brand.txt")), "# brands\nacme\nzorblax\n"; got != want {
		t.Errorf("brand.txt = %q, want %q", got, want)
	}
	if got := readFile(t, cfg); got != "[rules.spelling]\nwords-file = \"brand.txt\"\n" {
		t.Errorf("presend.toml changed: %q", got)
	}
	if err := s.addWord(draft, "two words"); err == nil {
		t.Error("two words were accepted as one")
	}

	// No presend.toml at all.
	dir = t.TempDir()
	s = testServer(dir)
	if err := s.addWord(filepath.Join(dir, "a.txt"), "zorblax"); err != nil {
		t.Fatal(err)
	}
	if got, want := readFile(t, filepath.Join(dir, lint.ConfigFile)), "[rules.spelling]\nwords-file = \"presend.words\"\n"; got != want {
		t.Errorf("new presend.toml = %q, want %q", got, want)
	}
	if got := readFile(t, filepath.Join(dir, "presend.words")); got != "zorblax\n" {
		t.Errorf("presend.words = %q", got)
	}
	// The new configuration reads, and the word is no longer unknown.
	c := s.lintText(t.Context(), filepath.Join(dir, "a.txt"), "Hi Sam, your zorblax box has shipped and arrives on Thursday.\n")
	if c.cfgPath == "" {
		t.Fatal("the new presend.toml was not found")
	}
	for _, d := range c.diags {
		if d.Code == "spelling" || d.Code == "input" {
			t.Errorf("after adding the word: %+v", d)
		}
	}
}

// TestLintsFile: which files are linted as messages.
func TestLintsFile(t *testing.T) {
	dir := t.TempDir()
	s := testServer(dir)
	for _, tt := range []struct {
		path, text string
		want       bool
	}{
		{"draft.txt", "Bonjour.", true},
		{"locales/fr.yml", "fr:\n  a: Bonjour\n", true},
		{"config/messages.yml", "fr:\n  a: Bonjour\n", true}, // a Rails locale root
		{".github/workflows/ci.yml", "name: ci\non: push\n", false},
		{"tsconfig.json", "{\n  // comments\n  \"compilerOptions\": {}\n}\n", false},
		{"send.json", "{\"recipient\": {\"id\": \"1\"}, \"message\": {\"text\": }}\n", true}, // a broken body: its error is shown
		{"notifications.json", "{\"shipped\": \"Votre commande est partie.\"}\n", false},
		{"app.pot", "msgid \"Bonjour\"\nmsgstr \"\"\n", true},
	} {
		c := s.lintText(t.Context(), filepath.Join(dir, tt.path), tt.text)
		if got := c.format != "" || len(c.diags) > 0; got != tt.want {
			t.Errorf("%s: linted = %v, want %v (diagnostics %+v)", tt.path, got, tt.want, c.diags)
		}
	}
}
