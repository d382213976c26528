package policy_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/policy"
)

var retirement = time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC)

func embedded(t testing.TB) *policy.Set {
	t.Helper()
	s, err := policy.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestEmbeddedTagRetirement(t *testing.T) {
	s := embedded(t)
	for _, tc := range []struct {
		at   time.Time
		want []string
	}{
		{time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), []string{"CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE", "HUMAN_AGENT"}},
		{retirement.Add(-time.Nanosecond), []string{"CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE", "HUMAN_AGENT"}},
		{retirement, []string{"HUMAN_AGENT"}},
		{time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC), []string{"HUMAN_AGENT"}},
	} {
		fs := s.At(tc.at)
		if got := fs.Strings("messenger.tags"); !slices.Equal(got, tc.want) {
			t.Errorf("At(%v) messenger.tags = %v, want %v", tc.at, got, tc.want)
		}
		retired := fs.Table("messenger.tags.retired")
		if got, want := retired["POST_PURCHASE_UPDATE"] != "", !tc.at.Before(retirement); got != want {
			t.Errorf("At(%v): POST_PURCHASE_UPDATE retired = %v, want %v", tc.at, got, want)
		}
	}
	fs := s.At(retirement)
	if got := fs.Since("messenger.tags"); !got.Equal(retirement) {
		t.Errorf("messenger.tags in force since %v, want %v", got, retirement)
	}
	if got := fs.Duration("messenger.window"); got != 24*time.Hour {
		t.Errorf("messenger.window = %v, want 24h", got)
	}
	if got := fs.Duration("messenger.human-agent-window"); got != 7*24*time.Hour {
		t.Errorf("messenger.human-agent-window = %v, want 168h", got)
	}
	if got := fs.Int("messenger.quick-replies.max"); got != 13 {
		t.Errorf("messenger.quick-replies.max = %d, want 13", got)
	}
	if got := fs.Int("no.such-fact"); got != 0 {
		t.Errorf("an absent fact reads %d, want 0", got)
	}
	// Before anything took effect, nothing is in force.
	if got := s.At(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)).All(); len(got) != 0 {
		t.Errorf("facts in force in 2000: %d, want none", len(got))
	}
}

func TestEmbeddedFactsComplete(t *testing.T) {
	for _, f := range embedded(t).All() {
		if f.Source == "" || f.Note == "" || f.Channel == "" || f.Confidence == "" {
			t.Errorf("%s:%d: fact %s lacks a source, note, channel or confidence", f.File, f.Line, f.ID)
		}
		if !strings.HasPrefix(f.ID, f.Channel+".") {
			t.Errorf("%s:%d: fact %s does not start with its channel %s", f.File, f.Line, f.ID, f.Channel)
		}
	}
}

