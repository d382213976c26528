package main

import (
	"bytes"
	"fmt"
	"io"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
)

// smsOnly are the profile keys that mean something only on SMS channels.
var smsOnly = map[string]bool{"hard-parts": true, "soft-parts": true}

// WriteTemplate writes a presend.toml that sets every key to its built-in
// default, each with the comment from its `doc` tag, generated from the
// rules' registry. ParseConfig reads it back as DefaultConfig.
func writeTemplate(w io.Writer, rules []*lint.Rule) error {
	var b bytes.Buffer
	b.WriteString("# presend.toml: presend's configuration, written by `presend init`.\n")
	b.WriteString("# Every key below is set to its built-in default; delete what you do not change.\n")
	b.WriteString("# presend looks for this file from each linted file's folder upwards; --config wins.\n\n")
	top, err := lint.ConfigDocs(lint.DefaultConfig())
	if err != nil {
		return err
	}
	writeDocs(&b, top, nil)
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
	_, err = w.Write(b.Bytes())
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
	docs, err := lint.OptionDocs(v)
	if err != nil {
		return err
	}
	writeDocs(b, docs, skip)
	return nil
}

// writeDocs writes "# doc\nkey = value" for each of docs that skip (when
// not nil) does not leave out.
func writeDocs(b *bytes.Buffer, docs []lint.OptionDoc, skip func(key string) bool) {
	for _, d := range docs {
		if skip != nil && skip(d.Key) {
			continue
		}
		if d.Doc != "" {
			fmt.Fprintf(b, "# %s\n", d.Doc)
		}
		fmt.Fprintf(b, "%s = %s\n", d.Key, d.Value)
	}
}
