package lint

import (
	"fmt"
	"reflect"
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
		b, err := toml.Marshal(map[string]any{key: val})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		_, value, _ := strings.Cut(strings.TrimSpace(string(b)), " = ")
		out = append(out, OptionDoc{Key: key, Value: value, Doc: f.Tag.Get("doc")})
	}
	return out, nil
}

// ConfigDocs lists the top-level keys of presend.toml, with c's channel,
// lang, fail-on, min-score, placeholder-width and placeholders (the other
// keys empty): what `presend init` writes before the channels and rules.
func ConfigDocs(c Config) ([]OptionDoc, error) {
	return OptionDocs(topLevel{Channel: c.Channel, Lang: c.Lang, FailOn: c.FailOn.String(), MinScore: c.MinScore,
		PlaceholderWidth: c.PlaceholderWidth, Placeholders: c.Placeholders})
}
