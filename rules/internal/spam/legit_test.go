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

// TestHelplinePrice: a UK 0870/084x or French 081x/082x service number
// printed with the call price regulators make businesses state is a
// helpline; a premium line that sells its price, a UK 09 or 0871–0873 or
// French 089x number, and any number in a message that sells a prize, cash,
// a chat line or urgency, stay premium.
func TestHelplinePrice(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Your boiler service is booked for Monday. To change it call 0844 200 3344 (7p per minute plus your phone company's access charge).", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Ring 0870 555 0101 to confirm your place, 7p/min plus network charges.", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Questions about your claim? Ring +44 844 200 3344, calls cost 7p per minute plus your access charge.", clean: []string{"premium-rate", "fine-print"}},
		{in: "Pour modifier votre rendez-vous, appelez le 0 825 70 12 34 (Service 0,15 €/min + prix appel).", clean: []string{"premium-rate", "fine-print", "call-pressure"}},
		{in: "Service client au 0825 00 12 34, 0,15 €/min + prix d'un appel, du lundi au vendredi.", clean: []string{"premium-rate", "fine-print"}},
		{in: "Votre conseiller au 0810 20 30 40 (Service 0,06 €/min + prix appel), du lundi au samedi.", clean: []string{"premium-rate", "fine-print"}},
		// The price in brackets right after the number is no part of it.
		{in: "Service client au 0825 00 12 34 (0,15 €/min + prix d'un appel), du lundi au vendredi.", clean: []string{"premium-rate", "fine-print"}},
		{in: "For your booking call 0844 200 3344 (7p per minute plus your phone company's access charge).", clean: []string{"premium-rate", "fine-print"}},
		// Premium lines: the price sold as a bargain, or a 09 number.
		{in: "Hot chat now! Call 0871 200 3344, just 10p/min from landlines!", fire: []string{"premium-rate", "fine-print"}},
		{in: "Claim your reward: call 0906 200 3344, £1.50 per minute plus your phone company's access charge", fire: []string{"premium-rate"}},
		{in: "Gagnez un séjour ! Appelez vite le 0 899 70 12 34, seulement 1,35 €/min", fire: []string{"premium-rate", "fine-print"}},
		{in: "Gagnez un séjour ! Appelez vite le 0899 70 12 34 (1,35 €/min)", fire: []string{"premium-rate"}},
		{in: "Win a holiday! Call 0906 200 3344 (1.50/min)", fire: []string{"premium-rate"}},
		// 0871–0873 and 089x are premium-rate lines: their price notice is
		// mandatory too, and makes no helpline of them.
		{in: "Congratulations, your number was drawn for a 1000 prize! Call 0871 872 9758 to claim. Calls cost 13p per minute plus your phone company's access charge.", fire: []string{"premium-rate", "fine-print"}},
		{in: "To change your booking call 0872 200 3344 (13p per minute plus your phone company's access charge).", fire: []string{"premium-rate"}},
		{in: "Félicitations, vous avez gagné 1000 € ! Appelez le 0 899 12 34 56 pour le recevoir. Service 0,80 €/min + prix appel.", fire: []string{"premium-rate"}},
		{in: "Pour modifier votre rendez-vous, appelez le 0 892 70 12 34 (Service 0,40 €/min + prix appel).", fire: []string{"premium-rate"}},
		// A service line in a message that sells a prize, cash or a chat line.
		{in: "Vous avez gagné un iPhone ! Appelez vite le 0825 00 12 34 pour le réclamer (0,15 €/min + prix appel).", fire: []string{"premium-rate"}},
		{in: "You have won a £500 cash prize! Call 0844 200 3344 to claim, 7p per minute plus your phone company's access charge.", fire: []string{"fine-print"}},
	})
}

// TestRunOnIsProse: two words run together with a full stop where a space
// or a hyphen belongs ("check.in", "merci.de") are no link; three labels,
// a top-level domain abused for phishing, a brand or a security word before
// the dot keep a host a link.
func TestRunOnIsProse(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Hilton: thanks for booking, check.in opens at 3pm, sign.in to the app for your key.", clean: []string{"brand-mismatch", "many-links"}},
		{in: "Amazon: your locker code is 4471. Pick it up today, log.in to see the map. Or go.to the desk", clean: []string{"brand-mismatch", "many-links"}},
		{in: "Amazon : votre colis est arrivé, merci.de passer au relais avant samedi", clean: []string{"brand-mismatch"}},
		{in: "Hôtel Ibis : votre chambre est prête, le check.in ouvre à 15h", clean: []string{"brand-mismatch"}},
		// Domains stay links.
		{in: "Amazon: your refund is ready at refund-desk.win", fire: []string{"risky-host", "brand-mismatch"}},
		{in: "Amazon : remboursement disponible sur colis-relais.in", fire: []string{"brand-mismatch"}},
		{in: "HMRC: you are owed a tax refund of 412.50. Claim it at hmrc.now.click", fire: []string{"risky-host", "lookalike-domain"}},
		{in: "Royal Mail: your parcel is on hold. Pay now at royalmail.get.loan", fire: []string{"risky-host", "lookalike-domain"}},
		{in: "Hurry, it's time to win a prize, please.click below", fire: []string{"risky-host"}},
		{in: "La Poste : votre colis est bloqué, réglez les frais sur laposte.get.loan", fire: []string{"risky-host"}},
		{in: "Ameli : remboursement en attente, connectez-vous sur ameli.login.in", fire: []string{"brand-mismatch"}},
	})
}

