package promo_test

import (
	"testing"

	"github.com/presend/presend/lint/text"
)

// TestAdvertFamilies: the wording of adverts for trades, courses,
// property and instalment credit, and an offer's terms ("T&C apply", "voir
// conditions"), is an advert cue (short of a promotion); the same words in
// a booking, an order or a reply are not.
func TestAdvertFamilies(t *testing.T) {
	d, st := newDetector(t)
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "Pest control for homes and offices, herbal and odourless. Call us for a free inspection.", true},
		{"en", "Spoken English classes with placement assistance. Contact Raj.", true},
		{"en", "Luxury villas available near the lake.", true},
		{"en", "Accounting course, govt recognised certificate.", true},
		{"en", "New sofas with easy EMI options.", true},
		{"fr", "Plomberie et chauffage, intervention rapide 7j/7.", true},
		{"fr", "Formation en comptabilité, diplôme reconnu.", true},
		{"fr", "Terrains disponibles près de la gare.", true},
		{"fr", "Cuisines équipées, facilités de paiement.", true},
		{"en", "Holiday packages to Kerala, EMI from Rs.1999 only. T&C apply.", true},
		{"fr", "Séjours au soleil à partir de 399 €, voir conditions.", true},
		{"en", "Holiday packages from Goa to Kerala. T&C apply.", false}, // the terms alone are a hint
		{"fr", "Séjours au soleil tout l'été, voir conditions.", false},
		{"en", "Your order 4471 has shipped. T&C apply to returns.", false},
		{"fr", "Votre commande est expédiée, retours sous conditions.", false},
		{"en", "Your free inspection is booked for Tuesday at 10.", false},
		{"en", "The villas available for your booking are listed in your reservation.", false},
		{"fr", "Intervention rapide prévue mardi à 10 h : votre rendez-vous est confirmé.", false},
		{"fr", "Votre réservation : terrains disponibles à 18 h, court n° 3.", false},
	} {
		r := d.Detect(text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st}))
		if got := r.Advert(); got != c.want {
			t.Errorf("%q: Advert() = %v, want %v\n%s", c.text, got, c.want, explain(c.text, r))
		}
	}
}
