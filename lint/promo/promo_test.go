package promo_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/presend/presend/lint/promo"
	"github.com/presend/presend/lint/text"
)

func newDetector(tb testing.TB) (*promo.Detector, *text.Stemmer) {
	tb.Helper()
	st := text.NewStemmer()
	return promo.New(st), st
}

// verdicts are short messages written for this test, promotional (true) or
// not, with the tricky transactional ones that carry numbers and amounts.
var verdicts = []struct {
	lang  string
	promo bool
	text  string
}{
	// English, promotional.
	{"en", true, "Our summer sale is on: 30% off all swimwear until Sunday."},
	{"en", true, "Get 20% off your first order with code WELCOME20."},
	{"en", true, "Use code SAVE15 at checkout for an extra treat."},
	{"en", true, "Black Friday starts now! Everything must go."},
	{"en", true, "Free shipping on all orders this weekend."},
	{"en", true, "You may also like our new leather boots."},
	{"en", true, "Complete your look with the matching scarf."},
	{"en", true, "Shop now before it's gone."},
	{"en", true, "New arrivals are here: discover the spring edit."},
	{"en", true, "2 for 1 on all pizzas tonight."},
	{"en", true, "Unlimited free calls to any network with our new plan, try it today."},
	{"fr", true, "Appels gratuits vers tous les mobiles avec notre nouveau forfait."},
	{"en", false, "Your plan renews on 3 March; calls to our helpline are free."},
	{"fr", false, "Votre forfait est renouvelé le 3 mars ; les appels vers notre service client sont gratuits."},
	{"en", true, "Buy one get one free on every candle."},
	{"en", true, "Save $10 on headphones this week."},
	{"en", true, "Last chance: our exclusive offers end at midnight."},
	{"en", true, "Up to 50% off selected styles, today only."},
	{"en", true, "Your order #4821 has shipped! Enjoy 15% off your next order with code THANKS15."},
	{"en", true, "Your parcel is on its way. Shop now for the new collection."},
	{"en", true, "Half price on all coffees until 11 am."},
	{"en", true, "🔥 Flash sale: prices slashed for 24 hours only."},
	{"en", true, "Now only $19.99 — hurry, while stocks last."},
	{"en", true, "Enjoy a free gift with every order over $50."},
	{"en", true, "We're sorry for the delay. As a gesture, here is 10% off your next order."},
	{"en", true, "Prices from €29 per night. Book now!"},
	{"en", true, "Don't miss our Spring Sale — 25% off sitewide!"},
	{"en", true, "Big savings on discounted items this week."},
	// English, transactional (numbers, amounts, codes).
	{"en", false, "Free cancellation until 24 h before your appointment."},
	{"en", false, "Your order #4821 of 2 items, total $58.20"},
	{"en", false, "Your payment of 49,90 € was received. Thank you."},
	{"en", false, "Your refund of $20.00 has been issued to your card."},
	{"en", false, "Your verification code is 482913. It expires in 10 minutes."},
	{"en", false, "Your booking code is AB12CD. Show it at the desk."},
	{"en", false, "Your password was changed on 3 March at 10:42."},
	{"en", false, "Reminder: your appointment with Dr. Martin is on Tuesday at 10:30."},
	{"en", false, "Your parcel is out for delivery and arrives between 9:00 and 13:00."},
	{"en", false, "Your balance is below $20. Top up to keep your line active."},
	{"en", false, "Battery at 20%: plug in your scooter before your next ride."},
	{"en", false, "Promo code SAVE10 applied: -$5.00. Total $45.00."},
	{"en", false, "Subtotal $50.00\nShipping: free\nTotal $50.00"},
	{"en", false, "Our sales team will call you tomorrow at 2 pm about your quote."},
	{"en", false, "Feel free to reply if you have questions about your invoice."},
	{"en", false, "Your free trial ends on 12 May. Your card will not be charged."},
	{"en", false, "Last chance to confirm your appointment for tomorrow at 9:00."},
	{"en", false, "We received your return of 1 item and refunded $34.99."},
	{"en", false, "Flight BA304 to Paris boards at gate B12 at 14:05."},
	{"en", false, "You have used 80% of your monthly data."},
	{"en", false, "Enter code AB12 to verify your account."},
	{"en", false, "Your order qualifies for free shipping."},
	{"en", false, "Your Black Friday order has shipped."},
	{"en", false, "Thanks for shopping with us! Your order #123 is confirmed."},
	{"en", false, "Get 1 free cancellation per booking with Plus."},
	{"en", false, "Your 3 for 2 offer has been applied to your order."},
	{"en", false, "Your table for 2 is booked for 8 pm."},
	// "yours" and "your" share a stem: only "get yours" is a call to buy.
	{"en", true, "The new boots are in. Get yours today."},
	{"en", false, "He said to get your bike back to the garage by Friday."},

	// French, promotional.
	{"fr", true, "-30 % sur tout le site ce week-end"},
	{"fr", true, "Soldes d'hiver : -20 % avec le code BIENVENUE10 !"},
	{"fr", true, "Livraison offerte dès 50 € d'achat jusqu'à dimanche."},
	{"fr", true, "Profitez-en vite : les prix baissent jusqu'à -50 %."},
	{"fr", true, "Découvrez aussi notre nouvelle collection printemps."},
	{"fr", true, "Dernière chance : nos offres se terminent ce soir."},
	{"fr", true, "2 pour 1 sur les pizzas ce soir seulement."},
	{"fr", true, "1 acheté = 1 offert sur toute la gamme."},
	{"fr", true, "Votre code promo BIENVENUE10 vous attend."},
	{"fr", true, "Moitié prix sur le deuxième article."},
	{"fr", true, "Vente privée : jusqu'à 40 % de réduction pour les membres."},
	{"fr", true, "Prix barrés : 29 € au lieu de 49 €."},
	{"fr", true, "J'en profite ! Frais de port offerts ce week-end."},
	{"fr", true, "10 € offerts sur votre prochaine commande avec le code MERCI10."},
	{"fr", true, "Votre commande n° 4821 est expédiée. Vous aimerez aussi nos bougies parfumées."},
	{"fr", true, "Déstockage massif dans la limite des stocks disponibles."},
	{"fr", true, "Les nouveautés sont arrivées : commandez vite !"},
	{"fr", true, "Un cadeau offert pour tout achat en boutique."},
	{"fr", true, "Économisez 15 € sur votre abonnement annuel."},
	{"fr", true, "C'est les SOLDES 🛍️ jusqu'à -70 % !"},
	{"fr", true, "Réservez maintenant : chambres à partir de 59 € la nuit."},
	{"fr", true, "Jusqu'au 31 mars, -25 % sur les lunettes de soleil."},
	{"fr", true, "Nos offres du moment : livraisons offertes et cadeaux."},
	// French, transactional.
	{"fr", false, "Votre remboursement de 20 € a été effectué."},
	{"fr", false, "Votre paiement de 49,90 € a bien été reçu."},
	{"fr", false, "Votre commande n° 4821 de 2 articles, total 58,20 €, est confirmée."},
	{"fr", false, "Votre code de vérification est 482913. Il expire dans 10 minutes."},
	{"fr", false, "Le code AB12CD vous permet de retirer votre colis."},
	{"fr", false, "Votre colis vous attend au point relais jusqu'à dimanche."},
	{"fr", false, "Votre mot de passe a été modifié le 3 mars à 10h42."},
	{"fr", false, "Rappel : votre rendez-vous est confirmé le mardi 3 mars à 10h30."},
	{"fr", false, "Votre solde est de 12,40 €. Pensez à recharger."},
	{"fr", false, "Alerte : un paiement de 120 € a été refusé sur votre carte."},
	{"fr", false, "Sous-total 50,00 €\nLivraison : offerte\nTotal 50,00 €"},
	{"fr", false, "Code promo BIENVENUE10 appliqué : -5,00 €. Total 45,00 €."},
	{"fr", false, "Annulation gratuite jusqu'à 24 h avant votre rendez-vous."},
	{"fr", false, "Votre facture de mars (42,90 €) est disponible dans votre espace."},
	{"fr", false, "Votre forfait est consommé à 80 %. Il reste 2 Go."},
	{"fr", false, "Votre colis a été remis au transporteur ce matin."},
	{"fr", false, "Votre train TGV 6203 part à 14h05 de la voie 7."},
	{"fr", false, "Votre virement de 1 250,00 € a été exécuté."},
	{"fr", false, "Votre carte cadeau a été activée. Solde : 50 €."},
	{"fr", false, "Le service client est joignable au numéro vert 0 800 123 456."},
	{"fr", false, "Votre commande bénéficie de la livraison offerte."},
	{"fr", false, "Votre offre Fibre est activée."},
	{"fr", false, "Bonjour, votre commande est prête. Retrait gratuit en magasin."},
	{"fr", false, "Votre abonnement a été renouvelé pour 9,99 € par mois."},

	// A discount a past order used is a receipt line; the same words as an
	// invitation are an offer.
	{"en", false, "Your order #5521 has shipped. Total paid: $89.99 (you saved $10 with code WELCOME10)."},
	{"en", false, "Your order #4411 was 20% off thanks to your coupon. It ships tomorrow."},
	{"en", false, "Reminder: the Black Friday webinar you registered for starts tomorrow at 10:00."},
	{"en", true, "Save $10 with code WELCOME10 on your next order!"},
	{"en", true, "You save 20% on everything this weekend with code SPRING20."},
	{"en", true, "Last month you saved $10 with code SPRING10. This week, get 20% off with code SUMMER20!"},
	{"fr", false, "Votre commande n° 5521 est expédiée. Total payé : 89,99 € (vous avez économisé 10 € avec le code BIENVENUE10)."},
	{"fr", false, "Votre commande n° 4411 a bénéficié de -20 % grâce à votre code. Elle part demain."},
	{"fr", false, "Rappel : le webinaire Black Friday auquel vous êtes inscrit commence demain à 10 h."},
	{"fr", true, "Économisez 10 € avec le code BIENVENUE10 sur votre prochaine commande !"},
	{"en", false, "Your parcel is ready. Use code AB12 at locker 4."},
	// Percentages written out, bundles, upsell and win-back.
	{"en", true, "Save 15 percent on your next purchase at checkout."},
	{"en", true, "Upgrade to Premium for only $4.99/month."},
	{"en", true, "Get 2 for the price of 1 this week."},
	{"en", true, "We miss you! Come back and see what's new."},
	{"en", false, "Your battery is at 15 percent. Charge your scooter before 18:00."},
	{"en", false, "Your upgrade to Premium is confirmed. Your receipt is in your account."},
	{"en", false, "Please upgrade to the latest app version, last chance before support ends."},
	{"fr", false, "Passez à la version 5.2 de l'application : dernière chance avant la fin du support."},
	{"fr", true, "Profitez de 15 pour cent de remise sur votre prochain achat."},
	{"fr", true, "Passez au forfait Premium à partir de 4,99 € par mois."},
	{"fr", true, "2 pour le prix d'1 cette semaine."},
	{"fr", true, "Vous nous manquez ! Revenez découvrir nos nouveautés."},
	{"fr", false, "Votre batterie est à 15 pour cent. Rechargez votre trottinette avant 18 h."},
	{"fr", false, "Votre passage au forfait Premium est confirmé. Votre facture est dans votre compte."},
	{"en", true, "Use code AB12 for 15% off at checkout."},
	{"fr", false, "Utilisez le code AB12 au casier 4 du point relais."},
	{"fr", true, "Utilisez le code AB12 pour -15 % sur votre panier."},
	{"fr", true, "Le mois dernier, vous avez économisé 10 € avec le code PRINTEMPS10. Cette semaine, -20 % avec le code ETE20 !"},
	// The cue names only the discount of its own clause: an offer next to
	// a past saving stays an offer.
	{"en", true, "Thanks to your code WELCOME10 you get 20% off your next order!"},
	{"en", true, "You saved $10 last time, so here is 20% off your next order with code BACK20!"},
	{"en", true, "You've saved $120 with us this year - get another 25% off this weekend with code LOYAL25!"},
	{"en", true, "You have saved big with us, enjoy 30% off everything today only!"},
	{"fr", true, "Grâce à votre code BIENVENUE, profitez de -20 % sur votre prochaine commande !"},
	{"fr", true, "Vous avez économisé 10 €, profitez encore de -30 % ce week-end avec le code MERCI30 !"},
	{"en", false, "Your order #7310 has shipped: $10 off thanks to your voucher WELCOME10."},
	{"fr", false, "Votre commande n° 7310 est expédiée : vous avez bénéficié de -10 € avec le code BIENVENUE10."},
	{"fr", false, "Votre commande n° 7310 est expédiée. -10 € grâce à votre bon de réduction."},
	// A keyword sent to a short code signs people up for a club, a game or
	// a subscription; an opt-out, help or answer keyword does not, nor a
	// number sent to track an order.
	{"en", true, "Text GO to 60606 for your daily horoscope."},
	{"en", true, "Weekly quiz: txt the word PLAY to 60606 now."},
	{"en", false, "Text STOP to 60606 to stop these alerts."},
	{"en", false, "Reply YES to 60606 to confirm your visit on Monday."},
	{"en", false, "Text your order number to 60606 to track your parcel."},
	{"en", false, "Call 60606 to speak to an adviser."},
	{"fr", true, "Envoyez JOUER au 71010 pour recevoir votre horoscope du jour."},
	{"fr", true, "Tapez le mot CLUB au 71010 maintenant."},
	{"fr", false, "Répondez OUI au 71010 pour confirmer votre passage lundi."},
	{"fr", false, "Pour ne plus recevoir nos alertes, envoyez STOP au 71010."},
	{"fr", false, "Envoyez votre numéro de commande au 71010 pour suivre votre colis."},
	// A chance to win is a promotion; winning a match or time is not.
	{"en", true, "Enter our prize draw for a weekend in Rome."},
	{"en", true, "Win tickets to the final in our weekly quiz."},
	{"en", true, "Win £100 in our competition."},
	{"en", false, "Win or lose, we celebrate. If we win, drinks are on me."},
	{"en", false, "The team hopes to win the league; training is at 6 pm."},
	{"fr", true, "Participez à notre jeu concours et partez à Rome."},
	{"fr", true, "Gagnez des places pour la finale avec notre quiz."},
	{"fr", false, "Pour gagner du temps, préparez votre pièce d'identité avant le rendez-vous."},
	{"fr", false, "Gagner ou perdre, on se retrouve après le match. Pour y gagner, on s'entraîne."},
	{"fr", false, "L'équipe espère gagner le championnat ; entraînement à 18 h."},
	// "free" with what people are invited to take: an app, an event, advice.
	{"en", true, "Get the free app and stream every match."},
	{"en", true, "Claim a free consultation with our advisers."},
	{"en", true, "Seminar on Friday, entry free."},
	{"en", false, "Your parcel: download the free app to track it."},
	{"fr", true, "Téléchargez l'appli gratuite et suivez tous les matchs."},
	{"fr", true, "Bilan offert dans nos centres cette semaine."},
	{"fr", false, "Votre colis : suivez-le dans l'appli gratuite."},
	// "Book today" invites; "your booking" confirms.
	{"en", true, "Book today and get a free gift."},
	{"en", false, "Your booking is confirmed: table for 4 at 8 pm, free parking on site."},
	{"fr", true, "Réservez vite : cadeau de bienvenue offert."},
	{"fr", false, "Votre réservation est confirmée : parking gratuit sur place."},
	// An opt-out footer is how marketing ends; one footer counts once, and
	// transactional cues offset it.
	{"en", true, "New flavours this week. Reply STOP to opt out."},
	{"en", false, "Your parcel arrives today. Reply STOP to opt out."},
	{"en", false, "Club meeting on Tuesday at 7 pm. Reply STOP to opt out, text HELP for help."},
	{"fr", true, "Nouvelle carte de printemps cette semaine. STOP au 36111."},
	{"fr", false, "Votre colis arrive aujourd'hui. STOP au 36111."},
	// Loan offers; a loan notice's transactional cues offset them.
	{"en", true, "Home loans at low rates with quick approval."},
	{"en", false, "Your home loan payment of $820 is due on 5 June."},
	{"fr", true, "Prêt personnel sans frais de dossier, réponse immédiate."},
	{"fr", false, "Votre prêt immobilier : prélèvement de 820 € le 5 juin."},
	// Prices sold as low, launches and scarcity are weak: two make an offer.
	{"en", true, "Affordable rates at our new gym, few units left."},
	{"en", true, "We are launching our autumn range: money-back guarantee."},
	{"en", false, "Our app launched a dark mode; update it from your store."},
	{"fr", true, "Prix imbattables et places limitées : inscrivez-vous."},
	{"fr", true, "Lancement de notre gamme bio, satisfait ou remboursé."},
	{"fr", false, "Nous lançons la maintenance de votre compte ce soir à 22 h."},
	// Pressed to call a number: weak.
	{"en", true, "Affordable flats in town. Call now 02079460321."},
	{"en", false, "Call now 08001234567 if you did not make this transaction."},
	{"en", false, "Call me now, I am outside."},
	{"fr", true, "Prix imbattables sur nos cuisines. Appelez maintenant le 0145678910."},
	{"fr", false, "Appelez vite le 0145678910 si vous ne reconnaissez pas ce paiement."},
	// Abbreviated discounts, a free week, sign-ups; "launch the app" is an
	// instruction.
	{"en", true, "33% disc. on all health checks this month."},
	{"en", true, "Subscribe to weekly tips, 1st week free."},
	{"en", true, "Register now for our yoga course: limited places."},
	{"en", true, "Save upto 40% on winter coats."},
	{"en", false, "Launch the app before Friday: last chance to keep your saved themes."},
	{"fr", true, "Abonnez-vous à nos conseils, 1re semaine offerte."},
	{"fr", true, "Prix divisés par deux sur les vélos."},
	{"fr", false, "Votre abonnement : la semaine offerte a été déduite de votre facture."},
	// A price per message, minute or week is a premium or subscription
	// service's; pence and currencies written before the number are amounts.
	{"en", true, "Horoscope club: only 25p per msg."},
	{"en", true, "Get Rs 100 off your first ride."},
	{"en", false, "Calls to our helpline cost 7p per minute plus your phone company's access charge."},
	{"en", false, "Your plan renews at £3 per month on 1 June."},
	{"fr", true, "Club horoscope : seulement 0,80 € par SMS."},
	{"fr", true, "CHF 20 de réduction sur votre abonnement annuel."},
	{"fr", false, "Appel facturé 0,34 € la minute depuis un poste fixe."},
	// A draw that rewards a survey answer is an incentive to answer.
	{"en", false, "Tell us how we did in a 2-minute survey for a chance to win a tablet."},
	{"fr", false, "Répondez à notre enquête de satisfaction et tentez de gagner une tablette."},
	// Adverts of goods and services: put up for sale, sold on quality or
	// rates, a price per area, a price "onwards", a list of prices, a trade
	// offering its services, "call for details". Each is weak: one alone,
	// or beside a transactional cue, is no promotion.
	{"en", true, "Garden flats for sale near the park, few units left."},
	{"en", true, "New riverside flats at 9,500/sqft. Limited units."},
	{"en", true, "Sea-view villas, £280,000 onwards. Limited stock."},
	{"en", true, "Garden chairs £25, tables £90, parasols £40, while stocks last."},
	{"en", true, "We are specialists in roof repairs: best quality at reasonable rates."},
	{"en", true, "Limited seats left in our spring course. For details call 01632 960 184."},
	{"en", true, "Get 2 pizzas for £15 every Tuesday. Reply STOP to opt out."},
	{"en", true, "Get 200 free minutes with every new SIM."},
	{"en", true, "Double minutes all weekend on every plan."},
	{"en", false, "Your car has been listed for sale."},
	{"en", false, "The flat measures 45 m² and the rent is £900 per month."},
	{"en", false, "Coffee £3.20, croissant £2.10, total £5.30. Thank you!"},
	{"en", false, "We offer refunds within 30 days of your order."},
	{"en", false, "For details call 01632 960 184."},
	{"en", false, "Your order of 2 items for $58.20 has shipped."},
	{"en", false, "Feel free to call back in the next 10 minutes."},
	{"fr", true, "Appartements à vendre près du parc, derniers exemplaires."},
	{"fr", true, "Studios neufs à 4 500 €/m², quantités limitées."},
	{"fr", true, "Vélos électriques à 899 € seulement, stock limité."},
	{"fr", true, "Chaises de jardin 25 €, tables 90 € : quantités limitées."},
	{"fr", true, "Nous proposons l'entretien de vos jardins à prix raisonnables."},
	{"fr", true, "Places limitées pour notre stage de printemps. Renseignements au 01 45 67 89 10."},
	{"fr", true, "2 pizzas pour 15 € tous les mardis. STOP au 36111"},
	{"fr", true, "100 minutes offertes avec chaque nouvelle carte SIM."},
	{"fr", true, "Minutes doublées tout le week-end sur tous les forfaits."},
	{"fr", false, "Votre voiture est en ligne : annonce à vendre publiée."},
	{"fr", false, "Le studio fait 25 m² et le loyer est de 600 € par mois."},
	{"fr", false, "Café 3,20 €, croissant 2,10 €, total 5,30 €. Merci !"},
	{"fr", false, "Nous vous proposons un rendez-vous mardi à 10 h."},
	{"fr", false, "Renseignements au 01 45 67 89 10."},
	{"fr", false, "Votre commande de 2 articles pour 58,20 € a été expédiée."},
	{"en", true, "Consult our specialists: holidays frm £299, limited places."},
	{"en", true, "Finance available on every kitchen, best quality guaranteed."},
	{"en", false, "Consult our specialists about your test results at your appointment."},
	{"fr", true, "Consultez nos spécialistes : financement possible, places limitées."},
	{"fr", false, "Consultez nos experts lors de votre rendez-vous."},
	// Money moved on an account is transactional, however it is written.
	{"en", false, "Rs 5000 only debited from a/c XX123, Rs 200 only credited."},
	{"fr", false, "500 € seulement débités, 20 € seulement crédités hier."},
}

