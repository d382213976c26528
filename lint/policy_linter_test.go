package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// receipt is a post-purchase update sent outside the window: accepted
// until 2026-04-26, rejected from 2026-04-27.
func receipt(sentAt time.Time) lint.Message {
	last := linttest.Now.Add(-50 * time.Hour)
	if !sentAt.IsZero() {
		last = sentAt.Add(-50 * time.Hour)
	}
	return lint.Message{Text: "Your receipt for order #4821: 2 items, paid by card.", Lang: "en",
		MessagingType: "MESSAGE_TAG", Tag: "POST_PURCHASE_UPDATE", SentAt: sentAt, LastUserMessageAt: last}
}

func tagFindings(t *testing.T, l *lint.Linter, m lint.Message) []string {
	t.Helper()
	var out []string
	for _, f := range l.Check(context.Background(), m).Findings {
		if f.Rule == "message-tag" {
			out = append(out, f.Message)
		}
	}
	return out
}

func build(t *testing.T, cfg lint.Config) *lint.Linter {
	t.Helper()
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// A message is judged by the facts in force at its sent_at; without one,
// at the configuration's policy-date; without that, at the clock's time.
func TestPolicyDatePrecedence(t *testing.T) {
	march := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	plain := build(t, linttest.Config()) // clock: 2026-11-24
	pinned := linttest.Config()
	pinned.PolicyDate = march
	pin := build(t, pinned)
	retired := func(fs []string) bool {
		return len(fs) == 1 && strings.Contains(fs[0], "retired on 2026-04-27")
	}
	for _, tc := range []struct {
		name    string
		l       *lint.Linter
		m       lint.Message
		retired bool
	}{
		{"clock after the retirement", plain, receipt(time.Time{}), true},
		{"sent_at before it", plain, receipt(march), false},
		{"policy-date before it", pin, receipt(time.Time{}), false},
		{"sent_at wins over policy-date", pin, receipt(linttest.Now), true},
	} {
		if got := tagFindings(t, tc.l, tc.m); retired(got) != tc.retired {
			t.Errorf("%s: message-tag says %q, want retired %v", tc.name, got, tc.retired)
		}
	}
	if got := pin.PolicyDate(); !got.Equal(march) {
		t.Errorf("PolicyDate() = %v, want %v", got, march)
	}
	if got := plain.PolicyDate(); !got.Equal(linttest.Now) {
		t.Errorf("PolicyDate() without policy-date = %v, want the clock's %v", got, linttest.Now)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A policy-file named in presend.toml adds and overrides facts; its errors
// name its own file and line; a rule option still wins over a fact.
func TestPolicyFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "facts.toml"), `version = "ours"

[[fact]]
id = "messenger.tags"
channel = "messenger"
kind = "strings"
value = ["POST_PURCHASE_UPDATE", "HUMAN_AGENT"]
from = 2026-11-01
source = "our own reading"
confidence = "L"

[[fact]]
id = "messenger.window"
channel = "messenger"
kind = "duration"
value = "72h"
from = 2026-11-01
source = "our own reading"
confidence = "L"
`)
	cfgPath := filepath.Join(dir, "presend.toml")
	writeFile(t, cfgPath, "policy-file = \"facts.toml\"\n")
	cfg, err := lint.LoadConfig(cfgPath, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "facts.toml"); cfg.PolicyFile != want {
		t.Fatalf("PolicyFile = %q, want %q (relative to presend.toml)", cfg.PolicyFile, want)
	}
	cfg.Clock = linttest.Config().Clock
	l := build(t, cfg)
	// The user's tag set holds from 2026-11-01: the receipt passes, and at
	// 50 hours it falls inside the user's 72-hour window.
	got := tagFindings(t, l, receipt(time.Time{}))
	if len(got) != 1 || !strings.Contains(got[0], "inside the 72-hour window") {
		t.Errorf("with the user's facts: %q, want only the note of the 72-hour window", got)
	}
	// Before 2026-11-01 the built-in facts hold: retired.
	if got := tagFindings(t, l, receipt(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))); len(got) != 1 || !strings.Contains(got[0], "retired on 2026-04-27") {
		t.Errorf("before the user's period: %q, want the retirement", got)
	}
	// [rules.message-tag] window-hours wins over the policy's window.
	writeFile(t, cfgPath, "policy-file = \"facts.toml\"\n[rules.message-tag]\nwindow-hours = 24\n")
	if cfg, err = lint.LoadConfig(cfgPath, rules.All()); err != nil {
		t.Fatal(err)
	}
	cfg.Clock = linttest.Config().Clock
	if got := tagFindings(t, build(t, cfg), receipt(time.Time{})); len(got) != 0 {
		t.Errorf("window-hours = 24 over a 72-hour policy window: %q, want nothing at 50 hours", got)
	}

	writeFile(t, filepath.Join(dir, "facts.toml"), "[[fact]]\nid = \"messenger.window\"\nchannel = \"messenger\"\nkind = \"duration\"\nvalue = \"soon\"\nfrom = 2026-11-01\nsource = \"x\"\nconfidence = \"L\"\n")
	_, err = lint.New(cfg, rules.All())
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "facts.toml")+":5: messenger.window: duration \"soon\"") {
		t.Errorf("a bad policy file: %v, want its file and line", err)
	}
}

