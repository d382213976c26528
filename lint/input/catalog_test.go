package input

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

var updateCatalogs = flag.Bool("update-catalogs", false, "rewrite testdata/catalogs/*.golden")

// TestCatalogGoldens reads each catalog of testdata/catalogs and compares
// every message (ID, language, text, and the position of every code point
// of the text and of its end) with NAME.golden. It also checks each
// position against the file itself: see checkAgainstSource.
func TestCatalogGoldens(t *testing.T) {
	files := []string{
		"testdata/catalogs/messages-fr.json",
		"testdata/catalogs/fr.yml",
		"testdata/catalogs/messages_fr.properties",
		"testdata/catalogs/app.fr.po",
		"testdata/catalogs/fr/messages.toml",
		"testdata/catalogs/icu-en.json",
		"testdata/catalogs/icu-fr.yml",
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			msgs, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, m := range msgs {
				if m.Source != path {
					t.Errorf("%s: Source = %q", m.ID, m.Source)
				}
				fmt.Fprintf(&b, "== %s [%s]\n%s\n", m.ID, m.Lang, strconv.Quote(m.Text))
				b.WriteString(positions(m))
				checkAgainstSource(t, data, m)
			}
			golden := strings.TrimSuffix(path, filepath.Ext(path)) + filepath.Ext(path) + ".golden"
			if *updateCatalogs {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("%s differs (go test -run TestCatalogGoldens -update-catalogs):\n%s", golden, diffLines(got, string(want)))
			}
		})
	}
}

// positions lists, one line per source line, the offsets of the text that
// map to it: "3: 0@5 1@6 ..." (offset@column), and the end of the text.
func positions(m lint.Message) string {
	var b strings.Builder
	line := -1
	for off := 0; off <= len(m.Text); {
		p := m.Map.Position(off)
		if p.Line != line {
			if line >= 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "  %d:", p.Line)
			line = p.Line
		}
		if off == len(m.Text) {
			fmt.Fprintf(&b, " end@%d", p.Column)
			break
		}
		fmt.Fprintf(&b, " %d@%d", off, p.Column)
		_, size := utf8.DecodeRuneInString(m.Text[off:])
		off += size
	}
	b.WriteByte('\n')
	return b.String()
}

// checkAgainstSource checks that each code point of the text maps to a spot of
// the file that holds the same character, or an escape sequence (a
// backslash: \n, \u00e9, \" ...), or, for a line break or a space folded
// from one, the end of a line or blanks before it; or, for the number of an
// ICU plural branch, "#". Positions never go back as the offset grows,
// outside ICU variants (whose text around the branch comes from elsewhere).
func checkAgainstSource(t *testing.T, data []byte, m lint.Message) {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	var last lint.Position
	icu := strings.Contains(m.ID, "#")
	for off, r := range m.Text {
		p := m.Map.Position(off)
		if !icu && (p.Line < last.Line || p.Line == last.Line && p.Column < last.Column) {
			t.Errorf("%s: offset %d maps to %d:%d, before %d:%d", m.ID, off, p.Line, p.Column, last.Line, last.Column)
		}
		last = p
		if p.Line < 1 || p.Line > len(lines) {
			t.Errorf("%s: offset %d maps to line %d", m.ID, off, p.Line)
			continue
		}
		rs := []rune(strings.TrimSuffix(lines[p.Line-1], "\r"))
		at := '\n' // past the end of the line
		if p.Column-1 < len(rs) {
			at = rs[p.Column-1]
		}
		switch {
		case at == r, at == '\\':
		case (r == '\n' || r == ' ') && (at == '\n' || at == ' '):
		case r == '\'' && at == '\'':
		case icu && at == '#':
		default:
			t.Errorf("%s: offset %d (%q) maps to %d:%d, which holds %q", m.ID, off, r, p.Line, p.Column, at)
		}
	}
}

// diffLines shows the first lines that differ.
func diffLines(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, a, b)
		}
	}
	return ""
}

