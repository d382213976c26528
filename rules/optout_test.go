package rules

import (
	"context"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
)

// TestOptOutFactShared: the rules that read opt-outs get one value per
// message, whose searches run once however often they are asked, and the
// next message gets its own.
func TestOptOutFactShared(t *testing.T) {
	var got []*optOutHits
	probe := func(name string) *lint.Rule {
		return &lint.Rule{
			Name: name, Category: lint.Policy, Severity: lint.Info,
			Doc:      lint.Doc{Title: "probe"},
			Requires: []lint.Requirement{optOutFact},
			Run: func(p *lint.Pass) {
				h := optOutFact.Of(p)
				h.Stop()
				h.Wording()
				got = append(got, h)
			},
		}
	}
	l, err := lint.New(linttest.Config(), []*lint.Rule{probe("probe-a"), probe("probe-b")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text          string
		stop, wording bool
	}{
		{"Flash sale today only! Reply STOP to opt out.", true, true},
		{"Flash sale today only! Unsubscribe in the app.", false, true},
		{"Your order has shipped.", false, false},
	} {
		got = got[:0]
		l.Check(context.Background(), lint.Message{Text: tc.text, Channel: "sms", Lang: "en"})
		if len(got) != 2 || got[0] != got[1] {
			t.Fatalf("%q: the two rules got %v, want one shared value", tc.text, got)
		}
		h := got[0]
		if !h.stop.known || !h.wording.known || h.stop.v != tc.stop || h.wording.v != tc.wording {
			t.Errorf("%q: stop %+v wording %+v, want %v %v", tc.text, h.stop, h.wording, tc.stop, tc.wording)
		}
	}
}

// TestLazyBool: the function runs on first use only.
func TestLazyBool(t *testing.T) {
	var b lazyBool
	n := 0
	for range 3 {
		if !b.get(func() bool { n++; return true }) {
			t.Error("got false")
		}
	}
	if n != 1 {
		t.Errorf("computed %d times", n)
	}
}
