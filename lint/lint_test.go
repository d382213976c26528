package lint_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// fixed is a rule that reports what it is told, for testing the driver.
func fixed(name string, sevs ...lint.Severity) *lint.Rule {
	return &lint.Rule{Name: name, Category: lint.Shape, Severity: lint.Warning, Run: func(p *lint.Pass) {
		for i, s := range sevs {
			p.Report(lint.Diagnostic{Start: i, End: i + 1, Severity: s, Message: fmt.Sprintf("%s %d", name, i)})
		}
	}}
}

// offByDefault marks r as a rule that runs only when the configuration
// turns it on.
func offByDefault(r *lint.Rule) *lint.Rule {
	r.Off = true
	return r
}

func check(t *testing.T, cfg lint.Config, rs []*lint.Rule, text string) lint.Result {
	t.Helper()
	l, err := lint.New(cfg, rs)
	if err != nil {
		t.Fatal(err)
	}
	return l.Check(context.Background(), lint.Message{Text: text})
}

func TestScoreAndVerdict(t *testing.T) {
	cases := []struct {
		name    string
		rules   []*lint.Rule
		cfg     func(*lint.Config)
		score   int
		verdict lint.Verdict
	}{
		{"nothing", nil, nil, 100, lint.VerdictPass},
		{"one info", []*lint.Rule{fixed("a", lint.Info)}, nil, 98, lint.VerdictPass},
		{"one warning", []*lint.Rule{fixed("a", lint.Warning)}, nil, 90, lint.VerdictWarn},
		{"one error", []*lint.Rule{fixed("a", lint.Error)}, nil, 70, lint.VerdictBlock},
		{"same rule capped at twice", []*lint.Rule{fixed("a", lint.Warning, lint.Warning, lint.Warning, lint.Warning, lint.Warning, lint.Warning)}, nil, 80, lint.VerdictWarn},
		{"two rules add", []*lint.Rule{fixed("a", lint.Warning), fixed("b", lint.Error)}, nil, 60, lint.VerdictBlock},
		{"fail-on warning", []*lint.Rule{fixed("a", lint.Warning)}, func(c *lint.Config) { c.FailOn = lint.Warning }, 90, lint.VerdictBlock},
		{"fail-on never", []*lint.Rule{fixed("a", lint.Error)}, func(c *lint.Config) { c.FailOn = lint.FailNever }, 70, lint.VerdictWarn},
		{"min-score", []*lint.Rule{fixed("a", lint.Info)}, func(c *lint.Config) { c.MinScore = 99 }, 98, lint.VerdictBlock},
		{"severity override", []*lint.Rule{fixed("a", lint.Error)}, func(c *lint.Config) {
			c.Rules = map[string]lint.RuleConfig{"a": {Severity: lint.Info}}
		}, 98, lint.VerdictPass},
		{"disabled", []*lint.Rule{fixed("a", lint.Error)}, func(c *lint.Config) {
			off := false
			c.Rules = map[string]lint.RuleConfig{"a": {Enabled: &off}}
		}, 100, lint.VerdictPass},
		{"off by default", []*lint.Rule{offByDefault(fixed("a", lint.Error))}, nil, 100, lint.VerdictPass},
		{"off by default, turned on", []*lint.Rule{offByDefault(fixed("a", lint.Error))}, func(c *lint.Config) {
			on := true
			c.Rules = map[string]lint.RuleConfig{"a": {Enabled: &on}}
		}, 70, lint.VerdictBlock},
		{"floor at zero", []*lint.Rule{fixed("a", lint.Error), fixed("b", lint.Error), fixed("c", lint.Error), fixed("d", lint.Error)}, nil, 0, lint.VerdictBlock},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := linttest.Config()
			if c.cfg != nil {
				c.cfg(&cfg)
			}
			r := check(t, cfg, c.rules, "some text")
			if r.Score != c.score || r.Verdict != c.verdict {
				t.Errorf("score %d verdict %s, want %d %s", r.Score, r.Verdict, c.score, c.verdict)
			}
		})
	}
}

func TestFindingsSortedWithPositions(t *testing.T) {
	r := check(t, lint.DefaultConfig(), []*lint.Rule{fixed("b", lint.Info, lint.Info), fixed("a", lint.Info)}, "é\nxyz")
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%s@%d:%d:%d-%d:%d", f.Rule, f.Start, f.Line, f.Column, f.EndLine, f.EndColumn))
	}
	// byte 1 is inside "é": an offset inside a character is that character.
	want := "a@0:1:1-1:1 b@0:1:1-1:1 b@1:1:1-1:2"
	if strings.Join(got, " ") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	all := rules.All()
	cases := []struct {
		cfg  func(*lint.Config)
		want string
	}{
		{func(c *lint.Config) { c.Rules = map[string]lint.RuleConfig{"nope": {}} }, `unknown rule "nope"`},
		{func(c *lint.Config) { c.Channel = "fax" }, `unknown channel "fax"`},
		{func(c *lint.Config) { c.Lang = "de" }, `unknown language "de"`},
		{func(c *lint.Config) { c.MinScore = 101 }, "min-score 101"},
		{func(c *lint.Config) {
			c.Rules = map[string]lint.RuleConfig{"paragraphs": {Options: &rules.SentenceLengthOptions{}}}
		}, "options are"},
		{func(c *lint.Config) {
			c.Rules = map[string]lint.RuleConfig{"paragraphs": {Options: &rules.ParagraphsOptions{MaxChars: 0, MaxSentences: 3}}}
		}, "max-chars"},
	}
	for _, c := range cases {
		cfg := linttest.Config()
		c.cfg(&cfg)
		_, err := lint.New(cfg, all)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New: %v, want an error containing %q", err, c.want)
		}
	}
	if _, err := lint.New(linttest.Config(), []*lint.Rule{fixed("a"), fixed("a")}); err == nil {
		t.Error("a rule registered twice was accepted")
	}
}