func TestVerdicts(t *testing.T) {
	d, st := newDetector(t)
	n := map[string]int{}
	for _, c := range verdicts {
		n[c.lang]++
		a := text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st})
		r := d.Detect(a)
		if r.Promotional != c.promo {
			t.Errorf("%s %q: promotional = %v (score %g), want %v\n%s", c.lang, c.text, r.Promotional, r.Score, c.promo, explain(c.text, r))
		}
		if r.Promotional != (r.Score >= promo.Threshold) {
			t.Errorf("%q: Promotional %v disagrees with score %g", c.text, r.Promotional, r.Score)
		}
	}
	if n["en"] < 30 || n["fr"] < 30 {
		t.Errorf("want at least 30 cases per language, have %v", n)
	}
}

func explain(s string, r promo.Result) string {
	var b strings.Builder
	for _, e := range slices.Concat(r.Evidence, r.Against) {
		b.WriteString("\t" + e.Signal + " " + quote(s, e) + "\n")
	}
	return b.String()
}

func quote(s string, e promo.Evidence) string { return "\"" + s[e.Start:e.End] + "\"" }

// TestEvidence checks the spans, signals and weights of the evidence.
func TestEvidence(t *testing.T) {
	d, st := newDetector(t)
	type ev struct {
		signal, text string
		weight       float64
	}
	cases := []struct {
		lang, text string
		want       []ev
		against    []ev
	}{
		{"fr", "Soldes : -20 % avec le code BIENVENUE10, livraison offerte.", []ev{
			{"sale", "Soldes", 2}, {"discount", "-20 %", 2}, {"promo code", "BIENVENUE10", 2}, {"free offer", "livraison offerte", 2},
		}, nil},
		{"en", "Get 20% off with promo code SAVE20 – only $9.99!", []ev{
			{"discount", "20% off", 2}, {"promo code", "SAVE20", 2}, {"price claim", "only $9.99", 1},
		}, nil},
		{"en", "Your order has shipped. Up to 50% off: shop now.", []ev{
			{"discount", "50% off", 2}, {"call to buy", "shop now", 2},
		}, []ev{{"transactional", "Your order", -1}, {"transactional", "has shipped", -1}}},
		{"fr", "Frais de port offerts et 29 € au lieu de 49 € — 3 pour 2 !", []ev{
			{"free offer", "port offerts", 2}, {"reduced price", "au lieu de 49 €", 2}, {"discount", "3 pour 2", 2},
		}, nil},
		{"fr", "Le 2e offert, jusqu’à dimanche 🎁", []ev{
			{"free offer", "2e offert", 2}, {"urgency", "jusqu’à dimanche", 1}, {"promo emoji", "🎁", 0.5},
		}, nil},
		{"en", "Code promo SAVE10 applied to your order.", nil,
			[]ev{{"already applied", "applied", -1}, {"transactional", "your order", -1}}},
		{"en", "Your code is 123456.", nil, nil},
		{"en", "Text WIN to 80086 today.", []ev{{"keyword to short code", "Text WIN to 80086", 2}}, nil},
		{"en", "Only 150p per msg.", []ev{{"price claim", "Only 150p", 1}, {"premium charge", "per msg", 1}}, nil},
		{"fr", "Seulement 0,80 €/SMS.", []ev{{"price claim", "Seulement 0,80 €", 1}, {"premium charge", "/SMS", 1}}, nil},
		{"en", "Reply STOP to opt out.", []ev{{"opt-out footer", "Reply STOP", 1}, {"opt-out footer", "to opt out", 1}}, nil},
		{"en", "Win tickets in our quiz!", []ev{{"contest", "Win", 1}, {"contest", "quiz", 1}}, nil},
		{"fr", "Tentez de gagner un vélo !", []ev{{"contest", "Tentez de gagner", 2}}, nil},
		{"fr", "Envoyez le mot JEU au 71010.", []ev{{"keyword to short code", "Envoyez le mot JEU au 71010", 2}}, nil},
		{"en", "Plots at 5000@sq.mtr, few units left.", []ev{{"price per area", "5000@sq", 1}, {"scarcity", "few units left", 1}}, nil},
		{"en", "Villas from Rs 28 lac onwards.", []ev{{"price claim", "from Rs 28 lac", 1}}, nil},
		{"en", "Flats at Rs 28 lac onwards.", []ev{{"price claim", "Rs 28 lac onwards", 1}}, nil},
		{"en", "Slim belt Rs650, massage belt Rs999.", []ev{{"price list", "Rs999", 1}}, nil},
		{"en", "3 shirts for $40.", []ev{{"price claim", "3 shirts for $40", 1}}, nil},
		{"fr", "Terrains à 120 € le m2, 3 200 €/m² en ville.", []ev{{"price per area", "120 € le m2", 1}, {"price per area", "3 200 €/m²", 1}}, nil},
		{"fr", "Vélos à 899 € seulement.", []ev{{"price claim", "899 € seulement", 1}}, nil},
	}
	for _, c := range cases {
		a := text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st})
		r := d.Detect(a)
		check := func(what string, got []promo.Evidence, want []ev) {
			t.Helper()
			var g []ev
			for _, e := range got {
				g = append(g, ev{e.Signal, c.text[e.Start:e.End], e.Weight})
			}
			if !slices.Equal(g, want) {
				t.Errorf("%q %s:\n got %v\nwant %v", c.text, what, g, want)
			}
		}
		check("evidence", r.Evidence, c.want)
		check("against", r.Against, c.against)
	}
}

