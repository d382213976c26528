package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// shareCount is, for one group of legitimate messages, how many there are and
// how many of them each rule warns on (a warning or worse).
type shareCount struct {
	total  int
	any    int            // messages with at least one warning or worse
	byRule map[string]int // rule → messages it warns on
	words  wordCounts     // nil unless -words
}

func (c *shareCount) add(res lint.Result) {
	c.total++
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if f.Severity >= lint.Warning && !seen[f.Rule] {
			seen[f.Rule] = true
			c.byRule[f.Rule]++
		}
	}
	if len(seen) > 0 {
		c.any++
	}
	if c.words != nil {
		c.words.add(res)
	}
}

// shares lints every message of path (a folder, a catalog, a JSONL send log
// or a draft) with every rule and prints, per language, the share of
// messages each rule warns on. Messages without a channel are checked on
// l's default channel (a spoken script's key chooses voice).
func shares(w io.Writer, l *lint.Linter, path string, words int) error {
	msgs, skipped, err := readLegit(path)
	if err != nil {
		return err
	}
	printShares(w, l, path, msgs, words)
	if skipped > 0 {
		fmt.Fprintf(w, "%s: %d messages in a language presend does not check were skipped\n", path, skipped)
	}
	return nil
}

// readLegit reads every message of path (a folder, a catalog, a JSONL send
// log or a draft), leaving out, and counting, those in a language presend
// does not check.
func readLegit(path string) (msgs []lint.Message, skipped int, err error) {
	files, unread, err := input.Expand([]string{path})
	if err != nil {
		return nil, 0, err
	}
	if len(unread) > 0 {
		return nil, 0, errors.Join(unread...) // a measure over part of a corpus is not one
	}
	for _, file := range files {
		ms, err := input.ReadFile(file)
		if err != nil {
			return nil, 0, err
		}
		for _, m := range ms {
			if m.Lang != "" && m.Lang != "auto" && !input.SupportedLang(m.Lang) {
				skipped++
				continue
			}
			msgs = append(msgs, m)
		}
	}
	return msgs, skipped, nil
}

// legitSignals checks every message of path with the probe (spammy-content
// reporting any score) and prints, per signal, how many messages it fired
// on: on legitimate messages every hit is a false alarm in the making.
func legitSignals(w io.Writer, probe *lint.Linter, rule string, path string) error {
	msgs, _, err := readLegit(path)
	if err != nil {
		return err
	}
	outs := make([]outcome, 0, len(msgs))
	for _, m := range msgs {
		o := outcome{}
		for _, f := range probe.Check(context.Background(), m).Findings {
			if f.Rule == rule {
				o.evidence = appendLabels(nil, f.Message)
			}
		}
		outs = append(outs, o)
	}
	fmt.Fprintf(w, "%s: %d legitimate messages, signals at any score:\n", path, len(msgs))
	printSignals(w, outs)
	return nil
}

// printShares lints msgs with every rule and prints, per language, the share
// of messages each rule warns on under the heading name. Messages without a
// channel are checked on l's default channel. With words > 0, the words
// most flagged by each rule follow its shares.
func printShares(w io.Writer, l *lint.Linter, name string, msgs []lint.Message, words int) {
	counts := map[string]*shareCount{}
	var langs []string
	ctx := context.Background()
	for _, m := range msgs {
		res := l.Check(ctx, m)
		c := counts[res.Lang]
		if c == nil {
			c = &shareCount{byRule: map[string]int{}}
			if words > 0 {
				c.words = wordCounts{}
			}
			counts[res.Lang] = c
			langs = append(langs, res.Lang)
		}
		c.add(res)
	}
	slices.Sort(langs)
	for _, lang := range langs {
		c := counts[lang]
		fmt.Fprintf(w, "%s [%s]: %d messages, %s with a warning or worse\n", name, lang, c.total, share(c.any, c.total))
		var names []string
		for rule := range c.byRule {
			names = append(names, rule)
		}
		slices.SortFunc(names, func(x, y string) int {
			if d := c.byRule[y] - c.byRule[x]; d != 0 {
				return d
			}
			return strings.Compare(x, y)
		})
		for _, rule := range names {
			fmt.Fprintf(w, "  %-22s %s\n", rule, share(c.byRule[rule], c.total))
		}
		if c.words != nil {
			c.words.print(w, words)
		}
	}
	if len(langs) == 0 {
		fmt.Fprintf(w, "%s: no messages\n", name)
	}
}

// share prints n of total as a percentage with the counts.
func share(n, total int) string {
	r, ok := ratio(n, total)
	return fmt.Sprintf("%s (%d/%d)", pct(r, ok), n, total)
}
