package rules

import (
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
)

// factsOf returns the platform facts in force when p's message is sent.
//
// Until the Pass carries them (the policy engineer's lint.Pass.Policy),
// they are the built-in policy's at p.Now; once it does, this is the one
// place to switch to p.Policy, which also honours a policy-file and
// policy-date.
func factsOf(p *lint.Pass) *policy.Facts {
	set, err := policy.Embedded()
	if err != nil {
		return nil // the embedded file is tested; a nil Facts holds nothing
	}
	return set.At(p.Now)
}
