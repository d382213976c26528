package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixFR = "Bonjour ! Votre commande est prête... Merci.\n"

func TestLintFixFile(t *testing.T) {
	dir := t.TempDir()
	draft := writeFile(t, filepath.Join(dir, "fr.txt"), fixFR)
	catalog := writeFile(t, filepath.Join(dir, "fr.yml"), "fr:\n  a: \"Votre commande est prête... Merci !\"\n")
	if err := os.Chmod(catalog, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := presend(t, "", "lint", "--fix", draft, catalog)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errs)
	}
	got, _ := os.ReadFile(draft)
	if string(got) != "Bonjour\u00a0! Votre commande est prête… Merci.\n" {
		t.Errorf("draft: %q", got)
	}
	got, _ = os.ReadFile(catalog)
	if string(got) != "fr:\n  a: \"Votre commande est prête… Merci\u00a0!\"\n" {
		t.Errorf("catalog: %q", got)
	}
	if info, _ := os.Stat(catalog); info.Mode().Perm() != 0o600 {
		t.Errorf("catalog mode %v, want 0600 kept", info.Mode().Perm())
	}
	if strings.Contains(out, "typography-fr") {
		t.Errorf("fixed findings still reported:\n%s", out)
	}
	if !strings.Contains(errs, "applied 4 fixes in 2 files") {
		t.Errorf("stderr: %q", errs)
	}
	// A second run changes nothing and says nothing about fixes.
	code, _, errs = presend(t, "", "lint", "--diff", draft, catalog)
	if code != exitOK || strings.Contains(errs, "applied") {
		t.Errorf("second run: exit %d, stderr %q", code, errs)
	}
}

func TestLintDiff(t *testing.T) {
	dir := t.TempDir()
	draft := writeFile(t, filepath.Join(dir, "fr.txt"), fixFR)
	code, out, errs := presend(t, "", "lint", "--diff", draft)
	if code != exitOK {
		t.Fatalf("exit %d, want 0: lint's exit code, and nothing is blocked once fixed; stderr:\n%s", code, errs)
	}
	name := strings.TrimPrefix(filepath.ToSlash(draft), "/")
	want := "--- a/" + name + "\n+++ b/" + name + "\n@@ -1 +1 @@\n-" + fixFR + "+Bonjour\u00a0! Votre commande est prête… Merci.\n"
	if out != want {
		t.Errorf("diff:\n%s\nwant:\n%s", out, want)
	}
	if got, _ := os.ReadFile(draft); string(got) != fixFR {
		t.Errorf("--diff wrote the file: %q", got)
	}
}

func TestLintFixStdin(t *testing.T) {
	code, out, errs := presend(t, fixFR, "lint", "--fix", "--stdin-name", "draft.txt", "-")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errs)
	}
	if out != "Bonjour\u00a0! Votre commande est prête… Merci.\n" {
		t.Errorf("stdout: %q", out)
	}
	if !strings.Contains(errs, "draft.txt") || !strings.Contains(errs, "1 message: 1 pass") {
		t.Errorf("report not on stderr: %q", errs)
	}
}

func TestLintFixUnmappable(t *testing.T) {
	dir := t.TempDir()
	msg := "It’s “ready”: your order 4411 can be picked up at the store today until 7pm. Reply STOP to opt out"
	data := "[en]\nok = \"" + msg + "\"\nlit = '" + msg + "'\n"
	path := writeFile(t, filepath.Join(dir, "en.toml"), data)
	code, _, errs := presend(t, "", "lint", "--channel", "sms", "--fix", path)
	if code != exitError {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, path+":3:10: cannot apply the length fix") || !strings.Contains(errs, "left unchanged") {
		t.Errorf("stderr: %q", errs)
	}
	if got, _ := os.ReadFile(path); string(got) != data {
		t.Errorf("file half-written: %q", got)
	}
	// Written as a basic string, the same fix applies.
	writeFile(t, path, strings.ReplaceAll(data, "'", `"`))
	code, _, errs = presend(t, "", "lint", "--channel", "sms", "--fix", path)
	if got, _ := os.ReadFile(path); code != exitOK || strings.Contains(string(got), "’") {
		t.Errorf("basic strings: exit %d, stderr %q, file %q", code, errs, got)
	}
}