func TestParseErrors(t *testing.T) {
	const good = `id = "messenger.window"
channel = "messenger"
kind = "duration"
value = "24h"
from = 2020-03-04
source = "test"
confidence = "H"
`
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"unknown key", "[[fact]]\n" + good + "colour = \"red\"\n", []string{"p.toml:9:1: unknown key \"fact.colour\""}},
		{"unknown top-level key", "versoin = \"1\"\n", []string{"p.toml:1:1: unknown key \"versoin\""}},
		{"until before from", "[[fact]]\n" + good + "until = 2019-01-01\n", []string{"p.toml:9: until 2019-01-01 is not after from 2020-03-04"}},
		{"until equals from", "[[fact]]\n" + good + "until = 2020-03-04T00:00:00Z\n", []string{"p.toml:9: until 2020-03-04 is not after from 2020-03-04"}},
		{"overlap", "[[fact]]\n" + good + "until = 2026-01-01\n\n[[fact]]\n" + strings.Replace(good, "2020-03-04", "2025-12-31", 1),
			[]string{"p.toml:11: fact messenger.window overlaps the period of line 1 (2020-03-04 to 2026-01-01)"}},
		{"open overlap", "[[fact]]\n" + good + "\n[[fact]]\n" + strings.Replace(good, "2020-03-04", "2030-01-01", 1),
			[]string{"p.toml:10: fact messenger.window overlaps the period of line 1 (from 2020-03-04)"}},
		{"bad duration", "[[fact]]\n" + strings.Replace(good, `"24h"`, `"24 hours"`, 1), []string{"p.toml:5: messenger.window: duration \"24 hours\""}},
		{"negative duration", "[[fact]]\n" + strings.Replace(good, `"24h"`, `"-1h"`, 1), []string{"p.toml:5: messenger.window: duration \"-1h\" must be positive"}},
		{"int for duration", "[[fact]]\n" + strings.Replace(good, `"24h"`, `24`, 1), []string{"p.toml:5: messenger.window: value must be a string such as \"24h\""}},
		{"negative int", "[[fact]]\n" + strings.NewReplacer(`"duration"`, `"int"`, `"24h"`, `-3`).Replace(good), []string{"p.toml:5: messenger.window: value -3 is out of range"}},
		{"unknown kind", "[[fact]]\n" + strings.Replace(good, `"duration"`, `"number"`, 1), []string{"p.toml:4: kind \"number\": want int, duration, string, strings or table"}},
		{"strings twice", "[[fact]]\n" + strings.NewReplacer(`"duration"`, `"strings"`, `"24h"`, `["A", "A"]`).Replace(good), []string{"p.toml:5: messenger.window: value[1] \"A\" is listed twice"}},
		{"local date-time", "[[fact]]\n" + strings.Replace(good, "2020-03-04", "2020-03-04T00:00:00", 1), []string{"p.toml:6: from: a date-time without an offset names no instant"}},
		{"confidence", "[[fact]]\n" + strings.Replace(good, `"H"`, `"high"`, 1), []string{"p.toml:8: confidence \"high\": want H, M or L"}},
		{"missing source", "[[fact]]\n" + strings.Replace(good, "source = \"test\"\n", "", 1), []string{"p.toml:1: fact messenger.window has no source"}},
		{"bad id", "[[fact]]\n" + strings.Replace(good, `"messenger.window"`, `"Window"`, 1), []string{"p.toml:2: id \"Window\": want dotted lower-case words"}},
		{"wrong type", "[[fact]]\n" + strings.Replace(good, `source = "test"`, `source = 3`, 1), []string{"p.toml:7:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := policy.Parse([]byte(tc.file), "p.toml")
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain %q", err, w)
				}
			}
		})
	}
	facts, _, err := policy.Parse([]byte("[[fact]]\n"+good), "p.toml")
	if err != nil || len(facts) != 1 || facts[0].Value != 24*time.Hour || facts[0].Line != 1 {
		t.Fatalf("a good file: %v, %v", facts, err)
	}
}

