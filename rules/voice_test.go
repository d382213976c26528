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
		if len(notices) != 1 || !strings.Contains(notices[0], "key names a channel") {
			t.Errorf("notices %q, want one about spoken scripts", notices)
		}
	}
}

// A catalog key that names a channel (otp.sms, order_shipped.push) chooses
// it over the configured default, so a message written for SMS is counted
// in SMS parts even when the catalog is linted as Messenger; a key that only
// mentions SMS in a word does not, and an envelope's channel wins.
func TestChannelKeys(t *testing.T) {
	cfg := linttest.Config()
	cfg.Channel = "messenger"
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []struct{ lang, text string }{
		{"en", "Your parcel from Acme arrives tomorrow between 9am and 1pm. Track it or choose another day at {{link}}. If nobody is home, we leave it at the post office for 10 days. Reply STOP to opt out."},
		{"fr", "Votre colis Acme arrive demain entre 9 h et 13 h. Suivez-le ou choisissez un autre jour sur {{link}}. En votre absence, il reste au bureau de poste 10 jours. STOP pour vous désabonner."},
	} {
		for _, tc := range []struct {
			id, channel, want string
		}{
			{"order.shipped.sms", "", "sms"},
			{"order.shipped.PUSH", "", "push"},
			{"order.shipped.sms.voice", "", lint.Voice},    // a spoken script wherever it is named
			{"sms.errors.invalid_number", "", "messenger"}, // a topic, not where the text goes: only the last part
			{"errors.sms_unsupported", "", "messenger"},
			{"order.shipped.sms", "whatsapp", "whatsapp"},
		} {
			res := l.Check(context.Background(), lint.Message{ID: tc.id, Channel: tc.channel, Lang: lang.lang, Text: lang.text})
			if res.Channel != tc.want {
				t.Errorf("%s %s (envelope %q): channel %q, want %q", lang.lang, tc.id, tc.channel, res.Channel, tc.want)
			}
			parts := slices.ContainsFunc(res.Findings, func(f lint.Finding) bool {
				return f.Rule == rules.Length.Name && strings.Contains(f.Message, "SMS parts")
			})
			if parts != (tc.want == "sms") {
				t.Errorf("%s %s: a length finding about SMS parts: %v, want %v (%v)", lang.lang, tc.id, parts, tc.want == "sms", res.Findings)
			}
		}
	}
}
