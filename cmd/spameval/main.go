// Command spameval measures presend's judgement on real messages.
//
// Usage:
//
//	spameval [-misses N] [-hist] [-signals] [-ham] [-words N] [-channel sms] [-rule spammy-content] PATH...
//
// A labelled PATH (a .tsv file, or a .jsonl file whose records carry a
// "label") holds one message per line: label<TAB>text, or
// {"label": "...", "text": "..."}. Labels spam, smishing, promo, promotional
// and marketing are positive; ham, transactional and utility negative. Every
// message goes through a real lint.Linter with only -rule enabled
// (spammy-content, or promo-under-tag, for which each message is sent
// under a message tag), and spameval prints, per file and for the rule's
// warning and error thresholds, the confusion matrix, precision, recall,
// false-positive rate and Matthews correlation. With -misses N it also
// prints the N worst false positives and false negatives, for study: on the
// terminal only, never into the repository. With -signals it prints, per
// signal, how many positive and negative messages it fired on (and, for
// spammy-content, how many messages of each unlabelled PATH).
//
// Any other PATH (a folder, a catalog, a send log, a draft) holds legitimate
// messages: spameval lints them with every rule and prints, per language,
// the share of messages with a warning or worse, in all and per rule. With
// -ham, the negative messages of labelled files get the same shares. With
// -words N, each rule's shares are followed by the N texts it flags most
// (the words spelling flags, with counts): what to add to vocab, or what a
// rule gets wrong.
package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// sample is one labelled message.
type sample struct {
	line  int
	label string
	spam  bool
	text  string
}

// outcome is what the rule made of a sample.
type outcome struct {
	sample
	severity lint.Severity // 0: no finding
	score    float64       // from the probe: every fired signal, any score
	signals  string        // the probe's finding message
	// evidence names the signals that fired (the labels of the finding's
	// evidence list), for -signals.
	evidence []string
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("spameval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	misses := fs.Int("misses", 0, "print the `N` worst false positives and false negatives of each file")
	channel := fs.String("channel", "sms", "channel the messages are checked on")
	hist := fs.Bool("hist", false, "print how many spam and ham messages reach each score")
	ham := fs.Bool("ham", false, "also lint the negative messages of labelled files with every rule and print the share each rule warns on")
	words := fs.Int("words", 0, "with the shares, print the `N` texts each rule flags most (the words spelling flags), with counts")
	ruleName := fs.String("rule", rules.SpammyContent.Name, "rule measured on labelled files: spammy-content or promo-under-tag")
	signals := fs.Bool("signals", false, "print, per signal, how many positive and negative messages it fired on (spammy-content: at any score, on unlabelled paths too; promo-under-tag: in the messages found promotional)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: spameval [-misses N] [-hist] [-signals] [-ham] [-words N] [-channel NAME] [-rule NAME] PATH...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return 2
	}
	var rule *lint.Rule
	switch *ruleName {
	case rules.SpammyContent.Name:
		rule = rules.SpammyContent
	case rules.PromoUnderTag.Name:
		rule = rules.PromoUnderTag
	default:
		fmt.Fprintf(stderr, "spameval: -rule %q: want %s or %s\n", *ruleName, rules.SpammyContent.Name, rules.PromoUnderTag.Name)
		return 2
	}
	opts := rules.SpammyContent.Options().(*rules.SpammyContentOptions)
	cfg := lint.DefaultConfig()
	cfg.Channel = *channel
	only := []*lint.Rule{rule}
	l, err := lint.New(cfg, only)
	if err != nil {
		fmt.Fprintf(stderr, "spameval: %v\n", err)
		return 2
	}
	// The probe reports every message with any signal, so misses show
	// their score and signals even under the thresholds.
	var probe *lint.Linter
	if rule == rules.SpammyContent && (*misses > 0 || *hist || *signals) {
		pcfg := cfg
		pcfg.Rules = map[string]lint.RuleConfig{rules.SpammyContent.Name: {
			Options: &rules.SpammyContentOptions{WarnScore: 1e-9, ErrorScore: 1e9},
		}}
		if probe, err = lint.New(pcfg, only); err != nil {
			fmt.Fprintf(stderr, "spameval: %v\n", err)
			return 2
		}
	}
	var all *lint.Linter // every rule, for the shares of legitimate messages
	code := 0
	for _, path := range fs.Args() {
		labelled, err := isLabelled(path)
		if err != nil {
			fmt.Fprintf(stderr, "spameval: %v\n", err)
			code = 2
			continue
		}
		if (!labelled || *ham) && all == nil {
			if all, err = lint.New(cfg, rules.All()); err != nil {
				fmt.Fprintf(stderr, "spameval: %v\n", err)
				return 2
			}
		}
		if !labelled {
			if err := shares(stdout, all, path, *words); err != nil {
				fmt.Fprintf(stderr, "spameval: %v\n", err)
				code = 2
			} else if *signals && probe != nil {
				if err := legitSignals(stdout, probe, rule.Name, path); err != nil {
					fmt.Fprintf(stderr, "spameval: %v\n", err)
					code = 2
				}
			}
			continue
		}
		samples, err := readFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "spameval: %v\n", err)
			code = 2
			continue
		}
		outs := check(l, probe, rule, *channel, samples)
		if rule == rules.SpammyContent {
			report(stdout, filepath.Base(path), outs, fmt.Sprintf("warn >= %g", opts.WarnScore), fmt.Sprintf("error >= %g", opts.ErrorScore), "spam", "ham")
		} else {
			report(stdout, filepath.Base(path), outs, "warning", "error", "promotional", "not")
		}
		if *hist && probe != nil {
			printHist(stdout, outs)
		}
		if *signals {
			printSignals(stdout, outs)
		}
		if *misses > 0 {
			printMisses(stdout, outs, *misses)
		}
		if *ham {
			var negs []lint.Message
			for _, s := range samples {
				if !s.spam {
					negs = append(negs, lint.Message{Text: s.text})
				}
			}
			printShares(stdout, all, filepath.Base(path)+" (negatives)", negs, *words)
		}
	}
	return code
}

