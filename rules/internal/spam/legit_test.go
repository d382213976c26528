package spam

import "testing"

// legitCase is a message and the signals that must (fire) or must not
// (clean) fire on it.
type legitCase struct {
	in          string
	fire, clean []string
}

func checkLegit(t *testing.T, cases []legitCase) {
	t.Helper()
	d := detector(t)
	for _, c := range cases {
		r := d.Detect(analyze(c.in))
		for _, s := range c.fire {
			if !hasSignal(r, s) {
				t.Errorf("%s does not fire on %q: %v", s, c.in, r.Evidence)
			}
		}
		for _, s := range c.clean {
			if e, ok := evidenceOf(r, s); ok {
				t.Errorf("%s fires on %q at %q", s, c.in, c.in[e.Start:e.End])
			}
		}
	}
}

// TestBillingNotice: a request to update a card after a failed payment, or
// in the app or the account, is a billing notice; the same request with a
// link built to deceive, or with no notice around it, is verify-request.
func TestBillingNotice(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Your payment for March failed. Update your card in the app to keep your lessons booked.", clean: []string{"verify-request"}},
		{in: "We couldn't charge your card for the Family plan. Please update your payment details and we'll try again tomorrow.", clean: []string{"verify-request"}},
		{in: "Heads up: your renewal was declined. Update your billing info at shop.example.com/account so your box ships.", clean: []string{"verify-request"}},
		{in: "To keep your membership, update your card in your Stride account before Friday.", clean: []string{"verify-request"}},
		{in: "Le prélèvement de votre abonnement a échoué. Mettez à jour votre carte dans l'application.", clean: []string{"verify-request"}},
		{in: "Votre paiement n'a pas pu être effectué : mettez à jour vos informations de paiement depuis votre espace client.", clean: []string{"verify-request"}},
		{in: "Mettez à jour votre moyen de paiement dans l'appli avant le 5 mai pour garder votre forfait.", clean: []string{"verify-request"}},
		{in: "Votre paiement a échoué, votre compte sera suspendu sous 48h : mettez à jour votre carte dans l'application.", clean: []string{"verify-request"}},
		{in: "Your payment failed and your account will be suspended within 24 hours. Update your card in the app.", clean: []string{"verify-request"}},
		// The phishing that imitates the notice: a link built to deceive.
		{in: "Your payment failed. Update your card at http://streamflix-billing.xyz/pay to avoid losing access", fire: []string{"verify-request"}},
		{in: "Votre paiement a échoué, mettez à jour votre carte ici : http://bit.ly/cB7xQ2", fire: []string{"verify-request"}},
		{in: "Netflix: your payment was declined. Update your card at https://account-billing-centre.com/pay", fire: []string{"verify-request"}},
		{in: "Spotify : votre paiement a échoué, mettez à jour votre carte sur https://espace-abonnes.example.net", fire: []string{"verify-request"}},
		{in: "Netflix: your payment was declined. Update your card at https://www.netflix.com/account", clean: []string{"verify-request"}},
		// "In your account", but through the message's own link: no notice.
		{in: "Update your card in your account at https://secure-billing-centre.example.net to avoid any interruption", fire: []string{"verify-request"}},
		{in: "Mettez à jour votre carte dans votre espace sur https://espace-securise.example.net pour éviter une interruption", fire: []string{"verify-request"}},
		// No notice: a bare request to update a card.
		{in: "Your account is on hold. Update your card details to restore it: https://accts-restore.example.net", fire: []string{"verify-request"}},
		{in: "Mettez à jour votre carte pour éviter la fermeture de votre compte : https://maj-carte.example.net", fire: []string{"verify-request"}},
	})
}

