package rules_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
	"github.com/presend/presend/rules/internal/spam"
)

func TestSpammyContentGolden(t *testing.T) {
	linttest.Run(t, rules.All(), "spammy-content", "../testdata/spammy-content")
}

// TestSpammyContentDoc checks that presend explain documents every signal
// with its default weight, and both thresholds.
func TestSpammyContentDoc(t *testing.T) {
	doc := rules.SpammyContent.Doc.Text
	for _, s := range spam.Signals() {
		want := fmt.Sprintf("- %s (+%s): ", s.Name, strconv.FormatFloat(s.Weight, 'f', -1, 64))
		if !strings.Contains(doc, want) {
			t.Errorf("Doc.Text does not document %q", want)
		}
	}
	o := rules.SpammyContent.Options().(*rules.SpammyContentOptions)
	for _, want := range []string{fmt.Sprintf("warn-score (%g)", o.WarnScore), fmt.Sprintf("error-score (%g)", o.ErrorScore)} {
		if !strings.Contains(doc, want) {
			t.Errorf("Doc.Text does not give %q", want)
		}
	}
}

func spamLinter(t *testing.T, opts *rules.SpammyContentOptions) *lint.Linter {
	t.Helper()
	cfg := linttest.Config()
	cfg.Channel = "sms"
	if opts != nil {
		cfg.Rules = map[string]lint.RuleConfig{"spammy-content": {Options: opts}}
	}
	l, err := lint.New(cfg, []*lint.Rule{rules.SpammyContent})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSpammyContentMessage(t *testing.T) {
	l := spamLinter(t, nil)
	text := "WINNER!! claim your £900 prize, call 09061701461"
	res := l.Check(context.Background(), lint.Message{Text: text})
	if len(res.Findings) != 1 {
		t.Fatalf("want one finding, got %+v", res.Findings)
	}
	f := res.Findings[0]
	if f.Severity != lint.Error {
		t.Errorf("severity %v, want error", f.Severity)
	}
	var score float64
	if _, err := fmt.Sscanf(f.Message, "spam score %g", &score); err != nil {
		t.Fatalf("message %q: %v", f.Message, err)
	}
	// The score is the sum of the weights listed.
	sum := 0.0
	for _, part := range strings.Split(f.Message, "(+")[1:] {
		w, err := strconv.ParseFloat(part[:strings.IndexByte(part, ')')], 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += w
	}
	if sum != score {
		t.Errorf("score %g, weights add up to %g: %s", score, sum, f.Message)
	}
	for _, want := range []string{`prize wording "WINNER"`, `premium-rate number "09061701461" (+5)`, `shouting "WINNER!!"`} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message lacks %s: %s", want, f.Message)
		}
	}
	if got := text[f.Start:f.End]; got != "09061701461" {
		t.Errorf("finding at %q, want the strongest evidence", got)
	}
}

func TestSpammyContentOptions(t *testing.T) {
	text := "WINNER!! claim your £900 prize, call 09061701461"
	// Turning signals off and raising the thresholds.
	l := spamLinter(t, &rules.SpammyContentOptions{WarnScore: 5, ErrorScore: 20, Weights: []string{"premium-rate=0", " shouting = 0.5 "}})
	res := l.Check(context.Background(), lint.Message{Text: text})
	if len(res.Findings) != 1 || res.Findings[0].Severity != lint.Warning {
		t.Fatalf("want one warning, got %+v", res.Findings)
	}
	if m := res.Findings[0].Message; strings.Contains(m, "premium-rate") || !strings.Contains(m, `shouting "WINNER!!" (+0.5)`) {
		t.Errorf("weights not applied: %s", m)
	}
	// A trusted shortener is the sender's own.
	l = spamLinter(t, &rules.SpammyContentOptions{WarnScore: 1, ErrorScore: 9, TrustedDomains: []string{"bit.ly"}})
	if res := l.Check(context.Background(), lint.Message{Text: "Your order: bit.ly/x7"}); len(res.Findings) != 0 {
		t.Errorf("trusted shortener flagged: %+v", res.Findings)
	}

	for _, c := range []struct{ toml, want string }{
		{"weights = [\"nope=1\"]", `unknown spam signal "nope"`},
		{"weights = [\"prize\"]", `"prize" is not signal=weight`},
		{"weights = [\"prize=-2\"]", "outside 0–100"},
		{"weights = [\"unsolicited-promo=NaN\"]", `"unsolicited-promo=NaN" is not signal=weight`},
		{"weights = [\"prize=+Inf\"]", `"prize=+Inf" is not signal=weight`},
		{"warn-score = nan", "warn-score must be over 0"},
		{"error-score = inf", "warn-score must be over 0"},
		{"warn-score = 0.0", "warn-score must be over 0"},
		{"warn-score = 8.0\nerror-score = 6.0", "error-score at least warn-score"},
		{"trusted-domains = [\"https://example.com\"]", "is not a domain name"},
	} {
		data := "[rules.spammy-content]\n" + c.toml + "\n"
		_, err := lint.ParseConfig([]byte(data), "presend.toml", []*lint.Rule{rules.SpammyContent})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "presend.toml:") {
			t.Errorf("%q: error %v, want one naming the file and %q", c.toml, err, c.want)
		}
	}
	cfg, err := lint.ParseConfig([]byte("[rules.spammy-content]\nweights = [\"shortener=0.5\"]\ntrusted-domains = [\"sho.rt\"]\n"), "presend.toml", []*lint.Rule{rules.SpammyContent})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lint.New(cfg, []*lint.Rule{rules.SpammyContent}); err != nil {
		t.Fatal(err)
	}
}

