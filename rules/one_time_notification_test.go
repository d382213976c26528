package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenOneTimeNotification(t *testing.T) {
	linttest.Run(t, rules.All(), "one-time-notification", "../testdata/one-time-notification")
}
