package fix_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// checker lints every message with the built-in rules, French unless the
// message says otherwise, on the given channel.
func checker(t *testing.T, channel string) fix.Checker {
	t.Helper()
	cfg := linttest.Config()
	cfg.Channel = channel
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return func(msgs []lint.Message) (fix.Checked, error) {
		var c fix.Checked
		for i, m := range msgs {
			c.Results = append(c.Results, l.Check(context.Background(), m))
			c.Index = append(c.Index, i)
		}
		return c, nil
	}
}

// findings counts the findings of rule ("": any) with a fix of the wanted
// safety.
func findings(results []lint.Result, rule string, unsafe bool) int {
	n := 0
	for _, r := range results {
		for _, f := range r.Findings {
			if rule != "" && f.Rule != rule {
				continue
			}
			for _, x := range f.Fixes {
				if (x.Safe || unsafe) && len(x.Edits) > 0 {
					n++
					break
				}
			}
		}
	}
	return n
}

// frText is French with two safe typography fixes: a plain space before
// "!" and three periods.
const frText = "Bonjour ! Votre commande est prête... Merci."

// smsText is an SMS whose typographic quotes force UCS-2: the GSM-7
// replacement (a safe fix) brings it to one part.
const smsText = "It’s “ready”: your order 4411 can be picked up at the store today until 7pm. Reply STOP to opt out"

