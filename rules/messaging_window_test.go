package rules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMessagingWindow(t *testing.T) {
	linttest.Run(t, rules.All(), "messaging-window", "../testdata/messaging-window")
}

// TestMessagingWindowAdPrecedence checks how the envelope and the history
// share the ad-opened window: the history's ad-opened message counts when
// the envelope says nothing of a referral, and an envelope that names the
// ad referral wins over the history.
func TestMessagingWindowAdPrecedence(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	now := linttest.Now
	day := 24 * time.Hour
	msg := func(env func(*lint.Message)) lint.Message {
		m := lint.Message{Lang: "en", Channel: "messenger", Recipient: "psid-9", MessagingType: "UPDATE", SentAt: now,
			Text: "The brass Aurora lamp you asked about is back in stock."}
		if env != nil {
			env(&m)
		}
		return m
	}
	cases := []struct {
		name string
		m    lint.Message
		h    history.View
		want string // "" for no finding, else a piece of it
	}{
		{"history ad 6 days ago, later ordinary message",
			msg(nil), history.View{LastInbound: now.Add(-2 * day), AdInbound: now.Add(-6 * day)}, ""},
		{"history ad 7 days and 1 second ago",
			msg(nil), history.View{LastInbound: now.Add(-2 * day), AdInbound: now.Add(-7*day - time.Second)}, "window their first message after a Click-to-Messenger ad opened just over 7 days before it"},
		{"envelope's ordinary later message does not shorten the history's ad window",
			msg(func(m *lint.Message) { m.LastUserMessageAt = now.Add(-30 * time.Hour) }),
			history.View{LastInbound: now.Add(-3 * day), AdInbound: now.Add(-5 * day)}, ""},
		{"a referral that is not an ad leaves the history's ad window",
			msg(func(m *lint.Message) {
				m.LastUserMessageAt, m.LastUserMessageReferral = now.Add(-30*time.Hour), "SHORTLINK"
			}),
			history.View{LastInbound: now.Add(-3 * day), AdInbound: now.Add(-5 * day)}, ""},
		{"the envelope's ad referral wins over a later one in the history",
			msg(func(m *lint.Message) {
				m.LastUserMessageAt, m.LastUserMessageReferral = now.Add(-8*day), "ADS"
			}),
			history.View{LastInbound: now.Add(-2 * day), AdInbound: now.Add(-2 * day)}, "may be sent | the envelope's last_user_message_referral is ADS"},
		{"the envelope's ad referral wins over an earlier one in the history",
			msg(func(m *lint.Message) {
				m.LastUserMessageAt, m.LastUserMessageReferral = now.Add(-6*day), "ADS"
			}),
			history.View{LastInbound: now.Add(-6 * day), AdInbound: now.Add(-7*day - time.Hour)}, ""},
		{"an ad window in the history does not open WhatsApp's",
			msg(func(m *lint.Message) { m.Channel, m.MessagingType = "whatsapp", "" }),
			history.View{LastInbound: now.Add(-2 * day), AdInbound: now.Add(-2 * day)}, "customer service window"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := l.CheckWith(context.Background(), c.m, &c.h)
			var got []string
			for _, f := range res.Findings {
				if f.Rule == "messaging-window" {
					got = append(got, f.Message+" | "+f.Detail) // the detail says which record counted
				}
			}
			switch {
			case c.want == "" && len(got) > 0:
				t.Fatalf("findings %q, want none", got)
			case c.want != "" && (len(got) != 1 || !strings.Contains(got[0], c.want)):
				t.Fatalf("findings %q, want one with %q", got, c.want)
			}
		})
	}
}

// TestMessagingWindowAdClickThenEnvelope checks the history's side of an ad
// click: the webhook tap recorded a person coming back from an ad (an ad
// click, no message), and the envelope of a later send names their next
// message, without referral: that message opened the 7-day window, so an
// UPDATE 6 days later passes, and one 7 days and a minute later does not.
func TestMessagingWindowAdClickThenEnvelope(t *testing.T) {
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	day := 24 * time.Hour
	wrote := linttest.Now.Add(-6 * day)
	for _, c := range []struct {
		sent time.Time
		fire bool
	}{{linttest.Now, false}, {wrote.Add(7*day + time.Minute), true}} {
		st := history.NewMemory(history.Limits{})
		if err := st.RecordInboundEvent(ctx, history.Inbound{Recipient: "psid-8", At: wrote.Add(-time.Minute), AdClick: true}); err != nil {
			t.Fatal(err)
		}
		m := lint.Message{Lang: "en", Channel: "messenger", Recipient: "psid-8", MessagingType: "UPDATE", SentAt: c.sent,
			LastUserMessageAt: wrote, Text: "The brass Aurora lamp you asked about is back in stock."}
		res, err := l.CheckAndRecord(ctx, st, m, lint.RecordAll)
		if err != nil {
			t.Fatal(err)
		}
		fired := false
		for _, f := range res.Findings {
			fired = fired || f.Rule == "messaging-window"
		}
		if fired != c.fire {
			t.Errorf("sent %v after the message: messaging-window fired %v, want %v (%+v)", c.sent.Sub(wrote), fired, c.fire, res.Findings)
		}
	}
}
