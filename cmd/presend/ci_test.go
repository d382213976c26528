package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

const spamDraft = "Bonjour à tous, nous espérons que vous allez bien et que l'été s'est bien passé. " +
	"Votre commande est bloquée : le paiement a été refusé. Merci de mettre à jour votre carte avant vendredi. " +
	"FREE gift act now!!! Limited time offer, click here to win cash now.\n"

// inDir runs the CLI with the working directory set to dir.
func inDir(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	return presend(t, "", args...)
}

// TestLintParallelSameAsSequential lints a folder of many files, good and
// bad, with one worker and with several: the output, the errors and the exit
// code are the same.
func TestLintParallelSameAsSequential(t *testing.T) {
	dir := t.TempDir()
	for i := range 25 {
		var content string
		switch i % 5 {
		case 0:
			content = spamDraft
		case 1:
			content = fmt.Sprintf("Your order %d has shipped and arrives Thursday.\n", i)
		case 2:
			content = "<!-- presend-disable spammy-content -->\n" + spamDraft
		case 3:
			content = fmt.Sprintf("Votre colis %d arrive demain entre 9h et 12h.\n", i)
		case 4:
			content = "bad \xff byte\n"
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("d%02d.txt", i)), content)
	}
	writeFile(t, filepath.Join(dir, "log.jsonl"), `{"id":"a","text":"FREE gift act now!!! click here"}`+"\n{bad\n")
	for _, format := range []string{"text", "json", "github"} {
		code1, out1, err1 := presend(t, "", "lint", "--jobs", "1", "--format", format, dir)
		code4, out4, err4 := presend(t, "", "lint", "--jobs", "4", "--format", format, dir)
		if code1 != code4 || out1 != out4 || err1 != err4 {
			t.Errorf("%s: --jobs 4 differs from --jobs 1: exit %d vs %d\n%s\n%s", format, code1, code4, firstDiff(out1, out4), firstDiff(err1, err4))
		}
		if code1 != exitError || !strings.Contains(err1, "d04.txt:1:5: invalid UTF-8") || !strings.Contains(err1, "log.jsonl:2") {
			t.Errorf("%s: exit %d, stderr:\n%s", format, code1, err1)
		}
		if strings.Contains(err1, "━") || strings.Contains(err1, "\x1b") {
			t.Errorf("progress bar in a buffer: %q", err1)
		}
	}
	// Errors come in input order.
	_, _, errs := presend(t, "", "lint", "--jobs", "8", dir)
	if i, j := strings.Index(errs, "d04.txt"), strings.Index(errs, "d24.txt"); i < 0 || j < 0 || i > j {
		t.Errorf("errors out of order:\n%s", errs)
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  %q\n  %q", i+1, la[i], lb[i])
		}
	}
	if len(la) != len(lb) {
		return fmt.Sprintf("%d lines vs %d", len(la), len(lb))
	}
	return ""
}

func TestLintBaseline(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "drafts", "promo.txt"), "Bonjour !\n\n"+spamDraft)
	writeFile(t, filepath.Join(dir, "drafts", "ok.txt"), "Your order has shipped and arrives Thursday.\n")

	code, _, errs := inDir(t, dir, "lint", "drafts")
	if code != exitBlocked {
		t.Fatalf("without baseline: exit %d, want 1; stderr %s", code, errs)
	}
	code, out, errs := inDir(t, dir, "lint", "--write-baseline", "presend-baseline.json", "drafts")
	if code != exitOK || !strings.Contains(out, "BLOCK") {
		t.Fatalf("--write-baseline: exit %d (want 0, findings still reported); stderr %s", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "presend-baseline.json"))
	if err != nil || !strings.Contains(string(data), `"file": "drafts/promo.txt"`) {
		t.Fatalf("baseline: %v\n%s", err, data)
	}
	// Known findings pass.
	code, out, errs = inDir(t, dir, "lint", "--baseline", "presend-baseline.json", "drafts")
	if code != exitOK || strings.Contains(out, "spammy-content") || errs != "" {
		t.Errorf("with baseline: exit %d\n%s\nstderr %s", code, out, errs)
	}
	// An edit on another line keeps the baseline valid.
	writeFile(t, filepath.Join(dir, "drafts", "promo.txt"), "Bonjour !\n\n"+spamDraft+"\nMerci et à bientôt.\n")
	code, out, _ = inDir(t, dir, "lint", "--baseline", "presend-baseline.json", "drafts")
	if code != exitOK {
		t.Errorf("after an edit elsewhere: exit %d\n%s", code, out)
	}
	// A new finding fails.
	writeFile(t, filepath.Join(dir, "drafts", "ok.txt"), "URGENT: FREE cash prize, act now!!! Click here to claim your WINNINGS now.\n")
	code, out, _ = inDir(t, dir, "lint", "--baseline", "presend-baseline.json", "--format", "json", "drafts")
	if code != exitBlocked || !strings.Contains(out, `"source": "drafts/ok.txt"`) {
		t.Errorf("new finding: exit %d\n%s", code, out)
	}
	var rep jsonOut
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Source == "drafts/promo.txt" && (len(r.Findings) != 0 || r.Verdict != "pass") {
			t.Errorf("baselined file: %+v", r)
		}
	}
	// Fixed findings are noted on stderr.
	writeFile(t, filepath.Join(dir, "drafts", "promo.txt"), "Hello there.\n")
	_, _, errs = inDir(t, dir, "lint", "--baseline", "presend-baseline.json", "drafts/promo.txt")
	if !strings.Contains(errs, "recorded in presend-baseline.json are fixed") {
		t.Errorf("stderr = %q", errs)
	}
	// Usage errors.
	if code, _, _ := inDir(t, dir, "lint", "--baseline", "missing.json", "drafts"); code != exitError {
		t.Errorf("missing baseline: exit %d", code)
	}
	if code, _, _ := inDir(t, dir, "lint", "--baseline", "a.json", "--write-baseline", "b.json", "drafts"); code != exitError {
		t.Errorf("both baseline flags: exit %d", code)
	}
}

