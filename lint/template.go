package lint

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/presend/presend/lint/channel"
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

// smsOnly are the profile keys that mean something only on SMS channels.
var smsOnly = map[string]bool{"hard-parts": true, "soft-parts": true}

// WriteTemplate writes a presend.toml that sets every key to its built-in
// default, each with the comment from its `doc` tag, generated from the
// rules' registry. ParseConfig reads it back as DefaultConfig.
func WriteTemplate(w io.Writer, rules []*Rule) error {
	var b bytes.Buffer
	b.WriteString("# presend.toml: presend's configuration, written by `presend init`.\n")
	b.WriteString("# Every key below is set to its built-in default; delete what you do not change.\n")
	b.WriteString("# presend looks for this file from each linted file's folder upwards; --config wins.\n\n")
	d := DefaultConfig()
	top := topLevel{Channel: d.Channel, Lang: d.Lang, FailOn: d.FailOn.String(), MinScore: d.MinScore, PlaceholderWidth: d.PlaceholderWidth}
	if err := writeOptions(&b, top, nil); err != nil {
		return err
	}
	defs := channel.Defaults()
	for _, name := range channel.Names() {
		p := defs[name]
		fmt.Fprintf(&b, "\n[channels.%s]\n", name)
		if err := writeOptions(&b, p, func(key string) bool { return !p.SMS && smsOnly[key] }); err != nil {
			return err
		}
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n# %s (%s): %s\n[rules.%s]\n", r.Name, r.Category, r.Doc.Title, r.Name)
		if r.Off {
			b.WriteString("# off by default: turn the rule on with true\nenabled = false\n")
		} else {
			b.WriteString("# turn the rule off with false\nenabled = true\n")
		}
		fmt.Fprintf(&b, "# info, warning or error; unset keeps the rule's own severities (default %s)\n# severity = %q\n", r.Severity, r.Severity.String())
		if r.Options != nil {
			if err := writeOptions(&b, r.Options(), nil); err != nil {
				return err
			}
		}
	}
	b.WriteString(filesTemplate)
	b.WriteString(phrasesTemplate)
	_, err := w.Write(b.Bytes())
	return err
}

// filesTemplate is the commented example of [[files]] that `presend init`
// writes.
const filesTemplate = `
# Which messages of which catalogs to lint, and as what: one [[files]] table
# each. paths are ** globs relative to this file; keys and exclude-keys are
# globs on message keys (* within one dotted part, ** across parts); channel
# and lang apply to the messages selected. A catalog no table matches is
# linted whole.
# [[files]]
# paths = ["config/locales/**/*.yml"]
# keys = ["*.notifications.**"]
# exclude-keys = ["*.notifications.**.title"]
# channel = "sms"
# lang = "fr"
# suppress = { "*.notifications.otp" = ["main-point-early"] }
`

// phrasesTemplate is the commented example of [[phrases]] that `presend
// init` writes after the rules.
const phrasesTemplate = `
# Your own phrase rules: one [[phrases]] table each. Findings carry the rule's
# name (kebab-case, unlike any built-in rule). avoid flags phrases, matched on
# stems so inflections count ("offres" for "offre"); replace flags a phrase
# and offers the preferred wording as a fix. lang is en, fr, or "" (the
# default) for both; severity is info, warning (the default) or error;
# message, optional, is added to every finding.
# [[phrases]]
# name = "brand-wording"
# lang = "fr"
# severity = "warning"
# message = "suivez le guide de rédaction"
# avoid = ["cliquez ici", "n'hésitez pas"]
# replace = { "e-mail" = "courriel", "newsletter" = "lettre d'information" }
`

// writeOptions writes "# doc\nkey = value" for each documented key of v
// that skip (when not nil) does not leave out.
func writeOptions(b *bytes.Buffer, v any, skip func(key string) bool) error {
	docs, err := OptionDocs(v)
	if err != nil {
		return err
	}
	for _, d := range docs {
		if skip != nil && skip(d.Key) {
			continue
		}
		if d.Doc != "" {
			fmt.Fprintf(b, "# %s\n", d.Doc)
		}
		fmt.Fprintf(b, "%s = %s\n", d.Key, d.Value)
	}
	return nil
}