// TestAdvert checks Result.Advert: one weak cue of an advert, nothing
// transactional, short of a promotion.
func TestAdvert(t *testing.T) {
	d, st := newDetector(t)
	for _, c := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "Garden flats for sale near the park. Call Sam.", true},
		{"en", "Limited seats in our spring course.", true},
		{"en", "I want to buy a car, hurry up.", false},             // chat: "buy" and "hurry" are no advert
		{"en", "Garden flats for sale, few units left.", false},     // promotional already
		{"en", "Your flat for sale: the viewing is booked.", false}, // a transactional cue
		{"en", "See you at 6.", false},
		{"en", "Labour £120, parts £80. Call me to book.", false}, // a quote lists prices too
		{"fr", "Main-d'œuvre 120 €, pièces 80 €. Appelez-moi.", false},
		{"fr", "Appartements à vendre près du parc.", true},
		{"fr", "Studios neufs à 4 500 €/m².", true},
		{"fr", "C'est 5 € seulement, appelle-moi.", false}, // a price claim alone: chat says it too
		{"en", "It's only £5, call me.", false},
		{"en", "I got you a gift, call me tonight.", false}, // an offer word: chat says it too
		{"en", "The room is £80 per week, text me.", false}, // a charge: a lodger's rent too
		{"en", "The cake is almost gone, come home.", false},
		{"fr", "La chambre est à 80 € par semaine, écris-moi.", false},
		{"fr", "J'ai un cadeau pour toi, appelle-moi ce soir.", false},
		{"en", "Money-back guarantee on every mattress.", true},
		{"fr", "Satisfait ou remboursé sur tous nos matelas.", true},
		{"en", "Call now 07700 900 461, mum is in hospital.", false},
		{"fr", "Appelez vite le 06 12 34 56 78, maman est à l'hôpital.", false},
		{"fr", "Je veux acheter une voiture, vite.", false},
		{"fr", "Votre appartement à vendre : rendez-vous de visite mardi à 10 h.", false},
	} {
		r := d.Detect(text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st}))
		if got := r.Advert(); got != c.want {
			t.Errorf("%q: Advert() = %v, want %v\n%s", c.text, got, c.want, explain(c.text, r))
		}
	}
}

