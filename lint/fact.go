package lint

import (
	"fmt"

	"github.com/presend/presend/lint/promo"
)

// A Fact is something about one message that several rules read, such as
// whether it is promotional: as go/analysis shares an analyzer's result
// with the analyzers that require it, a rule names the facts it reads in
// Rule.Requires, the Linter configures each required fact once, when it is
// built, and a Pass computes a fact the first time a rule asks for it
// (Of), at most once per message, whichever rules ask.
type Fact[T any] struct {
	Name string // kebab-case, for messages (Validate checks it)
	// Configure prepares the fact once per Linter (word lists compiled
	// with env.Stems, say) and returns how to compute it for one message.
	Configure func(env CompileEnv) (func(p *Pass) T, error)
}

// Of returns the fact for the message p checks, computing it on first use.
// The rule that asks must require f (Rule.Requires): a fact no enabled
// rule requires is not configured, and asking for it is a bug in the rule.
func (f *Fact[T]) Of(p *Pass) T {
	for _, fv := range p.facts {
		if fv.f == Requirement(f) {
			return fv.v.(T)
		}
	}
	compute, ok := p.computers[f].(func(*Pass) T)
	if !ok {
		name := "?"
		if p.rule != nil {
			name = p.rule.Name
		}
		panic(fmt.Sprintf("lint: rule %s reads fact %s without requiring it (Rule.Requires)", name, f.Name))
	}
	v := compute(p)
	if p.facts == nil {
		p.facts = p.factBuf[:0]
	}
	p.facts = append(p.facts, factValue{f, v})
	return v
}

// Requirement is a fact a rule requires: a *Fact of any type.
type Requirement interface {
	factName() string
	configure(env CompileEnv) (any, error)
}

func (f *Fact[T]) factName() string { return f.Name }

func (f *Fact[T]) configure(env CompileEnv) (any, error) {
	compute, err := f.Configure(env)
	if err != nil {
		return nil, fmt.Errorf("fact %s: %w", f.Name, err)
	}
	return compute, nil
}

// Promotional is the promotional-content classification of the message's
// text (package lint/promo). The Linter always configures it: what a
// history store records of a message says whether it was promotional.
var Promotional = &Fact[promo.Result]{
	Name: "promotional",
	Configure: func(CompileEnv) (func(*Pass) promo.Result, error) {
		// The detector is the Linter's (Pass.PromoOf classifies titles
		// with it too), built while the rules' options compile.
		return func(p *Pass) promo.Result { return p.detector.Detect(p.Text) }, nil
	},
}