func TestLintUnsafeFixesAlone(t *testing.T) {
	code, _, errs := presend(t, "", "lint", "--unsafe-fixes", "x.txt")
	if code != exitError || !strings.Contains(errs, "--unsafe-fixes goes with --fix or --diff") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestLintFrontMatter: a draft's front matter sets its channel and
// language; findings point into the file, and --fix leaves the front
// matter as it was.
func TestLintFrontMatter(t *testing.T) {
	dir := t.TempDir()
	head := "---\nchannel: push\nlang: fr\n---\n"
	path := writeFile(t, filepath.Join(dir, "promo.txt"), head+"Votre colis est prêt... Merci d’être passé.\n")
	code, out, errs := presend(t, "", "lint", "--format", "json", path)
	if code == exitError {
		t.Fatalf("exit 2: %s", errs)
	}
	if !strings.Contains(out, `"channel": "push"`) || !strings.Contains(out, `"lang": "fr"`) || !strings.Contains(out, `"line": 5`) {
		t.Errorf("front matter not applied or lines not the file's:\n%s", out)
	}
	code, _, errs = presend(t, "", "lint", "--fix", path)
	got, _ := os.ReadFile(path)
	if code == exitError || string(got) != head+"Votre colis est prêt… Merci d’être passé.\n" {
		t.Errorf("exit %d, stderr %q, file %q", code, errs, got)
	}
	writeFile(t, path, "---\nchanel: sms\n---\nhi\n")
	code, _, errs = presend(t, "", "lint", path)
	if code != exitError || !strings.Contains(errs, path+`:2:1: front matter: unknown field "chanel"`) {
		t.Errorf("bad front matter: exit %d, stderr %q", code, errs)
	}
}

// TestLintFixSameReport: with nothing to fix, --fix reports what lint does,
// notes included.
func TestLintFixSameReport(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, filepath.Join(dir, "empty.json"), "{}")
	de := writeFile(t, filepath.Join(dir, "de.yml"), "de:\n  a: \"Hallo Welt... Danke\"\n")
	en := writeFile(t, filepath.Join(dir, "en.txt"), "Your order has shipped and arrives Thursday.\n")
	code1, out1, err1 := presend(t, "", "lint", empty, de, en)
	code2, out2, err2 := presend(t, "", "lint", "--fix", empty, de, en)
	if code1 != code2 || out1 != out2 || err1 != err2 {
		t.Errorf("lint and lint --fix differ:\nexit %d / %d\n%s\n---\n%s\nstderr:\n%s\n---\n%s", code1, code2, out1, out2, err1, err2)
	}
	if !strings.Contains(err2, "empty.json: no messages") || !strings.Contains(err2, `language "de" not linted`) || strings.Contains(err2, "de.yml: no messages") {
		t.Errorf("notes: %q", err2)
	}
}

// TestLintUnsafeFixesStopPlaceholder: offer-choice's fix appends "STOP au
// 36XXX" to a French SMS promotion; sms-compliance must take 36XXX for a
// code the writer has yet to choose, not insert a second "au 36180"
// before it on the next pass.
func TestLintUnsafeFixesStopPlaceholder(t *testing.T) {
	in := "Soldes : -30 % sur tous les manteaux jusqu'à dimanche dans nos boutiques.\n"
	_, out, errs := presend(t, in, "lint", "--channel", "sms", "--lang", "fr", "--fix", "--unsafe-fixes", "-")
	if strings.Count(out, " au ") != 1 || !strings.Contains(out, "STOP au 36XXX") {
		t.Errorf("fixed text:\n%s\nwant one \"STOP au 36XXX\" line; stderr:\n%s", out, errs)
	}
	if !strings.Contains(errs, "put your own STOP short code in place of 36XXX") {
		t.Errorf("stderr does not ask for the code:\n%s", errs)
	}
}

// TestLintDiffExitCode: --diff exits as lint does on the fixed text: 1
// when a message is still blocked, whether or not it would change.
func TestLintDiffExitCode(t *testing.T) {
	dir := t.TempDir()
	draft := writeFile(t, filepath.Join(dir, "spam.txt"), "WINNER!! claim your £900 prize, call 09061701461 now.\n")
	code, out, errs := presend(t, "", "lint", "--channel", "sms", "--lang", "en", "--diff", draft)
	if code != exitBlocked {
		t.Fatalf("exit %d, want 1 (blocked); stdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}
