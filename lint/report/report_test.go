package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/muesli/termenv"
	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest/golden"
)

// env returns a Getenv that sees only vars, so no test depends on the
// environment it runs in.
func env(vars ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(vars); i += 2 {
		m[vars[i]] = vars[i+1]
	}
	return func(k string) string { return m[k] }
}

const frText = "Bonjour à tous 👋, nous espérons que vous allez bien et que l'été s'est bien passé.\n\n" +
	"Votre commande n° 4411 est bloquée : le paiement a été refusé. Merci de mettre à jour votre carte avant vendredi.\n"

const smsText = "FREE gift – act now! Limited time: 2 for 1 on all coats’ linings until Sunday. Reply STOP to opt out."

const digestText = "This week in your workspace: three new members joined, the design review moved to Thursday at 14:00, " +
	"the quarterly report is ready for comments, and the office will be closed on Monday for maintenance. Full details inside."

// fixtures covers: no findings, several findings with fixes, SMS with
// segments and an id, French with accents and an emoji in the preview, and a
// preview long enough to wrap inside the card.
func fixtures() []lint.Result {
	return []lint.Result{
		{
			Source: "drafts/welcome.txt", Line: 1, Channel: "messenger", Lang: "en",
			Text:  "Your order has shipped and arrives Thursday.",
			Score: 100, Verdict: lint.VerdictPass,
			Preview: "Your order has shipped and arrives Thursday.", PreviewWidth: 50, PreviewEnd: 44,
		},
		{
			Source: "drafts/fr-wall.txt", Line: 1, Channel: "messenger", Lang: "fr",
			Text:  frText,
			Score: 46, Verdict: lint.VerdictBlock,
			Preview: "Bonjour à tous 👋, nous espérons que vous allez bi…", PreviewWidth: 50, PreviewEnd: 54,
			Findings: []lint.Finding{
				{
					Rule: "main-point-early", Severity: lint.Warning,
					Message: "preview cuts at 50 characters, before the main point at 85",
					Start:   0, End: 90, Line: 1, Column: 1, EndLine: 1, EndColumn: 91,
					Fixes: []lint.Fix{{
						Title: `move "Votre commande n° 4411 est bloquée" to the start`,
						Edits: []lint.Edit{
							{Start: 0, End: 0, New: "Votre commande n° 4411 est bloquée : le paiement a été refusé.\n\n"},
							{Start: 92, End: 155, New: ""},
						},
					}},
				},
				{
					Rule: "length", Severity: lint.Error,
					Message: "message is 198 characters, over the limit 160 for a first contact",
					Start:   0, End: 212, Line: 1, Column: 1, EndLine: 3, EndColumn: 121,
				},
				{
					Rule: "typography-fr", Severity: lint.Info,
					Message: "missing narrow no-break space before \":\"",
					Start:   128, End: 129, Line: 3, Column: 37, EndLine: 3, EndColumn: 38,
					Fixes: []lint.Fix{
						{Title: "insert U+202F before \":\"", Safe: true, Edits: []lint.Edit{{Start: 128, End: 129, New: "\u202f"}}},
						{Title: "insert U+00A0 before \":\"", Safe: true, Edits: []lint.Edit{{Start: 128, End: 129, New: "\u00a0"}}},
					},
				},
			},
		},
		{
			Source: "campaigns/black-friday.jsonl", ID: "bf-2", Line: 3, Channel: "sms", Lang: "en",
			Text:  smsText,
			Score: 71, Verdict: lint.VerdictWarn,
			Preview: "FREE gift – act now! Limited time: 2 fo…", PreviewWidth: 40, PreviewEnd: 41,
			Segments: 2, Encoding: "UCS-2",
			Findings: []lint.Finding{
				{
					Rule: "spammy-content", Severity: lint.Warning,
					Message: "3 spam phrases (\"FREE\", \"act now\", \"Limited time\"), limit 1",
					Start:   0, End: 38, Line: 3, Column: 14, EndLine: 3, EndColumn: 52,
				},
				{
					Rule: "length", Severity: lint.Info,
					Message: "2 SMS parts in UCS-2 because of \"–\" and \"’\"; 1 part in GSM-7",
					Start:   10, End: 13, Line: 3, Column: 24, EndLine: 3, EndColumn: 25,
					Fixes: []lint.Fix{{
						Title: `replace "–" with "-" and "’" with "'"`,
						Safe:  true,
						Edits: []lint.Edit{{Start: 10, End: 13, New: "-"}, {Start: 57, End: 60, New: "'"}},
					}},
				},
			},
		},
		{
			Source: "drafts/digest.md", Line: 1, Channel: "email", Lang: "en",
			Text:  digestText,
			Score: 93, Verdict: lint.VerdictPass,
			Preview:      digestText[:164] + "…",
			PreviewWidth: 165, PreviewEnd: 164,
			Findings: []lint.Finding{{
				Rule: "sentence-length", Severity: lint.Info,
				Message: "sentence is 38 words, over the limit 30",
				Start:   0, End: 197, Line: 1, Column: 1, EndLine: 1, EndColumn: 198,
			}},
		},
	}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		format string
		opts   Options
	}{
		{"text.golden", "text", Options{Color: ColorNever, Getenv: env()}},
		// auto on a buffer is plain even when the environment asks for colour.
		{"text.golden", "text", Options{Color: ColorAuto, Getenv: env("TERM", "xterm-256color", "COLORTERM", "truecolor")}},
		{"text_color.golden", "text", Options{Color: ColorAlways, Getenv: env()}},
		{"json.golden", "json", Options{Getenv: env()}},
		{"json.golden", "json", Options{Color: ColorAlways, Getenv: env()}}, // JSON ignores Color
		{"sarif.golden", "sarif", Options{Rules: testRules(), Version: "test", Getenv: env()}},
		{"github.golden", "github", Options{Color: ColorAlways, Getenv: env()}}, // GitHub ignores Color
	}
	updated := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.opts.Color, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, fixtures(), tt.opts); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, tt.name, buf.Bytes(), updated)
		})
	}
}

