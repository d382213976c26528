package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestDuplicateSend(t *testing.T) {
	linttest.Run(t, rules.All(), "duplicate-send", "../testdata/duplicate-send")
}