// TestScore checks the scoring rules: strong evidence is never offset,
// weak evidence is, and a signal counts at most MaxPerSignal times.
func TestScore(t *testing.T) {
	d, st := newDetector(t)
	cases := []struct {
		lang, text string
		score      float64
	}{
		{"en", "Shop now.", 2},
		{"en", "Your order has shipped. Your receipt is attached. Shop now.", 2},
		{"en", "Last chance: our offers.", 2},
		{"en", "Last chance: our offers for your order.", 1},
		{"en", "Sale! Sale! Sale! Sale!", 2 * promo.Strong},
		{"en", "Nothing to see here.", 0},
		{"en", "Reply STOP to opt out. Text STOP to unsubscribe.", 1},
	}
	for _, c := range cases {
		r := d.Detect(text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st}))
		if r.Score != c.score {
			t.Errorf("%q: score %g, want %g\n%s", c.text, r.Score, c.score, explain(c.text, r))
		}
	}
}

func TestStrongest(t *testing.T) {
	d, st := newDetector(t)
	s := "Last chance: 20% off."
	r := d.Detect(text.Analyze(s, text.Options{Lang: "en", Stems: st}))
	e, ok := r.Strongest()
	if !ok || s[e.Start:e.End] != "20% off" {
		t.Errorf("Strongest = %q, %v; want \"20%% off\"", s[e.Start:e.End], ok)
	}
	if _, ok := (promo.Result{}).Strongest(); ok {
		t.Error("Strongest of no evidence reports ok")
	}
}

