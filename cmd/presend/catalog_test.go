package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintCatalog lints a YAML catalog through its presend.toml [[files]]
// rule: only the messages.* keys, as SMS, each finding at its line and
// column in the catalog, ICU plural branches as their own messages.
func TestLintCatalog(t *testing.T) {
	var out, errb strings.Builder
	code := run([]string{"lint", "--format", "json", "testdata/catalogs"}, strings.NewReader(""), &out, &errb)
	if code != exitOK || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	var j struct {
		Results []struct {
			Source, ID, Channel, Lang string
			Findings                  []struct {
				Rule         string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &j); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range j.Results {
		if r.Source != "testdata/catalogs/locales/fr.yml" || r.Channel != "sms" || r.Lang != "fr" {
			t.Errorf("%s: source %q, channel %q, lang %q", r.ID, r.Source, r.Channel, r.Lang)
		}
		got = append(got, r.ID)
		for _, f := range r.Findings {
			if f.Rule != "typography-fr" {
				continue // other rules change more often; their positions come from the same map
			}
			got = append(got, fmt.Sprintf("  %s %d:%d", f.Rule, f.Line, f.Column))
		}
	}
	want := []string{
		"fr.messages.reminder",
		"  typography-fr 3:47", // 10h
		"  typography-fr 3:50", // !
		"fr.messages.promo",
		"  typography-fr 5:14",
		"  typography-fr 5:43",
		"  typography-fr 5:64",
		"fr.messages.inbox#one",
		"fr.messages.inbox#other",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLintCatalogSuppress checks suppressions per key in [[files]]: the
// reminder's typography findings are silenced; the suppression of a rule
// that finds nothing in the inbox message (two ICU branches) is said once,
// on stderr, at its line in presend.toml, not as findings of each message.
func TestLintCatalogSuppress(t *testing.T) {
	var out, errb strings.Builder
	run([]string{"lint", "--format", "json", "testdata/catalog-suppress"}, strings.NewReader(""), &out, &errb)
	var j struct {
		Results []struct {
			ID       string
			Findings []struct{ Rule, Message string }
		}
	}
	if err := json.Unmarshal([]byte(out.String()), &j); err != nil {
		t.Fatal(err)
	}
	for _, r := range j.Results {
		for _, f := range r.Findings {
			switch {
			case r.ID == "fr.messages.reminder" && f.Rule == "typography-fr":
				t.Errorf("suppressed finding reported: %s", f.Message)
			case f.Rule == "unused-suppression":
				t.Errorf("%s: a configured suppression reported per message: %s", r.ID, f.Message)
			}
		}
	}
	want := "presend: note: testdata/catalog-suppress/presend.toml:5 [[files]] suppress \"*.messages.inbox\" suppresses spammy-content, which reported nothing in the messages it matches\n"
	if errb.String() != want {
		t.Errorf("stderr %q, want %q", errb.String(), want)
	}
}

// TestLintCatalogICUQuoted: text an ICU message quotes is linted as words,
// even when it looks like a placeholder ('{'…'}'), and the placeholder next
// to it stays one.
func TestLintCatalogICUQuoted(t *testing.T) {
	dir := t.TempDir()
	cat := `{"promo": "{n, plural, one {Votre code '{'BIENVENUEE'}' expire dans # jour.} other {Votre code '{'BIENVENUEE'}' expire dans # jours.}}"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "fr.json"), []byte(cat), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	run([]string{"lint", "--format", "github", filepath.Join(dir, "fr.json")}, strings.NewReader(""), &out, &errb)
	got := out.String()
	if strings.Count(got, `unknown word "BIENVENUEE"`) != 2 {
		t.Errorf("the quoted word was not spell-checked in both variants:\n%s\n%s", got, errb.String())
	}
	if strings.Contains(got, `"n"`) || strings.Contains(got, "unknown word \"n\"") {
		t.Errorf("the plural's number was checked as a word:\n%s", got)
	}

	// An argument between quoted braces stays a placeholder.
	cat = `{"promo": "{n, plural, one {Votre code '{'{codepromo}'}' expire dans # jour.} other {Votre code '{'{codepromo}'}' expire dans # jours.}}"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "fr.json"), []byte(cat), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	run([]string{"lint", "--format", "github", filepath.Join(dir, "fr.json")}, strings.NewReader(""), &out, &errb)
	if strings.Contains(out.String(), `unknown word "codepromo"`) {
		t.Errorf("the argument between quoted braces was checked as a word:\n%s", out.String())
	}
}