// TestGrantNeedsAClaim: grant wording is prize wording only with a way to
// be taken for it (a fee, a keyword to a short code, a premium or mobile
// number, a link neither own nor public); a bursary or a council's grant
// with its own link, or none, is news.
func TestGrantNeedsAClaim(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Your university bursary application: you qualify for a grant of £900 for 2027/28. Details in your student portal.", clean: []string{"prize"}},
		{in: "Bristol City Council: your home is eligible for a grant towards a heat pump. Book your survey at bristol.gov.uk/warmhomes", clean: []string{"prize"}},
		{in: "Votre demande de bourse : vous êtes éligible à une subvention de 600 € pour l'année. Détails dans votre espace étudiant.", clean: []string{"prize"}},
		{in: "Congrats! You qualify for a grant of 7,500. No repayment. Reply GRANT to 80086", fire: []string{"prize"}},
		{in: "You are eligible for a grant of £5,000. A processing fee of £50 applies, call us today.", fire: []string{"prize"}},
		{in: "You qualify for a grant of £3000, claim it at grant-desk.top today", fire: []string{"prize"}},
		{in: "Vous êtes éligible à une subvention de 5000 € ! Appelez le 06 12 34 56 78 pour la recevoir.", fire: []string{"prize"}},
		{in: "Bonne nouvelle : vous êtes éligible à une subvention de 3000 €, frais de dossier 49 €.", fire: []string{"prize"}},
	})
}

// TestMillionsNeedARecipient: a sum in millions is the advance-fee story
// only with someone to receive it; millions raised for a charity are not.
func TestMillionsNeedARecipient(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "Oxfam: thanks to you, our fun run raised 2.4 million pounds! Your £15 gift feeds a family. Thank you.", clean: []string{"advance-fee"}},
		{in: "National Lottery: players raised 25 million pounds for local charities this year. Thank you!", clean: []string{"advance-fee"}},
		{in: "Restos du Cœur : grâce à vous, la collecte a rapporté 3 millions d'euros. Merci !", clean: []string{"advance-fee"}},
		{in: "Dear friend, I need your help to transfer 4.5 million pounds left by my client.", fire: []string{"advance-fee"}},
		{in: "You are the beneficiary of 2 million euros, reply with your details.", fire: []string{"advance-fee"}},
		{in: "Good day, 12 million dollars is waiting and your share is 30%.", fire: []string{"advance-fee"}},
		{in: "Un client décédé a laissé 7 millions d'euros sans héritier. Je vous propose 30 %.", fire: []string{"advance-fee"}},
		{in: "Bonjour, je souhaite vous transférer 3 millions d'euros, votre part sera de 40 %.", fire: []string{"advance-fee"}},
	})
}

// TestGameCurrencyWithAmount: in-game currency given away with an amount
// between ("FREE 5000 V Bucks") is prize wording; a purchase is not.
func TestGameCurrencyWithAmount(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "FREE 5000 V Bucks for every player today, grab them at vb-drop.net", fire: []string{"prize"}},
		{in: "Get free 800 Robux now, link in bio", fire: []string{"prize"}},
		{in: "10000 V Bucks gratuits pour les 100 premiers joueurs !", fire: []string{"prize"}},
		{in: "2000 Robux offerts aux abonnés, clique vite", fire: []string{"prize"}},
		{in: "Your purchase of 800 Robux is complete. Thanks for playing!", clean: []string{"prize"}},
		{in: "Buy 1000 V-Bucks for £7.99 in the Item Shop.", clean: []string{"prize"}},
		{in: "Votre achat de 1000 V-Bucks pour 7,99 € est confirmé.", clean: []string{"prize"}},
	})
}

// TestStopToEndSubscription: a charge a week or a message that runs until
// the reader texts STOP to a short code is a premium subscription the
// reader is already in; a plan cancelled in an app is not.
func TestStopToEndSubscription(t *testing.T) {
	checkLegit(t, []legitCase{
		{in: "You are now subscribed to Daily Tones at £3 a week until you text STOP to 87121.", fire: []string{"premium-subscription"}},
		{in: "Welcome to FunTxt! 150p/msg until you send STOP to 80878.", fire: []string{"premium-subscription"}},
		{in: "Vous êtes abonné au service Astro+ à 4,50 € par semaine jusqu'à ce que vous envoyiez STOP au 71010.", fire: []string{"premium-subscription"}},
		{in: "Your cloud plan is £3 a week until you cancel it in the app.", clean: []string{"premium-subscription"}},
		{in: "Votre forfait est à 3 € par semaine jusqu'à ce que vous le résiliiez dans l'appli.", clean: []string{"premium-subscription"}},
		{in: "Gym: your class is £4 per session. Text STOP to 60777 to stop these reminders.", clean: []string{"premium-subscription"}},
	})
}

// TestProseRunOnHosts: which words run together are prose and which are
// hosts, as written in a message.
func TestProseRunOnHosts(t *testing.T) {
	d := detector(t)
	for u, want := range map[string]bool{
		"check.in": true, "Sign.in": true, "log.in": true, "merci.de": true, "go.to": true, "opt.in": true,
		// three labels or more are a host
		"booking.check.in": false, "order.log.in": false, "hmrc.now.click": false, "secure.login.live": false,
		"royalmail.get.loan": false, "time.to.win": false,
		// top-level domains abused for phishing are never prose
		"please.click": false, "go.live": false, "get.loan": false, "now.win": false, "go.top": false, "join.club": false,
		// a security word or a brand before the particle
		"login.in": false, "secure.to": false, "paypal.me": false,
		// not a lead word, a scheme, a path, capitals inside
		"colis-relais.in": false, "https://check.in": false, "check.in/x": false, "checK.in": false, "www.in": false,
	} {
		if got := d.proseRunOn(u); got != want {
			t.Errorf("proseRunOn(%q) = %v, want %v", u, got, want)
		}
	}
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