func TestEmptyAndNil(t *testing.T) {
	d, st := newDetector(t)
	if r := d.Detect(text.Analyze("", text.Options{Stems: st})); r.Promotional || len(r.Evidence) > 0 {
		t.Errorf("empty text: %+v", r)
	}
	if r := d.Detect(nil); r.Promotional {
		t.Errorf("nil analysis: %+v", r)
	}
}

// TestConcurrent runs one Detector from several goroutines (go test -race).
func TestConcurrent(t *testing.T) {
	d, st := newDetector(t)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			for _, c := range verdicts[g*5 : g*5+20] {
				d.Detect(text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st}))
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}

func FuzzDetect(f *testing.F) {
	for _, c := range verdicts {
		f.Add(c.text, c.lang == "fr")
	}
	f.Add("-", false)
	f.Add("code", true)
	f.Add("20 %\xff off", false)
	f.Add("\xe2\x82 10 € offerts", true)
	d, st := newDetector(f)
	f.Fuzz(func(t *testing.T, s string, fr bool) {
		lang := "en"
		if fr {
			lang = "fr"
		}
		r := d.Detect(text.Analyze(s, text.Options{Lang: lang, Stems: st}))
		bounds := runeBounds(s)
		for _, list := range [][]promo.Evidence{r.Evidence, r.Against} {
			for k, e := range list {
				if e.Start < 0 || e.End > len(s) || e.Start >= e.End {
					t.Fatalf("span %d-%d out of range for %d bytes", e.Start, e.End, len(s))
				}
				if !bounds[e.Start] || !bounds[e.End] {
					t.Fatalf("span %d-%d splits a character of %q", e.Start, e.End, s)
				}
				if k > 0 && list[k-1].Start > e.Start {
					t.Fatalf("evidence not sorted by start: %v", list)
				}
				if e.Signal == "" || e.Weight == 0 {
					t.Fatalf("evidence without signal or weight: %+v", e)
				}
			}
		}
		if r.Promotional != (r.Score >= promo.Threshold) || r.Score < 0 {
			t.Fatalf("score %g, promotional %v", r.Score, r.Promotional)
		}
	})
}

