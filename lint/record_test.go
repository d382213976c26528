package lint_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// capRule blocks a message when its recipient already got n messages.
func capRule(n int) *lint.Rule {
	return &lint.Rule{Name: "cap", Category: lint.Spam, Severity: lint.Error, Run: func(p *lint.Pass) {
		if p.History != nil && len(p.History.Sends) >= n {
			p.Reportf(0, 0, "%d sends already", len(p.History.Sends))
		}
	}}
}

// TestCheckAndRecordAtomic races many senders on one recipient under a cap
// of 3: exactly 3 must pass and be recorded, whatever the interleaving.
func TestCheckAndRecordAtomic(t *testing.T) {
	l, err := lint.New(linttest.Config(), []*lint.Rule{capRule(3)})
	if err != nil {
		t.Fatal(err)
	}
	st := history.NewMemory(history.Limits{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	passed := 0
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := lint.Message{Text: fmt.Sprintf("message %d", i), Recipient: "p1", SentAt: t0}
			res, err := l.CheckAndRecord(context.Background(), st, m, lint.RecordUnblocked)
			if err != nil {
				t.Error(err)
				return
			}
			if res.Verdict != lint.VerdictBlock {
				mu.Lock()
				passed++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	v, _ := st.View(context.Background(), "p1", "", t0)
	if passed != 3 || len(v.Sends) != 3 {
		t.Fatalf("%d passed, %d recorded; want 3 and 3", passed, len(v.Sends))
	}
}

func TestCheckAndRecordPolicy(t *testing.T) {
	l, err := lint.New(linttest.Config(), []*lint.Rule{capRule(1)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		policy lint.RecordPolicy
		want   int
	}{{lint.RecordUnblocked, 1}, {lint.RecordAll, 3}} {
		st := history.NewMemory(history.Limits{})
		for i := range 3 {
			m := lint.Message{Text: "hello", Recipient: "p1", SentAt: t0.Add(time.Duration(i) * time.Minute)}
			if _, err := l.CheckAndRecord(ctx, st, m, tc.policy); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := st.View(ctx, "p1", "", t0.Add(time.Hour)); len(v.Sends) != tc.want {
			t.Errorf("policy %d recorded %d sends, want %d", tc.policy, len(v.Sends), tc.want)
		}
	}
}

func TestCheckAndRecordInboundAndToken(t *testing.T) {
	var seen []*history.View
	spy := &lint.Rule{Name: "spy", Category: lint.Policy, Severity: lint.Info, Run: func(p *lint.Pass) {
		v := *p.History
		seen = append(seen, &v)
		if got := p.LastUserMessage(); !got.Equal(t0.Add(-time.Hour)) {
			p.Reportf(0, 0, "last user message %v", got)
		}
	}}
	l, err := lint.New(linttest.Config(), []*lint.Rule{spy})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st := history.NewMemory(history.Limits{})
	first := lint.Message{Text: "Back in stock", OneTimeNotifToken: "tok1", SentAt: t0, LastUserMessageAt: t0.Add(-time.Hour), Source: "a.jsonl"}
	second := lint.Message{Text: "Back in stock", OneTimeNotifToken: "tok1", SentAt: t0.Add(time.Minute)}
	for _, m := range []lint.Message{first, second} {
		res, err := l.CheckAndRecord(ctx, st, m, lint.RecordAll)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) > 0 {
			t.Errorf("%q: %s", m.Text, res.Findings[0].Message)
		}
	}
	if len(seen) != 2 || seen[0].TokenUse != nil || seen[1].TokenUse == nil || seen[1].TokenUse.Ref != "a.jsonl:1" {
		t.Fatalf("token use seen: first %+v, second %+v", seen[0].TokenUse, seen[1].TokenUse)
	}
	if seen[1].Recipient != "otn:tok1" {
		t.Errorf("a token-only message is filed under %q, want otn:tok1", seen[1].Recipient)
	}
}

// TestCheckLogOrder checks that a send log is checked in sent_at order and
// its results come back in input order.
func TestCheckLogOrder(t *testing.T) {
	var order []string
	spy := &lint.Rule{Name: "spy", Category: lint.Policy, Severity: lint.Info, Run: func(p *lint.Pass) {
		order = append(order, p.Msg.ID)
		p.Reportf(0, 0, "%d before", len(p.History.Sends))
	}}
	cfg := lint.DefaultConfig()
	cfg.Clock = func() time.Time { return t0.Add(3 * time.Hour) } // "now", after the dated sends
	l, err := lint.New(cfg, []*lint.Rule{spy})
	if err != nil {
		t.Fatal(err)
	}
	msgs := []lint.Message{
		{ID: "c", Text: "x", Recipient: "p", SentAt: t0.Add(2 * time.Hour)},
		{ID: "a", Text: "x", Recipient: "p", SentAt: t0},
		{ID: "d", Text: "x", Recipient: "p"}, // no sent_at: now, after the others
		{ID: "b", Text: "x", Recipient: "p", SentAt: t0.Add(time.Hour)},
	}
	res, err := l.CheckLog(context.Background(), history.NewMemory(history.Limits{}), msgs)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(order) != "[a b c d]" {
		t.Errorf("checked in order %v, want [a b c d]", order)
	}
	for i, want := range []string{"2 before", "0 before", "3 before", "1 before"} {
		if res[i].ID != msgs[i].ID || res[i].Findings[0].Message != want {
			t.Errorf("result %d: %s %q, want %s %q", i, res[i].ID, res[i].Findings[0].Message, msgs[i].ID, want)
		}
	}
}

func TestRef(t *testing.T) {
	for _, tc := range []struct {
		m    lint.Message
		line int
		want string
	}{
		{lint.Message{Source: "a.jsonl", ID: "c1"}, 3, "a.jsonl:3 (c1)"},
		{lint.Message{Source: "a.jsonl"}, 3, "a.jsonl:3"},
		{lint.Message{ID: "c1"}, 0, "c1"},
		{lint.Message{}, 0, ""},
		{lint.Message{Source: "-", ID: "a1"}, 4, "line 4 (a1)"},
	} {
		if got := lint.Ref(tc.m, tc.line); got != tc.want {
			t.Errorf("Ref(%+v, %d) = %q, want %q", tc.m, tc.line, got, tc.want)
		}
	}
}

// TestNotices checks that a rule's notes about the environment are kept
// once per Linter, do not count against messages, and are safe to give
// from concurrent checks.
func TestNotices(t *testing.T) {
	noter := &lint.Rule{Name: "noter", Category: lint.Clarity, Severity: lint.Info, Run: func(p *lint.Pass) {
		p.Notice("no French dictionary found")
		p.Notice("no French dictionary found")
	}}
	l, err := lint.New(linttest.Config(), []*lint.Rule{noter})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if res := l.Check(context.Background(), lint.Message{Text: "Bonjour"}); res.Score != 100 || len(res.Findings) != 0 {
				t.Errorf("a notice changed the result: score %d, %d findings", res.Score, len(res.Findings))
			}
		})
	}
	wg.Wait()
	if got := l.Notices(); len(got) != 1 || got[0] != "no French dictionary found" {
		t.Fatalf("notices %q, want the one note once", got)
	}
}

// TestLogCheckerAfterStoreError: a LogChecker records each message of the
// log; after the store's first error, the messages with a recipient are
// checked without their history (and not recorded), as CheckLog documents,
// even once the store answers again.
func TestLogCheckerAfterStoreError(t *testing.T) {
	l, err := lint.New(linttest.Config(), []*lint.Rule{capRule(1)})
	if err != nil {
		t.Fatal(err)
	}
	st := history.NewMemory(history.Limits{})
	c := l.NewLogChecker(st)
	ctx := context.Background()
	first := c.Check(ctx, lint.Message{ID: "a", Text: "x", Recipient: "p"}, t0)
	if first.Recorded == nil || c.Err() != nil || !first.SentAt.Equal(t0) {
		t.Fatalf("first send: recorded %v at %v, err %v", first.Recorded, first.SentAt, c.Err())
	}
	if second := c.Check(ctx, lint.Message{ID: "b", Text: "x", Recipient: "p"}, t0.Add(time.Hour)); second.Verdict != lint.VerdictBlock {
		t.Errorf("second send to p: %s, want block (cap 1)", second.Verdict)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if res := c.Check(cancelled, lint.Message{ID: "c", Text: "x", Recipient: "p"}, t0.Add(2*time.Hour)); res.History != lint.HistoryUnavailable || !errors.Is(c.Err(), context.Canceled) {
		t.Fatalf("store error: History %q, Err %v", res.History, c.Err())
	}
	after := c.Check(ctx, lint.Message{ID: "d", Text: "x", Recipient: "p"}, t0.Add(3*time.Hour))
	if after.History != lint.HistoryUnavailable || after.Recorded != nil || after.Verdict == lint.VerdictBlock {
		t.Errorf("after the error: History %q, recorded %v, verdict %s; want checked without history", after.History, after.Recorded, after.Verdict)
	}
	if draft := c.Check(ctx, lint.Message{ID: "e", Text: "x"}, t0.Add(4*time.Hour)); draft.History != "" || !draft.SentAt.IsZero() {
		t.Errorf("no recipient: History %q, sent at %v; want no history and no send time", draft.History, draft.SentAt)
	}
	v, err := st.View(ctx, "p", "", t0.Add(4*time.Hour))
	if err != nil || len(v.Sends) != 2 {
		t.Errorf("store holds %d sends (err %v), want the 2 checked before the error", len(v.Sends), err)
	}
}
