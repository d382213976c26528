package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenMainPointEarly(t *testing.T) {
	linttest.Run(t, rules.All(), "main-point-early", "../testdata/main-point-early")
}