func TestRunEveryFormat(t *testing.T) {
	cases := []struct {
		name, format, channel, data string
		rule                        string
		unsafe                      bool
		want                        string // a piece of the fixed file
	}{
		{"fr.txt", input.FormatText, "messenger", frText + "\n", "typography-fr", false, "prête… Merci"},
		{"fr.md", input.FormatText, "messenger", "<!-- presend-disable spelling -->\n" + frText + "\n", "typography-fr", false, "prête…"},
		{"fr.json", input.FormatJSON, "messenger", `{"fr": {"a": "` + frText + `", "k...": "x"}}`, "typography-fr", false, `"k...": "x"`},
		{"fr.jsonl", input.FormatJSONL, "messenger", `{"lang": "fr", "text": "` + frText + `"}` + "\n", "typography-fr", false, "prête…"},
		{"fr.yml", input.FormatYAML, "messenger", "fr:\n  plain: " + frText + "\n  dq: \"" + frText + "\"\n  sq: '" + frText + "'\n  lit: |\n    " + frText + "\n  fold: >\n    " + frText + "\n", "typography-fr", false, "  sq: 'Bonjour"},
		{"fr.toml", input.FormatTOML, "messenger", "[fr]\nbasic = \"" + frText + "\"\nml = \"\"\"\n" + frText + "\"\"\"\nlit = '" + frText + "'\n", "typography-fr", false, "lit = 'Bonjour"},
		{"fr.po", input.FormatPO, "messenger", "msgid \"x\"\nmsgstr \"\"\n\"" + frText + "\"\n", "typography-fr", false, "prête…"},
		{"messages_fr.properties", input.FormatProperties, "messenger", "a = " + frText + "\n", "typography-fr", false, "prête…"},
		{"en.json", input.FormatJSON, "sms", `{"en": {"a": "` + smsText + `"}}`, "length", true, `It's \"ready\"`},
		{"en.toml", input.FormatTOML, "sms", "[en]\na = \"" + smsText + "\"\n", "length", true, `It's \"ready\"`},
		{"en.po", input.FormatPO, "sms", "msgid \"x\"\nmsgstr \"" + smsText + "\"\n", "length", true, `It's \"ready\"`},
		{"en.yml", input.FormatYAML, "sms", "en:\n  a: '" + smsText + "'\n", "length", true, `a: 'It''s "ready"`},
		{"en.properties", input.FormatProperties, "sms", "a=" + smsText + "\n", "length", true, `a=It's "ready"`},
		{"en.jsonl", input.FormatJSONL, "sms", `{"text": "` + smsText + `"}` + "\n", "length", true, `It's \"ready\"`},
		{"safe.json", input.FormatJSON, "sms", `{"en": {"a": "` + smsText + `"}}`, "length", false, `It's \"ready\"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check := checker(t, c.channel)
			before, err := input.Parse([]byte(c.data), c.name, c.format)
			if err != nil {
				t.Fatal(err)
			}
			c0, _ := check(before)
			n := findings(c0.Results, c.rule, c.unsafe)
			if n == 0 {
				t.Fatalf("no %s finding with a fix to apply in the original", c.rule)
			}
			out, err := fix.Run([]byte(c.data), c.name, c.format, check, fix.Options{Unsafe: c.unsafe})
			if err != nil {
				t.Fatal(err)
			}
			got := string(out.Data)
			if !strings.Contains(got, c.want) {
				t.Errorf("fixed file has no %q:\n%s", c.want, got)
			}
			if out.Applied < n || !out.Converged {
				t.Errorf("applied %d fixes (want at least %d), converged %v", out.Applied, n, out.Converged)
			}
			// The fixed file parses, has the same keys, and re-linted has
			// no finding of the rule left to fix.
			after, err := input.Parse(out.Data, c.name, c.format)
			if err != nil {
				t.Fatalf("fixed file does not parse: %v\n%s", err, got)
			}
			if len(after) != len(before) {
				t.Fatalf("fixed file has %d messages, want %d", len(after), len(before))
			}
			for i := range after {
				if after[i].ID != before[i].ID {
					t.Errorf("message %d: key %q, want %q", i, after[i].ID, before[i].ID)
				}
			}
			c1, _ := check(after)
			if n := findings(c1.Results, c.rule, c.unsafe); n != 0 {
				t.Errorf("%d %s findings with a fix are left:\n%s", n, c.rule, got)
			}
			if findings(out.Results, c.rule, c.unsafe) != 0 {
				t.Errorf("the outcome's results are not those of the fixed file")
			}
			// A second run changes nothing.
			again, err := fix.Run(out.Data, c.name, c.format, check, fix.Options{Unsafe: c.unsafe})
			if err != nil || string(again.Data) != got || again.Applied != 0 {
				t.Errorf("second run: applied %d, err %v, changed %v", again.Applied, err, string(again.Data) != got)
			}
		})
	}
}

// TestRunSafeOnly: without Unsafe a suggestion (a spelling choice) is not
// applied; with it, it is.
func TestRunSafeOnly(t *testing.T) {
	data := `{"en": {"a": "Your order has shiped and arrives Thursday."}}`
	check := checker(t, "messenger")
	out, err := fix.Run([]byte(data), "en.json", input.FormatJSON, check, fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Data) != data || out.Applied != 0 {
		t.Errorf("a suggestion was applied without Unsafe:\n%s", out.Data)
	}
	if findings(out.Results, "spelling", true) == 0 {
		t.Fatalf("the results lost the finding that was not fixed")
	}
	out, err = fix.Run([]byte(data), "en.json", input.FormatJSON, check, fix.Options{Unsafe: true})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Data), "has shipped and") || findings(out.Results, "spelling", true) != 0 {
		t.Errorf("the spelling suggestion was not applied with Unsafe:\n%s", out.Data)
	}
}

// TestRunKeepsBOMAndLineEndings: a BOM and CRLF line breaks survive a fix
// that inserts line breaks (a paragraph split).
func TestRunKeepsBOMAndLineEndings(t *testing.T) {
	text := strings.Repeat("Your order has shipped and will arrive soon. ", 4) +
		strings.Repeat("Track it in the app at any time of the day. ", 4) +
		strings.Repeat("Thank you for shopping with us again. ", 4)
	text = strings.TrimSpace(text)
	data := "\xef\xbb\xbf" + text + "\r\n"
	check := checker(t, "messenger")
	c0, _ := check(mustParse(t, data, "en.txt", input.FormatText))
	if findings(c0.Results, "paragraphs", false) == 0 {
		t.Fatal("no safe paragraphs fix in the original")
	}
	out, err := fix.Run([]byte(data), "en.txt", input.FormatText, check, fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out.Data)
	if !strings.HasPrefix(got, "\xef\xbb\xbf") {
		t.Errorf("BOM lost")
	}
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") || strings.Count(got, "\r\n") < 3 {
		t.Errorf("line endings not kept CRLF: %q", got)
	}
	if findings(out.Results, "paragraphs", false) != 0 {
		t.Errorf("paragraphs finding left: %q", got)
	}
}

func mustParse(t *testing.T, data, name, format string) []lint.Message {
	t.Helper()
	msgs, err := input.Parse([]byte(data), name, format)
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// TestRunUnmappable: a fix the string's style cannot hold leaves the
// file as it was, with an error at the fix's line and column.
func TestRunUnmappable(t *testing.T) {
	data := "[en]\nok = \"" + smsText + "\"\nlit = '" + smsText + "'\n"
	out, err := fix.Run([]byte(data), "en.toml", input.FormatTOML, checker(t, "sms"), fix.Options{Unsafe: true})
	var fe *fix.Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *fix.Error", err)
	}
	if fe.File != "en.toml" || fe.Line != 3 || fe.Col != 10 || fe.Rule != "length" {
		t.Errorf("error at %s:%d:%d (%s), want en.toml:3:10 (length)", fe.File, fe.Line, fe.Col, fe.Rule)
	}
	if !strings.Contains(err.Error(), "en.toml:3:10: ") || !strings.Contains(err.Error(), "left unchanged") {
		t.Errorf("error text: %v", err)
	}
	if string(out.Data) != data || findings(out.Results, "length", true) != 2 {
		t.Errorf("file changed or results lost: %q", out.Data)
	}
}

// TestRunPlainYAMLLineBreak: a paragraph split cannot go into a plain YAML
// scalar (a line break there folds into a space).
func TestRunPlainYAMLLineBreak(t *testing.T) {
	text := strings.TrimSpace(strings.Repeat("Your order has shipped and will arrive soon. ", 5) +
		strings.Repeat("Track it in the app at any time of the day. ", 5))
	data := "en:\n  a: " + text + "\n"
	_, err := fix.Run([]byte(data), "en.yml", input.FormatYAML, checker(t, "messenger"), fix.Options{})
	var fe *fix.Error
	if !errors.As(err, &fe) || fe.Line != 2 || fe.Rule != "paragraphs" || !strings.Contains(fe.Msg, "plain YAML scalar") {
		t.Fatalf("err = %v, want a paragraphs *fix.Error on line 2 about a plain YAML scalar", err)
	}
	// The same text in a literal block gets its blank line, indented.
	data = "en:\n  a: |-\n    " + text + "\n"
	out, err := fix.Run([]byte(data), "en.yml", input.FormatYAML, checker(t, "messenger"), fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out.Data), ".\n\n    ") {
		t.Errorf("literal block not split as YAML writes it:\n%s", out.Data)
	}
}

// TestRunPOT: a template's msgids are keys: never rewritten.
func TestRunPOT(t *testing.T) {
	data := "msgid \"" + frText + "\"\nmsgstr \"\"\n"
	out, err := fix.Run([]byte(data), "fr.pot", input.FormatPOT, checker(t, "messenger"), fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Data) != data || out.Applied != 0 || findings(out.Results, "typography-fr", false) == 0 {
		t.Errorf("a .pot was fixed, or its findings lost: %q", out.Data)
	}
}

// TestRunCycle: two fixes that undo each other stop at a bound and say so.
func TestRunCycle(t *testing.T) {
	check := func(msgs []lint.Message) (fix.Checked, error) {
		m := msgs[0]
		r := lint.Result{Source: m.Source, Text: m.Text}
		from, to := "a", "b"
		if strings.Contains(m.Text, "b") {
			from, to = "b", "a"
		}
		i := strings.Index(m.Text, from)
		r.Findings = []lint.Finding{{Rule: "flip", Fixes: []lint.Fix{{Title: "flip", Safe: true, Edits: []lint.Edit{{Start: i, End: i + 1, New: to}}}}}}
		return fix.Checked{Results: []lint.Result{r}, Index: []int{0}}, nil
	}
	out, err := fix.Run([]byte("xax"), "x.txt", input.FormatText, check, fix.Options{MaxPasses: 5})
	if err != nil {
		t.Fatal(err)
	}
	if out.Converged || out.Passes > 5 {
		t.Errorf("converged %v after %d passes, want a cycle found within the bound", out.Converged, out.Passes)
	}
}

// TestRunOverlap: of two fixes over the same text, the first in the
// engine's order is taken; the second is looked at on the next pass.
func TestRunOverlap(t *testing.T) {
	calls := 0
	check := func(msgs []lint.Message) (fix.Checked, error) {
		calls++
		m := msgs[0]
		r := lint.Result{Text: m.Text}
		if i := strings.Index(m.Text, "abc"); i >= 0 {
			r.Findings = []lint.Finding{
				{Rule: "one", Fixes: []lint.Fix{{Safe: true, Edits: []lint.Edit{{Start: i, End: i + 2, New: "X"}}}}},
				{Rule: "two", Fixes: []lint.Fix{{Safe: true, Edits: []lint.Edit{{Start: i + 1, End: i + 3, New: "Y"}}}}},
			}
		}
		return fix.Checked{Results: []lint.Result{r}, Index: []int{0}}, nil
	}
	out, err := fix.Run([]byte("-abc-"), "x.txt", input.FormatText, check, fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(out.Data) != "-Xc-" || out.Applied != 1 || !out.Converged {
		t.Errorf("got %q, applied %d, converged %v; want \"-Xc-\", 1, true", out.Data, out.Applied, out.Converged)
	}
}

// TestRunYAMLAnchor: a value with an anchor is fixed in its value, not
// refused: its text maps there, past the anchor and a tag. Its alias reads
// the fixed text.
func TestRunYAMLAnchor(t *testing.T) {
	data := "fr:\n  a: &bonjour \"" + frText + "\"\n  b: !!str &tag '" + frText + "'\n  c: *bonjour\n"
	out, err := fix.Run([]byte(data), "fr.yml", input.FormatYAML, checker(t, "messenger"), fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "fr:\n  a: &bonjour \"Bonjour\u00a0! Votre commande est prête… Merci.\"\n  b: !!str &tag 'Bonjour\u00a0! Votre commande est prête… Merci.'\n  c: *bonjour\n"
	if got := string(out.Data); got != want {
		t.Errorf("fixed file:\n%s\nwant\n%s", got, want)
	}
	if n := findings(out.Results, "typography-fr", false); n != 0 || !out.Converged {
		t.Errorf("%d typography-fr findings left, converged %v", n, out.Converged)
	}
}

// TestRunYAMLAnchoredBlock: a block scalar whose anchor stands on the line
// before it gets its paragraph split indented as the block is, not as the
// anchor's line.
func TestRunYAMLAnchoredBlock(t *testing.T) {
	text := strings.TrimSpace(strings.Repeat("Your order has shipped and will arrive soon. ", 5) +
		strings.Repeat("Track it in the app at any time of the day. ", 5))
	data := "en:\n  a: &x # the shipping notice\n    |-\n      " + text + "\n  b: *x\n"
	out, err := fix.Run([]byte(data), "en.yml", input.FormatYAML, checker(t, "messenger"), fix.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out.Data); !strings.Contains(got, "soon.\n\n      Your") || !strings.HasPrefix(got, "en:\n  a: &x # the shipping notice\n    |-\n      Your") {
		t.Errorf("block not split as YAML writes it:\n%s", got)
	}
	if n := findings(out.Results, "paragraphs", false); n != 0 || !out.Converged {
		t.Errorf("%d paragraphs findings with a fix left, converged %v", n, out.Converged)
	}
}
