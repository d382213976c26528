package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestSendFrequency(t *testing.T) {
	linttest.Run(t, rules.All(), "send-frequency", "../testdata/send-frequency")
}
