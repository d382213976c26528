package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMarketingMessage(t *testing.T) {
	linttest.Run(t, rules.All(), "marketing-message", "../testdata/marketing-message")
}
