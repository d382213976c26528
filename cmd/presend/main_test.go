package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// presend runs the CLI in-process and returns its exit code and output.
func presend(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestGoldenOutput checks the CLI's whole output on the README examples.
func TestGoldenOutput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"lint_fr_wall", []string{"lint", "../../testdata/examples/relance-fr.txt"}, 0},
		{"lint_examples_json", []string{"lint", "--format", "json", "../../testdata/examples"}, 1},
		{"lint_sms_quiet_hours", []string{"lint", "../../testdata/examples/sms-quiet-hours.jsonl"}, 1},
		{"lint_tagged_promo", []string{"lint", "../../testdata/examples/tagged-promo.json"}, 1},
		{"lint_whatsapp_templates", []string{"lint", "../../testdata/whatsapp-templates"}, 1},
		{"lint_sms_quiet", []string{"lint", "--quiet", "../../testdata/examples/sms-quiet-hours.jsonl"}, 1},
		{"lint_whatsapp_verbose", []string{"lint", "--verbose", "../../testdata/whatsapp-templates/commande_expediee.fr.json", "../../testdata/whatsapp-templates/invalid.fr.jsonl"}, 1},
		{"rules", []string{"rules"}, 0},
		{"rules_json", []string{"rules", "--format", "json"}, 0},
		{"explain_length", []string{"explain", "length"}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := presend(t, "", c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, errs)
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("output to a buffer has escape sequences")
			}
			linttest.Compare(t, filepath.Join("testdata", c.name+".golden"), out)
		})
	}
}

type jsonOut struct {
	Version int `json:"version"`
	Results []struct {
		Source   string `json:"source"`
		ID       string `json:"id"`
		Line     int    `json:"line"`
		Channel  string `json:"channel"`
		Lang     string `json:"lang"`
		Score    int    `json:"score"`
		Verdict  string `json:"verdict"`
		Preview  string `json:"preview"`
		Segments int    `json:"segments"`
		Encoding string `json:"encoding"`
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
		} `json:"findings"`
	} `json:"results"`
}

func decode(t *testing.T, out string) jsonOut {
	t.Helper()
	var j jsonOut
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if j.Version != 1 {
		t.Fatalf("version %d, want 1", j.Version)
	}
	return j
}

func TestMessengerOverHardLimitBlocks(t *testing.T) {
	text := strings.Repeat("Your order is ready. ", 99) + "Your order is ready!!" // 2,100 characters
	path := writeFile(t, filepath.Join(t.TempDir(), "long.txt"), text)
	code, out, _ := presend(t, "", "lint", "--format", "json", "--channel", "messenger", path)
	if code != exitBlocked {
		t.Fatalf("exit %d, want %d", code, exitBlocked)
	}
	j := decode(t, out)
	r := j.Results[0]
	if r.Verdict != "block" {
		t.Errorf("verdict %q, want block", r.Verdict)
	}
	found := false
	for _, f := range r.Findings {
		if f.Rule == "length" && f.Severity == "error" && strings.Contains(f.Message, "2100 characters, over the messenger limit of 2000") {
			found = true
			if f.Start != 2000 || f.Column != 2001 {
				t.Errorf("length finding at byte %d column %d, want 2000 and 2001", f.Start, f.Column)
			}
		}
	}
	if !found {
		t.Errorf("no length error in %+v", r.Findings)
	}
}

func TestSMSUCS2Parts(t *testing.T) {
	code, out, errs := presend(t, strings.Repeat("ç", 71), "lint", "--format", "json", "--channel", "sms", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	r := decode(t, out).Results[0]
	if r.Segments != 2 || r.Encoding != "UCS-2" {
		t.Errorf("segments %d encoding %q, want 2 UCS-2", r.Segments, r.Encoding)
	}
	if r.Source != "-" || r.Channel != "sms" {
		t.Errorf("source %q channel %q", r.Source, r.Channel)
	}
}

func TestConfigTypoNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "presend.toml"), "channel = \"sms\"\n\n[rules.paragraphs]\nmax-sentense = 4\n")
	draft := writeFile(t, filepath.Join(dir, "drafts", "a.txt"), "Your code is 1234.")
	code, _, errs := presend(t, "", "lint", draft)
	if code != exitError {
		t.Fatalf("exit %d, want 2", code)
	}
	want := filepath.Join(dir, "presend.toml") + ":4:1: unknown key \"rules.paragraphs.max-sentense\""
	if !strings.Contains(errs, want) {
		t.Errorf("stderr %q does not contain %q", errs, want)
	}
}

