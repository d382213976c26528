package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/rules"
)

func runRules(e *env, args []string) int {
	fs := newFlags(e, "rules", "rules [--format text|json]")
	format := fs.String("format", "text", "output format: text or json")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "presend rules: unexpected argument %q\n", quote.V(fs.Arg(0)))
		return exitError
	}
	all := rules.All()
	switch *format {
	case "json":
		type row struct {
			Name     string `json:"name"`
			Category string `json:"category"`
			Severity string `json:"severity"`
			Title    string `json:"title"`
			Off      bool   `json:"off_by_default,omitempty"`
		}
		out := make([]row, 0, len(all))
		for _, r := range all {
			out = append(out, row{r.Name, r.Category, r.Severity.String(), r.Doc.Title, r.Off})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fail(e, err)
			return exitError
		}
	case "text":
		tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RULE\tCATEGORY\tSEVERITY\tTITLE")
		for _, r := range all {
			title := r.Doc.Title
			if r.Off {
				title += " (off by default)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Category, r.Severity, title)
		}
		if err := tw.Flush(); err != nil {
			fail(e, err)
			return exitError
		}
	default:
		fmt.Fprintf(e.stderr, "presend rules: unknown format %q (want text or json)\n", quote.V(*format))
		return exitError
	}
	return exitOK
}