func TestParseConfig(t *testing.T) {
	all := rules.All()
	good := `channel = "sms"
lang = "fr"
fail-on = "warning"
min-score = 40
placeholder-width = 8

[channels.sms]
soft-parts = 2

[rules.sentence-length]
severity = "info"
max-words-fr = 20

[rules.preview-truncation]
enabled = false
`
	cfg, err := lint.ParseConfig([]byte(good), "p.toml", all)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Channel != "sms" || cfg.Lang != "fr" || cfg.FailOn != lint.Warning || cfg.MinScore != 40 || cfg.PlaceholderWidth != 8 {
		t.Errorf("top level: %+v", cfg)
	}
	if p := cfg.Channels["sms"]; p.SoftParts != 2 || p.HardParts != 10 || p.PreviewWidth != 50 {
		t.Errorf("sms profile %+v: set key changed, others kept", p)
	}
	sl := cfg.Rules["sentence-length"]
	if o := sl.Options.(*rules.SentenceLengthOptions); o.MaxWordsFR != 20 || o.MaxWordsEN != 25 || sl.Severity != lint.Info {
		t.Errorf("sentence-length %+v %+v", sl, o)
	}
	if e := cfg.Rules["preview-truncation"].Enabled; e == nil || *e {
		t.Errorf("preview-truncation not disabled")
	}
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	r := l.Check(context.Background(), lint.Message{Text: "Votre code est 1234. " + strings.Repeat("mot ", 22) + "fin."})
	if r.Channel != "sms" || r.Lang != "fr" {
		t.Errorf("defaults not applied: %s %s", r.Channel, r.Lang)
	}
	found := false
	for _, f := range r.Findings {
		if f.Rule == "sentence-length" {
			found = f.Severity == lint.Info && strings.Contains(f.Message, "to 20")
		}
	}
	if !found {
		t.Errorf("sentence-length option or severity not applied: %+v", r.Findings)
	}

	bad := []struct{ src, want string }{
		{"chanel = \"sms\"\n", `p.toml:1:1: unknown key "chanel"`},
		{"\n[rules.length]\nseverty = \"info\"\n", `p.toml:3:1: unknown key "rules.length.severty"`},
		{"[rules.nope]\n", `unknown key "rules.nope"`},
		{"[channels.fax]\nhard-limit = 1\n", `unknown key "channels.fax`},
		{"min-score = \"high\"\n", "p.toml:1:"},
		{"[channels.sms]\nsoft-parts = 20\n", "p.toml:2: soft-parts 20 is above hard-parts 10 (key \"channels.sms.soft-parts\")"},
		{"min-score = \"high\"\n", "p.toml:1:13: a TOML string cannot go here: want an integer (key \"min-score\")"},
		{"\n\nfail-on = \"fatal\"\n", `p.toml:3: unknown fail-on "fatal"`},
		{"[rules.paragraphs]\nmax-chars = 0\n", "p.toml:2: max-chars"},
		{"channel = \n", `p.toml:1:11: channel has no value: write one after "="`},
		{"[rules.spelling]\r\nvocab =\r\n", `p.toml:2:8: rules.spelling.vocab has no value`},
		{"[[files]] # drafts\npaths = [\"a\"]\nchannel =\n", `p.toml:3:10: files.channel has no value`},
		{"lang =", `p.toml:1:6: lang has no value`},
		{"lang = # en or fr\n", `p.toml:1:8: lang has no value`},
	}
	for _, b := range bad {
		_, err := lint.ParseConfig([]byte(b.src), "p.toml", all)
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%q: error %v, want it to contain %q", b.src, err, b.want)
		}
	}
}

