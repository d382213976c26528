package fix_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/input"
)

// TestRunRuleCases applies the fixes of every rule's test case (the
// drafts under testdata/<rule>/, their "#!" headers turned into a front
// matter): safe fixes, then suggestions too. Each run must reach a fixed
// point (no two rules undo each other), the fixed draft must read, and
// re-linted it must offer no fix of the kind applied: every finding that
// had one is gone.
func TestRunRuleCases(t *testing.T) {
	paths, err := filepath.Glob("../../testdata/*/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	check := checker(t, "messenger")
	fixed := map[bool]int{}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		draft, ok := frontMatterOf(string(data))
		if !ok {
			continue // a header front matter cannot say (buttons, template)
		}
		name := filepath.Base(filepath.Dir(path)) + "/" + filepath.Base(path)
		msgs, err := input.Parse([]byte(draft), name, input.FormatText)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		before, _ := check(msgs)
		for _, unsafe := range []bool{false, true} {
			out, err := fix.Run([]byte(draft), name, input.FormatText, check, fix.Options{Unsafe: unsafe})
			if err != nil {
				t.Errorf("%s (unsafe %v): %v", name, unsafe, err)
				continue
			}
			if !out.Converged {
				t.Errorf("%s (unsafe %v): no fixed point after %d passes:\n%s", name, unsafe, out.Passes, out.Data)
			}
			after, err := input.Parse(out.Data, name, input.FormatText)
			if err != nil || len(after) != 1 {
				t.Errorf("%s (unsafe %v): the fixed draft does not read: %v", name, unsafe, err)
				continue
			}
			c, _ := check(after)
			for _, f := range c.Results[0].Findings {
				for _, x := range f.Fixes {
					if (x.Safe || unsafe) && len(x.Edits) > 0 {
						t.Errorf("%s (unsafe %v): %s still offers %q after --fix:\n%s", name, unsafe, f.Rule, x.Title, out.Data)
					}
				}
			}
			if findings(before.Results, "", unsafe) > 0 && out.Applied == 0 {
				t.Errorf("%s (unsafe %v): fixes offered, none applied", name, unsafe)
			}
			fixed[unsafe] += out.Applied
		}
	}
	if fixed[false] < 20 || fixed[true] <= fixed[false] {
		t.Errorf("fixes applied: %d safe, %d with suggestions: the cases were not exercised", fixed[false], fixed[true])
	}
	t.Logf("fixes applied over %d cases: %d safe, %d with suggestions", len(paths), fixed[false], fixed[true])
}

// frontMatterOf turns a test case's "#! key=value" header lines into a
// YAML front matter; false when a key has no front matter form.
func frontMatterOf(s string) (string, bool) {
	var b strings.Builder
	b.WriteString("---\n")
	for strings.HasPrefix(s, "#!") {
		header, rest, _ := strings.Cut(s, "\n")
		h := strings.TrimSpace(strings.TrimPrefix(header, "#!"))
		for h != "" {
			k, v, ok := strings.Cut(h, "=")
			if !ok {
				return "", false
			}
			if strings.HasPrefix(v, `"`) {
				q, err := strconv.QuotedPrefix(v)
				if err != nil {
					return "", false
				}
				h = strings.TrimSpace(v[len(q):])
				v, _ = strconv.Unquote(q)
			} else {
				v, h, _ = strings.Cut(v, " ")
				h = strings.TrimSpace(h)
			}
			switch k {
			case "buttons", "template":
				return "", false
			case "quick_replies":
				b.WriteString("quick_replies:\n")
				for _, r := range strings.Split(v, "|") {
					fmt.Fprintf(&b, "  - %s\n", strconv.Quote(r))
				}
			case "automated", "auto_reply", "program_first_message":
				fmt.Fprintf(&b, "%s: %s\n", k, v)
			default:
				fmt.Fprintf(&b, "%s: %s\n", k, strconv.Quote(v))
			}
		}
		s = rest
	}
	b.WriteString("---\n")
	return b.String() + strings.TrimSuffix(s, "\n"), true
}
