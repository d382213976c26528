package wordlist_test

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/presend/presend/internal/wordlist"
	"github.com/presend/presend/lint"
)

// TestEmbeddedLists walks every word list the repository embeds (every
// //go:embed pattern of .txt files in a non-test Go file) and checks it
// against the convention.
func TestEmbeddedLists(t *testing.T) {
	dirs := embeddedListDirs(t, filepath.Join("..", ".."))
	for _, want := range []string{"rules/lexicon", "lint/promo/lexicon", "rules/internal/spam/lists"} {
		if !slices.Contains(dirs, want) {
			t.Errorf("the walk did not find the lists of %s (found %v)", want, dirs)
		}
	}
	for _, dir := range dirs {
		for _, err := range wordlist.Check(os.DirFS(filepath.Join("..", "..", dir)), lint.Languages()) {
			t.Errorf("%s/%v", dir, err)
		}
	}
}

// embeddedListDirs returns, relative to root and slash-separated, the
// directories that hold the .txt files a //go:embed directive names.
func embeddedListDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			patterns, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "//go:embed ")
			if !ok {
				continue
			}
			for _, p := range strings.Fields(patterns) {
				if !strings.HasSuffix(p, ".txt") {
					continue
				}
				files, err := filepath.Glob(filepath.Join(filepath.Dir(path), p))
				if err != nil {
					return err
				}
				for _, file := range files {
					rel, err := filepath.Rel(root, filepath.Dir(file))
					if err != nil {
						return err
					}
					if rel = filepath.ToSlash(rel); !slices.Contains(dirs, rel) {
						dirs = append(dirs, rel)
					}
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	return dirs
}

// TestCheck shows that Check fails on each kind of bad list.
func TestCheck(t *testing.T) {
	langs := []string{"en", "fr"}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	good := func() fstest.MapFS {
		return fstest.MapFS{
			"opt-out.en.txt": file("# opt-outs\nunsubscribe\n\nstop\n"),
			"opt-out.fr.txt": file("désabonnez-vous\n"),
			"hosts.txt":      file("bit.ly\n"),
			"README.md":      file("not a list\n"),
		}
	}
	for _, tc := range []struct {
		name string
		edit func(fstest.MapFS)
		want string // in the one error; "" for none
	}{
		{"good", func(fstest.MapFS) {}, ""},
		{"name not kebab-case", func(m fstest.MapFS) {
			m["Opt_Out.txt"] = file("x\n")
		}, `Opt_Out.txt: name "Opt_Out" is not kebab-case`},
		{"unknown language", func(m fstest.MapFS) {
			m["opt-out.de.txt"] = file("abbestellen\n")
		}, `opt-out.de.txt: language "de" is not one of en, fr`},
		{"missing language", func(m fstest.MapFS) {
			delete(m, "opt-out.fr.txt")
		}, "opt-out.fr.txt is missing: opt-out exists in en"},
		{"both per language and not", func(m fstest.MapFS) {
			m["opt-out.txt"] = file("stop\n")
		}, "opt-out.txt: the list is also per language"},
		{"duplicate entry", func(m fstest.MapFS) {
			m["hosts.txt"] = file("bit.ly\n# again\n  bit.ly\n")
		}, `hosts.txt:3: "bit.ly" is listed again (first at line 1)`},
		{"tab", func(m fstest.MapFS) {
			m["opt-out.fr.txt"] = file("ne plus\trecevoir\n")
		}, `opt-out.fr.txt:1: tab in phrase`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := good()
			tc.edit(m)
			errs := wordlist.Check(m, langs)
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("Check = %v, want no error", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
				t.Fatalf("Check = %v, want one error with %q", errs, tc.want)
			}
		})
	}
}

// TestRead checks the convention's file names and that errors name the file.
func TestRead(t *testing.T) {
	d := wordlist.New(fstest.MapFS{
		"lists/cash.en.txt": &fstest.MapFile{Data: []byte("# money\ncash prize\n\n  free money  \n")},
		"lists/hosts.txt":   &fstest.MapFile{Data: []byte("bit.ly\n")},
		"lists/bad.en.txt":  &fstest.MapFile{Data: []byte("ok\nnot\tok\n")},
	}, "lists")
	if got, err := d.Read("cash", "en"); err != nil || !slices.Equal(got, []string{"cash prize", "free money"}) {
		t.Errorf(`Read("cash", "en") = %q, %v`, got, err)
	}
	if got, err := d.Read("hosts", ""); err != nil || !slices.Equal(got, []string{"bit.ly"}) {
		t.Errorf(`Read("hosts", "") = %q, %v`, got, err)
	}
	if _, err := d.Read("bad", "en"); err == nil || !strings.Contains(err.Error(), "lists/bad.en.txt:2: tab") {
		t.Errorf(`Read("bad", "en") error = %v, want lists/bad.en.txt:2: tab`, err)
	}
	_, err := d.ReadLangs("cash", []string{"en", "fr"})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "lists/cash.fr.txt") {
		t.Errorf(`ReadLangs("cash") error = %v, want lists/cash.fr.txt does not exist`, err)
	}
	m, err := d.ReadLangs("cash", []string{"en"})
	if err != nil || !slices.Equal(m["en"], []string{"cash prize", "free money"}) {
		t.Errorf(`ReadLangs("cash", en) = %q, %v`, m, err)
	}
}
