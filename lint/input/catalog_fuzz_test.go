package input

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/internal/costtest"
	"github.com/presend/presend/lint"
)

// catalogBound is what reading a catalog may allocate: a constant, and a
// constant per byte of the file. A message costs about 3 KB (the message,
// its source map, its ICU expansion) and takes 4 bytes at least ("a: b");
// through YAML aliases a file reaches at most 4096 nodes, and 2 more per
// byte (aliasBounds).
var catalogBound = costtest.Bound{BaseBytes: 16 << 20, BytesPerByte: 8 << 10, BaseAllocs: 1 << 16, AllocsPerByte: 64}

// fuzzCatalog reads data in format and checks what comes back: no panic,
// allocations within catalogBound, positions inside the file, and never
// going back as the offset grows.
func fuzzCatalog(t *testing.T, format string, data []byte) {
	var msgs []lint.Message
	var err error
	costtest.Check(t, catalogBound, len(data), func() {
		msgs, err = Read(bytes.NewReader(data), "f", format)
	})
	if err != nil {
		return
	}
	lines := 1 + bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'})
	for _, m := range msgs {
		var last lint.Position
		for off := 0; off <= len(m.Text); off++ {
			if off < len(m.Text) && !utf8.RuneStart(m.Text[off]) {
				continue
			}
			p := m.Map.Position(off)
			if p.Line < 1 || p.Line > lines || p.Column < 1 {
				t.Fatalf("%q: offset %d of %q maps to %v", m.ID, off, m.Text, p)
			}
			if p.Line < last.Line || p.Line == last.Line && p.Column < last.Column {
				t.Fatalf("%q: offset %d of %q maps to %v, before %v", m.ID, off, m.Text, p, last)
			}
			last = p
		}
	}
}

func FuzzProperties(f *testing.F) {
	for _, s := range []string{
		"a=b\n", "a = b\\\n   c\n", "# c\n! d\nk: v\n", "k\\=x=\\u00e9\\uD83D\\uDE00\n", "k=\\", "k=a\\\r\n b\r",
		"k v\\\n\\\n w", "\xe9t\xe9=caf\xe9\n", "k=\\\xc3\xa9",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCatalog(t, FormatProperties, data) })
}

func FuzzPO(f *testing.F) {
	for _, s := range []string{
		"msgid \"a\"\nmsgstr \"b\"\n", "msgid \"a\"\nmsgstr \"\"\n\"x\\n\"\n\"y\\t\\101\\x41\"\n",
		"msgctxt \"c\"\nmsgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"bs\"\n",
		"msgid \"\"\nmsgstr \"Language: fr\\n\"\n", "#~ msgid \"x\"\n", "msgid \"a\r\nmsgstr \"b\"\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCatalog(t, FormatPO, data) })
}

// FuzzYAML: the seeds in testdata/fuzz/FuzzYAML include alias bombs (nine
// aliases of the list above, seven levels of integers and six of strings)
// that cost the old reader 4.8 million and 530,000 nodes: hundreds of MB
// from 300 bytes.
func FuzzYAML(f *testing.F) {
	for _, s := range []string{
		"a: b\n", "a: |\n  x\n   y\n\n  z\n", "a: >-\n  x\n  y\n\n  z\n", "a: \"x\\n\\u00e9 \\\n  y\"\n",
		"a: 'it''s\n  folded'\n", "a:\n  - x\n  - y\n", "a: &x\n  b: c\nd:\n  <<: *x\n",
		"a: '{n, plural, one {''{''#''}'' x} other {l''''été #}}'\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCatalog(t, FormatYAML, data) })
}

func FuzzTOML(f *testing.F) {
	for _, s := range []string{
		"a = \"b\"\n", "a = \"\"\"\nx \\\n  y\"\"\"\n", "[t]\na = 'x'\n[[u]]\nb = [\"c\", {d = \"e\"}]\n",
		"a = \"\\u00e9\\n\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCatalog(t, FormatTOML, data) })
}

// FuzzICU expands text as a catalog string: no panic, at most maxVariants
// variants, and each code point of a variant mapped to where it is written
// (see checkVariantPositions), through the apostrophe quoting.
func FuzzICU(f *testing.F) {
	for _, s := range []string{
		"{n, plural, one {# item} other {# items}} left", "{n, plural, offset:1 =0 {nobody} other {you and # others}}",
		"{g, select, female {{n, plural, one {She has # cat} other {She has # cats}}} other {They have '{'#'}'}}",
		"Don''t miss {n, plural, one {# item''s deal} other {'#'# '{'items'}'}}", "{g, select, a {x '}' y} other {z}}",
		"{n, plural, other {'{it''s #1}' #}}", "{n, plural, one {l'été, # jour} other {don't wait # days}}",
		"{n, plural, one {{d, date, 'at' HH} #} other {{{#tag}}'' #}}", "{n, plural, one {x'} other {y}}",
		"'{n, plural, one {x} other {y}}'{n, plural, one {# z} other {''}}", "{{#items}}{{name}}{{/items}}",
		"Line 1\nl'été {n, plural, one {'{'#'}'\nnext} other {''#''}} end''",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) { // catalog readers only give valid UTF-8
			return
		}
		vs := expandICU(lint.Message{ID: "k", Text: text, Map: lint.LineMap(text, 1)})
		if len(vs) > maxVariants {
			t.Fatalf("%q: %d variants", text, len(vs))
		}
		for _, v := range vs {
			last := 0
			for _, l := range v.Literal {
				if l.Start < last || l.End <= l.Start || l.End > len(v.Text) || !utf8.ValidString(v.Text[l.Start:l.End]) {
					t.Fatalf("%q: variant %q: literal span %v out of order or bounds", text, v.Text, l)
				}
				last = l.End
			}
		}
		checkVariantPositions(t, text)
	})
}
