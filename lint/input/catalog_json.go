package input

import (
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// readJSONCatalog reads a JSON catalog (i18next, react-intl, vue-i18n,
// Chrome-style and plain nested files alike): every string leaf is a
// message; nested objects give dotted keys, arrays [i]. A top level that is
// a single locale key over an object ({"fr": {...}}) gives the language.
// Duplicate keys are an error, as in Send API bodies. The Map of each
// message is the JSON string literal's own (jsonMap): exact through escapes.
//
// The top level must be an object: a catalog is keyed.
func readJSONCatalog(data []byte, name string) ([]lint.Message, error) {
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data, name) // a Latin-1 catalog, say: not read as U+FFFD
	}
	r := &lineReader{data: data, name: name}
	start, end := trimSpace(data)
	if start >= end || data[start] != '{' {
		what := "nothing"
		if start < end {
			what = kind(data[start])
		}
		return nil, r.errorAt(start, "a JSON catalog must be an object of keys and messages, got %s", what)
	}
	top, err := r.members(start, end)
	if err != nil {
		return nil, err
	}
	lang := ""
	if len(top) == 1 && data[top[0].start] == '{' {
		lang = localeLang(top[0].name)
	}
	var msgs []lint.Message
	var walk func(key string, v member, depth int) error
	walk = func(key string, v member, depth int) error {
		if depth > maxNesting {
			return r.errorAt(v.start, "catalog nested over %d levels", maxNesting)
		}
		if len(key) > maxKeyBytes {
			return r.errorAt(v.start, "%s", keyTooLong(key))
		}
		switch data[v.start] {
		case '"':
			jm, err := r.literal(v)
			if err != nil {
				return err
			}
			if jm.text == "" {
				return nil
			}
			msgs = append(msgs, lint.Message{ID: key, Source: name, Lang: lang, Text: jm.text, Map: &jm})
		case '{':
			ms, err := r.members(v.start, v.end)
			if err != nil {
				return err
			}
			for _, f := range ms {
				if err := walk(keyJoin(key, f.name), f, depth+1); err != nil {
					return err
				}
			}
		case '[':
			for i, e := range arrayElements(data, v.start, v.end) {
				k := keyIndex(key, i)
				if err := walk(k, member{name: k, start: e[0], end: e[1]}, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, f := range top {
		if err := walk(f.name, f, 1); err != nil {
			return nil, err
		}
	}
	return msgs, nil
}

// maxNesting bounds how deep catalog keys nest.
const maxNesting = 100
