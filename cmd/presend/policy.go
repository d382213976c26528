package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/rules"
)

const policyUsage = "policy [--at DATE] [--channel C] [--format text|json] [--source]"

// runPolicy prints the platform facts in force at a date: the built-in
// policy with the presend.toml's policy-file laid over it.
func runPolicy(e *env, args []string) int {
	fs := newFlags(e, "policy", policyUsage)
	at := fs.String("at", "", "date of the facts (2026-06-01, or an RFC 3339 instant); default: presend.toml's policy-date, else the time of the run")
	ch := fs.String("channel", "", "only the facts of this channel (messenger, whatsapp, …)")
	format := fs.String("format", "text", "output format: text or json")
	config := fs.String("config", "", "presend.toml to read policy-date and policy-file from (default: found from the working folder up)")
	source := fs.Bool("source", false, "print the built-in policy file, the shape of a policy-file, and stop")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend policy: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "presend policy: unknown format %q (want text or json)\n", *format)
		return exitError
	}
	if *source {
		if _, err := e.stdout.Write(policy.EmbeddedSource()); err != nil {
			fail(e, err)
			return exitError
		}
		return exitOK
	}
	path := *config
	if path == "" {
		p, err := lint.FindConfig(".")
		if err != nil {
			fail(e, err)
			return exitError
		}
		path = p
	}
	cfg := lint.DefaultConfig()
	if path != "" {
		var err error
		if cfg, err = lint.LoadConfig(path, rules.All()); err != nil {
			fail(e, err)
			return exitError
		}
	}
	set, err := policy.Load(cfg.PolicyFile)
	if err != nil {
		fail(e, err)
		return exitError
	}
	when := e.now()
	if !cfg.PolicyDate.IsZero() {
		when = cfg.PolicyDate
	}
	if *at != "" {
		if when, err = policy.ParseInstant(*at); err != nil {
			fmt.Fprintf(e.stderr, "presend policy: --at %v\n", err)
			return exitError
		}
	}
	var facts []*policy.Fact
	for _, f := range set.At(when).All() {
		if *ch == "" || f.Channel == *ch {
			facts = append(facts, f)
		}
	}
	if *format == "json" {
		return printPolicyJSON(e, set, when, facts)
	}
	w := e.stdout
	fmt.Fprintf(w, "Platform facts in force at %s (policy %s)", when.UTC().Format(time.RFC3339), set.Version())
	if *ch != "" {
		fmt.Fprintf(w, ", channel %s", *ch)
	}
	fmt.Fprintf(w, ": %d\n", len(facts))
	for _, f := range facts {
		fmt.Fprintf(w, "\n%s (%s) = %s\n", f.ID, f.Channel, f.ValueString())
		fmt.Fprintf(w, "    %s; confidence %s\n", period(set, f), f.Confidence)
		if f.Note != "" {
			fmt.Fprintf(w, "    %s\n", f.Note)
		}
		fmt.Fprintf(w, "    source: %s\n", f.Source)
		if f.File != policy.EmbeddedFile {
			fmt.Fprintf(w, "    set by %s:%d\n", f.File, f.Line)
		}
	}
	if len(facts) == 0 && *ch != "" {
		fmt.Fprintf(w, "\nno fact of channel %q is in force at that date\n", *ch)
	}
	return exitOK
}

// period says when a fact holds, and what follows it when it ends.
func period(set *policy.Set, f *policy.Fact) string {
	if f.Until.IsZero() {
		return "since " + policy.Stamp(f.From)
	}
	s := fmt.Sprintf("from %s until %s (exclusive)", policy.Stamp(f.From), policy.Stamp(f.Until))
	if next, ok := set.At(f.Until).Lookup(f.ID); ok {
		return s + ", then " + next.ValueString()
	}
	return s + ", then nothing"
}

type factJSON struct {
	ID         string  `json:"id"`
	Channel    string  `json:"channel"`
	Kind       string  `json:"kind"`
	Value      any     `json:"value"`
	From       string  `json:"from"`
	Until      *string `json:"until"`
	Source     string  `json:"source"`
	Confidence string  `json:"confidence"`
	Note       string  `json:"note,omitempty"`
	File       string  `json:"file,omitempty"` // a user's policy-file; absent for the built-in facts
	Line       int     `json:"line,omitempty"`
}

func printPolicyJSON(e *env, set *policy.Set, when time.Time, facts []*policy.Fact) int {
	out := struct {
		At      string     `json:"at"`
		Version string     `json:"version"`
		Facts   []factJSON `json:"facts"`
	}{At: when.UTC().Format(time.RFC3339Nano), Version: set.Version(), Facts: []factJSON{}}
	for _, f := range facts {
		j := factJSON{ID: f.ID, Channel: f.Channel, Kind: string(f.Kind), Value: f.Value,
			From: f.From.UTC().Format(time.RFC3339), Source: f.Source, Confidence: f.Confidence, Note: f.Note}
		if d, ok := f.Value.(time.Duration); ok {
			j.Value = policy.FormatDuration(d)
		}
		if !f.Until.IsZero() {
			u := f.Until.UTC().Format(time.RFC3339)
			j.Until = &u
		}
		if f.File != policy.EmbeddedFile {
			j.File, j.Line = f.File, f.Line
		}
		out.Facts = append(out.Facts, j)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fail(e, err)
		return exitError
	}
	return exitOK
}
