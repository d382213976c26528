package lint

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// OptionDoc documents one key of an options struct: its TOML key, its value
// written in TOML, and the text of its `doc` tag.
type OptionDoc struct {
	Key, Value, Doc string
}

// OptionDocs lists the keys of a struct (or pointer to one) whose fields
// carry `toml` tags, with their current values. `presend init` and
// `presend explain` print them.
func OptionDocs(v any) ([]OptionDoc, error) {
	rv := reflect.Indirect(reflect.ValueOf(v))
	t := rv.Type()
	var out []OptionDoc
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("toml")
		if key == "" || key == "-" || !f.IsExported() {
			continue
		}
		val := rv.Field(i).Interface()
		if s, ok := val.([]string); ok && s == nil {
			val = []string{} // an empty array, not an absent key
		}
		value, err := tomlValue(key, val)
		if err != nil {
			return nil, err
		}
		out = append(out, OptionDoc{Key: key, Value: value, Doc: f.Tag.Get("doc")})
	}
	return out, nil
}

// tomlValue renders an option's value as TOML after "key = ": a map
// (windows by country, say) as an inline table, which a "key = " line can
// hold where go-toml would write a table of its own.
func tomlValue(key string, val any) (string, error) {
	rv := reflect.ValueOf(val)
	if rv.Kind() == reflect.Map {
		keys := rv.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			v, err := tomlValue(key, rv.MapIndex(k).Interface())
			if err != nil {
				return "", err
			}
			parts = append(parts, strconv.Quote(k.String())+" = "+v)
		}
		if len(parts) == 0 {
			return "{}", nil
		}
		return "{ " + strings.Join(parts, ", ") + " }", nil
	}
	b, err := toml.Marshal(map[string]any{key: val})
	if err != nil {
		return "", fmt.Errorf("%s: %w", key, err)
	}
	_, value, _ := strings.Cut(strings.TrimSpace(string(b)), " = ")
	return value, nil
}

// ConfigDocs lists the top-level keys of presend.toml, with c's channel,
// lang, fail-on, min-score, placeholder-width and placeholders (the other
// keys empty): what `presend init` writes before the channels and rules.
func ConfigDocs(c Config) ([]OptionDoc, error) {
	return OptionDocs(topLevel{Channel: c.Channel, Lang: c.Lang, FailOn: c.FailOn.String(), MinScore: c.MinScore,
		PlaceholderWidth: c.PlaceholderWidth, Placeholders: c.Placeholders})
}
