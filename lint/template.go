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
	if err := writeFields(&b, reflect.ValueOf(top)); err != nil {
		return err
	}
	defs := channel.Defaults()
	for _, name := range channel.Names() {
		fmt.Fprintf(&b, "\n[channels.%s]\n", name)
		p := defs[name]
		v := reflect.ValueOf(p)
		if !p.SMS {
			v = withoutSMSFields(p)
		}
		if err := writeFields(&b, v); err != nil {
			return err
		}
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n# %s (%s): %s\n[rules.%s]\n", r.Name, r.Category, r.Doc.Title, r.Name)
		b.WriteString("# turn the rule off with false\nenabled = true\n")
		fmt.Fprintf(&b, "# info, warning or error; unset keeps the rule's own severities (default %s)\n# severity = %q\n", r.Severity, r.Severity.String())
		if r.Options != nil {
			if err := writeFields(&b, reflect.ValueOf(r.Options()).Elem()); err != nil {
				return err
			}
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// withoutSMSFields is a non-SMS profile with the parts keys left out; its
// comments come from channel.Profile's doc tags.
func withoutSMSFields(p channel.Profile) reflect.Value {
	type profile struct {
		HardLimit    int  `toml:"hard-limit"`
		SoftLimit    int  `toml:"soft-limit"`
		PreviewWidth int  `toml:"preview-width"`
		Chat         bool `toml:"chat"`
	}
	return reflect.ValueOf(profile{p.HardLimit, p.SoftLimit, p.PreviewWidth, p.Chat})
}

// writeFields writes "# doc\nkey = value" for each tagged field of a struct.
func writeFields(b *bytes.Buffer, v reflect.Value) error {
	t := v.Type()
	full := reflect.TypeOf(channel.Profile{})
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("toml")
		if key == "" || key == "-" || !f.IsExported() {
			continue
		}
		doc := f.Tag.Get("doc")
		if doc == "" {
			if pf, ok := full.FieldByName(f.Name); ok {
				doc = pf.Tag.Get("doc")
			}
		}
		if doc != "" {
			fmt.Fprintf(b, "# %s\n", doc)
		}
		val := v.Field(i).Interface()
		if s, ok := val.([]string); ok && s == nil {
			val = []string{}
		}
		out, err := toml.Marshal(map[string]any{key: val})
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		b.WriteString(strings.TrimRight(string(out), "\n") + "\n")
	}
	return nil
}
