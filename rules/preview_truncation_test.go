package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenPreviewTruncation(t *testing.T) {
	linttest.Run(t, rules.All(), "preview-truncation", "../testdata/preview-truncation")
}