func TestCatalogErrors(t *testing.T) {
	tests := []struct{ name, format, in, want string }{
		{"yaml syntax", FormatYAML, "fr:\n  a: b\n c: d\n", "x:2: invalid YAML: did not find expected key"},
		{"yaml not a mapping", FormatYAML, "- a\n- b\n", "x:1:1: a YAML catalog must be a mapping of keys and messages"},
		{"yaml invalid utf-8", FormatYAML, "a: \xff\n", "x:1:4: invalid UTF-8 (byte 0xff)"},
		{"toml duplicate", FormatTOML, "a = \"x\"\na = \"y\"\n", "x:2:1: invalid TOML:"},
		{"toml syntax", FormatTOML, "a = \"x\nb = 1\n", "x:1:"},
		{"properties bad \\u", FormatProperties, "a=ok\nb = x\\u12g4\n", `x:2:6: malformed \uXXXX escape: want 4 hex digits`},
		{"po unterminated", FormatPO, "msgid \"a\"\nmsgstr \"b\n", "x:2:8: unterminated string (opened at column 8)"},
		{"po unknown keyword", FormatPO, "msgid \"a\"\nmsgstring \"b\"\n", `x:2:1: unknown keyword "msgstring" (want msgctxt, msgid, msgid_plural or msgstr)`},
		{"po msgstr first", FormatPO, "msgstr \"b\"\n", "x:1:1: msgstr without a msgid"},
		{"po orphan string", FormatPO, "\"b\"\n", "x:1:1: string without a keyword before it"},
		{"po text after", FormatPO, "msgid \"a\" x\n", "x:1:11: unexpected text after string"},
		{"po bad escape", FormatPO, "msgid \"a\"\nmsgstr \"\\z\"\n", "x:2:9: invalid escape in string"},
		{"po msgid_plural after msgstr", FormatPO, "msgid \"a\"\nmsgstr[0] \"b\"\nmsgid_plural \"as\"\nmsgstr[1] \"bs\"\n",
			"x:3:1: msgid_plural after msgstr: it belongs right after its msgid"},
		{"po msgid_plural after plain msgstr", FormatPO, "msgid \"a\"\nmsgstr \"b\"\n  msgid_plural \"as\"\n",
			"x:3:3: msgid_plural after msgstr: it belongs right after its msgid"},
		{"pot msgid_plural after msgstr", FormatPOT, "msgid \"a\"\nmsgstr[0] \"\"\nmsgid_plural \"as\"\n",
			"x:3:1: msgid_plural after msgstr: it belongs right after its msgid"},
		{"po second msgid_plural", FormatPO, "msgid \"a\"\nmsgid_plural \"as\"\nmsgid_plural \"az\"\nmsgstr[0] \"b\"\n",
			"x:3:1: second msgid_plural in one entry"},
		{"po second msgstr", FormatPO, "msgid \"a\"\nmsgstr \"b\"\nmsgstr \"c\"\n",
			"x:3:1: second msgstr in one entry: a msgid has one translation"},
		{"po msgstr[n] twice", FormatPO, "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr[1] \"c\"\nmsgstr[0] \"d\"\n",
			"x:5:1: msgstr[0] given twice in one entry"},
		{"po msgstr[n] without msgid_plural", FormatPO, "msgid \"a\"\nmsgstr[0] \"b\"\n",
			"x:2:1: msgstr[0] without a msgid_plural: plural forms need one right after the msgid"},
		{"po msgstr[n] without msgid_plural, then an entry", FormatPO, "msgid \"a\"\nmsgstr \"\"\nmsgstr[1] \"b\"\n\nmsgid \"c\"\nmsgstr \"d\"\n",
			"x:3:1: msgstr[1] without a msgid_plural: plural forms need one right after the msgid"},
		{"po msgstr in a plural entry", FormatPO, "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr \"b\"\n",
			"x:3:1: plain msgstr in an entry with a msgid_plural: want msgstr[0], msgstr[1]..."},
		{"po msgstr after msgstr[n]", FormatPO, "msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"b\"\nmsgstr \"c\"\n",
			"x:4:1: plain msgstr in an entry with a msgid_plural: want msgstr[0], msgstr[1]..."},
		{"json array", FormatCatalogJSON, "[\"a\"]", "x:1:1: a JSON catalog must be an object of keys and messages, got array"},
		{"json duplicate", FormatJSON, "{\"a\": \"x\",\n \"a\": \"y\"}", `x:2:2: duplicate field "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := Read(strings.NewReader(tt.in), "x", tt.format)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant %s...", err, tt.want)
			}
			if msgs != nil {
				t.Errorf("messages with the error: %+v", msgs)
			}
		})
	}
}

func TestLangFromPath(t *testing.T) {
	tests := map[string]string{
		"fr.yml": "fr", "config/locales/en.yml": "en", "messages_fr.properties": "fr",
		"messages-fr_FR.json": "fr", "messages_pt_BR.properties": "pt", "app.fr.po": "fr",
		"fr/LC_MESSAGES/app.po": "fr", "locales/fr-CA/common.json": "fr", "de.yml": "de",
		"messages.properties": "", "notifications.json": "", "app/config.yml": "", "fr-XX.yml": "fr",
		"login-ui.json": "", "fr-fr.yml": "fr",
		// Two-letter folders outside a locale layout are not languages.
		"hr/emails/onboarding.json": "", "my/notifications.json": "", "ml/alerts.toml": "",
		"app/i18n/hr/emails.json": "hr", "web/translations/fr/common/welcome.json": "fr",
	}
	for path, want := range tests {
		if got := langFromPath(path); got != want {
			t.Errorf("langFromPath(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestCatalogLocaleRoot(t *testing.T) {
	for _, tt := range []struct{ format, in string }{
		{FormatYAML, "en:\n  hi: Hello there\n"},
		{FormatCatalogJSON, `{"en": {"hi": "Hello there"}}`},
		{FormatTOML, "[en]\nhi = \"Hello there\"\n"},
		{FormatPO, "msgid \"\"\nmsgstr \"Language: en_US\\n\"\n\nmsgid \"hi\"\nmsgstr \"Hello there\"\n"},
	} {
		msgs, err := Read(strings.NewReader(tt.in), "x", tt.format)
		if err != nil || len(msgs) != 1 || msgs[0].Lang != "en" || msgs[0].Text != "Hello there" {
			t.Errorf("%s: %+v, %v", tt.format, msgs, err)
		}
	}
}

// TestICU checks the branches of ICU arguments: nested ones, "#" in
// select branches inside a plural, apostrophe quoting, the limits, and text
// that only looks like ICU.
func TestICU(t *testing.T) {
	expand := func(text string) []string {
		var out []string
		for _, m := range expandICU(lint.Message{ID: "k", Text: text, Map: lint.LineMap(text, 1)}) {
			out = append(out, m.ID+"="+m.Text)
		}
		return out
	}
	tests := []struct {
		in   string
		want []string
	}{
		{"Hello {name}", []string{"k=Hello {name}"}},
		{"{n, plural, one {# item} other {# items}} left",
			[]string{"k#one={n} item left", "k#other={n} items left"}},
		{"{n, plural, offset:1 =0 {nobody} other {you and # others}}",
			[]string{"k#=0=nobody", "k#other=you and {n} others"}},
		{"{g, select, female {{n, plural, one {She has # cat} other {She has # cats}}} other {They have '{'#'}'}}",
			[]string{"k#female#one=She has {n} cat", "k#female#other=She has {n} cats", "k#other=They have {#}"}},
		{"{n, plural, one {{g, select, f {# fille} other {# enfant}}} other {#}}",
			[]string{"k#one#f={n} fille", "k#one#other={n} enfant", "k#other={n}"}},
		{"{{#items}}{{name}}{{/items}}", []string{"k={{#items}}{{name}}{{/items}}"}},
		{"{n, plural, one {unclosed}", []string{"k={n, plural, one {unclosed}"}},
		{"{n, number} points", []string{"k={n, number} points"}},
		// Quoting: two apostrophes are one, anywhere; quoted "#" is a "#";
		// the text around the argument is decoded too.
		{"Don''t miss {n, plural, one {# item''s deal} other {'#'# '{'items'}'}}",
			[]string{"k#one=Don't miss {n} item's deal", "k#other=Don't miss #{n} {items}"}},
		// A quoted brace is neither a branch's end nor an argument.
		{"{g, select, a {x '}' y} other {z}}", []string{"k#a=x } y", "k#other=z"}},
		{"{g, select, a {'{n, plural, one {x} other {y}}'} other {z}}",
			[]string{"k#a={n, plural, one {x} other {y}}", "k#other=z"}},
		// Inside quoted text, two apostrophes are one; the text may hold "#".
		{"{n, plural, other {'{it''s #1}' #}}", []string{"k#other={it's #1} {n}"}},
		// Any other apostrophe is itself: "'#" outside plural branches too.
		{"{n, plural, one {l'été, # jour} other {don't wait # days}}",
			[]string{"k#one=l'été, {n} jour", "k#other=don't wait {n} days"}},
		{"{g, select, a {it'# x} other {z}}", []string{"k#a=it'# x", "k#other=z"}},
		// An apostrophe at the end of a branch quotes its closing brace:
		// the argument never closes and the message stays whole.
		{"{n, plural, one {x'} other {y}}", []string{"k={n, plural, one {x'} other {y}}"}},
		// Simple arguments and templates keep their own quoting.
		{"{n, plural, one {{d, date, 'at' HH} #} other {{{#tag}}'' #}}",
			[]string{"k#one={d, date, 'at' HH} {n}", "k#other={{#tag}}' {n}"}},
		// A message without plural or select is not decoded.
		{"Don''t '{'x'}' {name}", []string{"k=Don''t '{'x'}' {name}"}},
	}
	for _, tt := range tests {
		got := expand(tt.in)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("expand(%q):\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	// Over the limits, the message stays whole.
	deep := "{a, select, x {{b, select, x {{c, select, x {{d, select, x {{e, select, x {deep} other {o}}} other {o}}} other {o}}} other {o}}} other {o}}"
	if got := expand(deep); len(got) != 1 {
		t.Errorf("deep: %d variants", len(got))
	}
	wide := strings.Repeat("{a, select, x {1} y {2} z {3} w {4}} ", 4)
	if got := expand(wide); len(got) != 1 {
		t.Errorf("wide: %d variants, want 1 (over %d)", len(got), maxVariants)
	}
	// Every code point of a variant maps to where it is written, the number
	// to its "#", the end to the closing brace of the last branch or to the
	// end of the text.
	for _, tt := range tests {
		checkVariantPositions(t, tt.in)
	}
	for _, in := range []string{
		"Don''t {n, plural, one {x} other {y}}'{'", "{n, plural, one {x} other {y}}''",
		"'{n, plural, one {x} other {y}}'{n, plural, one {# z} other {''}}",
		"Line 1\nl'été {n, plural, one {'{'#'}'\nnext} other {''#''}} end''",
	} {
		checkVariantPositions(t, in)
	}
	// Positions of a branch: "#" maps to itself, the text around to where
	// it is.
	text := "Vous avez {n, plural, one {# message} other {# messages}}."
	vs := expandICU(lint.Message{ID: "k", Text: text, Map: lint.LineMap(text, 1)})
	one := vs[0]
	for off, want := range map[int]int{0: 1, 10: 28, 12: 28, 13: 29, 14: 30, len(one.Text) - 1: 58} {
		if got := one.Map.Position(off); got != (lint.Position{Line: 1, Column: want}) {
			t.Errorf("%s: offset %d at %v, want column %d", one.Text, off, got, want)
		}
	}
}

// checkVariantPositions checks the variants of text, read as a catalog
// string of its own: each code point maps to the same character of text, an
// apostrophe to one of the pair it was written as, the number of a plural
// branch to "#"; positions never go back; the end maps to the end of the
// text or to a closing brace.
func checkVariantPositions(t *testing.T, text string) {
	t.Helper()
	ix := NewLineIndex([]byte(text), false)
	for _, v := range expandICU(lint.Message{ID: "k", Text: text, Map: lint.LineMap(text, 1)}) {
		var last lint.Position
		hashEnd := -1 // the end of a {n} the number is shown as
		for off := 0; off <= len(v.Text); off++ {
			if off < len(v.Text) && !utf8.RuneStart(v.Text[off]) {
				continue
			}
			p := v.Map.Position(off)
			if p.Line < last.Line || p.Line == last.Line && p.Column < last.Column {
				t.Errorf("%q %s: offset %d maps to %v, before %v", text, v.ID, off, p, last)
			}
			last = p
			at := ix.Offset(p.Line, p.Column)
			if off == len(v.Text) {
				if at != len(text) && text[at] != '}' {
					t.Errorf("%q %s: the end maps to %d (%q)", text, v.ID, at, text[at:])
				}
				break
			}
			r, _ := utf8.DecodeRuneInString(v.Text[off:])
			got, _ := utf8.DecodeRuneInString(text[at:])
			switch {
			case off < hashEnd && got == '#':
			case r == '{' && got == '#':
				hashEnd = off + strings.IndexByte(v.Text[off:], '}') + 1
			case r != got:
				t.Errorf("%q %s: offset %d (%q) maps to %d (%q)", text, v.ID, off, r, at, got)
			}
		}
	}
}

// TestReadPOT reads a gettext template: the msgids and msgid_plurals are the
// messages, mapped into the file; the empty msgstrs are not.
func TestReadPOT(t *testing.T) {
	src := "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\n" +
		"#: app.go:12\nmsgctxt \"sms\"\nmsgid \"\"\n\"Your order \"\n\"has shipped.\"\nmsgstr \"\"\n\n" +
		"msgid \"%d new message\"\nmsgid_plural \"%d new messages\"\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n"
	msgs, err := Read(strings.NewReader(src), "app.pot", FormatPOT)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		p := m.Map.Position(0)
		got = append(got, fmt.Sprintf("%s=%q@%d:%d", m.ID, m.Text, p.Line, p.Column))
	}
	want := []string{
		`sms|Your order has shipped.="Your order has shipped."@8:2`,
		`%d new message="%d new message"@12:8`,
		`%d new message[plural]="%d new messages"@13:15`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := formatOf("locale/app.pot"); err != nil {
		t.Errorf(".pot files are not read: %v", err)
	}
}

// TestTOMLCRLF checks positions in a multi-line TOML string of a file with
// CRLF line ends (a Windows checkout).
func TestTOMLCRLF(t *testing.T) {
	msgs, err := Read(strings.NewReader("d = \"\"\"\r\nVotre\r\ncomande\"\"\"\r\n"), "fr.toml", FormatTOML)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("%+v, %v", msgs, err)
	}
	m := msgs[0]
	off := strings.Index(m.Text, "comande")
	if p := m.Map.Position(off); p != (lint.Position{Line: 3, Column: 1}) {
		t.Errorf("comande at %v, want 3:1 (text %q)", p, m.Text)
	}
	if p := m.Map.Position(off + len("comande")); p != (lint.Position{Line: 3, Column: 8}) {
		t.Errorf("end at %v, want 3:8", p)
	}
}

// TestICULiteral checks the spans of quoted text a variant carries in
// Message.Literal: characters that lint/text never takes for a placeholder.
func TestICULiteral(t *testing.T) {
	tests := []struct {
		in   string
		want []string // per variant: ID, then its literal texts
	}{
		{"{n, plural, one {Code '{'SAVE10'}' : # jour} other {Code '{'SAVE10'}' : # jours}}",
			[]string{"k#one [{ }]", "k#other [{ }]"}},
		{"{g, select, a {'{name}' and {name}} other {z}}", []string{"k#a [{name}]", "k#other []"}},
		{"Don''t {n, plural, other {# x}}", []string{"k#other []"}}, // '' is no quoting
		{"{n, plural, other {'#'#}}", []string{"k#other [#]"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range expandICU(lint.Message{ID: "k", Text: tt.in, Map: lint.LineMap(tt.in, 1)}) {
			var lits []string
			for _, l := range m.Literal {
				lits = append(lits, m.Text[l.Start:l.End])
			}
			got = append(got, fmt.Sprintf("%s %v", m.ID, lits))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
