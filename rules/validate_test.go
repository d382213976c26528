package rules_test

import (
	"reflect"
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

// TestCompilersImplementTheInterface: an options type with a Compile
// method of another signature (an old one) would silently not be compiled
// or validated by lint.New.
func TestCompilersImplementTheInterface(t *testing.T) {
	for _, r := range rules.All() {
		if r.Options == nil {
			continue
		}
		opts := r.Options()
		if _, has := reflect.TypeOf(opts).MethodByName("Compile"); has {
			if _, ok := opts.(lint.Compiler); !ok {
				t.Errorf("%s: %T has a Compile method that does not implement lint.Compiler", r.Name, opts)
			}
		}
	}
}
