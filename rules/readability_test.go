package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestReadability(t *testing.T) {
	linttest.Run(t, rules.All(), "readability", "../testdata/readability")
}