// A user's fact replaces the built-in one over its own period only, and
// must keep the kind of the id it overrides.
func TestLoadOverride(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.toml")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`version = "mine"
[[fact]]
id = "messenger.window"
channel = "messenger"
kind = "duration"
value = "48h"
from = 2027-01-01
until = 2027-02-01
source = "our reading of a change"
confidence = "L"

[[fact]]
id = "messenger.shop.greeting-max"
channel = "messenger"
kind = "int"
value = 90
from = 2026-12-01T09:30:00+01:00
source = "house style"
confidence = "L"
`)
	s, err := policy.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at   time.Time
		want time.Duration
	}{
		{time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC), 24 * time.Hour},
		{time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 48 * time.Hour},
		{time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), 24 * time.Hour},
	} {
		if got := s.At(tc.at).Duration("messenger.window"); got != tc.want {
			t.Errorf("At(%v) messenger.window = %v, want %v", tc.at, got, tc.want)
		}
	}
	if got := len(s.History("messenger.window")); got != 3 {
		t.Errorf("messenger.window has %d periods, want 3 (ours, the user's, ours again)", got)
	}
	from := time.Date(2026, 12, 1, 8, 30, 0, 0, time.UTC)
	if got := s.At(from.Add(-time.Second)).Int("messenger.shop.greeting-max"); got != 0 {
		t.Errorf("a new fact is in force before its from: %d", got)
	}
	if got := s.At(from).Int("messenger.shop.greeting-max"); got != 90 {
		t.Errorf("a new fact at its from = %d, want 90", got)
	}
	// The built-in policy is not changed by a Load.
	if got := embedded(t).At(time.Date(2027, 1, 10, 0, 0, 0, 0, time.UTC)).Duration("messenger.window"); got != 24*time.Hour {
		t.Errorf("the embedded policy changed: %v", got)
	}

	write(`[[fact]]
id = "messenger.window"
channel = "messenger"
kind = "int"
value = 48
from = 2027-01-01
source = "x"
confidence = "L"
`)
	if _, err := policy.Load(path); err == nil || !strings.Contains(err.Error(), path+":1: fact messenger.window is a duration") {
		t.Errorf("a kind change: %v", err)
	}
	if _, err := policy.Load(filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "missing.toml") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestEnding(t *testing.T) {
	s := embedded(t)
	got := s.Ending(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 30*24*time.Hour)
	var ids []string
	for _, f := range got {
		ids = append(ids, f.ID)
	}
	if !slices.Contains(ids, "messenger.tags") {
		t.Errorf("facts ending within 30 days of 2026-04-01: %v, want messenger.tags among them", ids)
	}
	if got := s.Ending(time.Date(2026, 3, 27, 23, 59, 0, 0, time.UTC), 30*24*time.Hour); len(got) != 0 {
		t.Errorf("facts ending within 30 days of 2026-03-27: %v, want none", got)
	}
}

func TestDurations(t *testing.T) {
	for s, want := range map[string]time.Duration{"7d": 7 * 24 * time.Hour, "24h": 24 * time.Hour, "90m": 90 * time.Minute} {
		d, err := policy.ParseDuration(s)
		if err != nil || d != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", s, d, err, want)
		}
		if got := policy.FormatDuration(d); got != s && s != "90m" {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, s)
		}
	}
	if _, err := policy.ParseDuration("x7d"); err == nil {
		t.Error("ParseDuration(x7d): no error")
	}
}

// BenchmarkAt measures what a rule pays per message: the facts in force at
// the send time, then three lookups.
func BenchmarkAt(b *testing.B) {
	s := embedded(b)
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		fs := s.At(at)
		if fs.Duration("messenger.window") == 0 || len(fs.Strings("messenger.tags")) == 0 || fs.Int("messenger.quick-replies.max") == 0 {
			b.Fatal("missing fact")
		}
	}
}

// FuzzParse: no input makes Parse panic, and what it accepts builds a Set
// whose every fact is in force at its own from.
func FuzzParse(f *testing.F) {
	f.Add(policy.EmbeddedSource())
	f.Add([]byte("[[fact]]\nid = \"a.b\"\nchannel = \"a\"\nkind = \"table\"\nvalue = { X = \"1\" }\nfrom = 2026-01-01T00:00:00+02:00\nsource = \"s\"\nconfidence = \"L\"\n"))
	f.Add([]byte("[[fact]]\nvalue = [[1], {}]\nfrom = 12\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, version, err := policy.Parse(data, "f.toml")
		if err != nil {
			return
		}
		s, err := policy.NewSet(version, facts)
		if err != nil {
			t.Fatalf("a parsed file does not build a Set: %v", err)
		}
		for _, f := range facts {
			got, ok := s.At(f.From).Lookup(f.ID)
			if !ok || !got.From.Equal(f.From) {
				t.Fatalf("%s is not in force at its from %v", f.ID, f.From)
			}
		}
	})
}
