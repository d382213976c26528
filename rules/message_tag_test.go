package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMessageTag(t *testing.T) {
	linttest.Run(t, rules.All(), "message-tag", "../testdata/message-tag")
}
