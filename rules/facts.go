package rules

import (
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
)

// factsOf returns the platform facts in force when p's message is sent
// (lint.Pass.Policy: the built-in policy with the configuration's
// policy-file, at the message's sent_at, policy-date or the run's clock).
func factsOf(p *lint.Pass) *policy.Facts { return p.Policy }
