package rules_test

import (
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// TestValidate checks the metadata of every registered rule.
func TestValidate(t *testing.T) {
	if err := lint.Validate(rules.All()); err != nil {
		t.Fatal(err)
	}
}
