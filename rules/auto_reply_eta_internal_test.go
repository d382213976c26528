package rules

import (
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
)

// TestSaysWhen pins what counts as a time in an automatic reply, one signal
// per line, and what does not.
func TestSaysWhen(t *testing.T) {
	stems := text.NewStemmer()
	c, err := (&AutoReplyETAOptions{}).Compile(lint.CompileEnv{Stems: stems})
	if err != nil {
		t.Fatal(err)
	}
	o := c.(*autoReplyETA)
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "We answer within 24 hours.", true},
		{"en", "We answer within 24h.", true},
		{"en", "We answer in 24-48h.", true},
		{"en", "We answer in 1-2 business days.", true},
		{"en", "We answer in a couple of hours.", true},
		{"en", "We answer in a few minutes.", true},
		{"en", "We answer within two days.", true},
		{"en", "Open 9am–6pm.", true},
		{"en", "Back at 14:30.", true},
		{"en", "Back at 9 am.", true},
		{"en", "We answer tomorrow.", true},
		{"en", "We answer by Monday.", true},
		{"en", "We answer before 3 June.", true},
		{"en", "We answer as soon as possible.", false},
		{"en", "About your order 24.", false},
		{"en", "Your refund of 24 € is noted.", false},
		{"en", "Your refund of €24 is noted.", false},
		{"en", "Order #4821, parcel SM-425.", false},
		{"en", "We answer during opening hours.", false},
		{"en", "Have a nice day!", false},
		{"en", "Call 06 12 34 56 78.", false},
		{"en", "We are here 24/7.", false},
		{"fr", "Réponse sous 48 heures.", true},
		{"fr", "Réponse sous 48h.", true},
		{"fr", "Réponse d'ici 5 minutes.", true},
		{"fr", "Réponse dans quelques minutes.", true},
		{"fr", "Réponse dans une heure.", true},
		{"fr", "Réponse sous 2 jours ouvrés.", true},
		{"fr", "Ouvert de 9 h à 18 h.", true},
		{"fr", "Ouvert de 9h à 18h30.", true},
		{"fr", "Ouvert 9h-18h.", true},
		{"fr", "Réponse demain matin.", true},
		{"fr", "Ouvert du lundi au vendredi.", true},
		{"fr", "Réponse dans les plus brefs délais.", false},
		{"fr", "Commande 24, remboursement de 24 €.", false},
		{"fr", "Réponse rapidement.", false},
	} {
		a := text.Analyze(c.text, text.Options{Lang: c.lang, Stems: stems})
		if got := saysWhen(a, o); got != c.want {
			t.Errorf("saysWhen(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
