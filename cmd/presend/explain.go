package main

import (
	"fmt"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func runExplain(e *env, args []string) int {
	fs := newFlags(e, "explain", "explain RULE")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "presend explain: name one rule (see 'presend rules')")
		return exitError
	}
	var r *lint.Rule
	var names []string
	for _, x := range rules.All() {
		names = append(names, x.Name)
		if x.Name == fs.Arg(0) {
			r = x
		}
	}
	if r == nil {
		fmt.Fprintf(e.stderr, "presend explain: unknown rule %q (rules: %s)\n", fs.Arg(0), strings.Join(names, ", "))
		return exitError
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: %s\n", r.Name, r.Doc.Title)
	fmt.Fprintf(w, "category %s, default severity %s\n\n", r.Category, r.Severity)
	fmt.Fprintf(w, "%s\n", strings.TrimSpace(r.Doc.Text))
	if r.Options != nil {
		docs, err := lint.OptionDocs(r.Options())
		if err != nil {
			fail(e, err)
			return exitError
		}
		if len(docs) > 0 {
			fmt.Fprintf(w, "\nOptions ([rules.%s] in presend.toml, shown with defaults):\n", r.Name)
			for _, d := range docs {
				fmt.Fprintf(w, "  %s = %s\n      %s\n", d.Key, d.Value, d.Doc)
			}
		}
	}
	for _, ex := range r.Doc.Examples {
		where := ex.Lang
		if ex.Channel != "" {
			where += ", " + ex.Channel
		}
		fmt.Fprintf(w, "\nBad (%s):\n%s\nGood (%s):\n%s\n", where, indent(ex.Bad), where, indent(ex.Good))
	}
	return exitOK
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}
