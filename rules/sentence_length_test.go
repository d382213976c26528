package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenSentenceLength(t *testing.T) {
	linttest.Run(t, rules.All(), "sentence-length", "../testdata/sentence-length")
}