func compareGolden(t *testing.T, name string, got []byte, updated map[string]bool) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *golden.Update && !updated[name] {
		updated[name] = true
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestColor(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		wantColor bool
	}{
		{"never", Options{Color: ColorNever, Getenv: env("TERM", "xterm-256color")}, false},
		{"auto on a buffer", Options{Color: ColorAuto, Getenv: env("TERM", "xterm-256color", "COLORTERM", "truecolor")}, false},
		{"empty means auto", Options{Getenv: env("TERM", "xterm-256color")}, false},
		{"always", Options{Color: ColorAlways, Getenv: env()}, true},
		// always wins over NO_COLOR: NO_COLOR only steers auto.
		{"always with NO_COLOR", Options{Color: ColorAlways, Getenv: env("NO_COLOR", "1")}, true},
		{"never with CLICOLOR_FORCE", Options{Color: ColorNever, Getenv: env("CLICOLOR_FORCE", "1")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, "text", fixtures(), tt.opts); err != nil {
				t.Fatal(err)
			}
			if got := bytes.Contains(buf.Bytes(), []byte("\x1b[")); got != tt.wantColor {
				t.Errorf("escape sequences written: %v, want %v\n%s", got, tt.wantColor, buf.Bytes())
			}
		})
	}
}

// TestColorProfile checks the decision for terminals, which a test cannot
// open portably: the writer side is covered by TestColor.
func TestColorProfile(t *testing.T) {
	tests := []struct {
		mode   string
		tty    bool
		getenv func(string) string
		want   termenv.Profile
	}{
		{ColorAuto, true, env("TERM", "xterm-256color"), termenv.ANSI256},
		{ColorAuto, true, env("TERM", "xterm-256color", "COLORTERM", "truecolor"), termenv.TrueColor},
		{ColorAuto, true, env("TERM", "xterm-256color", "NO_COLOR", "1"), termenv.Ascii},
		{ColorAuto, true, env("TERM", "xterm-256color", "NO_COLOR", ""), termenv.ANSI256}, // empty NO_COLOR is unset
		{ColorAuto, true, env("TERM", "dumb"), termenv.Ascii},
		{ColorAuto, false, env("TERM", "xterm-256color"), termenv.Ascii},
		{"", true, env("TERM", "xterm"), termenv.ANSI},
		{ColorAlways, false, env(), termenv.ANSI256},
		{ColorAlways, false, env("NO_COLOR", "1"), termenv.ANSI256},
		{ColorAlways, true, env("TERM", "xterm-kitty", "NO_COLOR", "1"), termenv.TrueColor},
		{ColorNever, true, env("TERM", "xterm-256color"), termenv.Ascii},
	}
	for _, tt := range tests {
		if got := colorProfile(tt.mode, tt.tty, tt.getenv); got != tt.want {
			t.Errorf("colorProfile(%q, tty=%v, TERM=%q NO_COLOR=%q) = %v, want %v",
				tt.mode, tt.tty, tt.getenv("TERM"), tt.getenv("NO_COLOR"), got, tt.want)
		}
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a bytes.Buffer is not a terminal")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if isTerminal(f) {
		t.Error("a regular file is not a terminal")
	}
}

func TestJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", fixtures(), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(buf.Bytes(), []byte("}\n")) {
		t.Error("JSON output does not end in a newline")
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, "top level", doc, "version", "results")
	if doc["version"] != 1.0 {
		t.Errorf("version = %v, want 1", doc["version"])
	}
	results := doc["results"].([]any)
	if len(results) != len(fixtures()) {
		t.Fatalf("%d results, want %d", len(results), len(fixtures()))
	}
	resultKeys := []string{"source", "line", "channel", "lang", "score", "verdict", "preview", "findings"}
	for i, r := range results {
		r := r.(map[string]any)
		want := slices.Clone(resultKeys)
		in := fixtures()[i]
		if in.ID != "" {
			want = append(want, "id")
		}
		if in.Segments > 0 {
			want = append(want, "segments", "encoding")
		}
		wantKeys(t, "result", r, want...)
		findings, ok := r["findings"].([]any)
		if !ok {
			t.Fatalf("result %d: findings is %T, want an array", i, r["findings"])
		}
		for _, f := range findings {
			f := f.(map[string]any)
			wantKeys(t, "finding", f, "rule", "severity", "message", "line", "column",
				"end_line", "end_column", "start", "end", "fixes")
			fixes, ok := f["fixes"].([]any)
			if !ok {
				t.Fatalf("fixes is %T, want an array", f["fixes"])
			}
			for _, fix := range fixes {
				fix := fix.(map[string]any)
				wantKeys(t, "fix", fix, "title", "safe", "edits")
				for _, e := range fix["edits"].([]any) {
					wantKeys(t, "edit", e.(map[string]any), "start", "end", "text")
				}
			}
		}
	}

	// Values survive the trip.
	sms := results[2].(map[string]any)
	if sms["id"] != "bf-2" || sms["segments"] != 2.0 || sms["encoding"] != "UCS-2" || sms["verdict"] != "warn" {
		t.Errorf("SMS result = %v", sms)
	}
	fr := results[1].(map[string]any)
	// Each fix says whether it is safe: a move of a sentence is a
	// suggestion, a no-break space is not.
	ffs := fr["findings"].([]any)
	if got := ffs[0].(map[string]any)["fixes"].([]any)[0].(map[string]any)["safe"]; got != false {
		t.Errorf("main-point-early fix: safe = %v, want false", got)
	}
	if got := ffs[2].(map[string]any)["fixes"].([]any)[0].(map[string]any)["safe"]; got != true {
		t.Errorf("typography-fr fix: safe = %v, want true", got)
	}
	if fr["preview"] != fixtures()[1].Preview {
		t.Errorf("preview = %q, want %q", fr["preview"], fixtures()[1].Preview)
	}
	f0 := fr["findings"].([]any)[0].(map[string]any)
	if f0["rule"] != "main-point-early" || f0["severity"] != "warning" {
		t.Errorf("first finding = %v, want main-point-early warning (engine order kept)", f0)
	}
}

func wantKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	got := make([]string, 0, len(m))
	for k := range m {
		got = append(got, k)
	}
	sort.Strings(got)
	want := slices.Clone(keys)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

