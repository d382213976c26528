package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestTypographyFR(t *testing.T) {
	linttest.RunLangs(t, rules.All(), "typography-fr", "../testdata/typography-fr", "fr")
}
