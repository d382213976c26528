// Package linttest runs golden-file tests for rules.
//
// A case is testdata/<rule>/NAME.txt beside NAME.golden. The .txt may start
// with header lines that set the message's envelope fields:
//
//	#! channel=sms lang=fr
//	#! messaging_type=MESSAGE_TAG tag=ACCOUNT_UPDATE automated=true
//	#! quick_replies="Yes|Not now" last_user_message_at=2026-11-20T10:00:00Z
//
// (keys as in the JSONL envelope, plus buttons and template; lists are
// separated by |; a value with spaces is quoted). The message is the rest of
// the file, and positions count from the file's own lines. A case may also be
// NAME.jsonl, a send log: its envelopes are checked in sent_at order, each
// against the history of the ones before (lint.Linter.CheckLog), and the
// golden holds the findings of all of them; or NAME.json, a Send API body
// (templates with their buttons and cards). The .golden holds
// the findings of the rule under test, one per line:
//
//	LINE:COL-END_LINE:END_COL severity message
//	    detail: the technical detail (when the finding has one)
//	    retry-after: RFC 3339 time (when the finding has one)
//	    fix: title [start-end "new text"]...
//
// Names say what a case must do: a case named fire_* must draw at least one
// finding and a case named clean_* none, so a golden can never quietly
// accept a regression of either kind. A clean case has no golden file. Every
// fix of a fire case's findings is applied and the text checked again: the
// edits must not overlap and the finding must go. Run `go test ./... -update`
// to rewrite the goldens, then review the diff.
package linttest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/linttest/golden"
)

// Now is the clock of the golden cases: the send time of a case without
// sent_at. Fixed, so that no golden depends on the day the suite runs.
var Now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Config returns the default configuration on the goldens' clock (Now).
func Config() lint.Config {
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return Now }
	return cfg
}

// Run checks every case in dir with a Linter that has all the rules, under
// the default configuration with rule turned on (a rule that is off by
// default too), and compares the findings of rule. dir must hold fire and
// clean cases in English and in French.
func Run(t *testing.T, all []*lint.Rule, rule, dir string) {
	t.Helper()
	RunLangs(t, all, rule, dir, "en", "fr")
}

// RunLangs is Run for a rule that fires only in some languages (such as
// typography-fr): fire cases are required in those, clean cases in English
// and in French.
func RunLangs(t *testing.T, all []*lint.Rule, rule, dir string, fireLangs ...string) {
	t.Helper()
	cfg := Config()
	on := true
	cfg.Rules = map[string]lint.RuleConfig{rule: {Enabled: &on}}
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	RunWith(t, l, rule, dir, fireLangs...)
}

// RunWith is RunLangs with a Linter built by the caller, for rules that
// exist only under a configuration (the [[phrases]] rules of a presend.toml).
func RunWith(t *testing.T, l *lint.Linter, rule, dir string, fireLangs ...string) {
	t.Helper()
	txt, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	logs, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	bodies, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	cases := slices.Concat(txt, logs, bodies)
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	kinds := map[string]map[string]int{} // fire/clean → lang → count
	for _, path := range cases {
		ext := filepath.Ext(path)
		name := strings.TrimSuffix(filepath.Base(path), ext)
		t.Run(name, func(t *testing.T) {
			msgs := read(t, path)
			results := check(t, l, msgs)
			var got string
			kind := strings.SplitN(name, "_", 2)[0]
			if kinds[kind] == nil {
				kinds[kind] = map[string]int{}
			}
			for _, res := range results {
				got += Format(res, rule)
				kinds[kind][res.Lang]++
			}
			golden := strings.TrimSuffix(path, ext) + ".golden"
			switch kind {
			case "fire":
				if got == "" {
					t.Errorf("%s must draw a %s finding and draws none", path, rule)
				}
				Compare(t, golden, got)
				checkFixes(t, l, rule, msgs, results)
			case "clean":
				// A clean case asserts that the rule says nothing: it
				// needs no golden file, and a leftover one is an error.
				if got != "" {
					t.Errorf("%s must draw no %s finding, draws:\n%s", path, rule, got)
				}
				if _, err := os.Stat(golden); err == nil {
					t.Errorf("%s: a clean case has no golden file; remove it", golden)
				}
			default:
				t.Fatalf("%s: case names start with fire_ or clean_", path)
			}
		})
	}
	for _, kind := range []string{"fire", "clean"} {
		langs := []string{"en", "fr"}
		if kind == "fire" {
			langs = fireLangs
		}
		for _, lang := range langs {
			if kinds[kind][lang] == 0 {
				t.Errorf("%s: no %s case in %s", dir, kind, lang)
			}
		}
	}
}