func TestPolicyDateConfig(t *testing.T) {
	cfg, err := lint.ParseConfig([]byte("channel = \"messenger\"\npolicy-date = \"2026-03-10\"\n"), "p.toml", rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC); !cfg.PolicyDate.Equal(want) {
		t.Errorf("policy-date = %v, want %v", cfg.PolicyDate, want)
	}
	_, err = lint.ParseConfig([]byte("channel = \"messenger\"\npolicy-date = \"10/03/2026\"\n"), "p.toml", rules.All())
	if err == nil || !strings.Contains(err.Error(), "p.toml:2: policy-date") {
		t.Errorf("a bad policy-date: %v, want p.toml:2", err)
	}
}

// A fact that ends within 30 days of the run's date is noted once.
func TestPolicyEndingNotice(t *testing.T) {
	at := func(t0 time.Time) []string {
		cfg := lint.DefaultConfig()
		cfg.Clock = func() time.Time { return t0 }
		l := build(t, cfg)
		l.Check(context.Background(), receipt(time.Time{}))
		l.Check(context.Background(), receipt(time.Time{}))
		var out []string
		for _, n := range l.Notices() {
			if strings.Contains(n, "messenger.tags ") {
				out = append(out, n)
			}
		}
		return out
	}
	got := at(time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC))
	if len(got) != 1 || !strings.Contains(got[0], "ends on 2026-04-27, in 25 days") || !strings.Contains(got[0], "then HUMAN_AGENT") {
		t.Errorf("notices on 2026-04-01: %q, want one naming 2026-04-27 and what follows", got)
	}
	if got := at(time.Date(2026, 3, 27, 23, 59, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("notices more than 30 days before: %q, want none", got)
	}
	if got := at(linttest.Now); len(got) != 0 {
		t.Errorf("notices after the change: %q, want none", got)
	}
	// policy-date moves the run's date too.
	cfg := linttest.Config()
	cfg.PolicyDate = time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
	if n := build(t, cfg).Notices(); !slices.ContainsFunc(n, func(s string) bool { return strings.Contains(s, "in 7 days") }) {
		t.Errorf("notices at policy-date 2026-04-20: %q", n)
	}
}

// A channel's hard limit is the policy's <channel>.text-max in force when
// the message is sent, unless [channels.NAME] sets hard-limit.
func TestPolicyChannelLimit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "facts.toml"), `[[fact]]
id = "messenger.text-max"
channel = "messenger"
kind = "int"
value = 1000
from = 2026-11-01
source = "a platform change we follow"
confidence = "M"
`)
	text := strings.Repeat("Your parcel is on its way. ", 55) // 1,485 characters
	limitOf := func(toml string, sentAt time.Time) string {
		t.Helper()
		cfgPath := filepath.Join(dir, "presend.toml")
		writeFile(t, cfgPath, toml)
		cfg, err := lint.LoadConfig(cfgPath, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Clock = linttest.Config().Clock
		res := build(t, cfg).Check(context.Background(), lint.Message{Text: text, Lang: "en", SentAt: sentAt})
		for _, f := range res.Findings {
			if f.Rule == "length" && f.Severity == lint.Error {
				return f.Message
			}
		}
		return ""
	}
	if got := limitOf("policy-file = \"facts.toml\"\n", time.Time{}); !strings.Contains(got, "over the messenger limit of 1000") {
		t.Errorf("under the user's 1,000 from 2026-11-01: %q", got)
	}
	if got := limitOf("policy-file = \"facts.toml\"\n", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)); got != "" {
		t.Errorf("before the user's fact (2,000 in force): %q", got)
	}
	if got := limitOf("policy-file = \"facts.toml\"\n[channels.messenger]\nsoft-limit = 250\n", time.Time{}); !strings.Contains(got, "limit of 1000") {
		t.Errorf("a [channels.messenger] table without hard-limit keeps the policy's: %q", got)
	}
	if got := limitOf("policy-file = \"facts.toml\"\n[channels.messenger]\nhard-limit = 3000\n", time.Time{}); got != "" {
		t.Errorf("[channels.messenger] hard-limit = 3000 wins over the policy: %q", got)
	}
}

// quick-replies reads its limits from the policy in force at the send
// time; a number under [rules.quick-replies] wins.
func TestPolicyQuickReplyLimit(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "facts.toml"), `[[fact]]
id = "messenger.quick-replies.max"
channel = "messenger"
kind = "int"
value = 4
from = 2026-11-01
source = "a platform change we follow"
confidence = "M"
`)
	m := lint.Message{Text: "Which day suits you for the delivery of order 4821?", Lang: "en",
		QuickReplies: []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}}
	count := func(toml string, sentAt time.Time) []string {
		t.Helper()
		cfgPath := filepath.Join(dir, "presend.toml")
		writeFile(t, cfgPath, toml)
		cfg, err := lint.LoadConfig(cfgPath, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		cfg.Clock = linttest.Config().Clock
		m.SentAt = sentAt
		var out []string
		for _, f := range build(t, cfg).Check(context.Background(), m).Findings {
			if f.Rule == "quick-replies" {
				out = append(out, f.Message)
			}
		}
		return out
	}
	if got := count("policy-file = \"facts.toml\"\n", time.Time{}); len(got) != 1 || got[0] != "5 quick replies; Messenger shows at most 4" {
		t.Errorf("under the user's limit of 4: %q", got)
	}
	if got := count("policy-file = \"facts.toml\"\n", time.Date(2026, 10, 31, 23, 59, 59, 0, time.UTC)); len(got) != 0 {
		t.Errorf("before it, 13 in force: %q", got)
	}
	if got := count("policy-file = \"facts.toml\"\n[rules.quick-replies]\nmax-quick-replies = 6\n", time.Time{}); len(got) != 0 {
		t.Errorf("max-quick-replies = 6 wins over the policy: %q", got)
	}
}
