package rules_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// A spoken script is skipped by the rules about how a message looks, and
// presend says so once; a key that only mentions a voice call is not one.
func TestSpokenScriptSkipped(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	text := "Hello! This is an automated call from Acme. Your one-time sign-in code is, {{code}}. Again, your code is {{code}}. Once more, your code is {{code}}. This code expires in 10 minutes. Goodbye."
	shape := []string{rules.Length.Name, rules.Paragraphs.Name, rules.MainPointEarly.Name, rules.PreviewTruncation.Name}
	fired := func(id string) []string {
		var out []string
		for _, f := range l.Check(context.Background(), lint.Message{ID: id, Channel: "sms", Lang: "en", Text: text}).Findings {
			if slices.Contains(shape, f.Rule) && !slices.Contains(out, f.Rule) {
				out = append(out, f.Rule)
			}
		}
		return out
	}
	if got := fired("errors.daily_voice_limit"); len(got) == 0 {
		t.Fatal("a key that mentions voice in a word: no shape finding, want some")
	}
	if n := len(l.Notices()); n != 0 {
		t.Errorf("notices before any spoken script: %q", l.Notices())
	}
	for _, id := range []string{"en.otp.voice", "en.otp.TTS#one", "ivr.otp"} {
		if got := fired(id); len(got) != 0 {
			t.Errorf("%s: %v fire on a spoken script", id, got)
		}
	}
	notices := l.Notices()
	if len(notices) != 1 || !strings.Contains(notices[0], "read aloud") {
		t.Errorf("notices %q, want one about spoken scripts", notices)
	}
}