// TestConcurrentCheck runs one Linter from many goroutines (go test -race).
func TestConcurrentCheck(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Bonjour, nous espérons que vous allez bien. Votre commande n° 4411 arrive le 12 mars.",
		"Hi Sam! I hope this message finds you well. Your table is booked for Friday at 19:30.",
		strings.Repeat("Your order is ready. ", 30),
	}
	want := make([]lint.Result, len(texts))
	for i, s := range texts {
		want[i] = l.Check(context.Background(), lint.Message{Text: s})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				k := (g + i) % len(texts)
				got := l.Check(context.Background(), lint.Message{Text: texts[k]})
				if fmt.Sprint(got) != fmt.Sprint(want[k]) {
					t.Errorf("concurrent result differs for text %d", k)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestUnknownChannelInMessageBlocks(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	r := l.Check(context.Background(), lint.Message{Text: "Hi", Channel: "fax"})
	if r.Verdict != lint.VerdictBlock || len(r.Findings) == 0 || r.Findings[0].Rule != "input" {
		t.Errorf("unknown channel: %+v", r)
	}
}

func TestCancelledContext(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := l.Check(ctx, lint.Message{Text: "Hi"})
	if r.Verdict != lint.VerdictBlock || !strings.Contains(r.Findings[0].Message, "cancelled") {
		t.Errorf("cancelled check must not pass: %+v", r)
	}
}

func TestOversizedMessageBlocksUnchecked(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	r := l.Check(context.Background(), lint.Message{Text: strings.Repeat("a", lint.MaxTextBytes+1)})
	if r.Verdict != lint.VerdictBlock || len(r.Findings) != 1 || !strings.Contains(r.Findings[0].Message, "not checked") {
		t.Errorf("oversized message: %+v", r.Findings)
	}
}

// TestConfigInstagramAndOffByDefault: [channels.instagram] hard-bytes sets
// Instagram's byte limit (a negative one is refused at its line), and a
// rule that is off by default runs once presend.toml turns it on.
func TestConfigInstagramAndOffByDefault(t *testing.T) {
	all := rules.All()
	src := "channel = \"instagram\"\n\n[channels.instagram]\nhard-bytes = 10\n\n[rules.bot-disclosure]\nenabled = true\n"
	cfg, err := lint.ParseConfig([]byte(src), "p.toml", all)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Clock = linttest.Config().Clock
	l, err := lint.New(cfg, all)
	if err != nil {
		t.Fatal(err)
	}
	r := l.Check(context.Background(), lint.Message{Text: "Voilà éé", Lang: "fr"})
	if !slices.ContainsFunc(r.Findings, func(f lint.Finding) bool {
		return f.Rule == "length" && strings.Contains(f.Message, "over the limit of 10") && strings.Contains(f.Detail, "over the limit of 10 bytes")
	}) {
		t.Errorf("hard-bytes 10 not applied: %+v", r.Findings)
	}
	if !slices.ContainsFunc(l.Rules(), func(r *lint.Rule) bool { return r.Name == "bot-disclosure" }) {
		t.Errorf("bot-disclosure not enabled by enabled = true")
	}
	def, err := lint.New(linttest.Config(), all)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(def.Rules(), func(r *lint.Rule) bool { return r.Name == "bot-disclosure" }) {
		t.Errorf("bot-disclosure runs by default; it is off until turned on")
	}
	if _, err := lint.ParseConfig([]byte("[channels.instagram]\nhard-bytes = -1\n"), "p.toml", all); err == nil || !strings.Contains(err.Error(), "p.toml:2: hard-bytes -1 is negative") {
		t.Errorf("negative hard-bytes: error %v", err)
	}
}

// TestOneConfigValidation: a setting that is wrong draws the same problem
// from a presend.toml (ParseConfig, at its line) and from Go (New): they
// are judged by one check. A placeholder width must be at least 1 both
// ways (0 in Go leaves it to the default).
func TestOneConfigValidation(t *testing.T) {
	all := rules.All()
	cases := []struct {
		toml string
		set  func(*lint.Config)
		want string
	}{
		{"placeholder-width = -1\n", func(c *lint.Config) { c.PlaceholderWidth = -1 }, "placeholder-width -1 must be at least 1"},
		{"lang = \"de\"\n", func(c *lint.Config) { c.Lang = "de" }, `unknown language "de" (want auto, en or fr)`},
		{"min-score = 101\n", func(c *lint.Config) { c.MinScore = 101 }, "min-score 101 is outside 0–100"},
		{"placeholders = [\"(\"]\n", func(c *lint.Config) { c.Placeholders = []string{"("} }, `placeholder pattern "("`},
	}
	for _, c := range cases {
		_, perr := lint.ParseConfig([]byte(c.toml), "p.toml", all)
		cfg := linttest.Config()
		c.set(&cfg)
		cfg.Path = "p.toml"
		_, nerr := lint.New(cfg, all)
		if perr == nil || !strings.Contains(perr.Error(), "p.toml:1: "+c.want) {
			t.Errorf("ParseConfig(%q): %v, want %q", c.toml, perr, c.want)
		}
		if nerr == nil || !strings.Contains(nerr.Error(), "p.toml: "+c.want) {
			t.Errorf("New for %q: %v, want %q", c.toml, nerr, c.want)
		}
	}
	cfg := linttest.Config()
	cfg.PlaceholderWidth = 0
	if _, err := lint.New(cfg, all); err != nil {
		t.Errorf("New with placeholder width 0 (the default): %v", err)
	}
}