// TestSpammyContentUnsolicited checks unsolicited-promo, which the rule
// feeds the detector: a promotion that gives no way to opt out adds weight
// on SMS and chat channels, never on push, and is no spam alone.
func TestSpammyContentUnsolicited(t *testing.T) {
	const promo = "20 % off this weekend"
	probe := func(t *testing.T, m lint.Message) string {
		t.Helper()
		cfg := linttest.Config()
		cfg.Rules = map[string]lint.RuleConfig{"spammy-content": {Options: &rules.SpammyContentOptions{WarnScore: 0.5, ErrorScore: 100}}}
		l, err := lint.New(cfg, []*lint.Rule{rules.SpammyContent})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range l.Check(context.Background(), m).Findings {
			return f.Message
		}
		return ""
	}
	const want = `promotion without opt-out "20 % off" (+1)`
	for _, c := range []struct {
		name  string
		msg   lint.Message
		fires bool
	}{
		{"sms without opt-out", lint.Message{Text: promo, Channel: "sms"}, true},
		{"sms with STOP", lint.Message{Text: promo + " — reply STOP to opt out", Channel: "sms"}, false},
		{"french sms with STOP", lint.Message{Text: "-20 % sur toute la boutique ce week-end. STOP au 36111", Channel: "sms", Lang: "fr"}, false},
		{"messenger without a choice", lint.Message{Text: promo, Channel: "messenger"}, true},
		{"messenger with quick replies", lint.Message{Text: promo, Channel: "messenger", QuickReplies: []string{"Yes", "No thanks"}}, false},
		{"messenger with unsubscribe wording", lint.Message{Text: promo + ". Unsubscribe in your settings.", Channel: "messenger"}, false},
		{"push", lint.Message{Text: promo, Channel: "push"}, false},
		{"not a promotion", lint.Message{Text: "Your order has shipped", Channel: "sms"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := probe(t, c.msg)
			if fired := strings.Contains(got, "promotion without opt-out"); fired != c.fires {
				t.Errorf("unsolicited-promo fired %v, want %v: %q", fired, c.fires, got)
			}
			if c.fires && !strings.Contains(got, want) {
				t.Errorf("finding %q lacks %s", got, want)
			}
		})
	}
	// Alone it is no spam: the default thresholds draw nothing.
	if res := spamLinter(t, nil).Check(context.Background(), lint.Message{Text: promo}); len(res.Findings) != 0 {
		t.Errorf("a promotion without opt-out is flagged: %+v", res.Findings)
	}
}

// TestSpammyContentPromoMobile checks promo-mobile through the rule: a
// promotion without opt-out that asks to call a mobile number warns at the
// default thresholds on SMS and chat channels, in English and French; its
// opt-out (STOP, quick replies) or a push channel clears it.
func TestSpammyContentPromoMobile(t *testing.T) {
	const (
		en = "Spring offer: 20% off boiler servicing this month. Call Dave on 07700 900 812 to book."
		fr = "Offre de printemps : -20 % sur l'entretien de chaudière ce mois-ci. Appelez Julien au 06 12 34 56 78."
	)
	cfg := linttest.Config()
	l, err := lint.New(cfg, []*lint.Rule{rules.SpammyContent})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		msg  lint.Message
		want bool
	}{
		{"en sms", lint.Message{Text: en, Channel: "sms", Lang: "en"}, true},
		{"fr sms", lint.Message{Text: fr, Channel: "sms", Lang: "fr"}, true},
		{"en messenger", lint.Message{Text: en, Channel: "messenger", Lang: "en"}, true},
		{"en sms with STOP", lint.Message{Text: en + " Reply STOP to opt out.", Channel: "sms", Lang: "en"}, false},
		{"fr sms with STOP", lint.Message{Text: fr + " STOP au 36111", Channel: "sms", Lang: "fr"}, false},
		{"en messenger with quick replies", lint.Message{Text: en, Channel: "messenger", Lang: "en", QuickReplies: []string{"Book", "No thanks"}}, false},
		{"fr push", lint.Message{Text: fr, Channel: "push", Lang: "fr"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range l.Check(context.Background(), c.msg).Findings {
				got = append(got, f.Message)
			}
			fired := len(got) == 1 && strings.Contains(got[0], "promotion to a mobile number")
			if fired != c.want || !c.want && len(got) > 0 {
				t.Errorf("findings %q, want promo-mobile warning %v", got, c.want)
			}
		})
	}
}

// TestSpammyContentTitlesKeepPlaceholders: reading the titles with the
// text keeps the configuration's placeholder syntaxes, so a message with
// quick replies scores as the same message without them.
func TestSpammyContentTitlesKeepPlaceholders(t *testing.T) {
	cfg, err := lint.ParseConfig([]byte("placeholders = ['\\[\\[\\w+\\]\\]']\n"), "presend.toml", rules.All())
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	const body = "Hi [[FIRST_NAME]], your [[REWARD_NAME]] is at bit.ly/3xYz. T&C apply."
	spam := func(m lint.Message) []string {
		var out []string
		for _, f := range l.Check(context.Background(), m).Findings {
			if f.Rule == "spammy-content" {
				out = append(out, f.Message)
			}
		}
		return out
	}
	plain := spam(lint.Message{Text: body, Lang: "en"})
	withReplies := spam(lint.Message{Text: body, Lang: "en", QuickReplies: []string{"OK"}})
	if !slices.Equal(plain, withReplies) {
		t.Errorf("without quick replies %q, with them %q", plain, withReplies)
	}
}
