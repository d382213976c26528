package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenSpelling(t *testing.T) {
	linttest.Run(t, rules.All(), "spelling", "../testdata/spelling")
}

// spellingLinter builds a Linter with only spelling enabled and opts.
func spellingLinter(t *testing.T, opts *rules.SpellingOptions) *lint.Linter {
	t.Helper()
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{}
	off := false
	for _, r := range rules.All() {
		if r.Name != "spelling" {
			cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &off}
		}
	}
	cfg.Rules["spelling"] = lint.RuleConfig{Options: opts}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func spellFindings(t *testing.T, l *lint.Linter, lang, text string) []string {
	t.Helper()
	res := l.Check(context.Background(), lint.Message{Text: text, Lang: lang})
	var out []string
	for _, f := range res.Findings {
		if f.Rule == "spelling" {
			out = append(out, f.Message)
		}
	}
	return out
}

func TestSpellingVocab(t *testing.T) {
	dir := t.TempDir()
	words := filepath.Join(dir, "words.txt")
	if err := os.WriteFile(words, []byte("# product names\nzorblix\nKwikPay\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l := spellingLinter(t, &rules.SpellingOptions{Vocab: []string{"acmebox"}, WordsFile: words})
	for _, c := range []struct{ lang, text string }{
		{"en", "Acmebox ships today. Pay with KwikPay in the zorblix app."},
		{"fr", "Votre acmebox part aujourd'hui. Payez avec KwikPay dans l'appli zorblix."},
	} {
		if got := spellFindings(t, l, c.lang, c.text); len(got) != 0 {
			t.Errorf("%s: vocab words flagged: %q", c.lang, got)
		}
	}
	// Without the vocabulary the same words are unknown.
	bare := spellingLinter(t, &rules.SpellingOptions{})
	if got := spellFindings(t, bare, "en", "Zorblix ships today in the acmebox."); len(got) != 2 {
		t.Errorf("without vocab: got %q, want 2 findings", got)
	}
}

func TestSpellingBadDictionaries(t *testing.T) {
	empty := t.TempDir()
	dic := filepath.Join(empty, "xx.dic")
	if err := os.WriteFile(dic, []byte("1\nbonjour\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := lint.New(configWith(&rules.SpellingOptions{Dictionaries: []string{dic}}), rules.All())
	if err == nil || !strings.Contains(err.Error(), "cannot tell the language") {
		t.Errorf("unknown language of a .dic: err = %v", err)
	}
	_, err = lint.New(configWith(&rules.SpellingOptions{Dictionaries: []string{filepath.Join(empty, "nope.dic")}}), rules.All())
	if err == nil {
		t.Error("a missing dictionary file is not an error")
	}
}

func configWith(o *rules.SpellingOptions) lint.Config {
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{"spelling": {Options: o}}
	return cfg
}

// TestSpellingWordsFileFromConfig checks that a relative words-file is read
// from the folder of the presend.toml that names it, whatever the working
// directory.
func TestSpellingWordsFileFromConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "words.txt"), []byte("# brand names\nzorbaflex\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	toml := "[rules.spelling]\nwords-file = \"words.txt\"\n"
	if err := os.WriteFile(filepath.Join(dir, "presend.toml"), []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := lint.LoadConfig(filepath.Join(dir, "presend.toml"), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatalf("words-file relative to presend.toml: %v", err)
	}
	res := l.Check(context.Background(), lint.Message{Lang: "en", Text: "Your zorbaflex order has shipped today."})
	for _, f := range res.Findings {
		if f.Rule == "spelling" {
			t.Errorf("project word flagged: %s", f.Message)
		}
	}
}

// TestWarm: a Linter whose dictionaries load in the background while
// messages are checked (Linter.Warm) gives the findings of one that loads
// them on first use. Run under -race, it also checks the two can overlap.
func TestWarm(t *testing.T) {
	texts := []lint.Message{
		{Text: "Your apointment is confirmed for Tuesday.", Lang: "en"},
		{Text: "Votre rendez-vous est confirmé pour mardi, merci de votre patiance.", Lang: "fr"},
	}
	check := func(warm bool) []string {
		l, err := lint.New(linttest.Config(), rules.All())
		if err != nil {
			t.Fatal(err)
		}
		if warm {
			l.Warm()
		}
		var out []string
		var wg sync.WaitGroup
		res := make([]lint.Result, len(texts))
		for i := range texts {
			wg.Go(func() { res[i] = l.Check(context.Background(), texts[i]) })
		}
		wg.Wait()
		for _, r := range res {
			for _, f := range r.Findings {
				if f.Rule == "spelling" {
					out = append(out, f.Message)
				}
			}
		}
		return out
	}
	cold, warm := check(false), check(true)
	if !slices.Equal(cold, warm) {
		t.Errorf("warmed findings %q, cold %q", warm, cold)
	}
	if len(cold) != 0 && len(cold) != 2 {
		t.Errorf("spelling findings %q: want one per message, or none without dictionaries", cold)
	}
}

// A brand signing every message of a catalog draws warnings in the first
// brand-after - 1 messages, then one notice suggesting vocab; a message
// of another file starts again, and a lower-case typo is never taken for a
// brand.
func TestSpellingBrandInCatalog(t *testing.T) {
	l := spellingLinter(t, &rules.SpellingOptions{BrandAfter: 3})
	check := func(source, id, lang, text string) int {
		res := l.Check(context.Background(), lint.Message{Source: source, ID: id, Text: text, Lang: lang})
		n := 0
		for _, f := range res.Findings {
			if f.Rule == "spelling" {
				n++
			}
		}
		return n
	}
	var got []int
	for i, lang := range []string{"en", "fr", "en", "fr", "en"} {
		text := "Your parcel has shipped.\nZorvexa"
		if lang == "fr" {
			text = "Votre colis est parti.\nZorvexa"
		}
		got = append(got, check("shop.yml", string(rune('a'+i)), lang, text))
	}
	if want := []int{1, 1, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("findings per message: %v, want %v", got, want)
	}
	notes := strings.Join(l.Notices(), "\n")
	if strings.Count(notes, `"Zorvexa" is unknown in 3 or more messages of shop.yml`) != 1 || !strings.Contains(notes, "rules.spelling.vocab") {
		t.Errorf("notices: %q", notes)
	}
	// More brands in the same catalog make one note that lists them all,
	// sorted, not a note each.
	for i, lang := range []string{"en", "fr", "en"} {
		text := "Your parcel has shipped.\nXyvranza\nQorbitzel\nZorvexa"
		if lang == "fr" {
			text = "Votre colis est parti.\nXyvranza\nQorbitzel\nZorvexa"
		}
		check("shop.yml", string(rune('f'+i)), lang, text)
	}
	notes = strings.Join(l.Notices(), "\n")
	if want := `spelling: "Qorbitzel", "Xyvranza" and "Zorvexa" are unknown in 3 or more messages of shop.yml: if they are brand or product names, add them to rules.spelling.vocab`; strings.Count(notes, "shop.yml") != 1 || !strings.Contains(notes, want) {
		t.Errorf("notices after three brands: %q, want one note: %s", notes, want)
	}
	if n := check("other.yml", "a", "en", "Your parcel has shipped.\nZorvexa"); n != 1 {
		t.Errorf("another file: %d findings, want 1", n)
	}
	for i := range 4 {
		if n := check("typos.yml", string(rune('a'+i)), "en", "We recieved your order."); n != 1 {
			t.Errorf("typo in message %d: %d findings, want 1", i, n)
		}
	}
	// brand-after 0 flags every time.
	l0 := spellingLinter(t, &rules.SpellingOptions{})
	for i := range 4 {
		res := l0.Check(context.Background(), lint.Message{Source: "s.yml", ID: string(rune('a' + i)), Text: "Thanks.\nZorvexa", Lang: "en"})
		if len(res.Findings) != 1 {
			t.Errorf("brand-after 0, message %d: %v", i, res.Findings)
		}
	}
}

func TestSpellingOKAndOtherLanguages(t *testing.T) {
	l := spellingLinter(t, &rules.SpellingOptions{})
	if got := spellFindings(t, l, "en", "ok, see you at 6. Okay? OK!"); len(got) != 0 {
		t.Errorf("ok: %v", got)
	}
	// A German message whose language is guessed is not spell-checked as
	// English; presend says so once.
	for range 2 {
		if got := spellFindings(t, l, "", "Ihre Bestellung ist unterwegs und wird morgen bei Ihnen sein. Bitte halten Sie die Nummer bereit."); len(got) != 0 {
			t.Errorf("German: %v", got)
		}
	}
	var german int
	for _, n := range l.Notices() {
		if strings.Contains(n, "German (de)") {
			german++
		}
	}
	if german != 1 {
		t.Errorf("notices %q: want one about German", l.Notices())
	}
	// The hint names the language's own locale file.
	if got := spellFindings(t, l, "", "Su pedido ha sido enviado y llegará mañana por la tarde. Gracias por su compra."); len(got) != 0 {
		t.Errorf("Spanish: %v", got)
	}
	var spanish bool
	for _, n := range l.Notices() {
		if strings.Contains(n, "Spanish (es)") {
			spanish = strings.Contains(n, "(es.yml)") && !strings.Contains(n, "de.yml")
		}
	}
	if !spanish {
		t.Errorf("notices %q: want one about Spanish naming es.yml", l.Notices())
	}
	// The result names the language it is in, not the en it was analysed
	// as; given as English, it stays English.
	for _, c := range []struct{ lang, text, want string }{
		{"", "Ihre Bestellung ist unterwegs und wird morgen bei Ihnen sein. Bitte halten Sie die Nummer bereit.", "de"},
		{"", "Su pedido ha sido enviado y llegará mañana por la tarde. Gracias por su compra.", "es"},
		{"", "Votre commande est en route et arrivera demain chez vous.", "fr"},
		{"", "Your order is on its way and arrives tomorrow.", "en"},
		{"en", "Ihre Bestellung ist unterwegs und wird morgen bei Ihnen sein.", "en"},
	} {
		if got := l.Check(context.Background(), lint.Message{Text: c.text, Lang: c.lang}).Lang; got != c.want {
			t.Errorf("lang %q, %q: result language %q, want %q", c.lang, c.text, got, c.want)
		}
	}
	// Given as English, it is checked as English.
	if got := spellFindings(t, l, "en", "Ihre Bestellung ist unterwegs."); len(got) == 0 {
		t.Error("a message given as English is spell-checked")
	}
}