// runeBounds marks the offsets where a character starts (an invalid byte is
// a character of its own) and the end of s.
func runeBounds(s string) map[int]bool {
	b := map[int]bool{len(s): true}
	for i := 0; i < len(s); {
		b[i] = true
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return b
}

func BenchmarkDetect(b *testing.B) {
	d, st := newDetector(b)
	as := make([]*text.Analysis, 0, len(verdicts))
	for _, c := range verdicts {
		a := text.Analyze(c.text, text.Options{Lang: c.lang, Stems: st})
		d.Detect(a) // fill the stem cache, as the rules before it would
		as = append(as, a)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d.Detect(as[i%len(as)])
	}
}

func TestTop(t *testing.T) {
	d, st := newDetector(t)
	s := "Last chance: 20% off with code SAVE20, free shipping, today only."
	r := d.Detect(text.Analyze(s, text.Options{Lang: "en", Stems: st}))
	var got []string
	for _, e := range r.Top(2) {
		got = append(got, s[e.Start:e.End])
	}
	if want := []string{"20% off", "SAVE20"}; !slices.Equal(got, want) {
		t.Errorf("Top(2) = %q, want %q", got, want)
	}
	if len(r.Top(0)) != 0 || len(r.Top(10)) != len(r.Evidence) {
		t.Errorf("Top(0) or Top(10) wrong: %v", r.Top(10))
	}
}
