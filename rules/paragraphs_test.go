package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenParagraphs(t *testing.T) {
	linttest.Run(t, rules.All(), "paragraphs", "../testdata/paragraphs")
}
