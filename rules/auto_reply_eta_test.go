package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenAutoReplyETA(t *testing.T) {
	linttest.Run(t, rules.All(), "auto-reply-eta", "../testdata/auto-reply-eta")
}
