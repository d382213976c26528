package baseline

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// result builds the result of linting text from file: a "shout" finding
// on each upper-case word and a "long" finding over the whole text.
func result(file, text string) lint.Result {
	r := lint.Result{Source: file, Text: text}
	lines := strings.Split(text, "\n")
	off := 0
	for i, l := range lines {
		col := 0
		for _, w := range strings.Fields(l) {
			j := strings.Index(l[col:], w) + col
			if strings.ToUpper(w) == w && len(w) > 1 {
				r.Findings = append(r.Findings, lint.Finding{Rule: "shout", Message: "word in capitals",
					Start: off + j, End: off + j + len(w), Line: i + 1, Column: j + 1, EndLine: i + 1, EndColumn: j + len(w) + 1})
			}
			col = j + len(w)
		}
		off += len(l) + 1
	}
	r.Findings = append(r.Findings, lint.Finding{Rule: "long", Message: "message is " + strconv.Itoa(len(text)) + " characters",
		Start: 0, End: len(text), Line: 1, Column: 1, EndLine: len(lines), EndColumn: 1})
	return r
}

func rules(r lint.Result) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule)
	}
	return out
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "presend-baseline.json")
	src := filepath.Join(dir, "drafts", "promo.txt")
	old := "Hello there,\nFREE coats today.\nSee you soon."
	if err := Write(path, []lint.Result{result(src, old)}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"file": "drafts/promo.txt"`) {
		t.Errorf("baseline file names are not relative to its folder:\n%s", data)
	}

	filter := func(text string) lint.Result {
		t.Helper()
		b, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		r := result(src, text)
		b.Filter(&r)
		return r
	}
	// The same findings pass.
	if r := filter(old); len(r.Findings) != 0 {
		t.Errorf("known findings reported: %v", rules(r))
	}
	// An edit on another line, that moves the finding down a line and
	// changes the length, keeps the baseline valid.
	if r := filter("Hello there, dear customer!\n\nFREE coats today.\nSee you soon."); len(r.Findings) != 0 {
		t.Errorf("edit elsewhere broke the baseline: %v", rules(r))
	}
	// A new finding fails; the old one still passes.
	if r := filter("Hello there,\nFREE coats today.\nSee you SOON."); len(rules(r)) != 1 || r.Findings[0].Message != "word in capitals" ||
		r.Findings[0].Line != 3 {
		t.Errorf("new finding: %+v", r.Findings)
	}
	// Multiset: a second identical finding is new.
	if r := filter("Hello there,\nFREE coats today.\nFREE hats too."); len(r.Findings) != 1 {
		t.Errorf("second copy: %v", rules(r))
	}
	// Fixed findings are counted for the files linted.
	b, _ := Load(path)
	r := result(src, "Hello there,\nfree coats today.")
	b.Filter(&r)
	if n := b.Fixed(map[string]bool{"drafts/promo.txt": true}); n != 1 {
		t.Errorf("Fixed = %d, want 1", n)
	}
	if n := b.Fixed(map[string]bool{"other.txt": true}); n != 0 {
		t.Errorf("Fixed of another file = %d", n)
	}
}

func TestHashKeys(t *testing.T) {
	r := lint.Result{Text: "Act NOW, act now"}
	f1 := lint.Finding{Rule: "shout", Message: "3 words", Start: 4, End: 7, Line: 1, EndLine: 1}
	f2 := lint.Finding{Rule: "shout", Message: "12 words", Start: 4, End: 7, Line: 5, EndLine: 5}
	if Hash(&r, &f1) != Hash(&r, &f2) {
		t.Error("numbers or line numbers change the hash")
	}
	f3 := f1
	f3.Start, f3.End = 9, 12
	if Hash(&r, &f1) == Hash(&r, &f3) {
		t.Error("the flagged text does not change the hash")
	}
	f4 := f1
	f4.Rule = "other"
	if Hash(&r, &f1) == Hash(&r, &f4) {
		t.Error("the rule does not change the hash")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"bad.json":     "{",
		"version.json": `{"version": 3, "entries": []}`,
		"unknown.json": `{"version": 1, "entries": [], "x": 1}`,
		"count.json":   `{"version": 1, "entries": [{"file": "a", "id": "", "rule": "r", "hash": "h", "count": 0}]}`,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(p); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}

// A reworded finding keeps matching a version 2 baseline; a version 1
// baseline, whose hashes covered the message, is still read and matched as
// it was written.
func TestRewordedAndVersion1(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "promo.txt")
	text := "Hello there,\nFREE coats today."
	path := filepath.Join(dir, "v2.json")
	if err := Write(path, []lint.Result{result(src, text)}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"version": 2`) {
		t.Errorf("written:\n%s", data)
	}
	reworded := func() lint.Result {
		r := result(src, text)
		for i := range r.Findings {
			r.Findings[i].Message = "reworded: " + r.Findings[i].Message
		}
		return r
	}
	b, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	r := reworded()
	b.Filter(&r)
	if len(r.Findings) != 0 {
		t.Errorf("reworded findings are new: %+v", r.Findings)
	}

	// Version 1: entries hashed with the message.
	old := result(src, text)
	var entries []string
	for i := range old.Findings {
		f := &old.Findings[i]
		entries = append(entries, `{"file": "promo.txt", "id": "", "rule": "`+f.Rule+`", "hash": "`+HashV1(&old, f)+`", "count": 1}`)
	}
	v1 := filepath.Join(dir, "v1.json")
	if err := os.WriteFile(v1, []byte(`{"version": 1, "entries": [`+strings.Join(entries, ",")+`]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err = Load(v1)
	if err != nil {
		t.Fatal(err)
	}
	r = result(src, text)
	b.Filter(&r)
	if len(r.Findings) != 0 {
		t.Errorf("version 1 baseline does not match its findings: %+v", r.Findings)
	}
	if HashV1(&old, &old.Findings[0]) == Hash(&old, &old.Findings[0]) {
		t.Error("versions 1 and 2 hash alike")
	}
}
