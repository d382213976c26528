// Package linttest runs golden-file tests for rules.
//
// A case is testdata/<rule>/NAME.txt beside NAME.golden. The .txt may start
// with a header line
//
//	#! channel=sms lang=fr
//
// that sets the message's channel and language; the message is the rest of
// the file, and positions count from the file's own lines. The .golden holds
// the findings of the rule under test, one per line:
//
//	LINE:COL-END_LINE:END_COL severity message
//	    fix: title [start-end "new text"]...
//
// Names say what a case must do: a case named fire_* must draw at least one
// finding and a case named clean_* none, so a golden can never quietly
// accept a regression of either kind. Run `go test ./... -update` to rewrite
// the goldens, then review the diff.
package linttest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Run checks every case in dir with a Linter that has only rule enabled
// among all, under the default configuration.
func Run(t *testing.T, all []*lint.Rule, rule, dir string) {
	t.Helper()
	l, err := lint.New(lint.DefaultConfig(), all)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", dir)
	}
	kinds := map[string]map[string]int{} // fire/clean → lang → count
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			m, err := readCase(path)
			if err != nil {
				t.Fatal(err)
			}
			res := l.Check(context.Background(), m)
			got := Format(res, rule)
			kind := strings.SplitN(name, "_", 2)[0]
			if kinds[kind] == nil {
				kinds[kind] = map[string]int{}
			}
			kinds[kind][res.Lang]++
			switch kind {
			case "fire":
				if got == "" {
					t.Errorf("%s must draw a %s finding and draws none", path, rule)
				}
			case "clean":
				if got != "" {
					t.Errorf("%s must draw no %s finding, draws:\n%s", path, rule, got)
				}
			default:
				t.Fatalf("%s: case names start with fire_ or clean_", path)
			}
			Compare(t, strings.TrimSuffix(path, ".txt")+".golden", got)
		})
	}
	for _, kind := range []string{"fire", "clean"} {
		for _, lang := range []string{"en", "fr"} {
			if kinds[kind][lang] == 0 {
				t.Errorf("%s: no %s case in %s", dir, kind, lang)
			}
		}
	}
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
	if strings.HasPrefix(s, "#!") {
		header, rest, _ := strings.Cut(s, "\n")
		for _, kv := range strings.Fields(strings.TrimPrefix(header, "#!")) {
			k, v, ok := strings.Cut(kv, "=")
			switch {
			case ok && k == "channel":
				m.Channel = v
			case ok && k == "lang":
				m.Lang = v
			default:
				return m, fmt.Errorf("%s:1: unknown header field %q (want channel= or lang=)", path, kv)
			}
		}
		s, first = rest, 2
	}
	m.Text = strings.TrimSuffix(s, "\n")
	m.Map = lint.LineMap(m.Text, first)
	return m, nil
}

// Format renders the findings of one rule in the golden format.
func Format(res lint.Result, rule string) string {
	var b strings.Builder
	for _, f := range res.Findings {
		if f.Rule != rule {
			continue
		}
		fmt.Fprintf(&b, "%d:%d-%d:%d %s %s\n", f.Line, f.Column, f.EndLine, f.EndColumn, f.Severity, f.Message)
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

// Compare checks got against a golden file, or rewrites it with -update.
func Compare(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run go test -update and review the diff)\n--- want\n%s--- got\n%s", golden, want, got)
	}
}
