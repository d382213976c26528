package spell

import (
	"reflect"
	"testing"
)

// TestConditionElemsHoldNoPointer: a dictionary's tens of thousands of
// condition elements are nothing the garbage collector scans, and they
// still match as written: classes, negated classes, dots, characters of
// several bytes, an empty negated class.
func TestConditionElemsHoldNoPointer(t *testing.T) {
	var hasPointer func(reflect.Type) bool
	hasPointer = func(ty reflect.Type) bool {
		switch ty.Kind() {
		case reflect.Pointer, reflect.String, reflect.Slice, reflect.Map, reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
			return true
		case reflect.Struct:
			for i := range ty.NumField() {
				if hasPointer(ty.Field(i).Type) {
					return true
				}
			}
		case reflect.Array:
			return hasPointer(ty.Elem())
		}
		return false
	}
	if hasPointer(reflect.TypeFor[condElem]()) {
		t.Error("condElem holds a pointer")
	}
	for _, c := range []struct {
		cond, s      string
		prefix, suff bool
	}{
		{"[^aeiou]y", "try", false, true},
		{"[^aeiou]y", "play", false, false},
		{"é.[^s]", "étsa", false, false},
		{"é.[^s]", "était", true, false},
		{"[ée]", "été", true, true},
		{"[^]x", "ax", true, true},
		{".", "", true, true},
	} {
		cond, err := parseCondition(c.cond)
		if err != nil {
			t.Fatalf("%q: %v", c.cond, err)
		}
		if got := cond.matchPrefix(c.s); got != c.prefix {
			t.Errorf("%q at the start of %q: %v, want %v", c.cond, c.s, got, c.prefix)
		}
		if got := cond.matchSuffix(c.s); got != c.suff {
			t.Errorf("%q at the end of %q: %v, want %v", c.cond, c.s, got, c.suff)
		}
		if got := cond.matchSuffixBytes([]byte(c.s)); got != c.suff {
			t.Errorf("%q at the end of %q (bytes): %v, want %v", c.cond, c.s, got, c.suff)
		}
	}
}
