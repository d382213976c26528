package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/rules"
)

const policyUsage = "policy [--at DATE|--all] [--channel C] [--format text|json|markdown]"

// runPolicy prints the platform facts in force at a date: the built-in
// policy with the presend.toml's policy-file laid over it.
func runPolicy(e *env, args []string) int {
	fs := newFlags(e, "policy", policyUsage)
	at := fs.String("at", "", "date of the facts (2026-06-01, or an RFC 3339 instant); default: presend.toml's policy-date, else the time of the run")
	ch := fs.String("channel", "", "only the facts of this channel (messenger, whatsapp, …)")
	format := fs.String("format", "text", "output format: text, json or markdown (a table, as in the README)")
	all := fs.Bool("all", false, "every period of every fact, past and future, instead of those in force at one date")
	config := fs.String("config", "", "presend.toml to read policy-date and policy-file from (default: found from the working folder up)")
	source := fs.Bool("source", false, "print the built-in policy file, the shape of a policy-file, and stop")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend policy: unexpected argument %q\n", fs.Arg(0))
		return exitError
	}
	switch *format {
	case "text", "json", "markdown":
	default:
		fmt.Fprintf(e.stderr, "presend policy: unknown format %q (want text, json or markdown)\n", *format)
		return exitError
	}
	if *all && *at != "" {
		fmt.Fprintln(e.stderr, "presend policy: --all and --at exclude each other")
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
	inForce := set.At(when).All()
	if *all {
		inForce = nil
		for _, f := range set.All() {
			inForce = append(inForce, &f)
		}
	}
	var facts []*policy.Fact
	for _, f := range inForce {
		if *ch == "" || f.Channel == *ch {
			facts = append(facts, f)
		}
	}
	switch *format {
	case "json":
		return printPolicyJSON(e, set, when, *all, facts)
	case "markdown":
		_, err := io.WriteString(e.stdout, policyTable(facts))
		if err != nil {
			fail(e, err)
			return exitError
		}
		return exitOK
	}
	if *all {
		fmt.Fprintf(e.stdout, "Platform facts, every period (policy %s)", set.Version())
	}
	w := e.stdout
	if !*all {
		fmt.Fprintf(w, "Platform facts in force at %s (policy %s)", when.UTC().Format(time.RFC3339), set.Version())
	}
	if *ch != "" {
		fmt.Fprintf(w, ", channel %s", *ch)
	}
	fmt.Fprintf(w, ": %d\n", len(facts))
	for _, f := range facts {
		fmt.Fprintf(w, "\n%s (%s) = %s\n", f.ID, f.Channel, f.ValueString())
		soon := ""
		if left := f.Until.Sub(when); !*all && !f.Until.IsZero() && left <= lint.PolicyWarning {
			soon = fmt.Sprintf(" (ends in %d days)", int(left.Hours()/24))
		}
		fmt.Fprintf(w, "    %s%s; confidence %s\n", period(set, f), soon, f.Confidence)
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

func printPolicyJSON(e *env, set *policy.Set, when time.Time, all bool, facts []*policy.Fact) int {
	out := struct {
		At      string     `json:"at,omitempty"` // absent with --all
		Version string     `json:"version"`
		Facts   []factJSON `json:"facts"`
	}{Version: set.Version(), Facts: []factJSON{}}
	if !all {
		out.At = when.UTC().Format(time.RFC3339Nano)
	}
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

// policyTable renders facts as a Markdown table, one row per period: the
// README's policy table is this output.
func policyTable(facts []*policy.Fact) string {
	var b strings.Builder
	b.WriteString("| fact | value | from | until | what it means | source (conf.) |\n|---|---|---|---|---|---|\n")
	for _, f := range facts {
		until := "—"
		if !f.Until.IsZero() {
			until = policy.Stamp(f.Until)
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s (%s) |\n", f.ID, cell(markdownValue(f)), policy.Stamp(f.From), until, cell(f.Note), cell(f.Source), f.Confidence)
	}
	return b.String()
}

// markdownValue renders a value for the table: a table value grouped by
// value ("2020-03-04: A, B; 2026-04-27: C"), lists and codes in backticks.
func markdownValue(f *policy.Fact) string {
	switch v := f.Value.(type) {
	case []string:
		return "`" + strings.Join(v, "`, `") + "`"
	case map[string]string:
		groups := map[string][]string{}
		var order []string
		for k, x := range v {
			if _, ok := groups[x]; !ok {
				order = append(order, x)
			}
			groups[x] = append(groups[x], k)
		}
		slices.Sort(order)
		parts := make([]string, len(order))
		for i, x := range order {
			keys := groups[x]
			slices.Sort(keys)
			parts[i] = x + ": `" + strings.Join(keys, "`, `") + "`"
		}
		return strings.Join(parts, "; ")
	}
	return f.ValueString()
}

// cell escapes a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
