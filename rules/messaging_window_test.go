package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMessagingWindow(t *testing.T) {
	linttest.Run(t, rules.All(), "messaging-window", "../testdata/messaging-window")
}