// CheckCase reads one case file (.txt, .jsonl or .json) and checks it as
// Run does, for tests that look at the findings of every rule at once.
func CheckCase(t *testing.T, l *lint.Linter, path string) []lint.Result {
	t.Helper()
	return check(t, l, read(t, path))
}

// read reads one case: a .txt message, a .jsonl send log or a .json Send
// API body.
func read(t *testing.T, path string) []lint.Message {
	t.Helper()
	if strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".json") {
		msgs, err := input.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	m, err := readCase(path)
	if err != nil {
		t.Fatal(err)
	}
	return []lint.Message{m}
}

// check checks msgs as the CLI does: every file is a send log, each
// message against the history of the ones before it.
func check(t *testing.T, l *lint.Linter, msgs []lint.Message) []lint.Result {
	t.Helper()
	res, err := l.CheckLog(context.Background(), history.NewMemory(history.Limits{}), msgs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// checkFixes applies each fix of the rule's findings to its message, as an
// editor would, and checks the text again, as x/tools' analysistest does
// with suggested fixes: a fix's edits lie inside the text and never
// overlap, and the finding the fix answers is gone from the fixed text (a
// finding that sums several signals, as spammy-content's score does, may
// remain with fewer). A fix without edits (a title outside the text, say)
// is advice: there is nothing to apply.
func checkFixes(t *testing.T, l *lint.Linter, rule string, msgs []lint.Message, results []lint.Result) {
	t.Helper()
	for i, res := range results {
		for _, f := range res.Findings {
			if f.Rule != rule {
				continue
			}
			for _, fix := range f.Fixes {
				if len(fix.Edits) == 0 {
					continue
				}
				fixed, err := Apply(msgs[i].Text, fix.Edits)
				if err != nil {
					t.Errorf("%s: fix %q of %q: %v", msgs[i].Source, fix.Title, f.Message, err)
					continue
				}
				again := slices.Clone(msgs)
				again[i].Text, again[i].Map = fixed, nil
				for _, g := range check(t, l, again)[i].Findings {
					if g.Rule == rule && g.Message == f.Message {
						t.Errorf("%s: after the fix %q, the finding %q is still there in:\n%s",
							msgs[i].Source, fix.Title, f.Message, fixed)
					}
				}
			}
		}
	}
}

// Apply applies a fix's edits to text with lint.ApplyEdits, more strictly:
// two insertions at one offset are an error too, so that no rule relies on
// the order of its edits.
func Apply(text string, edits []lint.Edit) (string, error) {
	sorted := slices.Clone(edits)
	slices.SortStableFunc(sorted, func(a, b lint.Edit) int { return a.Start - b.Start })
	for k := 1; k < len(sorted); k++ {
		if sorted[k].Start == sorted[k-1].Start {
			return "", fmt.Errorf("edits [%d-%d] and [%d-%d] overlap", sorted[k-1].Start, sorted[k-1].End, sorted[k].Start, sorted[k].End)
		}
	}
	return lint.ApplyEdits(text, edits)
}

// readCase reads a case file and its header.
func readCase(path string) (lint.Message, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return lint.Message{}, err
	}
	s := string(data)
	m := lint.Message{Source: path}
	first := 1
	for strings.HasPrefix(s, "#!") {
		header, rest, _ := strings.Cut(s, "\n")
		fields, err := splitHeader(strings.TrimPrefix(header, "#!"))
		if err != nil {
			return m, fmt.Errorf("%s:%d: %w", path, first, err)
		}
		for _, kv := range fields {
			if err := setField(&m, kv); err != nil {
				return m, fmt.Errorf("%s:%d: %w", path, first, err)
			}
		}
		s = rest
		first++
	}
	m.Text = strings.TrimSuffix(s, "\n")
	m.Map = lint.LineMap(m.Text, first)
	return m, nil
}

// splitHeader splits a header line into key=value fields; a value may be
// a double-quoted Go string.
func splitHeader(h string) ([]string, error) {
	var out []string
	for h = strings.TrimSpace(h); h != ""; h = strings.TrimSpace(h) {
		k, rest, ok := strings.Cut(h, "=")
		if !ok || strings.ContainsAny(k, " \t") {
			return nil, fmt.Errorf("header field %q is not key=value", strings.Fields(h)[0])
		}
		var v string
		if strings.HasPrefix(rest, `"`) {
			q, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("header field %s: bad quoted value", k)
			}
			v, _ = strconv.Unquote(q)
			rest = rest[len(q):]
		} else {
			v, rest, _ = strings.Cut(rest, " ")
		}
		out = append(out, k+"="+v)
		h = rest
	}
	return out, nil
}

