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

// A spoken script is checked on the voice channel, where the rules about
// how a message looks on a screen have nothing to say, and presend says
// once why; a key that only mentions a voice call is not one, and an
// explicit channel wins over the key.
func TestSpokenScriptOnVoice(t *testing.T) {
	cfg := linttest.Config()
	cfg.Channel = "sms"
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	shape := []string{rules.Length.Name, rules.Paragraphs.Name, rules.MainPointEarly.Name, rules.PreviewTruncation.Name}
	check := func(m lint.Message) (string, []string) {
		res := l.Check(context.Background(), m)
		var out []string
		for _, f := range res.Findings {
			if slices.Contains(shape, f.Rule) && !slices.Contains(out, f.Rule) {
				out = append(out, f.Rule)
			}
		}
		return res.Channel, out
	}
	for _, lang := range []struct{ lang, text string }{
		{"en", "Hello! This is an automated call from Acme. Your one-time sign-in code is, {{code}}. Again, your code is {{code}}. Once more, your code is {{code}}. This code expires in 10 minutes. Goodbye."},
		{"fr", "Bonjour ! Ceci est un appel automatique d'Acme. Votre code de connexion à usage unique est, {{code}}. Je répète, votre code est {{code}}. Encore une fois, votre code est {{code}}. Ce code expire dans 10 minutes. Au revoir."},
	} {
		if ch, got := check(lint.Message{ID: "errors.daily_voice_limit", Lang: lang.lang, Text: lang.text}); ch != "sms" || len(got) == 0 {
			t.Fatalf("%s: a key that mentions voice in a word: channel %q, shape findings %v; want sms and some", lang.lang, ch, got)
		}
		if ch, got := check(lint.Message{ID: "otp.voice", Channel: "sms", Lang: lang.lang, Text: lang.text}); ch != "sms" || len(got) == 0 {
			t.Errorf("%s: an envelope's channel sms: channel %q, shape findings %v; want sms and some", lang.lang, ch, got)
		}
		if n := len(l.Notices()); n != 0 && lang.lang == "en" {
			t.Errorf("notices before any spoken script: %q", l.Notices())
		}
		for _, m := range []lint.Message{
			{ID: lang.lang + ".otp.voice"}, {ID: lang.lang + ".otp.TTS#one"}, {ID: "ivr.otp"},
			{ID: "otp.sms", Text: "<speak>" + lang.text + "</speak>"},
		} {
			m.Lang = lang.lang
			if m.Text == "" {
				m.Text = lang.text
			}
			if ch, got := check(m); ch != lint.Voice || len(got) != 0 {
				t.Errorf("%s: channel %q, %v fire on a spoken script; want voice and none", m.ID, ch, got)
			}
		}
		notices := l.Notices()
		if len(notices) != 1 || !strings.Contains(notices[0], "channel voice") {
			t.Errorf("notices %q, want one about spoken scripts", notices)
		}
	}
}

// A key that names a screen channel (telephony.otp.sms, order.push) does
// not choose it: a channel inferred from a key may only take rules away
// (a script read aloud has no screen), never add a channel's limits the
// user did not ask for; [[files]] with keys and channel does that.
func TestScreenChannelKeysKeepDefault(t *testing.T) {
	cfg := linttest.Config()
	cfg.Channel = "messenger"
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []lint.Message{
		{ID: "en.telephony.otp.sms", Lang: "en", Text: "Your code is 482913. It expires in 10 minutes."},
		{ID: "fr.order.shipped.push", Lang: "fr", Text: "Votre colis est parti ; il arrive demain."},
	} {
		if res := l.Check(context.Background(), m); res.Channel != "messenger" {
			t.Errorf("%s: channel %q, want the configured messenger", m.ID, res.Channel)
		}
	}
}