func TestConfigWrongTypeAndValue(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "presend.toml"), "[rules.sentence-length]\nmax-words-en = \"many\"\n")
	draft := writeFile(t, filepath.Join(dir, "a.txt"), "Hi.")
	code, _, errs := presend(t, "", "lint", draft)
	if code != exitError || !strings.Contains(errs, cfg+":2:") || !strings.Contains(errs, "max-words-en") {
		t.Errorf("exit %d, stderr %q: want exit 2 naming %s:2 and the key", code, errs, cfg)
	}
	writeFile(t, cfg, "fail-on = \"warning\"\n[rules.length]\nseverity = \"fatal\"\n")
	code, _, errs = presend(t, "", "lint", draft)
	if code != exitError || !strings.Contains(errs, cfg+":3: unknown severity \"fatal\"") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestConfigFoundWalkingUpAndFlagWins(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "presend.toml"), "channel = \"sms\"\n")
	draft := writeFile(t, filepath.Join(dir, "a", "b", "draft.txt"), "Your code is 1234.")
	_, out, _ := presend(t, "", "lint", "--format", "json", draft)
	if r := decode(t, out).Results[0]; r.Channel != "sms" || r.Segments != 1 {
		t.Errorf("channel %q segments %d: the presend.toml above was not used", r.Channel, r.Segments)
	}
	other := writeFile(t, filepath.Join(t.TempDir(), "other.toml"), "channel = \"push\"\n")
	_, out, _ = presend(t, "", "lint", "--format", "json", "--config", other, draft)
	if r := decode(t, out).Results[0]; r.Channel != "push" {
		t.Errorf("channel %q, want push from --config", r.Channel)
	}
	_, out, _ = presend(t, "", "lint", "--format", "json", "--config", other, "--channel", "whatsapp", draft)
	if r := decode(t, out).Results[0]; r.Channel != "whatsapp" {
		t.Errorf("channel %q, want whatsapp from --channel", r.Channel)
	}
}

func TestFailOnAndMinScore(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "a.txt"), strings.Repeat("This is a sentence. ", 20))
	if code, _, _ := presend(t, "", "lint", path); code != exitOK {
		t.Errorf("default: exit %d, want 0 (warnings only)", code)
	}
	if code, _, _ := presend(t, "", "lint", "--fail-on", "warning", path); code != exitBlocked {
		t.Errorf("--fail-on warning: exit %d, want 1", code)
	}
	if code, _, _ := presend(t, "", "lint", "--min-score", "95", path); code != exitBlocked {
		t.Errorf("--min-score 95: exit %d, want 1", code)
	}
	if code, _, errs := presend(t, "", "lint", "--fail-on", "panic", path); code != exitError || !strings.Contains(errs, "unknown fail-on") {
		t.Errorf("--fail-on panic: exit %d %q", code, errs)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	csv := writeFile(t, filepath.Join(dir, "a.csv"), "x")
	jsonl := writeFile(t, filepath.Join(dir, "b.jsonl"), "{\"text\":\"ok\"}\n{\"txt\":\"typo\"}\n")
	good := writeFile(t, filepath.Join(dir, "c.txt"), "Your code is 1234.")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"lint"}, "no input"},
		{[]string{"lint", filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{"lint", csv}, "unsupported file type"},
		{[]string{"lint", jsonl, good}, jsonl + ":2"},
		{[]string{"lint", "--format", "xml", good}, "unknown format \"xml\""},
		{[]string{"lint", "--bogus", good}, "unknown flag: --bogus"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"explain", "nope"}, "unknown rule \"nope\""},
	}
	for _, c := range cases {
		code, out, errs := presend(t, "", c.args...)
		if code != exitError {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if !strings.Contains(errs, c.want) {
			t.Errorf("%v: stderr %q does not contain %q", c.args, errs, c.want)
		}
		if len(c.args) == 3 && c.args[1] == jsonl && !strings.Contains(out, "c.txt") {
			t.Errorf("a bad file must not stop the others from being linted; stdout:\n%s", out)
		}
	}
}

