package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenQuickReplies(t *testing.T) {
	linttest.Run(t, rules.All(), "quick-replies", "../testdata/quick-replies")
}