// isLabelled reports whether path is a labelled file: a .tsv, or a .jsonl
// whose first record has a "label".
func isLabelled(path string) (bool, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".tsv":
		return true, nil
	case ".jsonl":
	default:
		return false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), lint.MaxTextBytes)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var rec map[string]json.RawMessage
		if json.Unmarshal([]byte(line), &rec) != nil {
			return false, nil // not ours: the send-log reader says what is wrong
		}
		_, ok := rec["label"]
		return ok, nil
	}
	return false, sc.Err()
}

func readFile(path string) ([]sample, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSamples(path, f)
}

// readSamples reads label<TAB>text lines, or {"label", "text"} records when
// name ends in .jsonl; blank lines are skipped.
func readSamples(name string, r io.Reader) ([]sample, error) {
	jsonl := strings.EqualFold(filepath.Ext(name), ".jsonl")
	var out []sample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), lint.MaxTextBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		var label, text string
		if jsonl {
			var rec struct {
				Label *string `json:"label"`
				Text  *string `json:"text"`
			}
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, n, err)
			}
			if rec.Label == nil || rec.Text == nil {
				return nil, fmt.Errorf("%s:%d: a record needs \"label\" and \"text\"", name, n)
			}
			label, text = *rec.Label, *rec.Text
		} else {
			var ok bool
			if label, text, ok = strings.Cut(line, "\t"); !ok {
				return nil, fmt.Errorf("%s:%d: no tab between label and text", name, n)
			}
		}
		s := sample{line: n, label: strings.TrimSpace(label), text: text}
		switch strings.ToLower(s.label) {
		case "spam", "smishing", "promo", "promotional", "marketing":
			s.spam = true
		case "ham", "transactional", "utility":
		default:
			return nil, fmt.Errorf("%s:%d: unknown label %q (want spam, smishing, promo, promotional or marketing; ham, transactional or utility)", name, n, label)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

func check(l, probe *lint.Linter, rule *lint.Rule, channel string, samples []sample) []outcome {
	ctx := context.Background()
	outs := make([]outcome, len(samples))
	for i, s := range samples {
		o := outcome{sample: s}
		m := lint.Message{Text: s.text, Channel: channel}
		if rule == rules.PromoUnderTag {
			// Under a tag, every promotion is a finding.
			m.MessagingType, m.Tag = "MESSAGE_TAG", "POST_PURCHASE_UPDATE"
		}
		for _, f := range l.Check(ctx, m).Findings {
			if f.Rule == rule.Name {
				o.severity = max(o.severity, f.Severity)
				o.signals = f.Message
				if rule == rules.PromoUnderTag {
					// The detail names every piece of evidence.
					o.evidence = appendLabels(o.evidence, f.Detail)
				}
			}
		}
		if probe != nil {
			for _, f := range probe.Check(ctx, m).Findings {
				if f.Rule == rule.Name {
					o.signals = f.Message
					o.evidence = appendLabels(nil, f.Message)
					_, _ = fmt.Sscanf(f.Message, "spam score %g", &o.score)
				}
			}
		}
		outs[i] = o
	}
	return outs
}

func report(w io.Writer, name string, outs []outcome, warn, errName, posName, negName string) {
	var warnM, errM confusion
	pos := 0
	for _, o := range outs {
		if o.spam {
			pos++
		}
		warnM.add(o.spam, o.severity >= lint.Warning)
		errM.add(o.spam, o.severity >= lint.Error)
	}
	fmt.Fprintf(w, "%s: %d messages (%d %s, %d %s)\n", name, len(outs), pos, posName, len(outs)-pos, negName)
	fmt.Fprintf(w, "  %-12s %5s %5s %5s %5s %10s %8s %8s %7s\n", "threshold", "TP", "FP", "TN", "FN", "precision", "recall", "FPR", "MCC")
	for _, row := range []struct {
		name string
		m    confusion
	}{{warn, warnM}, {errName, errM}} {
		p, pok := row.m.precision()
		r, rok := row.m.recall()
		f, fok := row.m.fpr()
		c, cok := row.m.mcc()
		fmt.Fprintf(w, "  %-12s %5d %5d %5d %5d %10s %8s %8s %7s\n",
			row.name, row.m.TP, row.m.FP, row.m.TN, row.m.FN,
			pct(p, pok), pct(r, rok), pct(f, fok), num(c, cok))
	}
	// Recall per positive label, when a file has several.
	labels := map[string][2]int{} // label → warn hits, total
	var names []string
	for _, o := range outs {
		if !o.spam {
			continue
		}
		c, ok := labels[o.label]
		if !ok {
			names = append(names, o.label)
		}
		c[1]++
		if o.severity >= lint.Warning {
			c[0]++
		}
		labels[o.label] = c
	}
	if len(names) > 1 {
		slices.Sort(names)
		var parts []string
		for _, l := range names {
			c := labels[l]
			r, _ := ratio(c[0], c[1])
			parts = append(parts, fmt.Sprintf("%s %s (%d/%d)", l, pct(r, true), c[0], c[1]))
		}
		fmt.Fprintf(w, "  recall at warn by label: %s\n", strings.Join(parts, ", "))
	}
}

// labelRE matches one piece of evidence of a finding's list: its label
// (lower-case words) then the quoted text, as spammy-content's message and
// promo-under-tag's detail write them.
var labelRE = regexp.MustCompile(`(?:^|: |, )([a-z][a-z0-9 &'/-]*?) "(?:[^"\\]|\\.)*"`)

// appendLabels adds the evidence labels of a finding's message to list,
// each once.
func appendLabels(list []string, msg string) []string {
	for _, m := range labelRE.FindAllStringSubmatch(msg, -1) {
		if !slices.Contains(list, m[1]) {
			list = append(list, m[1])
		}
	}
	return list
}

// printSignals prints, per signal, how many positive and negative messages
// it fired on, most positives first.
func printSignals(w io.Writer, outs []outcome) {
	type count struct {
		name     string
		pos, neg int
	}
	var counts []count
	for _, o := range outs {
		for _, l := range o.evidence {
			k := slices.IndexFunc(counts, func(c count) bool { return c.name == l })
			if k < 0 {
				counts = append(counts, count{name: l})
				k = len(counts) - 1
			}
			if o.spam {
				counts[k].pos++
			} else {
				counts[k].neg++
			}
		}
	}
	slices.SortStableFunc(counts, func(x, y count) int {
		return cmp.Or(cmp.Compare(y.pos, x.pos), cmp.Compare(x.neg, y.neg), strings.Compare(x.name, y.name))
	})
	fmt.Fprintf(w, "  %-36s %6s %6s\n", "signal", "pos", "neg")
	for _, c := range counts {
		fmt.Fprintf(w, "  %-36s %6d %6d\n", c.name, c.pos, c.neg)
	}
}

// printHist prints, per score step of 1, how many spam and ham messages
// score at least that much.
func printHist(w io.Writer, outs []outcome) {
	top := 0.0
	for _, o := range outs {
		top = max(top, o.score)
	}
	fmt.Fprintf(w, "  %-8s %6s %6s\n", "score >=", "spam", "ham")
	for at := 1.0; at <= top; at++ {
		var s, h int
		for _, o := range outs {
			if o.score < at {
				continue
			}
			if o.spam {
				s++
			} else {
				h++
			}
		}
		fmt.Fprintf(w, "  %-8g %6d %6d\n", at, s, h)
	}
}

func pct(v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	return fmt.Sprintf("%.1f %%", 100*v)
}

func num(v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", v)
}

// printMisses prints the n ham messages with the highest scores among those
// flagged, and the n spam messages with the lowest scores among those not.
func printMisses(w io.Writer, outs []outcome, n int) {
	var fps, fns []outcome
	for _, o := range outs {
		switch {
		case !o.spam && o.severity != 0:
			fps = append(fps, o)
		case o.spam && o.severity == 0:
			fns = append(fns, o)
		}
	}
	slices.SortStableFunc(fps, func(x, y outcome) int { return cmp.Compare(y.score, x.score) })
	slices.SortStableFunc(fns, func(x, y outcome) int { return cmp.Compare(x.score, y.score) })
	show := func(title string, list []outcome) {
		fmt.Fprintf(w, "  %s (%d):\n", title, len(list))
		for _, o := range list[:min(n, len(list))] {
			sig := strings.TrimSpace(o.signals[strings.Index(o.signals, ":")+1:])
			if o.signals == "" {
				sig = "no signal"
			}
			fmt.Fprintf(w, "    line %d, score %g: %s\n      %s\n", o.line, o.score, sig, clip(o.text, 200))
		}
	}
	show("false positives, highest score first", fps)
	show("false negatives, lowest score first", fns)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
