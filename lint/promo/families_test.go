package promo_test

import (
	"testing"

	"github.com/presend/presend/lint/text"
)

// TestAdvertFamilies: the wording of adverts for trades, courses and
// property is half an advert cue (two, or one with a price or an offer,
// make an advert); instalment credit and an offer's terms ("T&C apply",
// "voir conditions") are cues too; the same words in a booking, an order,
// a viewing, a course the reader has or a reply to a call are not.
func TestAdvertFamilies(t *testing.T) {
	d, st := newDetector(t)
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		// Two advert hints, or one with a price or an offer, make an advert.
		{"en", "Pest control for homes and offices, best rates. Call us for a free inspection.", true},
		{"en", "Spoken English classes with placement assistance, flexible timings. Contact Raj.", true},
		{"en", "Luxury villas available near the lake from £250,000 only.", true},
		{"en", "Accounting course, govt recognised certificate, 100% placement.", true},
		{"fr", "Plomberie et chauffage, intervention rapide, prix imbattables.", true},
		{"fr", "Formation en comptabilité, diplôme reconnu, horaires flexibles.", true},
		{"fr", "Terrains disponibles près de la gare à partir de 45 000 € seulement.", true},
		// One hint alone is what customers' own messages say too.
		{"en", "Our engineer Dave will arrive between 8-10am tomorrow for the free inspection of the boiler.", false},
		{"en", "The 2-bed flat on Elm Road is ready to move in from 1 Feb. Call Anna.", false},
		{"fr", "Intervention rapide demain entre 8h et 10h. Appelez le 06 12 34 56 78.", false},
		{"fr", "3 appartements disponibles à Lyon 3e. Appelez Claire.", false},
		// Two hints in a message to a customer: transactional.
		{"fr", "AFPA : votre formation de soudeur commence le 12 janvier. Horaires flexibles possibles, diplôme reconnu par l'État.", false},
		{"en", "City College: your course has flexible timings, govt recognised. Ask at enrolment.", false},
		{"fr", "Plomberie Martin : suite à votre appel, intervention rapide, prix imbattables.", false},
		{"en", "Foxtons: the flat you viewed is ready to move in, possession soon.", false},
		{"en", "New sofas with easy EMI options.", true},
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

// TestOrdinaryConditions: "sous conditions" is ordinary French ("under
// conditions"); with an offer word alone it makes no promotion, in
// French or English, while a price with the terms still does.
func TestOrdinaryConditions(t *testing.T) {
	d, st := newDetector(t)
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"fr", "Fnac : votre carte adhérent a été renouvelée. Avantages sous conditions, voir conditions en magasin.", false},
		{"fr", "Médiathèque : votre abonnement est renouvelé. Prêt de 10 documents, avantages sous conditions.", false},
		{"en", "Your membership card has been renewed. Benefits under conditions, see conditions in store.", false},
		{"fr", "Promo : -30 % sur les casques, offre soumise à conditions.", true},
		{"en", "Sale: 30% off headphones, T&Cs apply.", true},
	} {
		r := d.Detect(text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st}))
		if r.Promotional != c.want {
			t.Errorf("%q: Promotional = %v, want %v\n%s", c.text, r.Promotional, c.want, explain(c.text, r))
		}
	}
}