func TestJSONArraysNeverNull(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "json", nil, Options{}); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"version\": 1,\n  \"results\": []\n}\n"; buf.String() != want {
		t.Errorf("no results: got %q, want %q", buf.String(), want)
	}

	buf.Reset()
	r := lint.Result{Source: "a.txt", Line: 1, Channel: "messenger", Lang: "en", Verdict: lint.VerdictPass,
		Findings: []lint.Finding{{Rule: "paragraphs", Severity: lint.Info, Fixes: []lint.Fix{{Title: "t"}}}}}
	if err := Write(&buf, "json", []lint.Result{r}, Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"fixes": [`, `"edits": []`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, buf.String())
		}
	}
	if strings.Contains(buf.String(), "null") {
		t.Errorf("output has null:\n%s", buf.String())
	}

	buf.Reset()
	r.Findings = nil
	if err := Write(&buf, "json", []lint.Result{r}, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"findings": []`) {
		t.Errorf("nil findings not written as []:\n%s", buf.String())
	}
}

func TestJSONInvalidSeverity(t *testing.T) {
	var buf bytes.Buffer
	r := lint.Result{Findings: []lint.Finding{{Rule: "x"}}}
	if err := Write(&buf, "json", []lint.Result{r}, Options{}); err == nil {
		t.Error("a finding without a severity was written")
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q before failing", buf.String())
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "xml", fixtures(), Options{})
	if err == nil || err.Error() != `unknown format "xml" (want text, json, sarif, github)` {
		t.Errorf("err = %v", err)
	}
	err = Write(&buf, "text", fixtures(), Options{Color: "sometimes"})
	if err == nil || err.Error() != `unknown color "sometimes" (want auto, always or never)` {
		t.Errorf("err = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q on error", buf.String())
	}
}

func TestFormats(t *testing.T) {
	got := Formats()
	if !slices.Equal(got, []string{"text", "json", "sarif", "github"}) {
		t.Errorf("Formats() = %v", got)
	}
	got[0] = "changed"
	if Formats()[0] != "text" {
		t.Error("Formats shares its slice")
	}
	for _, f := range Formats() {
		if err := Write(&bytes.Buffer{}, f, fixtures(), Options{Getenv: env()}); err != nil {
			t.Errorf("format %q: %v", f, err)
		}
	}
	// "" is the default, text.
	var def, text bytes.Buffer
	_ = Write(&def, "", fixtures(), Options{Getenv: env()})
	_ = Write(&text, "text", fixtures(), Options{Getenv: env()})
	if def.String() != text.String() {
		t.Error(`format "" is not text`)
	}
}

func TestTextSummary(t *testing.T) {
	tests := []struct {
		results []lint.Result
		want    string
	}{
		{nil, "0 messages: 0 pass, 0 warn, 0 block\n"},
		{fixtures()[:1], "\n1 message: 1 pass, 0 warn, 0 block\n"},
		{fixtures(), "\n4 messages: 2 pass, 1 warn, 1 block\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, "text", tt.results, Options{Getenv: env()}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(buf.String(), tt.want) {
			t.Errorf("%d results: output ends %q, want %q", len(tt.results), lastLines(buf.String()), tt.want)
		}
	}
}

func lastLines(s string) string {
	if i := strings.LastIndex(strings.TrimSuffix(s, "\n"), "\n"); i >= 0 {
		return s[i:]
	}
	return s
}

