package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type policyOut struct {
	At    string          `json:"at"`
	Facts []policyFactOut `json:"facts"`
}

type policyFactOut struct {
	ID         string  `json:"id"`
	Channel    string  `json:"channel"`
	Value      any     `json:"value"`
	From       string  `json:"from"`
	Until      *string `json:"until"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence"`
	File       string  `json:"file"`
	Line       int     `json:"line"`
}

func policyJSON(t *testing.T, args ...string) policyOut {
	t.Helper()
	code, out, errs := presend(t, "", append([]string{"policy", "--format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var p policyOut
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return p
}

func tagsOf(t *testing.T, p policyOut) []any {
	t.Helper()
	for _, f := range p.Facts {
		if f.ID == "messenger.tags" {
			if f.Source == "" || f.Confidence == "" || f.From == "" {
				t.Errorf("messenger.tags lacks a source, confidence or from: %+v", f)
			}
			v, _ := f.Value.([]any)
			return v
		}
	}
	t.Fatalf("no messenger.tags at %s", p.At)
	return nil
}

// presend policy --at 2026-03-01 and --at 2026-06-01 differ, and both name
// the retirement of 2026-04-27.
func TestPolicyCommandDates(t *testing.T) {
	t.Chdir(t.TempDir())
	before, after := policyJSON(t, "--at", "2026-03-01"), policyJSON(t, "--at", "2026-06-01")
	if got := tagsOf(t, before); len(got) != 4 || !slices.Contains(got, any("POST_PURCHASE_UPDATE")) {
		t.Errorf("tags at 2026-03-01: %v, want the four", got)
	}
	if got := tagsOf(t, after); len(got) != 1 || got[0] != "HUMAN_AGENT" {
		t.Errorf("tags at 2026-06-01: %v, want only HUMAN_AGENT", got)
	}
	for _, f := range before.Facts {
		if f.ID == "messenger.tags" && (f.Until == nil || *f.Until != "2026-04-27T00:00:00Z") {
			t.Errorf("messenger.tags at 2026-03-01 ends %v, want 2026-04-27T00:00:00Z", f.Until)
		}
	}
	_, text, _ := presend(t, "", "policy", "--at", "2026-03-01", "--channel", "messenger")
	if !strings.Contains(text, "messenger.tags (messenger) = CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE, HUMAN_AGENT\n    from 2020-03-04 until 2026-04-27 (exclusive), then HUMAN_AGENT") {
		t.Errorf("text at 2026-03-01 does not name the coming retirement:\n%s", text)
	}
	_, text, _ = presend(t, "", "policy", "--at", "2026-06-01")
	if !strings.Contains(text, "messenger.tags (messenger) = HUMAN_AGENT\n    since 2026-04-27") || !strings.Contains(text, "POST_PURCHASE_UPDATE=2026-04-27") {
		t.Errorf("text at 2026-06-01 does not name the retirement:\n%s", text)
	}
	// The instant of the change belongs to the new period.
	if got := tagsOf(t, policyJSON(t, "--at", "2026-04-27T00:00:00Z")); len(got) != 1 {
		t.Errorf("tags at the instant of the change: %v", got)
	}
	if got := tagsOf(t, policyJSON(t, "--at", "2026-04-26T23:59:59Z")); len(got) != 4 {
		t.Errorf("tags a second before the change: %v", got)
	}
	// Without --at: the run's clock (PRESEND_NOW, 2026-11-24).
	if p := policyJSON(t); p.At != "2026-11-24T12:00:00Z" {
		t.Errorf("default date %s, want the clock's", p.At)
	}
}

func TestPolicyCommandChannelAndErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	p := policyJSON(t, "--channel", "whatsapp")
	if len(p.Facts) == 0 {
		t.Fatal("no whatsapp facts")
	}
	for _, f := range p.Facts {
		if f.Channel != "whatsapp" {
			t.Errorf("--channel whatsapp lists %s (%s)", f.ID, f.Channel)
		}
	}
	if code, _, errs := presend(t, "", "policy", "--at", "June"); code != exitError || !strings.Contains(errs, `"June": want a date`) {
		t.Errorf("--at June: exit %d, %s", code, errs)
	}
	if code, _, errs := presend(t, "", "policy", "--format", "xml"); code != exitError || !strings.Contains(errs, "unknown format") {
		t.Errorf("--format xml: exit %d, %s", code, errs)
	}
	if code, out, _ := presend(t, "", "policy", "--source"); code != exitOK || !strings.Contains(out, "[[fact]]") {
		t.Errorf("--source: exit %d", code)
	}
}

// presend.toml's policy-date sets the default date, and its policy-file
// adds facts, shown with where they were set.
func TestPolicyCommandConfig(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "presend.toml"), "policy-date = \"2026-03-10\"\npolicy-file = \"ours.toml\"\n")
	writeFile(t, filepath.Join(dir, "ours.toml"), `
[[fact]]
id = "messenger.shop.sign-off-max"
channel = "messenger"
kind = "int"
value = 40
from = 2026-01-01
source = "house style guide"
confidence = "L"
`)
	p := policyJSON(t)
	if p.At != "2026-03-10T00:00:00Z" {
		t.Errorf("date %s, want policy-date", p.At)
	}
	if len(tagsOf(t, p)) != 4 {
		t.Errorf("tags at policy-date 2026-03-10: %v", tagsOf(t, p))
	}
	i := slices.IndexFunc(p.Facts, func(f policyFactOut) bool { return f.ID == "messenger.shop.sign-off-max" })
	if i < 0 || p.Facts[i].Line != 2 || !strings.HasSuffix(p.Facts[i].File, "ours.toml") {
		t.Errorf("the user's fact: %+v", p.Facts)
	}
	writeFile(t, filepath.Join(dir, "ours.toml"), "[[fact]]\nid = \"messenger.window\"\nvalue = 3\n")
	if code, _, errs := presend(t, "", "policy"); code != exitError || !strings.Contains(errs, "ours.toml:1: fact messenger.window has no channel") {
		t.Errorf("a bad policy-file: exit %d, %s", code, errs)
	}
}

