package lint_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
)

// TestFactOncePerMessage: a fact two rules require is configured once per
// Linter and computed once per message, however many rules read it, and
// only for messages where a rule asks.
func TestFactOncePerMessage(t *testing.T) {
	var configured, computed atomic.Int32
	words := &lint.Fact[int]{Name: "words", Configure: func(lint.CompileEnv) (func(*lint.Pass) int, error) {
		configured.Add(1)
		return func(p *lint.Pass) int {
			computed.Add(1)
			return len(strings.Fields(p.Text.Text))
		}, nil
	}}
	reader := func(name string, ask bool) *lint.Rule {
		return &lint.Rule{Name: name, Category: lint.Shape, Severity: lint.Info, Requires: []lint.Requirement{words},
			Run: func(p *lint.Pass) {
				if ask || strings.Contains(p.Text.Text, "ask") {
					if n := words.Of(p); n > 3 {
						p.Reportf(0, 1, "%d words", n)
					}
				}
			}}
	}
	l, err := lint.New(linttest.Config(), []*lint.Rule{reader("a", false), reader("b", false), reader("c", false)})
	if err != nil {
		t.Fatal(err)
	}
	if configured.Load() != 1 {
		t.Errorf("configured %d times for one Linter, want 1", configured.Load())
	}
	res := l.Check(context.Background(), lint.Message{Text: "please ask me five words"})
	if len(res.Findings) != 3 || computed.Load() != 1 {
		t.Errorf("3 rules read the fact: %d findings, computed %d times, want 3 and 1", len(res.Findings), computed.Load())
	}
	l.Check(context.Background(), lint.Message{Text: "nobody reads it here"})
	if computed.Load() != 1 {
		t.Errorf("a message no rule asks about computed the fact (%d times in all)", computed.Load())
	}
	l.Check(context.Background(), lint.Message{Text: "ask again"})
	if computed.Load() != 2 {
		t.Errorf("a second message asking: computed %d times in all, want 2", computed.Load())
	}
}

// TestFactNotRequired: a rule that reads a fact it does not require is
// told so by name, not given a value computed behind the Linter's back.
func TestFactNotRequired(t *testing.T) {
	hidden := &lint.Fact[int]{Name: "hidden", Configure: func(lint.CompileEnv) (func(*lint.Pass) int, error) {
		return func(*lint.Pass) int { return 1 }, nil
	}}
	rule := &lint.Rule{Name: "sneaky", Category: lint.Shape, Severity: lint.Info, Run: func(p *lint.Pass) { hidden.Of(p) }}
	l, err := lint.New(linttest.Config(), []*lint.Rule{rule})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "rule sneaky reads fact hidden without requiring it") {
			t.Errorf("recovered %v", r)
		}
	}()
	l.Check(context.Background(), lint.Message{Text: "hello"})
	t.Error("no panic")
}
