package text_test

import (
	"context"
	"fmt"
	"go/format"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/lint/linttest/golden"
	"github.com/presend/presend/lint/text"
	"github.com/presend/presend/rules"
)

const builtinStemsFile = "builtin_stems.go"

// TestBuiltinStems checks that builtin_stems.go holds exactly the words the
// built-in lists have a Linter stem (every rule on, on every channel) and
// their stems. With -update (go generate ./lint/text) it rewrites the file:
// after a word list changes, this test fails until the file is
// regenerated, so the table cannot rot.
func TestBuiltinStems(t *testing.T) {
	listed := listedStems(t)
	src := renderBuiltinStems(t, listed)
	if *golden.Update {
		if err := os.WriteFile(builtinStemsFile, src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(builtinStemsFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(old) == string(src) {
		return
	}
	table := text.BuiltinStems()
	for _, lang := range []string{"en", "fr"} {
		for _, w := range slices.Sorted(maps.Keys(listed[lang])) {
			if st, ok := table[lang][w]; !ok || st != listed[lang][w] {
				t.Errorf("%s: the lists stem %q (to %q); the table has %q, %v", lang, w, listed[lang][w], st, ok)
			}
		}
		for _, w := range slices.Sorted(maps.Keys(table[lang])) {
			if _, ok := listed[lang][w]; !ok {
				t.Errorf("%s: the table has %q, which no list stems", lang, w)
			}
		}
	}
	t.Errorf("%s is stale: run go generate ./lint/text/ and commit it", builtinStemsFile)
}

// TestBuiltinStemsAreSnowball checks every stem of the table against
// snowball's own (the stemmer upgraded, the table must be regenerated).
func TestBuiltinStemsAreSnowball(t *testing.T) {
	table := text.BuiltinStems()
	if len(table["en"]) < 100 || len(table["fr"]) < 100 {
		t.Fatalf("the table has %d English and %d French words: not the built-in lists", len(table["en"]), len(table["fr"]))
	}
	if n := max(len(table["en"]), len(table["fr"])); n >= 1<<16-1 {
		t.Fatalf("a table has %d words: its index holds positions in 16 bits", n)
	}
	for w, st := range table["en"] {
		if want := english.Stem(w, true); st != want {
			t.Errorf("en %q: table %q, snowball %q", w, st, want)
		}
	}
	for w, st := range table["fr"] {
		if want := french.Stem(w, true); st != want {
			t.Errorf("fr %q: table %q, snowball %q", w, st, want)
		}
	}
}

// TestStemReadsTable checks that a listed word's stem is read from the table
// (no allocation, where snowball allocates its runes) and that a word out of
// the table is still stemmed by snowball.
func TestStemReadsTable(t *testing.T) {
	table := text.BuiltinStems()
	for _, lang := range []string{"en", "fr"} {
		w := slices.Sorted(maps.Keys(table[lang]))[len(table[lang])/2]
		var got string
		if n := testing.AllocsPerRun(20, func() { got = text.Stem(lang, w) }); n != 0 || got != table[lang][w] {
			t.Errorf("Stem(%s, %q) = %q with %v allocations, want %q from the table", lang, w, got, n, table[lang][w])
		}
	}
	for _, c := range []struct{ lang, word, want string }{
		{"en", "zzxquestioningly", english.Stem("zzxquestioningly", true)},
		{"fr", "zzxréclamations", french.Stem("zzxréclamations", true)},
		{"en", "", ""},
	} {
		if got := text.Stem(c.lang, c.word); got != c.want {
			t.Errorf("Stem(%s, %q) = %q, want %q", c.lang, c.word, got, c.want)
		}
	}
}

// listedStems builds Linters with every rule on, one per channel, and
// returns the words their lists had stemmed, per language.
func listedStems(t *testing.T) map[string]map[string]string {
	t.Helper()
	all := append(rules.All(), nil)
	out := map[string]map[string]string{"en": {}, "fr": {}}
	for _, ch := range channel.Names() {
		var st *text.Stemmer
		all[len(all)-1] = &lint.Rule{Name: "zz-stems", Category: lint.Shape, Severity: lint.Info, Run: func(*lint.Pass) {},
			Options: func() any { return &stemsCapture{got: &st} }}
		cfg := linttest.Config()
		cfg.Channel = ch
		cfg.Rules = map[string]lint.RuleConfig{}
		on := true
		for _, r := range all {
			cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &on}
		}
		l, err := lint.New(cfg, all)
		if err != nil {
			t.Fatal(err)
		}
		// Some lists compile on the first message in their language, the
		// words worth disguising on the first disguised word: one message
		// per language, with one, compiles them all. message-tag's compile
		// on the first Messenger message sent with a tag (its recurring
		// list for a tag that allows no recurring content, one retired
		// since), auto-reply-eta's on the first automatic reply.
		for _, m := range [...]lint.Message{
			{Text: "Cl1ck h3re to cla1m your fr33 prize", Lang: "en"},
			{Text: "Cl1quez ici pour réclamer votre cad3au", Lang: "fr"},
			{Text: "Thanks, we will answer soon", Lang: "en", AutoReply: true,
				MessagingType: "MESSAGE_TAG", Tag: "ACCOUNT_UPDATE", SentAt: time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)},
		} {
			l.Check(context.Background(), m)
		}
		if st == nil {
			t.Fatal("the Linter's Stemmer was not captured")
		}
		for lang, m := range st.ListedStems() {
			maps.Copy(out[lang], m)
		}
	}
	return out
}

// stemsCapture is a rule's options that keep the Linter's Stemmer.
type stemsCapture struct{ got **text.Stemmer }

func (o *stemsCapture) Compile(env lint.CompileEnv) (any, error) {
	*o.got = env.Stems
	return nil, nil
}

// renderBuiltinStems writes builtin_stems.go: per language, the words
// sorted and concatenated, their stems, and the end offset of each.
func renderBuiltinStems(t *testing.T, listed map[string]map[string]string) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`// Code generated by TestBuiltinStems (go generate ./lint/text); DO NOT EDIT.

package text

// builtinStems are the snowball stems of the words of the built-in lists,
// English then French: the words every Linter stems while its lists
// compile. Words a configuration adds are stemmed by snowball.
var builtinStems = [2]stemTable{
`)
	for _, lang := range []string{"en", "fr"} {
		words := slices.Sorted(maps.Keys(listed[lang]))
		stems := make([]string, len(words))
		for i, w := range words {
			stems[i] = listed[lang][w]
		}
		fmt.Fprintf(&b, "\t{ // %s: %d words\n", lang, len(words))
		writeStrings(&b, "words", "wordEnds", words)
		writeStrings(&b, "stems", "stemEnds", stems)
		b.WriteString("\t},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// writeStrings writes the field name (the strings concatenated, in lines
// of about 100 bytes) and the field ends (the end offset of each).
func writeStrings(b *strings.Builder, name, ends string, list []string) {
	fmt.Fprintf(b, "%s: \"\"", name)
	line := 0
	for _, s := range list {
		q := fmt.Sprintf("%q", s)
		if line == 0 || line+len(q) > 100 {
			b.WriteString(" +\n")
			line = 0
		} else {
			b.WriteString(" + ")
		}
		b.WriteString(q)
		line += len(q) + 3
	}
	fmt.Fprintf(b, ",\n%s: []uint32{", ends)
	end := 0
	for i, s := range list {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		end += len(s)
		fmt.Fprintf(b, "%d, ", end)
	}
	b.WriteString("\n},\n")
}