// TestHelplinePrice: a UK or French service number printed with the call
// price regulators make businesses state is a helpline; a premium line that
// sells its price, and any UK 09 number, stay premium.
func TestHelplinePrice(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Your boiler service is booked for Monday. To change it call 0871 200 3344 (13p per minute plus your phone company's access charge).", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Call now on 0870 555 0101 to confirm your place, 7p/min plus network charges.", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Questions about your claim? Ring +44 871 200 3344, calls cost 10p per minute plus your access charge.", clean: []string{"premium-rate", "fine-print"}},
		{in: "Pour modifier votre rendez-vous, appelez le 0 892 70 12 34 (Service 0,40 €/min + prix appel).", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Service client au 0825 00 12 34, 0,15 €/min + prix d'un appel, du lundi au vendredi.", clean: []string{"premium-rate", "fine-print"}},
		// The price in brackets right after the number is no part of it.
		{in: "Service client au 0825 00 12 34 (0,15 €/min + prix d'un appel), du lundi au vendredi.", clean: []string{"premium-rate", "fine-print"}},
		{in: "For your booking call 0871 200 3344 (10p per minute plus your phone company's access charge).", clean: []string{"premium-rate", "fine-print"}},
		// Premium lines: the price sold as a bargain, or a 09 number.
		{in: "Hot chat now! Call 0871 200 3344, just 10p/min from landlines!", fire: []string{"premium-rate", "fine-print"}},
		{in: "Claim your reward: call 0906 200 3344, £1.50 per minute plus your phone company's access charge", fire: []string{"premium-rate"}},
		{in: "Gagnez un séjour ! Appelez vite le 0 899 70 12 34, seulement 1,35 €/min", fire: []string{"premium-rate", "fine-print"}},
		{in: "Gagnez un séjour ! Appelez vite le 0899 70 12 34 (1,35 €/min)", fire: []string{"premium-rate"}},
		{in: "Win a holiday! Call 0906 200 3344 (1.50/min)", fire: []string{"premium-rate"}},
	})
}

// TestRunOnIsProse: words run together with a full stop where a space or
// a hyphen belongs are no link; a lower-case domain that is no run-on
// stays one.
func TestRunOnIsProse(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Hilton: thanks for booking.check.in opens at 3pm, sign.in to the app for your key.", clean: []string{"brand-mismatch", "many-links"}},
		{in: "Amazon: your locker code is 4471. Pick it up today.log.in to see the map. Thanks.go.live chat is open", clean: []string{"brand-mismatch", "many-links"}},
		{in: "Hurry, it's time.to.win a prize, please.click below", clean: []string{"risky-host"}},
		{in: "Amazon : votre colis est arrivé, merci.de passer au relais avant samedi", clean: []string{"brand-mismatch"}},
		// Domains stay links.
		{in: "Amazon: your refund is ready at refund-desk.win", fire: []string{"risky-host", "brand-mismatch"}},
		{in: "Amazon : remboursement disponible sur colis-relais.in", fire: []string{"brand-mismatch"}},
	})
}

// TestPremiumSubscriptionCharge: premium SMS subscriptions charge a few
// pounds or euros a week or a message; a business's weekly box or class
// costs more, and is no premium subscription.
func TestPremiumSubscriptionCharge(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Daily jokes to your mobile, 150p/msg, reply LOL to join", fire: []string{"premium-subscription"}},
		{in: "Astuces du jour : 4,50 € par semaine, envoyez ASTUCE pour vous abonner", fire: []string{"premium-subscription"}},
		{in: "Fresh recipe boxes: first week free, then £29.99/week. Reply YES to join", clean: []string{"premium-subscription"}},
		{in: "Paniers de légumes : 25 € par semaine, répondez OUI pour vous abonner", clean: []string{"premium-subscription"}},
		{in: "Reminder: weekly yoga £4/week, first week free! Reply YES to join the Tuesday class.", clean: []string{"premium-subscription"}},
		{in: "Votre abonnement presse : 2,50 € par semaine, répondez OUI pour vous abonner à l'édition du dimanche.", clean: []string{"premium-subscription"}},
	})
	for _, c := range []struct {
		in   string
		want bool
	}{{"£3", true}, {"150p", true}, {"4,99 €", true}, {"$2.50", true}, {"£29.99", false}, {"25 €", false}, {"1,000.50", false}, {"£1,000", false}, {"0,50 €", true}} {
		if got := smallCharge(c.in); got != c.want {
			t.Errorf("smallCharge(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestChatLineMobile: a lure answered on a mobile adds mobile-contact; a
// name and an age with a mobile, a neighbour introducing herself, do not.
func TestChatLineMobile(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Hot singles in your area tonight, text Kate on 07700 900 331", fire: []string{"chat-line", "mobile-contact"}},
		{in: "Rencontre coquine ce soir ? Envoie un SMS à Léa au 06 12 34 56 78", fire: []string{"chat-line", "mobile-contact"}},
		{in: "Hi, I'm Laura, 34, your new neighbour at number 12. Text me on 07700 900 214 if the parcel arrives!", clean: []string{"mobile-contact"}},
		{in: "Bonjour, c'est Claire, 41 ans, votre nouvelle voisine du 3e. Écrivez-moi au 06 12 34 56 78 pour le colis.", clean: []string{"mobile-contact"}},
	})
}