func TestLintSuppressions(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, filepath.Join(dir, "promo.txt"), "# presend-disable spammy-content main-point-early paragraphs\n"+spamDraft)
	code, out, _ := presend(t, "", "lint", p)
	if code != exitOK || strings.Contains(out, "spammy-content") || strings.Contains(out, "presend-disable") {
		t.Errorf("exit %d\n%s", code, out)
	}
	// An unused suppression is a warning at the comment's line.
	p = writeFile(t, filepath.Join(dir, "ok.txt"), "Your order has shipped.\n<!-- presend-disable-next-line length -->\nIt arrives Thursday.\n")
	code, out, _ = presend(t, "", "lint", p)
	if code != exitOK || !strings.Contains(out, "ok.txt:2:1 warning unused-suppression presend-disable-next-line length suppresses nothing") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestLintSARIF(t *testing.T) {
	code, out, errs := presend(t, "", "lint", "--format", "sarif", "../../testdata/examples")
	if code != exitBlocked {
		t.Errorf("exit %d; stderr %s", code, errs)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if log.Version != "2.1.0" || run.Tool.Driver.Name != "presend" || len(run.Tool.Driver.Rules) < 10 || len(run.Results) == 0 {
		t.Errorf("log = %+v", log)
	}
	for _, r := range run.Results {
		if uri := r.Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(uri, "../../testdata/examples/") {
			t.Errorf("uri = %q", uri)
		}
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	e := &env{stdout: io.Discard, stderr: &buf, getenv: func(string) string { return "" }}
	if showProgress(e) {
		t.Error("progress on a buffer")
	}
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	p := &progress{w: &buf, total: 10, start: at, now: func() time.Time { return at }}
	p.draw(5)
	if buf.Len() != 0 {
		t.Errorf("drawn before the delay: %q", buf.String())
	}
	p.start = at.Add(-time.Second)
	p.draw(5)
	want := "\rpresend " + strings.Repeat("━", 15) + strings.Repeat("─", 15) + " 5/10 files\x1b[K"
	if buf.String() != want {
		t.Errorf("bar = %q, want %q", buf.String(), want)
	}
	buf.Reset()
	p.clear()
	p.clear()
	if buf.String() != "\r\x1b[K" {
		t.Errorf("clear = %q", buf.String())
	}
}

// TestProgressTerminal opens a real pseudo-terminal: the bar shows on a
// terminal when the results go elsewhere (a file, a pipe), and not when
// they stream to the terminal too, where it would cut their lines.
func TestProgressTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	noEnv := func(string) string { return "" }
	tests := []struct {
		name           string
		stdout, stderr io.Writer
		getenv         func(string) string
		want           bool
	}{
		{"results to a file, stderr a terminal", io.Discard, tty, noEnv, true},
		{"results to the terminal too", tty, tty, noEnv, false},
		{"stderr a pipe", io.Discard, &bytes.Buffer{}, noEnv, false},
		{"CI set", io.Discard, tty, func(k string) string {
			if k == "CI" {
				return "true"
			}
			return ""
		}, false},
	}
	for _, tt := range tests {
		if got := showProgress(&env{stdout: tt.stdout, stderr: tt.stderr, getenv: tt.getenv}); got != tt.want {
			t.Errorf("%s: showProgress = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBaselineInLintedFolder checks that a baseline kept in the folder being
// linted is not read as a catalog of messages.
func TestBaselineInLintedFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Votre comande est prête.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(dir, "presend-baseline.json")
	var out, errb strings.Builder
	run([]string{"lint", "--config", "/dev/null", "--write-baseline", base, dir}, strings.NewReader(""), &out, &errb)
	out.Reset()
	code := run([]string{"lint", "--config", "/dev/null", "--baseline", base, "--format", "json", dir}, strings.NewReader(""), &out, &errb)
	if code != exitOK || strings.Contains(out.String(), "presend-baseline.json") || strings.Count(out.String(), `"source"`) != 1 {
		t.Errorf("exit %d, stderr %q:\n%s", code, errb.String(), out.String())
	}
}

// closedPipe is standard output whose reader has gone (| head): every
// write fails. It notes whether the baseline file existed at the first one.
type closedPipe struct {
	baseline     string
	writes       int
	baselineThen bool
}

func (p *closedPipe) Write([]byte) (int, error) {
	if p.writes == 0 {
		_, err := os.Stat(p.baseline)
		p.baselineThen = err == nil
	}
	p.writes++
	return 0, errors.New("broken pipe")
}

// TestWriteBaselineFirst: the report of --write-baseline waits for the
// baseline file, so a reader that stops early (which kills presend with
// SIGPIPE at its first write) does not cost the baseline, even when a note
// on standard error made the report flush early; and a baseline that cannot
// be written leaves no report behind.
func TestWriteBaselineFirst(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Votre comande est prête.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.jsonl"), []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := filepath.Join(t.TempDir(), "presend-baseline.json")
	var errb strings.Builder
	pipe := &closedPipe{baseline: base}
	code := run([]string{"lint", "--jobs", "1", "--config", "/dev/null", "--write-baseline", base, dir}, strings.NewReader(""), pipe, &errb)
	if code != exitError || !strings.Contains(errb.String(), "broken pipe") || !strings.Contains(errb.String(), "b.jsonl: no messages") {
		t.Errorf("exit %d, stderr %q: want the note on the empty file and the write error", code, errb.String())
	}
	if pipe.writes == 0 || !pipe.baselineThen {
		t.Errorf("report written before the baseline (%d writes)", pipe.writes)
	}
	if data, err := os.ReadFile(base); err != nil || !strings.Contains(string(data), "spelling") {
		t.Errorf("baseline: %v %s", err, data)
	}

	var out strings.Builder
	errb.Reset()
	code = run([]string{"lint", "--config", "/dev/null", "--write-baseline", filepath.Join(dir, "missing", "b.json"), filepath.Join(dir, "a.txt")}, strings.NewReader(""), &out, &errb)
	if code != exitError || out.Len() != 0 || !strings.Contains(errb.String(), "b.json") {
		t.Errorf("exit %d, stdout %q, stderr %q: want an error naming the file and no report", code, out.String(), errb.String())
	}
}

// TestFailedInputs: when an input cannot be read, --write-baseline leaves
// the old baseline as it was (a new one would drop that file's entries),
// and when no input could be checked the text report prints no tally of
// nothing (JSON still writes its empty document).
func TestFailedInputs(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "promo.txt"), spamDraft)
	writeFile(t, filepath.Join(dir, "ok.txt"), "Votre colis arrive demain entre 9h et 12h.\n")
	if code, _, errs := inDir(t, dir, "lint", "--write-baseline", "base.json", "promo.txt", "ok.txt"); code != exitOK {
		t.Fatalf("--write-baseline: exit %d; stderr %s", code, errs)
	}
	before, err := os.ReadFile(filepath.Join(dir, "base.json"))
	if err != nil || !strings.Contains(string(before), "promo.txt") {
		t.Fatalf("baseline: %v\n%s", err, before)
	}
	writeFile(t, filepath.Join(dir, "promo.txt"), "FREE \xff gift\n")
	code, out, errs := inDir(t, dir, "lint", "--write-baseline", "base.json", "promo.txt", "ok.txt")
	if code != exitError || !strings.Contains(errs, "promo.txt:1:6: invalid UTF-8") || !strings.Contains(errs, "base.json not written") {
		t.Errorf("a bad input: exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(out, "1 message: 1 pass") {
		t.Errorf("the good file's report is lost:\n%s", out)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "base.json")); !bytes.Equal(after, before) {
		t.Errorf("baseline rewritten after a failed input:\n%s", after)
	}
	for _, tc := range []struct{ format, want string }{{"text", ""}, {"github", ""}, {"json", `"results": []`}} {
		code, out, errs := inDir(t, dir, "lint", "--format", tc.format, "promo.txt")
		if code != exitError || !strings.Contains(errs, "invalid UTF-8") {
			t.Errorf("%s: exit %d; stderr %s", tc.format, code, errs)
		}
		if (tc.want == "" && out != "") || !strings.Contains(out, tc.want) {
			t.Errorf("%s: every input failed, stdout %q; want %q", tc.format, out, tc.want)
		}
	}
}

// TestFailedInputsKeepNotes: a --write-baseline run that leaves the
// baseline as it was, because an input failed, still says what it noticed
// in the inputs it checked.
func TestFailedInputsKeepNotes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.txt"), "FREE \xff gift\n")
	writeFile(t, filepath.Join(dir, "otp.jsonl"), `{"id":"otp.voice","text":"Your sign-in code is 4 8 2 1. Again, 4 8 2 1."}`+"\n")
	code, _, errs := inDir(t, dir, "lint", "--write-baseline", "base.json", "bad.txt", "otp.jsonl")
	if code != exitError || !strings.Contains(errs, "base.json not written") {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	if !strings.Contains(errs, "note: texts whose key names a spoken script") {
		t.Errorf("the note about the spoken script is lost:\n%s", errs)
	}
}