func TestTextFindingLines(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "text", fixtures(), Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"drafts/fr-wall.txt  messenger · fr  score 46/100  BLOCK\n",
		"drafts/fr-wall.txt:1:1 warning main-point-early preview cuts at 50 characters, before the main point at 85\n",
		"    suggestion: move \"Votre commande n° 4411 est bloquée\" to the start\n",
		"drafts/fr-wall.txt:1:1 error length message is 198 characters, over the limit 160 for a first contact\n",
		"campaigns/black-friday.jsonl #bf-2  sms · en · 2 parts UCS-2  score 71/100  WARN\n",
		"campaigns/black-friday.jsonl:3:14 warning spammy-content ",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestTextHeaderEdgeCases(t *testing.T) {
	tests := []struct {
		r    lint.Result
		want string
	}{
		{lint.Result{Score: 80, Verdict: lint.VerdictWarn}, "-  score 80/100  WARN\n"},
		{lint.Result{Source: "-", Channel: "sms", Segments: 1, Encoding: "GSM-7", Score: 100, Verdict: lint.VerdictPass},
			"-  sms · 1 part GSM-7  score 100/100  PASS\n"},
		{lint.Result{Source: "a\x1b[31m.txt", ID: "x\ny", Lang: "fr", Score: 0, Verdict: lint.VerdictBlock},
			"a\uFFFD[31m.txt #x y  fr  score 0/100  BLOCK\n"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := Write(&buf, "text", []lint.Result{tt.r}, Options{Getenv: env()}); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := strings.Cut(buf.String(), "\n"); got+"\n" != tt.want {
			t.Errorf("header = %q, want %q", got+"\n", tt.want)
		}
	}
}

// A message checked on a channel with no preview (voice: read aloud on a
// call) gets no preview card; one with a preview does.
func TestTextNoCardWithoutPreview(t *testing.T) {
	for _, tt := range []struct {
		r    lint.Result
		card bool
	}{
		{lint.Result{Source: "a.jsonl", ID: "otp.voice", Channel: "voice", Lang: "en", Text: "Your code is 1234.", PreviewEnd: 18, Score: 100, Verdict: lint.VerdictPass}, false},
		{lint.Result{Source: "a.txt", Channel: "sms", Lang: "en", Text: "Your code is 1234.", Preview: "Your code is 1234.", PreviewWidth: 50, PreviewEnd: 18, Score: 100, Verdict: lint.VerdictPass}, true},
	} {
		var buf bytes.Buffer
		if err := Write(&buf, "text", []lint.Result{tt.r}, Options{Verbose: true, Getenv: env()}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(buf.String(), "preview"); got != tt.card {
			t.Errorf("%s: card drawn %v, want %v:\n%s", tt.r.Channel, got, tt.card, buf.String())
		}
	}
}

// TestCard checks the card's geometry on awkward previews: every line of a
// card is equally wide, at most 80 cells, and the preview's text is all there.
func TestCard(t *testing.T) {
	previews := map[string]string{
		"empty":      "",
		"short":      "Hi",
		"emoji":      "On y va 🎉🎉🎉 👩‍👩‍👧 ok…",
		"long":       strings.Repeat("word ", 40) + "end…",
		"wide":       strings.Repeat("日本語のテキスト", 12) + "…",
		"long word":  strings.Repeat("x", 200),
		"newlines":   "first line\r\nsecond line\n\nfourth",
		"controls":   "bell\a esc\x1b[2J tab\tend",
		"long emoji": strings.Repeat("🎉", 50),
		"long title": "x",
	}
	for name, p := range previews {
		t.Run(name, func(t *testing.T) {
			r := lint.Result{Source: "a.txt", Channel: "messenger", Preview: p, PreviewWidth: 50, Text: p + " and more"}
			if name == "long title" {
				r.Channel = strings.Repeat("c", 100)
			}
			var b strings.Builder
			writeCard(&b, newStyles(newRenderer(&bytes.Buffer{}, Options{Getenv: env()})), &r)
			out := b.String()
			if strings.ContainsAny(out, "\x1b\a\t\r") {
				t.Errorf("control characters in card:\n%q", out)
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			width := uniseg.StringWidth(lines[0])
			if width > 80 {
				t.Errorf("card is %d cells wide", width)
			}
			var text strings.Builder
			for i, l := range lines {
				if w := uniseg.StringWidth(l); w != width {
					t.Errorf("line %d is %d cells wide, line 0 is %d:\n%s", i, w, width, out)
				}
				if i > 0 && i < len(lines)-1 {
					text.WriteString(strings.TrimSuffix(strings.TrimPrefix(l, "  │ "), " │"))
				}
			}
			for _, field := range strings.Fields(sanitize(p, false)) {
				if !strings.Contains(strings.ReplaceAll(text.String(), " ", ""), field) {
					t.Errorf("card lost %q:\n%s", field, out)
				}
			}
			if !strings.HasPrefix(lines[0], "  ╭─ ") || !strings.HasPrefix(lines[len(lines)-1], "  ╰─") {
				t.Errorf("card not drawn with a rounded border:\n%s", out)
			}
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"short", 10, []string{"short"}},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"abcdefghijkl", 5, []string{"abcde", "fghij", "kl"}},
		{"ab 🎉🎉🎉", 5, []string{"ab", "🎉🎉", "🎉"}},
		{"a  b  c", 4, []string{"a  b", "c"}},
		{"été à la plage", 8, []string{"été à la", "plage"}},
	}
	for _, tt := range tests {
		if got := wrap([]string{"before"}, tt.in, tt.width)[1:]; !slices.Equal(got, tt.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

// TestConcurrent writes with different colour settings at once: the race
// detector finds any shared state.
func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, 8)
	for i := range outs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			color := ColorNever
			if i%2 == 1 {
				color = ColorAlways
			}
			if err := Write(&outs[i], "text", fixtures(), Options{Color: color, Getenv: env()}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for i := 2; i < len(outs); i++ {
		if outs[i].String() != outs[i%2].String() {
			t.Errorf("write %d differs from write %d", i, i%2)
		}
	}
}

// TestCellWidth checks the fast path of cellWidth against uniseg on every
// rune it covers and on strings that leave it.
func TestCellWidth(t *testing.T) {
	for r := rune(0x20); r < 0x2100; r++ {
		if unicode.IsControl(r) {
			continue
		}
		s := "a" + string(r) + "b"
		if got, want := cellWidth(s), uniseg.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, uniseg says %d", s, got, want)
		}
	}
	for _, s := range []string{"", "Zoé", "e\u0301té", "日本語", "👍🏽 ok", "soft\u00adhyphen", "l’été…"} {
		if got, want := cellWidth(s), uniseg.StringWidth(s); got != want {
			t.Errorf("cellWidth(%q) = %d, uniseg says %d", s, got, want)
		}
	}
}

// TestStreamParallelRender renders every result from its own goroutine, as
// presend lint does, adds them in order, and gets what Write writes, in every
// format. A streamed SARIF table lists the pseudo-rules whether they
// reported or not: Write, given them as rules, writes the same bytes.
func TestStreamParallelRender(t *testing.T) {
	results := fixtures()
	for _, format := range Formats() {
		rules := testRules()
		for _, r := range results {
			for _, f := range r.Findings {
				if !slices.ContainsFunc(rules, func(r *lint.Rule) bool { return r.Name == f.Rule }) {
					rules = append(rules, &lint.Rule{Name: f.Rule, Severity: f.Severity, Doc: lint.Doc{Title: f.Rule}})
				}
			}
		}
		opts := Options{Color: ColorAlways, Rules: rules, Version: "test", Getenv: env()}
		var want, got bytes.Buffer
		wantOpts := opts
		if format == "sarif" {
			input, unused := pseudoRules["input"], pseudoRules[lint.UnusedSuppression]
			wantOpts.Rules = append(slices.Clip(rules), &input, &unused)
		}
		if err := Write(&want, format, results, wantOpts); err != nil {
			t.Fatal(err)
		}
		s, err := NewStream(&got, format, Options{Color: ColorAlways, Version: "test", Getenv: env()})
		if err != nil {
			t.Fatal(err)
		}
		s.SetRules(rules)
		rendered := make([]string, len(results))
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() { rendered[i] = s.Render(&results[i]) })
		}
		wg.Wait()
		if all := strings.Join(rendered, ""); all == "" {
			t.Errorf("%s: Render gave nothing", format)
		}
		for i := range results {
			if err := s.Add(&results[i], rendered[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: stream wrote\n%s\nWrite wrote\n%s", format, got.String(), want.String())
		}
	}
}

// TestStreamWritesAsItGoes: every format writes each result when it is
// added, not at Close, so a long run keeps no result in memory; what is
// written before Close is a prefix of the whole output.
func TestStreamWritesAsItGoes(t *testing.T) {
	results := fixtures()
	for _, format := range Formats() {
		var buf bytes.Buffer
		s, err := NewStream(&buf, format, Options{Color: ColorNever, Rules: testRules(), Getenv: env()})
		if err != nil {
			t.Fatal(err)
		}
		var sizes []int
		for i := range results {
			if err := s.Add(&results[i], ""); err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, buf.Len())
		}
		before := buf.String()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(sizes); i++ {
			if len(results[i].Findings) > 0 && sizes[i] <= sizes[i-1] {
				t.Errorf("%s: result %d (%d findings) wrote nothing when added", format, i, len(results[i].Findings))
			}
		}
		if !strings.HasPrefix(buf.String(), before) {
			t.Errorf("%s: Close rewrote what was written", format)
		}
		if format == "json" || format == "sarif" {
			var v map[string]any
			if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
				t.Errorf("%s: %v", format, err)
			}
		}
	}
}

// TestStreamEmpty: a stream without results writes the empty document.
func TestStreamEmpty(t *testing.T) {
	for _, format := range []string{"json", "sarif"} {
		var want, got bytes.Buffer
		opts := Options{Getenv: env()}
		if format == "sarif" {
			input, unused := pseudoRules["input"], pseudoRules[lint.UnusedSuppression]
			opts.Rules = []*lint.Rule{&input, &unused}
		}
		if err := Write(&want, format, nil, opts); err != nil {
			t.Fatal(err)
		}
		s, err := NewStream(&got, format, Options{Getenv: env()})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() || !strings.Contains(got.String(), `"results": []`) {
			t.Errorf("%s: stream wrote\n%s\nWrite wrote\n%s", format, got.String(), want.String())
		}
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestStreamWriteError: after a failed write a Stream writes nothing more,
// and Close reports the error.
func TestStreamWriteError(t *testing.T) {
	w := &failWriter{n: 10}
	s, err := NewStream(w, "text", Options{Getenv: env()})
	if err != nil {
		t.Fatal(err)
	}
	results := fixtures()
	for i := range results {
		_ = s.Add(&results[i], "")
	}
	if err := s.Close(); err == nil || err.Error() != "disk full" {
		t.Errorf("Close: %v, want disk full", err)
	}
	if w.n != 10 {
		t.Errorf("%d bytes written after the error", 10-w.n)
	}
}

// TestStreamAppendRender: AppendRender appends to a buffer what Render
// returns, in every format, leaving what the buffer held; a result that
// JSON cannot write (a finding of no valid severity) appends nothing, and
// Add, given "", says why.
func TestStreamAppendRender(t *testing.T) {
	results := fixtures()
	bad := results[len(results)-1]
	for i := range results {
		if len(results[i].Findings) > 0 {
			bad = results[i]
		}
	}
	bad.Findings = slices.Clone(bad.Findings)
	bad.Findings[0].Severity = lint.Severity(42)
	for _, format := range Formats() {
		var out bytes.Buffer
		s, err := NewStream(&out, format, Options{Color: ColorAlways, Rules: testRules(), Version: "test", Getenv: env()})
		if err != nil {
			t.Fatal(err)
		}
		buf := []byte("before")
		for i := range results {
			start := len(buf)
			buf = s.AppendRender(buf, &results[i])
			if got, want := string(buf[start:]), s.Render(&results[i]); got != want {
				t.Fatalf("%s, result %d: AppendRender appended\n%s\nRender gives\n%s", format, i, got, want)
			}
		}
		if !bytes.HasPrefix(buf, []byte("before")) || len(buf) == len("before") {
			t.Errorf("%s: the buffer lost what it held, or nothing was appended", format)
		}
		if format != "json" {
			continue // the others write what they can of any severity
		}
		if got := s.AppendRender(buf[:0], &bad); len(got) != 0 {
			t.Errorf("%s: a result that cannot be written appended %q", format, got)
		}
		if err := s.Add(&bad, ""); err == nil || !strings.Contains(err.Error(), "severity") {
			t.Errorf("%s: Add of a result that cannot be written: %v", format, err)
		}
	}
}