// presend lint on a send log mixing receipts sent before and after
// 2026-04-27 gives both verdicts; a fact ending within 30 days of the run's
// date is noted once on stderr.
func TestLintAcrossTheRetirement(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "outbox.jsonl"),
		`{"id":"before","lang":"en","recipient":"psid-1","messaging_type":"MESSAGE_TAG","tag":"POST_PURCHASE_UPDATE","sent_at":"2026-03-10T09:00:00Z","last_user_message_at":"2026-03-08T10:00:00Z","text":"Your receipt for order #4821: 2 items, paid by card."}
{"id":"after","lang":"en","recipient":"psid-2","messaging_type":"MESSAGE_TAG","tag":"POST_PURCHASE_UPDATE","sent_at":"2026-11-24T09:00:00Z","last_user_message_at":"2026-11-22T10:00:00Z","text":"Your receipt for order #5310: 1 item, paid by card."}
`)
	code, out, errs := presend(t, "", "lint", "--format", "json", "outbox.jsonl")
	if code != exitBlocked {
		t.Fatalf("exit %d, want %d: %s", code, exitBlocked, errs)
	}
	var res jsonOut
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, r := range res.Results {
		verdicts[r.ID] = r.Verdict
	}
	if verdicts["before"] != "pass" || verdicts["after"] != "block" {
		t.Errorf("verdicts %v, want before pass and after block", verdicts)
	}
	if strings.Contains(errs, "policy:") {
		t.Errorf("a note on stderr with nothing ending soon:\n%s", errs)
	}
	writeFile(t, filepath.Join(dir, "presend.toml"), "policy-date = \"2026-04-20\"\n")
	_, _, errs = presend(t, "", "lint", "outbox.jsonl")
	if n := strings.Count(errs, "presend: note: policy: messenger.tags (messenger) ends on 2026-04-27, in 7 days"); n != 1 {
		t.Errorf("the ending of messenger.tags noted %d times, want once:\n%s", n, errs)
	}
}

// TestREADMEPolicyTable checks that the README's policy table is the output
// of `presend policy --all --format markdown` on the built-in policy; with
// -update it rewrites the table.
func TestREADMEPolicyTable(t *testing.T) {
	readme, err := filepath.Abs(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // no presend.toml: the built-in policy alone
	code, table, errs := presend(t, "", "policy", "--all", "--format", "markdown")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"| `messenger.tags` | `CONFIRMED_EVENT_UPDATE`, `POST_PURCHASE_UPDATE`, `ACCOUNT_UPDATE`, `HUMAN_AGENT` | 2020-03-04 | 2026-04-27 |",
		"| `messenger.tags` | `HUMAN_AGENT` | 2026-04-27 | — |"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	const begin, end = "<!-- policy-table:begin (presend policy --all --format markdown) -->\n", "<!-- policy-table:end -->"
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q and %q", begin, end)
	}
	got := s[i+len(begin) : j]
	if got == table {
		return
	}
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.WriteFile(readme, []byte(s[:i+len(begin)]+table+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's policy table differs from the policy file (run go test ./cmd/presend -run TestREADMEPolicyTable -update)\n--- README\n%s--- policy\n%s", got, table)
}

// A fact ending within 30 days of the date asked for says so.
func TestPolicyCommandEndingSoon(t *testing.T) {
	t.Chdir(t.TempDir())
	_, text, _ := presend(t, "", "policy", "--at", "2026-04-20", "--channel", "messenger")
	if !strings.Contains(text, "from 2020-03-04 until 2026-04-27 (exclusive), then HUMAN_AGENT (ends in 7 days); confidence H") {
		t.Errorf("2026-04-20 does not say the tags end in 7 days:\n%s", text)
	}
	_, text, _ = presend(t, "", "policy", "--at", "2026-03-01", "--channel", "messenger")
	if strings.Contains(text, "ends in") {
		t.Errorf("2026-03-01, 57 days before: %s", text)
	}
}
