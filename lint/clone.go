package lint

import (
	"maps"
	"reflect"
	"slices"
)

// cloneOptions returns a deep copy of a rule's options: the Linter keeps its
// own, so that a caller who changes the options it passed after New (or
// builds another Linter from them) changes nothing in this one. Options are
// what TOML decodes into: structs, pointers, slices, maps and plain values.
func cloneOptions(v any) any {
	if v == nil {
		return nil
	}
	return deepCopy(reflect.ValueOf(v)).Interface()
}

func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // unexported fields as they are: options hold none the user sets
		for i := range v.NumField() {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(deepCopy(it.Key()), deepCopy(it.Value()))
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	}
	return v
}

// clone returns a copy of the configuration that shares no map or slice
// with c: the Linter reads its own. Rule options are copied by New, which
// decodes them.
func (c Config) clone() Config {
	c.Placeholders = slices.Clone(c.Placeholders)
	c.Exclude = slices.Clone(c.Exclude)
	c.Serve = slices.Clone(c.Serve)
	c.Channels = maps.Clone(c.Channels) // profiles are plain values
	c.Files = deepCopy(reflect.ValueOf(c.Files)).Interface().([]FileRule)
	c.Phrases = deepCopy(reflect.ValueOf(c.Phrases)).Interface().([]PhraseRule)
	if c.Rules != nil {
		rules := make(map[string]RuleConfig, len(c.Rules))
		for name, rc := range c.Rules {
			if rc.Enabled != nil {
				on := *rc.Enabled
				rc.Enabled = &on
			}
			rc.Options = cloneOptions(rc.Options)
			rules[name] = rc
		}
		c.Rules = rules
	}
	if c.channelKeys != nil {
		keys := make(map[string]map[string]bool, len(c.channelKeys))
		for name, k := range c.channelKeys {
			keys[name] = maps.Clone(k)
		}
		c.channelKeys = keys
	}
	return c
}
