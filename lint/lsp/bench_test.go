package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// benchDraft is a French draft of about 2,000 characters with typography,
// spelling and length findings, so that every kind of rule has work.
func benchDraft() string {
	para := "Bonjour Marie, votre commande n° 4821 expédiée hier arrive demain entre 9h et 13h! " +
		"Le livreur sonnera deux fois; si vous êtes absente, le colis part au point relais le plus proche... " +
		"Vous pouvez changer le jour de livraison depuis votre compte 🙂, ou nous écrire à tout moment. "
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < 2000 {
		b.WriteString(para)
		b.WriteString("\n\n")
	}
	return b.String()
}

// BenchmarkCheckDraft measures what one lint of a document costs the
// server once the debounce delay has passed: reading the text, the rules,
// the suppressions and the diagnostics in the client's encoding. The
// budget is 50 ms for a 2,000-character draft.
func BenchmarkCheckDraft(b *testing.B) {
	s := newServer(Options{Rules: rules.All(), Clock: func() time.Time { return linttest.Now }})
	path := filepath.Join(b.TempDir(), "draft.txt")
	text := benchDraft()
	ctx := context.Background()
	if c := s.lintText(ctx, path, text); len(c.diags) == 0 {
		b.Fatal("no diagnostics: the benchmark measures nothing")
	}
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		s.lintText(ctx, path, text)
	}
}

// BenchmarkCheckCatalog measures one lint of a YAML catalog of 1,000
// French messages, the size where a debounce matters.
func BenchmarkCheckCatalog(b *testing.B) {
	s := newServer(Options{Rules: rules.All(), Clock: func() time.Time { return linttest.Now }})
	path := filepath.Join(b.TempDir(), "locales", "fr.yml")
	var text strings.Builder
	text.WriteString("fr:\n")
	for i := range 1000 {
		fmt.Fprintf(&text, "  k%d: \"Votre commande n° %d arrive demain! Merci de votre confiance.\"\n", i, i)
	}
	ctx := context.Background()
	if c := s.lintText(ctx, path, text.String()); len(c.diags) < 1000 {
		b.Fatalf("%d diagnostics, want one per message at least", len(c.diags))
	}
	b.ResetTimer()
	for b.Loop() {
		s.lintText(ctx, path, text.String())
	}
}