func TestInitWritesConfigThatParsesToDefaults(t *testing.T) {
	code, out, _ := presend(t, "", "init", "--output", "-")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	cfg, err := lint.ParseConfig([]byte(out), "presend.toml", rules.All())
	if err != nil {
		t.Fatalf("init output does not parse: %v\n%s", err, out)
	}
	def := lint.DefaultConfig()
	if cfg.Channel != def.Channel || cfg.FailOn != def.FailOn || cfg.PlaceholderWidth != def.PlaceholderWidth {
		t.Errorf("init config %+v differs from defaults", cfg)
	}
	for _, r := range rules.All() {
		if !strings.Contains(out, "[rules."+r.Name+"]") {
			t.Errorf("init output lacks [rules.%s]", r.Name)
		}
	}
	if _, err := lint.New(cfg, rules.All()); err != nil {
		t.Errorf("init config does not build a linter: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "presend.toml")
	if code, _, _ := presend(t, "", "init", "--output", path); code != exitOK {
		t.Fatalf("init to file: exit %d", code)
	}
	if code, _, errs := presend(t, "", "init", "--output", path); code != exitError || !strings.Contains(errs, "exists") {
		t.Errorf("init over an existing file: exit %d %q", code, errs)
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := presend(t, "", "version")
	if code != exitOK || !strings.HasPrefix(out, "presend ") {
		t.Errorf("version: %d %q", code, out)
	}
	code, out, _ = presend(t, "", "--help")
	if code != exitOK || !strings.Contains(out, "presend lint") {
		t.Errorf("help: %d %q", code, out)
	}
	if code, _, _ := presend(t, ""); code != exitError {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
}

func TestColorAlwaysAndNoColor(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "a.txt"), strings.Repeat("This is a sentence. ", 20))
	_, out, _ := presend(t, "", "lint", "--color", "always", path)
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("--color always wrote no escape sequence")
	}
	_, out, _ = presend(t, "", "lint", "--color", "never", path)
	if strings.Contains(out, "\x1b[") {
		t.Errorf("--color never wrote escape sequences")
	}
}

func TestStdinJSONL(t *testing.T) {
	in := "{\"id\":\"a\",\"channel\":\"sms\",\"text\":\"Code 1234\"}\n{\"id\":\"b\",\"lang\":\"fr\",\"text\":\"Votre code : 1234\"}\n"
	code, out, errs := presend(t, in, "lint", "--format", "json", "--stdin-format", "jsonl", "--stdin-name", "outbox.jsonl", "-")
	if code != exitOK {
		t.Fatalf("exit %d %s", code, errs)
	}
	j := decode(t, out)
	if len(j.Results) != 2 || j.Results[0].ID != "a" || j.Results[1].Line != 2 || j.Results[1].Lang != "fr" || j.Results[0].Source != "outbox.jsonl" {
		t.Errorf("results %+v", j.Results)
	}
}

func TestBadJSONLLineDoesNotDropGoodOnes(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "mixed.jsonl"), "{\"id\":\"ok1\",\"text\":\"Code 1234\"}\nnot json\n{\"id\":\"ok2\",\"text\":\"Code 5678\"}\n")
	code, out, errs := presend(t, "", "lint", "--format", "json", path)
	if code != exitError || !strings.Contains(errs, "mixed.jsonl:2:") {
		t.Errorf("exit %d, stderr %q: want exit 2 naming line 2", code, errs)
	}
	if j := decode(t, out); len(j.Results) != 2 || j.Results[0].ID != "ok1" || j.Results[1].ID != "ok2" {
		t.Errorf("the good lines were not linted: %+v", j.Results)
	}
}

func TestBadConfigStopsOnlyItsFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad", "presend.toml"), "chanel = \"sms\"\n")
	bad1 := writeFile(t, filepath.Join(dir, "bad", "a.txt"), "Code 1234")
	bad2 := writeFile(t, filepath.Join(dir, "bad", "b.txt"), "Code 5678")
	good := writeFile(t, filepath.Join(dir, "good", "c.txt"), "Code 9012")
	code, out, errs := presend(t, "", "lint", "--format", "json", bad1, bad2, good)
	if code != exitError {
		t.Errorf("exit %d, want 2", code)
	}
	if n := strings.Count(errs, "unknown key \"chanel\""); n != 1 {
		t.Errorf("config error reported %d times, want once:\n%s", n, errs)
	}
	if j := decode(t, out); len(j.Results) != 1 || !strings.HasSuffix(j.Results[0].Source, "c.txt") {
		t.Errorf("want only the file under the good configuration linted: %+v", j.Results)
	}
}

// TestCommandHelp checks that each command prints its usage once on
// standard output and exits 0.
func TestCommandHelp(t *testing.T) {
	for _, cmd := range []string{"lint", "rules", "explain", "init", "version", "serve"} {
		var out, errb strings.Builder
		code := run([]string{cmd, "--help"}, strings.NewReader(""), &out, &errb)
		if code != exitOK || strings.Count(out.String(), "Usage: presend "+cmd) != 1 || errb.Len() != 0 {
			t.Errorf("%s --help: exit %d, usage printed %d times, stderr %q", cmd, code, strings.Count(out.String(), "Usage: presend "+cmd), errb.String())
		}
	}
}

// TestPrivateReplyNotWindowed checks that a Send API private reply to a
// comment is not judged by the 24-hour window of a conversation.
func TestPrivateReplyNotWindowed(t *testing.T) {
	body := `{"recipient":{"comment_id":"123_456"},"messaging_type":"RESPONSE","message":{"text":"Thanks for your comment! Your order ships tomorrow."}}`
	var out, errb strings.Builder
	code := run([]string{"lint", "--stdin-format", "json", "-"}, strings.NewReader(body), &out, &errb)
	if code != exitOK || strings.Contains(out.String(), "messaging-window") {
		t.Errorf("exit %d:\n%s%s", code, out.String(), errb.String())
	}
	body = strings.Replace(body, `"comment_id":"123_456"`, `"id":"123456"`, 1)
	out.Reset()
	if code := run([]string{"lint", "--stdin-format", "json", "-"}, strings.NewReader(body), &out, &errb); code != exitBlocked || !strings.Contains(out.String(), "messaging-window") {
		t.Errorf("the same to a PSID that never wrote: exit %d\n%s", code, out.String())
	}
}

// TestLastUserMessageReferralFlag: --last-user-message-referral ADS says the
// person's last message came after a Click-to-Messenger ad, whose window
// lasts 7 days: a reply 3 days later passes with it and is blocked without.
func TestLastUserMessageReferralFlag(t *testing.T) {
	body := `{"recipient":{"id":"123"},"messaging_type":"RESPONSE","message":{"text":"Yes, the Aurora lamp is in stock in white and brass."}}`
	code, out, errs := presend(t, body, "lint", "--stdin-format", "json", "--last-user-message", "72h", "-")
	if code != exitBlocked || !strings.Contains(out, "outside the 24-hour window") {
		t.Fatalf("without the referral: exit %d, want %d with the 24-hour window\n%s%s", code, exitBlocked, out, errs)
	}
	code, out, errs = presend(t, body, "lint", "--stdin-format", "json", "--last-user-message", "72h", "--last-user-message-referral", "ADS", "-")
	if code != exitOK || strings.Contains(out, "messaging-window") {
		t.Errorf("with --last-user-message-referral ADS: exit %d, want %d and no messaging-window finding\n%s%s", code, exitOK, out, errs)
	}
	code, out, _ = presend(t, body, "lint", "--stdin-format", "json", "--last-user-message", "192h", "--last-user-message-referral", "ADS", "-")
	if code != exitBlocked || !strings.Contains(out, "outside the 7-day window it opened") {
		t.Errorf("8 days after the ad: exit %d, want %d naming the 7-day window\n%s", code, exitBlocked, out)
	}
}
