package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sourcesOf returns the sources of a JSON report, sorted.
func sourcesOf(t *testing.T, out string) []string {
	t.Helper()
	var rep jsonOut
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var src []string
	for _, r := range rep.Results {
		if !slices.Contains(src, r.Source) {
			src = append(src, r.Source)
		}
	}
	slices.Sort(src)
	return src
}

// presend lint DIR leaves out hidden files, presend's own files, what
// .gitignore and the exclude globs of presend.toml leave out, and reads the
// baseline that presend.toml names (--baseline wins); a file named on the
// command line is linted all the same.
func TestWalkExcludeAndBaseline(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "presend.toml"), "exclude = [\"vendor\", \"**/fixtures/**\"]\nbaseline = \"ci/presend-baseline.json\"\n")
	writeFile(t, filepath.Join(dir, ".gitignore"), "tmp/\n")
	writeFile(t, filepath.Join(dir, "drafts", "promo.txt"), "Bonjour !\n\n"+spamDraft)
	writeFile(t, filepath.Join(dir, "drafts", "ok.txt"), "Your order has shipped and arrives Thursday.\n")
	writeFile(t, filepath.Join(dir, "ci", "README"), "the baseline goes here\n")
	for _, name := range []string{"vendor/lib/readme.md", "drafts/fixtures/x.txt", "tmp/scratch.md", ".notes.md", "drafts/.draft.txt"} {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), "Your order has shipped and arrives Thursday.\n")
	}

	// The baseline named in presend.toml does not exist yet: an error, as
	// with --baseline.
	if code, _, errs := inDir(t, dir, "lint", "."); code != exitError || !strings.Contains(errs, "presend-baseline.json") {
		t.Fatalf("missing configured baseline: exit %d, %s", code, errs)
	}
	code, _, errs := inDir(t, dir, "lint", "--write-baseline", "ci/presend-baseline.json", ".")
	if code != exitOK {
		t.Fatalf("--write-baseline: exit %d, %s", code, errs)
	}
	// The walk: the baseline just written is not linted, nor presend.toml,
	// .gitignore'd, hidden or excluded files.
	code, out, errs := inDir(t, dir, "lint", "--format", "json", ".")
	if want := []string{"drafts/ok.txt", "drafts/promo.txt"}; !slices.Equal(sourcesOf(t, out), want) {
		t.Errorf("walk linted %q, want %q; stderr %s", sourcesOf(t, out), want, errs)
	}
	if code != exitOK {
		t.Errorf("with the configured baseline: exit %d (the promo's findings are in it)\n%s", code, out)
	}
	// --baseline wins: an empty baseline makes the promo block again.
	if c, _, e := inDir(t, dir, "lint", "--write-baseline", "empty.json", "drafts/ok.txt"); c != exitOK {
		t.Fatalf("empty baseline: %d %s", c, e)
	}
	if code, _, errs := inDir(t, dir, "lint", "--baseline", "empty.json", "drafts"); code != exitBlocked {
		t.Errorf("--baseline over the configured one: exit %d; %s", code, errs)
	}
	// Named on the command line, excluded and ignored files are linted.
	_, out, errs = inDir(t, dir, "lint", "--format", "json", "vendor/lib/readme.md", "tmp/scratch.md", ".notes.md")
	if want := []string{".notes.md", "tmp/scratch.md", "vendor/lib/readme.md"}; !slices.Equal(sourcesOf(t, out), want) {
		t.Errorf("named files: %q, want %q; stderr %s", sourcesOf(t, out), want, errs)
	}
	// A glob leaves out excluded paths too.
	_, out, _ = inDir(t, dir, "lint", "--format", "json", "**/*.txt")
	if want := []string{"drafts/ok.txt", "drafts/promo.txt"}; !slices.Equal(sourcesOf(t, out), want) {
		t.Errorf("glob: %q, want %q", sourcesOf(t, out), want)
	}
}

// An exclude glob that is not one is an error naming the file and line.
func TestWalkExcludeBadGlob(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "presend.toml"), "lang = \"en\"\nexclude = [\"a[\"]\n")
	writeFile(t, filepath.Join(dir, "a.txt"), "Hello.\n")
	code, _, errs := inDir(t, dir, "lint", ".")
	if code != exitError || !strings.Contains(errs, `presend.toml:2: bad glob pattern "a[" (key "exclude")`) {
		t.Errorf("exit %d, %s", code, errs)
	}
}