// setField sets one envelope field of m from a header field.
func setField(m *lint.Message, kv string) error {
	k, v, _ := strings.Cut(kv, "=")
	var err error
	switch k {
	case "channel":
		m.Channel = v
	case "lang":
		m.Lang = v
	case "recipient":
		m.Recipient = v
	case "messaging_type":
		m.MessagingType = v
	case "tag":
		m.Tag = v
	case "quick_replies":
		m.QuickReplies = strings.Split(v, "|")
	case "buttons":
		m.Buttons = strings.Split(v, "|")
	case "template":
		m.Template = v
	case "automated":
		m.Automated, err = strconv.ParseBool(v)
	case "auto_reply":
		m.AutoReply, err = strconv.ParseBool(v)
	case "sent_at":
		m.SentAt, err = time.Parse(time.RFC3339, v)
	case "last_user_message_at":
		m.LastUserMessageAt, err = time.Parse(time.RFC3339, v)
	case "one_time_notif_token":
		m.OneTimeNotifToken = v
	case "template_category":
		m.TemplateCategory = v
	case "last_user_message_referral":
		m.LastUserMessageReferral = v
	case "notification_messages_token":
		m.NotificationMessagesToken = v
	case "optin_request_title":
		m.OptinRequestTitle = v
	case "recipient_tz":
		m.RecipientTZ, err = v, lint.ValidateRecipientTZ(v)
	case "recipient_region":
		m.RecipientRegion, err = v, lint.ValidateRecipientRegion(v)
	case "program_first_message":
		m.ProgramFirstMessage, err = strconv.ParseBool(v)
	default:
		return fmt.Errorf("unknown header field %q", k)
	}
	if err != nil {
		return fmt.Errorf("header field %s: %w", k, err)
	}
	return nil
}

// Format renders the findings of one rule in the golden format.
func Format(res lint.Result, rule string) string {
	var b strings.Builder
	for _, f := range res.Findings {
		if f.Rule != rule {
			continue
		}
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s\n", f.Line, f.Column, f.EndLine, f.EndColumn, f.Severity, f.Message)
		if f.Detail != "" {
			fmt.Fprintf(&b, "    detail: %s\n", f.Detail)
		}
		if !f.RetryAfter.IsZero() {
			fmt.Fprintf(&b, "    retry-after: %s\n", f.RetryAfter.Format(time.RFC3339))
		}
		for _, fix := range f.Fixes {
			fmt.Fprintf(&b, "    fix: %s", fix.Title)
			for _, e := range fix.Edits {
				fmt.Fprintf(&b, " [%d-%d %q]", e.Start, e.End, e.New)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// Compare checks got against a golden file, or rewrites it with -update
// (see package golden).
func Compare(t *testing.T, path, got string) {
	t.Helper()
	golden.Compare(t, path, got)
}
