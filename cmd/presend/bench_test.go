package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLintRepo lints a folder of 2,000 one-message drafts in English
// and French through the whole command (walk, read, lint, text report), as
// `presend lint drafts` does; testdata/bench/vale-compare.sh times the binary.
func BenchmarkLintRepo(b *testing.B) {
	dir := b.TempDir()
	tpl := []string{
		"Hi %[1]s, your order %[2]d has shipped and arrives Monday. Track it in the app.\n",
		"Hello %[1]s,\n\nWe hope you are well and that your summer went great. We wanted to let you know that your card ending %[2]d was declined, so please update it before Friday to keep your plan.\n",
		"FREE gift for you %[1]s! Act now: limited time offer, click here to win cash before Friday!!! Reply STOP to opt out.\n",
		"Your appointment %[2]d is confirmed for Tuesday at 10:00. Reply C to cancel or R to reschedule.\n",
		"Bonjour %[1]s, votre commande n° %[2]d est expédiée et arrive lundi. Suivez-la dans l'application.\n",
		"Bonjour à tous, nous espérons que vous allez bien et que l'été s'est bien passé. Votre paiement n° %[2]d a été refusé : merci de mettre à jour votre carte avant jeudi.\n",
		"CADEAU GRATUIT pour vous %[1]s ! Offre limitée, cliquez ici pour gagner de l'argent avant mardi !!! Répondez STOP pour vous désabonner.\n",
		"Votre rendez-vous %[2]d est confirmé pour jeudi à 10 h. Répondez A pour annuler.\n",
	}
	names := []string{"Zoé", "Marc", "Amélie", "Tom"}
	const n = 2000
	for i := range n {
		text := fmt.Sprintf(tpl[i%len(tpl)], names[i%len(names)], 1000+i*37)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.md", i)), []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	for _, bb := range []struct{ name, config string }{
		{"default", ""},
		{"comparable", "../../testdata/bench/comparable.toml"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			args := []string{"lint", dir}
			if bb.config != "" {
				args = []string{"lint", "--config", bb.config, dir}
			}
			for b.Loop() {
				var stderr strings.Builder
				if code := run(args, strings.NewReader(""), io.Discard, &stderr); code != exitBlocked {
					b.Fatalf("exit %d, want %d (blocked): %s", code, exitBlocked, stderr.String())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
		})
	}
}
