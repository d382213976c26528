package spam

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint/text"
)

// evidenceOf returns the evidence of the named signal, if it fired.
func evidenceOf(r Result, name string) (Evidence, bool) {
	for _, e := range r.Evidence {
		if e.Signal == name {
			return e, true
		}
	}
	return Evidence{}, false
}

// TestSignals fires every signal in English and French and checks its
// evidence, then checks look-alike messages that must not fire it.
func TestSignals(t *testing.T) {
	d := detector(t)
	cases := []struct {
		signal, in, evidence string
	}{
		{"capitals", "WE WILL BLOCK YOUR ACCOUNT TODAY UNLESS YOU ANSWER", "WE WILL BLOCK YOUR ACCOUNT TODAY UNLESS YOU ANSWER"},
		{"capitals", "VOTRE COMPTE SERA FERMÉ CE SOIR SI VOUS NE RÉPONDEZ PAS", "VOTRE COMPTE SERA FERMÉ CE SOIR SI VOUS NE RÉPONDEZ PAS"},
		{"shouting", "You are a WINNER!! Call us", "WINNER!!"},
		{"shouting", "Offre GRATUITE aujourd'hui", "GRATUITE"},
		{"shouting", "Incroyable ??? Oui", "???"},
		{"emoji", "Big news 💰💰💰 for you", "💰💰💰"},
		{"emoji", "Promo ★ ★ ★ ★ top ★", "★"},
		{"prize", "You have won a holiday", "You have won"},
		{"prize", "Vous avez gagné un séjour", "Vous avez gagné"},
		{"prize", "Le grand gagnant est vous", "grand gagnant"},
		{"prize", "Get 10,000 free Robux with this generator", "free Robux"},
		{"prize", "Des V-Bucks gratuits pour tous les joueurs", "V-Bucks gratuits"},
		{"urgency", "Act now before midnight", "Act now"},
		{"urgency", "Dernière chance pour en profiter", "Dernière chance"},
		{"urgency", "Please call 0207 946 0321 now", "0207 946 0321"},
		{"urgency", "Only 2 days left to join", "days left"},
		{"urgency", "Final day of the sale", "Final day"},
		{"urgency", "Plus qu'un jour pour vous inscrire", "Plus qu'un jour"},
		{"urgency", "Dernier jour des soldes", "Dernier jour"},
		{"account-threat", "Your account has been suspended", "account has been suspended"},
		{"account-threat", "Votre compte a été bloqué", "compte a été bloqué"},
		{"account-threat", "Your parcel is on hold until the fee is paid", "parcel is on hold"},
		{"account-threat", "We regret to say your card is now locked", "card is now locked"},
		{"account-threat", "Votre carte est désormais bloquée", "carte est désormais bloquée"},
		// A suspension to come with no date, only pressure.
		{"account-threat", "Your account will be suspended within 24 hours unless you act", "account will be suspended"},
		{"account-threat", "Votre compte sera suspendu sous 24 heures", "compte sera suspendu"},
		{"account-threat", "Your account will be suspended on request of the bank", "account will be suspended"},
		{"fine", "Vous avez une amende impayée", "amende impayée"},
		{"fine", "A penalty notice has been issued to your address", "penalty notice"},
		{"fine", "You have been fined for leaving home", "been fined"},
		{"fine", "Un avis de contravention vous a été adressé", "avis de contravention"},
		{"fine", "Vous avez été verbalisé hier soir", "Vous avez été verbalisé"},
		{"fine", "You have an unpaid toll on the M6", "unpaid toll"},
		{"fine", "Vous avez un péage impayé sur l'A7", "péage impayé"},
		// A fine with a link or an e-mail address to pay or appeal, or
		// in an authority's name.
		{"official-fine", "A fine of £60 is due: pay at https://fines-office.example.net", "A fine of"},
		{"official-fine", "Une amende de 35 € est due : payez sur https://amendes.example.net", "Une amende de"},
		{"official-fine", "POLICE NOTICE: you have been fined for breaking the curfew", "POLICE"},
		{"official-fine", "Gendarmerie : vous avez été verbalisé pour excès de vitesse", "Gendarmerie"},
		{"official-fine", "A penalty notice was issued, appeal by mail to appeals@fines.example.net", "penalty notice"},
		{"vague-alert", "Your debit card was used for 420.00 GBP at an online store. If not you, call 0330 123 4567", "If not you"},
		{"vague-alert", "A transaction of $590 was made on your account; if unauthorised follow https://secure-check.example.net", "if unauthorised"},
		{"vague-alert", "Votre carte a été utilisée pour un achat de 420 €. Si ce n'est pas vous, appelez le 01 84 00 00 00", "Si ce n'est pas vous"},
		{"vague-alert", "Un paiement de 89 € a été effectué. Si vous n'êtes pas à l'origine de ce paiement : https://opposition.example.net", "Si vous n'êtes pas à l'origine"},
		{"dispute-link", "A payment of $590 was made from your account. If this was not you, follow https://stop-payment.example.net", "If this was not you"},
		{"dispute-link", "Une opération de 890 € a été détectée. Si vous n'êtes pas à l'origine de cette opération : https://opposition.example.net", "Si vous n'êtes pas à l'origine"},
		{"shortener", "Watch the keynote at https://goo.gle/io-keynote", "https://goo.gle/io-keynote"},
		{"secret-request", "Reply with your PIN to unblock your card", "Reply with your PIN"},
		{"secret-request", "Confirm it by sending your bank login and password by text", "sending your bank login and password"},
		{"secret-request", "Text us your card security code to get the refund", "Text us your card security code"},
		{"secret-request", "Envoyez-nous votre code confidentiel pour débloquer la carte", "Envoyez-nous votre code confidentiel"},
		{"secret-request", "Répondez par SMS avec votre mot de passe", "Répondez par SMS avec votre mot de passe"},
		{"verify-request", "Please review your details at our secure page", "review your details"},
		{"verify-request", "Merci de vérifier vos coordonnées sur notre page", "vérifier vos coordonnées"},
		{"verify-request", "Please verify your account here", "verify your account"},
		{"verify-request", "Merci de vérifier votre identité", "vérifier votre identité"},
		{"click-here", "Click here for details", "Click here"},
		{"click-here", "Cliquez ici pour voir", "Cliquez ici"},
		{"guarantee", "Results 100% sure", "100%"},
		{"guarantee", "Résultat garanti sans risque", "garanti"},
		{"guarantee", "Satisfaction 100 % assurée", "100 %"},
		{"dear-friend", "Dear friend, I need your help", "Dear friend"},
		{"dear-friend", "Cher ami, je vous écris", "Cher ami"},
		{"credentials", "Send your name and age", "Send your name"},
		{"credentials", "Indiquez vos coordonnées bancaires", "vos coordonnées bancaires"},
		{"credentials", "To claim send name, age and address", "send name"},
		{"credentials", "Pour le recevoir, envoyez nom et adresse", "envoyez nom et adresse"},
		{"chat-line", "Bored tonight? Hot singles in your area are online now", "Hot singles"},
		{"chat-line", "Hey it's Mia, 23, just moved here. Fancy a drink?", "it's Mia, 23"},
		{"chat-line", "Kim (31/F) sent you a photo", "(31/F)"},
		{"chat-line", "Nina (24f) wants to chat", "(24f)"},
		{"chat-line", "Salut, moi c'est Léa, 25 ans, dispo ce soir", "moi c'est Léa, 25"},
		{"chat-line", "Hi, I'm Zoe, 28 and bored tonight", "I'm Zoe, 28"},
		{"chat-line", "Je m'appelle Inès 27 ans et je m'ennuie", "Je m'appelle Inès 27"},
		{"chat-line", "Deux voisines veulent te rencontrer ce soir", "veulent te rencontrer"},
		{"chat-line", "Feeling lonely tonight, want some company?", "lonely tonight"},
		{"chat-line", "Coucou, je m'ennuie ce soir toute seule", "je m'ennuie ce soir"},
		// A lure answered by a keyword, no number needed.
		{"chat-reply", "Hot singles in your area want to chat with you. Reply YES to meet one tonight", "Reply YES"},
		{"chat-reply", "Lonely tonight? Local girls are waiting to meet you, text DATE now", "text DATE"},
		{"chat-reply", "Des célibataires près de chez toi veulent te rencontrer. Réponds OUI pour discuter", "Réponds OUI"},
		{"chat-reply", "Coucou, je m'ennuie ce soir... envoie CHAT et on fait connaissance", "envoie CHAT"},
		{"advance-fee", "As next of kin you can receive the estate", "next of kin"},
		{"advance-fee", "I wish to transfer to you the sum left by my client", "to transfer to you"},
		{"advance-fee", "Je souhaite vous transférer la somme laissée par mon client", "vous transférer la somme"},
		{"advance-fee", "Mon défunt mari a laissé une fortune à partager", "Mon défunt mari"},
		{"self-promotion", "Please check out my latest upload", "check out my"},
		{"self-promotion", "Subscribe to me and share", "Subscribe to me"},
		{"self-promotion", "sub4sub anyone?", "sub4sub"},
		{"self-promotion", "Allez voir ma dernière création", "Allez voir ma"},
		{"self-promotion", "Suivez-moi pour plus de contenu", "Suivez-moi"},
		{"own-content", "New upload on my YouTube channel", "my YouTube channel"},
		{"own-content", "Listen to my new song tonight", "my new song"},
		{"own-content", "Check out my music, thanks", "my music"},
		{"own-content", "Rendez-vous sur ma chaîne", "ma chaîne"},
		{"own-content", "Voici mon premier album", "mon premier album"},
		{"own-content", "Please visit my website today", "my website"},
		{"engagement-bait", "Like this comment if you agree", "Like this comment"},
		{"engagement-bait", "Thumbs up if you are still here", "Thumbs up if"},
		{"engagement-bait", "I sub back, promise", "sub back"},
		{"engagement-bait", "Likez si vous êtes d'accord", "Likez si"},
		{"engagement-bait", "Partagez cette vidéo à vos amis", "Partagez cette vidéo"},
		{"cash", "Make money from your sofa", "Make money"},
		{"cash", "Instant loan, no paperwork", "Instant loan"},
		{"cash", "De l'argent facile chaque mois", "argent facile"},
		{"cash", "Un prêt rapide en 24h", "prêt rapide"},
		{"cash", "Homeowners and tenants welcome, previously refused? We can help", "Homeowners and tenants"},
		{"cash", "Locataires acceptés, même interdit bancaire", "Locataires acceptés"},
		{"premium-subscription", "Daily horoscopes to your phone, £2.50/wk, reply STAR to join", "£2.50/wk"},
		{"premium-subscription", "Quiz du jour : 3 € par semaine, envoyez QUIZ pour vous abonner", "3 € par semaine"},
		{"premium-subscription", "Funny video clips every day! 1st week free then £3 per week", "£3 per week"},
		{"premium-subscription", "Vous êtes abonné aux Blagues du jour, 2,50 €/semaine. Pour résilier, envoyez STOP au 83456", "2,50 €/semaine"},
		{"premium-subscription", "Bienvenue chez Astuces Mobile : 1,50 € par SMS reçu. Pour vous désabonner envoyez STOP au 62211", "1,50 € par SMS"},
		// A small fee asked for a parcel, to pay on a site of its own.
		{"parcel-fee", "Your parcel could not be delivered. A £1.20 redelivery fee is due: https://redelivery-parcel.info/gb", "£1.20"},
		{"parcel-fee", "Package on hold at our depot: pay the $2.95 shipping fee to release it at https://pkg-release.net/x", "$2.95"},
		{"parcel-fee", "Votre colis est en attente, des frais de livraison de 1,79 € sont à régler : https://suivi-colis.help/fr", "1,79 €"},
		{"parcel-fee", "La Poste : votre colis n'a pas pu être livré, réglez 2,10 EUR de frais ici http://bit.ly/3aBcD9", "2,10 EUR"},
		{"loan-offer", "Been refused credit elsewhere? Homeowners welcome, call us", "Been refused credit"},
		{"loan-offer", "Prêt rapide même fiché, réponse immédiate", "même fiché"},
		{"loan-offer", "Struggling with debt? Up to 80% of your debts could be written off", "debts could be written off"},
		{"loan-offer", "Surendettement ? Nous pouvons effacer vos dettes", "effacer vos dettes"},
		{"loan-offer", "Crédit accordé même si refusé ailleurs, appelez-nous", "refusé ailleurs"},
		{"account-threat", "Your Apple ID has been locked for security reasons", "ID has been locked"},
		{"account-threat", "Votre identifiant a été bloqué par mesure de sécurité", "identifiant a été bloqué"},
		{"earnings", "Earn $500 a day from your phone", "Earn $500 a day"},
		{"earnings", "I am making $3,000+ per month online", "making $3,000+ per month"},
		{"earnings", "Gagnez 300 € par jour depuis chez vous", "Gagnez 300 € par jour"},
		{"earnings", "Get paid £25/hr for simple tasks", "Get paid £25/hr"},
		{"money-prize", "A £500 cash reward waits", "£500 cash"},
		{"money-prize", "Un chèque de 1 500 € pour vous", "chèque de 1 500 €"},
		{"money-prize", "You won 2 million dollars", "won 2 million dollars"},
		{"premium-rate", "Call 09061701461 today", "09061701461"},
		{"premium-rate", "Call +44 906 170 1461", "+44 906 170 1461"},
		{"premium-rate", "Appelez le 08 99 23 45 67", "08 99 23 45 67"},
		{"premium-rate", "ring0871 234 5678", "0871 234 5678"},
		{"mobile-contact", "Your KYC is pending. Call our officer on 9876543210", "Call our officer on 9876543210"},
		{"mobile-contact", "Card blocked: contact +44 7700 900123 today", "contact +44 7700 900123"},
		{"mobile-contact", "Votre compte est suspendu, appelez le 06 12 34 56 78", "appelez le 06 12 34 56 78"},
		{"mobile-contact", "Earn $300 a day, WhatsApp +1 555 010 0199", "WhatsApp +1 555 010 0199"},
		{"mobile-contact", "Loan approved. Cnt-9840139557", "Cnt-9840139557"},
		{"short-code", "Text WIN to 80082 to enter", "Text WIN to 80082"},
		{"short-code", "Envoyez JEU au 71010", "Envoyez JEU au 71010"},
		{"short-code", "Rply GO to 62468 now", "Rply GO to 62468"},
		{"short-code", "txt POLL 2 80160 for more", "txt POLL 2 80160"},
		{"short-code", "Répondez OUI au 36180 pour participer", "Répondez OUI au 36180"},
		{"short-code", "For the brochure SMS FLAT 53030", "SMS FLAT 53030"},
		{"short-code", "Pour la brochure, envoyez VILLA 71010", "envoyez VILLA 71010"},
		{"prize", "Your number has been awarded a holiday", "has been awarded"},
		{"prize", "We are pleased to award you a voucher", "We are pleased to award"},
		{"prize", "Un séjour vous a été attribué", "vous a été attribué"},
		{"prize", "Vous avez été tiré au sort pour un voyage", "avez été tiré au sort"},
		{"cash", "Need a loan this month? We can help", "Need a loan"},
		{"loan-offer", "Need a loan? Borrow up to £5000 today", "loan"},
		{"loan-offer", "Besoin d'un prêt ? Jusqu'à 5 000 € en 24h", "prêt"},
		{"cash", "Besoin d'un prêt ce mois-ci ?", "Besoin d'un prêt"},
		{"fine-print", "Offer for 18+ only", "18+"},
		{"fine-print", "Only 150p/msg", "150p/msg"},
		{"fine-print", "Service à 0,80 €/min", "0,80 €/min"},
		{"fine-print", "Prix d'un SMS surtaxé", "Prix d'un SMS"},
		{"fine-print", "Chat now, all replies cost £1.50", "all replies cost"},
		{"fine-print", "Rush offer valid till Sunday. T & C", "T & C"},
		{"fine-print", "Offre valable jusqu'à dimanche. T&C.", "T&C"},
		{"fine-print", "Discutez ce soir, réponses facturées 1 €", "réponses facturées"},
		{"paid-reply", "Bored tonight? Text me back, 150p per msg", "150p per msg"},
		{"paid-reply", "Txt me now, all replies cost £1.50", "replies cost"},
		{"paid-reply", "Écris-moi ce soir, réponses facturées 1 €", "réponses facturées"},
		{"paid-reply", "Réponds-moi vite, 0,80 € par SMS", "0,80 € par SMS"},
		{"shortener", "See bit.ly/3xYz now", "bit.ly/3xYz"},
		{"shortener", "Voir https://tinyurl.com/abc", "https://tinyurl.com/abc"},
		{"shortener", "Claim it at qkr.io/fCVbD today", "qkr.io/fCVbD"},
		{"shortener", "Confirmez sur http://lnq.example.fr/7hK2pq", "http://lnq.example.fr/7hK2pq"},
		{"shortener", "See http://go.example.net/17j80", "http://go.example.net/17j80"},
		{"mobile-contact", "Plots ready, Rs 2,600 per yard. Call 9876543210", "Call 9876543210"},
		{"mobile-contact", "Flats from Rs 40 lakh, Cont.9876543210", "Cont.9876543210"},
		{"several-numbers", "Slim belts, call 9876543210/9123456789", "call 9876543210/9123456789"},
		{"several-numbers", "Cours du soir, appelez le 06 12 34 56 78 ou 07 98 76 54 32", "appelez le 06 12 34 56 78 ou 07 98 76 54 32"},
		{"mobile-contact", "Studios dès 90 000 €, Tél.0612345678", "Tél.0612345678"},
		{"mobile-contact", "Appartements dès 180 000 €, appelez le 06 12 34 56 78", "appelez le 06 12 34 56 78"},
		{"raw-ip", "Log in at http://203.0.113.7/login", "http://203.0.113.7/login"},
		{"lookalike-domain", "Go to paypa1.com/login", "paypa1.com/login"},
		{"lookalike-domain", "Voir https://ameli-remboursement.fr/dossier", "https://ameli-remboursement.fr/dossier"},
		{"lookalike-domain", "See https://paypal.com.example.net/x", "https://paypal.com.example.net/x"},
		{"lookalike-domain", "See https://xn--pypal-4ve.com", "https://xn--pypal-4ve.com"},
		{"lookalike-domain", "Write to paypal.support@gmail.com", "paypal.support@gmail.com"},
		{"risky-host", "Visit https://deals.example.tk", "https://deals.example.tk"},
		{"risky-host", "Voir http://a1b2.duckdns.org/x", "http://a1b2.duckdns.org/x"},
		{"unsafe-link", "Log in at http://a1b2.ngrok.io/bank", "http://a1b2.ngrok.io/bank"},
		{"unsafe-link", "Connectez-vous sur https://calm-river.trycloudflare.com", "https://calm-river.trycloudflare.com"},
		{"unsafe-link", "Install the new version: https://example.net/dl/update.apk", "https://example.net/dl/update.apk"},
		{"unsafe-link", "Installez la mise à jour : exemple-suivi.fr/colis/Suivi.APK?id=4", "exemple-suivi.fr/colis/Suivi.APK?id=4"},
		{"brand-mismatch", "Your PayPal access: https://example.net/pp", "https://example.net/pp"},
		{"many-links", "a https://a.example.com b https://b.example.com c https://c.example.com", "https://c.example.com"},
		{"free-email", "Reply to prizes.office@yahoo.com", "prizes.office@yahoo.com"},
		{"broken-link", "Open http:/bit.ly/abc now", "http:/bit.ly/abc"},
		{"broken-link", "Ouvrez hxxp://exemple.fr/x", "hxxp://exemple.fr/x"},
		{"broken-link", "Login at http://mybank/login", "http://mybank/login"},
		{"call-pressure", "Call now on 0870 123 4567, just 25p per min", "25p per min"},
		{"call-pressure", "Dernière chance : appelez le 01 23 45 67 89, 0,80 € par minute", "0,80 € par minute"},
		{"disguised-link", "Finish your sign-up at http://start.example.xyz/Qw7rTz", "http://start.example.xyz/Qw7rTz"},
		{"disguised-link", "Terminez votre inscription sur http://debut.exemple.xyz/ Qw7rTz", "http://debut.exemple.xyz/ Qw7rTz"},
		{"broken-link", "Confirm at mybank-secure dot com today", "mybank-secure dot com"},
		{"broken-link", "Confirmez sur mabanque-securite point com", "mabanque-securite point com"},
		{"broken-link", "Log in at mybank-secure[dot]com now", "mybank-secure[dot]com"},
		{"broken-link", "Visit www . mybank-secure . com to confirm", "www . mybank-secure"},
		{"broken-link", "Rendez-vous sur mabanque-securite . com pour confirmer", "mabanque-securite . com"},
		{"broken-link", "Log in at mybank.example-help.c om/secure", "mybank.example-help.c om/secure"},
		{"broken-link", "Confirm your update http://x7.example.rocks/ Hb4kq9", "http://x7.example.rocks/ Hb4kq9"},
		{"invisible-chars", "Cl\u200baim now", "\u200b"},
		{"lookalike-letters", "Votre compte Аmeli", "Аmeli"},
		{"spaced-letters", "Get F R E E stuff", "F R E E"},
		{"spaced-letters", "C'est G.R.A.T.U.I.T", "G.R.A.T.U.I.T"},
		{"leetspeak", "Totally fr33 stuff", "fr33"},
		{"leetspeak", "C'est gr4tuit", "gr4tuit"},
	}
	fired := map[string]bool{}
	for _, c := range cases {
		r := d.Detect(analyze(c.in))
		e, ok := evidenceOf(r, c.signal)
		if !ok {
			t.Errorf("%s does not fire on %q (got %v)", c.signal, c.in, r.Evidence)
			continue
		}
		fired[c.signal] = true
		if got := c.in[e.Start:e.End]; got != c.evidence {
			t.Errorf("%s on %q: evidence %q, want %q", c.signal, c.in, got, c.evidence)
		}
	}
	// unsolicited-promo comes from the caller's context.
	promo := "20 % off everything this weekend"
	r := d.DetectContext(analyze(promo), Context{Unsolicited: true, PromoStart: 0, PromoEnd: 8})
	if e, ok := evidenceOf(r, "unsolicited-promo"); !ok || promo[e.Start:e.End] != "20 % off" || r.Score != e.Weight {
		t.Errorf("unsolicited-promo from the context: %v (score %g)", r.Evidence, r.Score)
	} else {
		fired["unsolicited-promo"] = true
	}
	if r := d.Detect(analyze(promo)); r.Score != 0 {
		t.Errorf("a promotion without context scores %g: %v", r.Score, r.Evidence)
	}
	// shouting-promo: a promotion in capitals with "!!", opt-out or not,
	// in English and French; the same promotion said politely draws nothing.
	for _, shout := range []string{
		"HUGE WINTER SALE ON ALL COATS TODAY ONLY!!! Reply STOP to opt out",
		"SOLDES MONSTRES SUR TOUS LES MANTEAUX AUJOURD'HUI SEULEMENT !!! STOP au 36111",
	} {
		r := d.DetectContext(analyze(shout), Context{Promotional: true, PromoStart: 0, PromoEnd: 4})
		e, ok := evidenceOf(r, "shouting-promo")
		if !ok || !strings.Contains(shout[e.Start:e.End], "!!") || r.Score < 5 {
			t.Errorf("shouting-promo on %q: %v (score %g)", shout, r.Evidence, r.Score)
			continue
		}
		fired["shouting-promo"] = true
		if r := d.Detect(analyze(shout)); hasSignal(r, "shouting-promo") {
			t.Errorf("shouting-promo without a promotion: %v", r.Evidence)
		}
	}
	// promo-mobile: a promotion without opt-out answered on a mobile
	// number; with unsolicited-promo it warns on its own. The same text
	// with an opt-out (no Unsolicited), a landline, or no promotion at all
	// draws nothing of it.
	for _, c := range []struct{ in, evidence string }{
		{"New flats from Rs 40 lakh, few left. Call 9876543210 for a visit", "Call 9876543210"},
		{"Nouveaux studios à vendre, visite sur rendez-vous, appelez le 06 12 34 56 78", "appelez le 06 12 34 56 78"},
		// A mobile number that signs the promotion off is its contact.
		{"Spring sale at Dave's Cycles: 20 % off all bikes this week. Dave 07700 900 812", "07700 900 812"},
		{"Soldes chez Vélos Julien : -20 % sur tous les vélos. Julien 06 12 34 56 78 !", "06 12 34 56 78"},
	} {
		a := analyze(c.in)
		r := d.DetectContext(a, Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 3})
		e, ok := evidenceOf(r, "promo-mobile")
		if !ok || c.in[e.Start:e.End] != c.evidence || r.Score < 5 {
			t.Errorf("promo-mobile on %q: %v (score %g)", c.in, r.Evidence, r.Score)
			continue
		}
		fired["promo-mobile"] = true
		if r := d.DetectContext(a, Context{Promotional: true, PromoStart: 0, PromoEnd: 3}); hasSignal(r, "promo-mobile") || r.Score >= 5 {
			t.Errorf("promo-mobile with an opt-out on %q: %v (score %g)", c.in, r.Evidence, r.Score)
		}
		if r := d.Detect(a); hasSignal(r, "promo-mobile") {
			t.Errorf("promo-mobile without a promotion on %q: %v", c.in, r.Evidence)
		}
	}
	// A mobile number that does not end the message is no contact without
	// a contact word: the recipient's own, a reference.
	for _, notContact := range []string{
		"Hi 07700 900 812, spring sale at Dave's Cycles: 20 % off all bikes this week",
		"Bonjour 06 12 34 56 78, soldes chez Vélos Julien : -20 % sur tous les vélos",
		"Spring sale: 20 % off, see 07700 900 812 at example.com/sale",
	} {
		if r := d.DetectContext(analyze(notContact), Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 5}); hasSignal(r, "promo-mobile") {
			t.Errorf("promo-mobile on %q: %v", notContact, r.Evidence)
		}
	}
	for _, landline := range []string{
		"Spring offer: 20 % off servicing this month. Call 01632 960 555 to book",
		"Offre de printemps : -20 % sur l'entretien ce mois-ci. Appelez le 04 72 10 30 30",
	} {
		if r := d.DetectContext(analyze(landline), Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 5}); hasSignal(r, "promo-mobile") || r.Score >= 5 {
			t.Errorf("promo-mobile on a landline %q: %v (score %g)", landline, r.Evidence, r.Score)
		}
	}
	// An advert short of a promotion (Advert: one weak offer cue, nothing
	// transactional, no opt-out) draws both only when it is answered on a
	// mobile number.
	for _, c := range []struct{ in, evidence string }{
		{"Garden flats for sale near the park. Call Sam on 07700 900 461", "Call Sam on 07700 900 461"},
		{"Appartements à vendre près du parc. Appelez Sam au 06 12 34 56 78", "Appelez Sam au 06 12 34 56 78"},
	} {
		a := analyze(c.in)
		r := d.DetectContext(a, Context{Advert: true, PromoStart: 0, PromoEnd: 6})
		if e, ok := evidenceOf(r, "promo-mobile"); !ok || c.in[e.Start:e.End] != c.evidence || !hasSignal(r, "unsolicited-promo") || r.Score < 5 {
			t.Errorf("advert answered on a mobile %q: %v (score %g)", c.in, r.Evidence, r.Score)
		}
	}
	// A promotion with no way out whose link goes through a shortener
	// (TestPromoShortener has the near misses).
	for _, c := range []struct{ in, evidence string }{
		{"Spring sale: 20 % off all bikes this week at http://bit.ly/bikeSale", "http://bit.ly/bikeSale"},
		{"Soldes de printemps : -20 % sur les vélos sur http://bit.ly/veloSoldes", "http://bit.ly/veloSoldes"},
	} {
		r := d.DetectContext(analyze(c.in), Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 6})
		e, ok := evidenceOf(r, "promo-shortener")
		if !ok || c.in[e.Start:e.End] != c.evidence || r.Score < 5 {
			t.Errorf("promotion through a shortener %q: %v (score %g)", c.in, r.Evidence, r.Score)
		}
		for _, e := range r.Evidence {
			fired[e.Signal] = true
		}
	}
	for _, landline := range []string{
		"Garden flats for sale near the park. Call 01632 960 555",
		"Appartements à vendre près du parc. Appelez le 04 72 10 30 30",
	} {
		if r := d.DetectContext(analyze(landline), Context{Advert: true, PromoStart: 0, PromoEnd: 6}); r.Score != 0 {
			t.Errorf("advert on a landline %q scores %g: %v", landline, r.Score, r.Evidence)
		}
	}
	for _, polite := range []string{
		"Our winter sale is on: 30 % off all coats until Sunday. Reply STOP to opt out",
		"Nos soldes d'hiver : -30 % sur les manteaux jusqu'à dimanche ! STOP au 36111",
	} {
		if r := d.DetectContext(analyze(polite), Context{Promotional: true, PromoStart: 0, PromoEnd: 4}); r.Score != 0 {
			t.Errorf("polite promotion %q scores %g: %v", polite, r.Score, r.Evidence)
		}
	}
	for _, s := range Signals() {
		if !fired[s.Name] {
			t.Errorf("signal %s has no firing case", s.Name)
		}
	}
}

// TestSignalsClean lists near misses: each must not fire the signal.
func TestSignalsClean(t *testing.T) {
	d := detector(t)
	cases := []struct{ signal, in string }{
		{"capitals", "Meeting at the BBC with NASA and the FBI today about our new project plans"},
		{"capitals", "Rendez-vous à la SNCF avec EDF et la RATP demain pour parler du projet"},
		{"shouting", "Thanks! See you soon!"},
		{"shouting", "Merci ! À bientôt !"},
		{"emoji", "Happy birthday 🎂 see you tonight"},
		{"prize", "Win or lose, we had fun"},
		{"prize", "Tentez de gagner un séjour"},
		{"prize", "You bought 800 Robux, enjoy your game"},
		{"prize", "Your reward is waiting in the app: a free coffee, last chance to use it before Sunday"},
		{"prize", "Votre récompense vous attend dans l'appli : un café offert à utiliser avant dimanche"},
		{"prize", "Vous avez acheté 1 000 V-Bucks, bon jeu"},
		{"urgency", "Your code expires in 10 minutes"},
		{"urgency", "À très vite !"},
		{"urgency", "I left the keys on the day you came"},
		{"urgency", "Il reste des jours de congé à poser"},
		{"account-threat", "Your parcel has been delivered"},
		{"account-threat", "Votre colis a été livré"},
		// A suspension announced with its date is a billing notice.
		{"account-threat", "Your payment did not go through, so your plan will be suspended on 3 March."},
		{"account-threat", "Your account will be suspended from March 3rd if the invoice stays unpaid"},
		{"account-threat", "We could not charge you: your account will be closed on 03/03/2027"},
		{"account-threat", "Your subscription will be suspended on {{suspension_date}}"},
		{"account-threat", "Faute de paiement, votre compte sera suspendu le 3 mars."},
		{"account-threat", "Votre compte sera bloqué à compter du 1er mars"},
		{"verify-request", "Your account is verified"},
		{"broken-link", "The dot com bubble burst in 2000."},
		{"call-pressure", "Questions? Call 0844 000 1234 (7p per min plus your phone company's access charge)"},
		{"call-pressure", "Une question ? Appelez le 08 00 00 12 34 (0,15 € par minute)"},
		{"call-pressure", "Last chance to join: 150p per msg, reply YES"},
		{"disguised-link", "Track your parcel at http://bit.ly/trk8Hq"},
		{"disguised-link", "Suivez votre colis sur https://colis.exemple.xyz/suivi"},
		{"broken-link", "Le point com de la semaine est en ligne."},
		{"broken-link", "Choose a new date or a pickup point online at parcelway.co.uk/Tk4mQ8"},
		{"broken-link", "Choisissez votre point info retrait sur colisrapide.fr"},
		{"broken-link", "Ta commande est prête.Ne t'inquiète pas, on la garde."},
		{"secret-request", "Submit your verification code in the app within 10 minutes."},
		{"secret-request", "Please provide your PIN to the cashier when you collect your order."},
		{"secret-request", "Communiquez votre code reçu par e-mail au livreur."},
		{"broken-link", "Je suis au point de rendez-vous."},
		{"broken-link", "He scored a point . Com on!"},
		{"broken-link", "More at https://example.com/ and in the app"},
		{"broken-link", "Voir https://exemple.fr/ Merci"},
		{"broken-link", "See example.com for details."},
		{"secret-request", "We will never ask you to send your PIN by text."},
		{"secret-request", "Never send your password to anyone."},
		{"secret-request", "We will send your new PIN by post within 5 days."},
		{"secret-request", "Send your password reset request from the app."},
		{"secret-request", "Can you send me your wifi password?"},
		{"secret-request", "Reply with your preferred date and we will book it."},
		{"secret-request", "Ne communiquez jamais votre code confidentiel."},
		{"secret-request", "Nous vous enverrons votre nouveau code PIN par courrier."},
		{"secret-request", "Répondez avec votre date préférée, nous la réservons."},
		{"verify-request", "Votre compte est vérifié"},
		{"guarantee", "Your 100 points are credited"},
		{"dear-friend", "Dear Sam, your order shipped"},
		{"dear-friend", "Chère Léa, votre commande est partie"},
		{"credentials", "We will never ask for your PIN"},
		{"credentials", "Nous ne demandons jamais votre code confidentiel"},
		{"self-promotion", "Check out our new menu"},
		{"self-promotion", "Follow us on Instagram for news"},
		{"self-promotion", "Suivez-nous sur Instagram"},
		{"own-content", "This is my favourite song ever"},
		{"own-content", "I love my sister's music"},
		{"own-content", "Watch our new video on our channel"},
		{"own-content", "Votre chaîne préférée"},
		{"own-content", "Hi, it's Dave: my website has all the prices"},
		{"own-content", "Mon site est à jour avec les nouveaux tarifs"},
		{"own-content", "C'est ma chanson préférée"},
		{"engagement-bait", "Subscribe to our newsletter for recipes"},
		{"engagement-bait", "Never share this code with anyone"},
		{"engagement-bait", "Abonnez-vous à notre newsletter"},
		{"chat-line", "Hi, I'm Sam, 24 hours a day our team is here for you"},
		{"chat-line", "This is Tom, 45 Oak Street is ready for viewing"},
		{"chat-line", "It's Anna, 10 minutes late, sorry!"},
		{"chat-line", "Hi I'm Sam, 13, and I love this song"},
		{"chat-line", "Hi, this is Room 21, can we have more towels please?"},
		{"chat-line", "C'est Table 12, on peut avoir l'addition ?"},
		{"chat-line", "I'm looking for fun things to do this weekend, any ideas?"},
		{"chat-line", "We are looking for a good time to meet next week"},
		{"chat-line", "Emma wants to meet you for coffee on Tuesday"},
		// A keyword to reply with and no lure, or a lure's keyword that opts out.
		{"chat-reply", "Reply YES to confirm your dentist appointment on Tuesday at 10:30"},
		{"chat-reply", "Répondez OUI pour confirmer votre rendez-vous de mardi à 10h30"},
		{"chat-reply", "Your Tinder verification code is 448213. Don't share it. Reply STOP to opt out"},
		{"chat-reply", "Meetic : vous avez 3 nouveaux messages. Consultez-les dans l'application. STOP au 36105"},
		{"chat-reply", "Hot singles in your area want to chat with you tonight. Text STOP to 80080 to opt out"},
		// Real carriers: duties worth the name, paid in their app or on their own site; a locker code; a fee that only applies.
		{"parcel-fee", "Royal Mail: duties of £12.40 are due on your parcel from Germany. Pay in the app or at royalmail.com"},
		{"parcel-fee", "DHL : des droits de douane de 3,20 € sont dus pour votre colis. Payez sur https://www.dhl.fr/payer"},
		{"parcel-fee", "DHL: customs duty of €3.20 is due on your parcel. Pay at https://del.dhl.com/pay/4821"},
		{"parcel-fee", "Your parcel is in locker 12 at Station Road. Collect it with code 482913 before Friday: https://lockers.example.com/482913"},
		{"parcel-fee", "Votre colis vous attend au casier 7, code de retrait 553201. Des frais de 2 € s'appliquent après 10 jours. Infos : https://consigne.example.fr"},
		{"parcel-fee", "Your order has shipped! Shipping £3.99 paid. Track your parcel: https://shop.example.com/t/48213"},
		{"parcel-fee", "Commande expédiée, frais de port 2,99 € inclus. Suivez votre colis : https://boutique.example.fr/suivi"},
		// A basket or a meal with a delivery fee to pay is no parcel held.
		{"parcel-fee", "Your basket is waiting! Pay the £2.99 delivery fee now and get it tomorrow: https://shop.example.com/basket"},
		{"parcel-fee", "Votre panier vous attend : payez maintenant, frais de livraison 1,99 € seulement https://boutique.example.fr/panier"},
		{"parcel-fee", "Your data package renews today: a £3 fee is due, pay at https://mobile.example.net/pay"},
		// A charge per week with an opt-out, no subscription clause.
		{"premium-subscription", "Votre panier bio à 4 €/semaine est livré jeudi. Pour résilier, rendez-vous sur votre compte"},
		{"chat-line", "C'est Julie, 14 rue des Lilas, je suis devant"},
		{"chat-line", "Votre conseillère veut vous rencontrer mardi"},
		{"advance-fee", "Your transfer to your savings account is done"},
		{"advance-fee", "Le transfert de votre dossier est terminé"},
		{"advance-fee", "La succession est ouverte : l'héritage de 12 000 € sera versé chez le notaire"},
		{"advance-fee", "The inheritance of £12,000 from your aunt's estate will be paid after probate"},
		{"premium-subscription", "Your veg box is £25/week. Reply SKIP to skip next week"},
		{"premium-subscription", "Votre panier bio : 25 € par semaine. Répondez PAUSE pour suspendre"},
		{"premium-subscription", "Join our gym today: £25 per month, first month free"},
		{"loan-offer", "Your loan application was refused, see the letter for why"},
		{"loan-offer", "Votre demande de crédit n'a pas abouti"},
		{"loan-offer", "Vous êtes interdit bancaire ? La Banque de France vous explique vos droits"},
		{"loan-offer", "The £40 left on your account has been written off as a goodwill gesture"},
		{"loan-offer", "Votre dette de 40 € a été annulée par geste commercial"},
		{"cash", "Your loan application is approved"},
		{"earnings", "Your plan costs £4.99 per month"},
		{"earnings", "Earn 2 points per £1 spent"},
		{"earnings", "You paid £9.99 a month for your plan"},
		{"earnings", "You can make payments of £50 a month"},
		{"earnings", "Nous recrutons, salaire 30 000 € par an"},
		{"mobile-contact", "Your card ending 4417: call us on 0800 123 4567"},
		{"mobile-contact", "Cleaning booked for Thursday. Call 07700 900 461 to change it"},
		{"mobile-contact", "Your account is ready. Call (917) 555-0123 with questions"},
		{"mobile-contact", "Your account is ready. Call 800-555-0199 with questions"},
		{"mobile-contact", "Votre compte est prêt. Appelez le 01 42 68 53 00"},
		{"account-threat", "We missed you: your parcel is at the Post Office"},
		{"short-code", "Text me on 07700 900 812 if Thursday does not suit"},
		{"money-prize", "Your refund of £42.90 is on its way"},
		{"money-prize", "Votre remboursement de 42,90 € est en route"},
		{"premium-rate", "Call us on 0800 123 4567"},
		{"premium-rate", "Appelez le 09 69 32 00 00"},
		{"premium-rate", "Order 09123456789 has shipped"},
		{"premium-rate", "Commande n° 0891234567 expédiée"},
		{"short-code", "Reply STOP to 80082 to opt out"},
		{"short-code", "STOP au 36111"},
		{"short-code", "Envoyez STOP au 36111"},
		{"short-code", "Text HELP 60060 for help"},
		{"short-code", "Envoyez STOP 36111"},
		{"short-code", "Text JOHN 07700 900 812 tonight"},
		{"short-code", "Text flat 53030"},
		{"fine-print", "£4.99 per month, cancel anytime"},
		{"vague-alert", "Your card ending 4417 was used for £42.00 at TechWorld. If this wasn't you, call 0800 123 4567"},
		{"vague-alert", "A payment of $1,250 from your account ending 8812. If not you, call 0800 123 4567"},
		{"vague-alert", "Card No 9577 charged RM43.88. Call 0321 683 7293 if you did not make it"},
		{"vague-alert", "Votre carte se terminant par 4417 a été utilisée pour 42 €. Si ce n'est pas vous, appelez le 09 69 32 00 00"},
		{"vague-alert", "A new sign-in to your account from Leeds. Not you? Call 0800 123 4567"},
		{"vague-alert", "Nouvelle connexion à votre compte. Si ce n'est pas vous, appelez le 09 69 32 00 00"},
		{"vague-alert", "Your card was used for £42.00 at TechWorld. If this wasn't you, open the app and tap Help"},
		{"vague-alert", "Your sign-in code was used on a new phone. If this wasn't you, call 0800 123 4567"},
		{"dispute-link", "Your card ending 4417 was charged $590. If this was not you, follow https://stop-payment.example.net"},
		{"dispute-link", "Visit https://stop-payment.example.net: a payment of $590 was made. If this was not you, call 0800 123 4567"},
		{"dispute-link", "Barclays: a payment of £590 was made. If not you, call 0800 123 4567. https://www.barclays.co.uk"},
		{"dispute-link", "Crédit Mutuel : un paiement de 590 € a été effectué. Si ce n'est pas vous, appelez le 09 69 32 00 00. https://www.creditmutuel.fr"},
		{"dispute-link", "Boursorama : un paiement de 590 € a été effectué, si ce n'est pas vous voir https://www.boursorama.com"},
		{"vague-alert", "Votre code a été utilisée sur un nouveau téléphone. Si ce n'est pas vous, appelez le 09 69 32 00 00"},
		{"paid-reply", "Texts cost 10p per msg. Reply STOP to opt out"},
		{"paid-reply", "Les SMS coûtent 0,10 € par SMS. Répondez STOP pour ne plus en recevoir"},
		{"paid-reply", "Msgs cost 10p per text at standard text rates"},
		{"paid-reply", "Call our helpline on 0844 000 1234, 7p per min, or reply to this text"},
		{"paid-reply", "Appelez le 0 800 00 12 34, 0,15 € par minute, ou répondez à ce SMS"},
		{"shortener", "Track at https://shop.example.com/t/1"},
		{"shortener", "Read it at https://example.com/Careers"},
		{"shortener", "Voir https://exemple.fr/offre2 ou https://exemple.fr/bills"},
		{"shortener", "Track at https://shop.example.com/t/AbC12x"},
		{"shortener", "Watch https://www.example.com/watch?v=KQ6zr6kCPj8"},
		{"mobile-contact", "Garden party on Saturday, bring a friend! Call 07700 900 461"},
		{"mobile-contact", "Your refund of Rs 500 is done. Ref.9876543210"},
		{"several-numbers", "Call 9876543210 / 2 people max"},
		{"several-numbers", "Appelez le 01 42 68 53 00 ou 01 42 68 53 01"},
		{"mobile-contact", "Remboursement de 50 € effectué. Contactez-nous. 0612345678 est le numéro du dossier"},
		{"mobile-contact", "Fête samedi, venez nombreux ! Appelez le 06 12 34 56 78"},
		{"raw-ip", "Version 1.2.3.4 is out"},
		{"unsafe-link", "Get our app: https://play.google.com/store/apps/details?id=com.example.app"},
		{"unsafe-link", "Téléchargez l'appli : https://apps.apple.com/fr/app/exemple/id123"},
		{"unsafe-link", "Read https://example.com/apk-guide and https://example.com/setup.exe.html"},
		{"account-threat", "An administrator locked the conversation"},
		{"account-threat", "Your account is now unlocked"},
		{"fine", "Hope you are fine, see you at the fine arts museum"},
		{"fine", "Je vais bien, merci, une belle journée"},
		{"official-fine", "Your council tax of £156.00 is due on 1 April: https://www.example-council.gov.uk/tax"},
		{"official-fine", "Votre avis d'impôt est disponible sur impots.gouv.fr"},
		{"official-fine", "You have been fined £5 by the library for a late book"},
		{"official-fine", "La bibliothèque vous a infligé une amende de 2 € pour un retard"},
		{"lookalike-domain", "Visit https://www.paypal.com/help"},
		{"lookalike-domain", "Suivez votre colis sur https://www.laposte.fr/suivi"},
		{"lookalike-domain", "Visit https://pineapple-store.example.com"},
		{"lookalike-domain", "Your bank: https://www.icicibank.com"},
		{"brand-mismatch", "Your Amazon order: https://www.amazon.co.uk/orders"},
		{"many-links", "a https://a.example.com b https://b.example.com"},
		{"free-email", "Write to help@example.com"},
		{"broken-link", "We use http and https"},
		{"invisible-chars", "Nice song\ufeff"},
		{"lookalike-letters", "Привет, как дела"},
		{"spaced-letters", "Plan A or B"},
		{"leetspeak", "Use code SPRING20 or B2B offer"},
		{"leetspeak", "Gate B12, seat 23C"},
	}
	for _, c := range cases {
		r := d.Detect(analyze(c.in))
		if e, ok := evidenceOf(r, c.signal); ok {
			t.Errorf("%s fires on %q at %q", c.signal, c.in, c.in[e.Start:e.End])
		}
	}
}

func TestPromotionalIsNotSpam(t *testing.T) {
	d := detector(t)
	for _, s := range []string{
		"20 % off this weekend — reply STOP to opt out",
		"-20 % sur toute la boutique ce week-end. STOP au 36111",
		"Your parcel #A4821 arrives Thursday between 9:00 and 13:00. Track it at https://example.com/t/A4821",
		"Votre colis n° A4821 arrive jeudi entre 9h et 13h. Suivi : https://exemple.fr/s/A4821",
		// Opt-out and help keywords to a short code are what a legitimate
		// sender must print.
		"Text HELP to 60300 for help or STOP to 60300 to cancel.",
		"Répondez STOP au 36180 pour ne plus recevoir nos SMS.",
		"Commande n° 48213, réf. 0891234567 : livrée mardi.",
		// A loan payment is no loan offer.
		"Your loan payment of £250 is due on 3 May.",
		"Votre échéance de prêt de 250 € sera prélevée le 3 mai.",
	} {
		if r := d.Detect(analyze(s)); r.Score != 0 {
			t.Errorf("%q scores %g: %v", s, r.Score, r.Evidence)
		}
	}
	r := d.Detect(analyze("WINNER!! claim your £900 prize, call 09061701461"))
	if r.Score < 9 {
		t.Errorf("prize spam scores %g: %v", r.Score, r.Evidence)
	}
	if r.Evidence[0].Signal != "prize" && r.Evidence[0].Signal != "premium-rate" {
		t.Errorf("strongest evidence is %s", r.Evidence[0].Signal)
	}
	sum := 0.0
	for i, e := range r.Evidence {
		sum += e.Weight
		if i > 0 && e.Weight > r.Evidence[i-1].Weight {
			t.Errorf("evidence not sorted by weight: %v", r.Evidence)
		}
	}
	if sum != r.Score {
		t.Errorf("score %g, evidence adds up to %g", r.Score, sum)
	}
}

func TestOptions(t *testing.T) {
	st := text.NewStemmer()
	d, err := New(st, Options{Weights: map[string]float64{"premium-rate": 0, "prize": 1}, TrustedDomains: []string{"bit.ly"}})
	if err != nil {
		t.Fatal(err)
	}
	r := d.Detect(text.Analyze("You have won! Call 09061701461 or see bit.ly/x", text.Options{Stems: st}))
	if _, ok := evidenceOf(r, "premium-rate"); ok {
		t.Error("premium-rate fires with weight 0")
	}
	if _, ok := evidenceOf(r, "shortener"); ok {
		t.Error("a trusted shortener counts")
	}
	if e, ok := evidenceOf(r, "prize"); !ok || e.Weight != 1 || r.Score != 1 {
		t.Errorf("prize weight 1: %v (score %g)", r.Evidence, r.Score)
	}
	if w, ok := d.Weight("prize"); !ok || w != 1 {
		t.Errorf("Weight(prize) = %g, %v", w, ok)
	}
	// A fine whose payment link is on the sender's own (trusted) domain is
	// the sender's: fine wording alone, no official-fine. The same link
	// untrusted, or a trusted council on gov.uk, is no exemption for the
	// other.
	own, err := New(st, Options{TrustedDomains: []string{"parking.example.com", "example-council.gov.uk"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"A fine of £60 is due: pay at https://parking.example.com/pay", false},
		{"Une amende de 60 € est due : payez sur https://parking.example.com/payer", false},
		{"Penalty charge notice: a fine of £60, pay at https://www.example-council.gov.uk/pcn", false},
		{"A fine of £60 is due: pay at https://parking.example.net/pay", true},
		{"Une amende de 60 € est due : payez sur https://www.other-council.gov.uk/pcn", true},
	} {
		r := own.Detect(text.Analyze(c.in, text.Options{Stems: st}))
		if got := hasSignal(r, "official-fine"); got != c.want || !hasSignal(r, "fine") {
			t.Errorf("%q with trusted domains: official-fine %v, want %v (%v)", c.in, got, c.want, r.Evidence)
		}
	}
	for _, bad := range []Options{
		{Weights: map[string]float64{"nope": 1}},
		{Weights: map[string]float64{"prize": -1}},
		{TrustedDomains: []string{"http://example.com"}},
	} {
		if _, err := New(st, bad); err == nil {
			t.Errorf("New(%+v) accepted", bad)
		}
	}
}

// TestListsAreClean checks the embedded lists: lower case, no duplicates
// within a list, every phrase has words.
func TestListsAreClean(t *testing.T) {
	entries, err := listsFS.ReadDir("lists")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name, lang, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".txt"), ".")
		list, err := lists.Read(name, lang)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, p := range list {
			if p != strings.ToLower(p) {
				t.Errorf("%s: %q is not lower case", e.Name(), p)
			}
			if seen[p] {
				t.Errorf("%s: %q twice", e.Name(), p)
			}
			seen[p] = true
		}
		if len(list) == 0 {
			t.Errorf("%s is empty", e.Name())
		}
	}
}

// TestDetectConcurrent shares one Detector between goroutines, as a Linter
// does (run with -race).
func TestDetectConcurrent(t *testing.T) {
	d := detector(t)
	texts := []string{
		"WINNER!! claim your £900 prize, call 09061701461",
		"Votre cоmpte est blоqué : https://bit.ly/x",
		"Your parcel arrives Thursday. Track it at https://example.com/t/1",
	}
	want := make([]float64, len(texts))
	for i, s := range texts {
		want[i] = d.Detect(analyze(s)).Score
	}
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := d.Detect(analyze(texts[i])).Score; got != want[i] {
					t.Errorf("%q scores %g, want %g", texts[i], got, want[i])
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}

// TestMobileNumbers checks which phone numbers count as mobiles for
// mobile-contact, as written.
func TestMobileNumbers(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want bool
	}{
		{"07700 900123", true},    // UK mobile
		{"+44 7700 900123", true}, // the same, international
		{"+44 (0)7700 900123", true},
		{"07012 345678", false},  // UK 070: personal numbering, not a mobile
		{"020 7946 0321", false}, // UK landline
		{"0800 123 4567", false}, // UK free number
		{"06 12 34 56 78", true}, // France
		{"+33 6 12 34 56 78", true},
		{"01 42 68 53 00", false}, // Paris landline
		{"09 69 32 00 00", false}, // France non-geographic
		{"9876543210", true},      // India, one block
		{"98765 43210", true},     // India, 5+5
		{"+91 98765 43210", true},
		{"917-555-0123", false},     // US, 3-3-4
		{"8005550199", false},       // US toll-free in one block
		{"8441234567", true},        // no US exchange starts with 1: an Indian mobile
		{"8002123456", false},       // a US toll-free exchange
		{"+1 555 010 0199", false},  // US: mobiles look like landlines
		{"+971 58 615 3091", true},  // UAE
		{"+234 803 123 4567", true}, // Nigeria
		{"+32 470 12 34 56", true},  // Belgium
		{"+32 2 123 45 67", false},  // Brussels landline
		{"+44 (0)20 7946 0321", false},
		{"0044 7700 900123", true},
	} {
		end, digits, n := scanPhone(c.raw, 0)
		if end != len(c.raw) {
			t.Errorf("%q: scanPhone read %q", c.raw, c.raw[:end])
		}
		if got := isMobile(c.raw[:end], digits[:n], c.raw[0] == '+'); got != c.want {
			t.Errorf("isMobile(%q) = %v, want %v", c.raw, got, c.want)
		}
	}
}

// TestScanPhoneBracket: a bracket continues a number only when it closes
// a group of digits ("+44 (0)20"); a price in brackets after the
// number ("(0,15 €/min)", "(1.50/min)") is no part of it.
func TestScanPhoneBracket(t *testing.T) {
	for _, c := range []struct{ raw, number string }{
		{"0825 00 12 34 (0,15 €/min + prix appel)", "0825 00 12 34"},
		{"0825 00 12 34 (0.15 €/min)", "0825 00 12 34"},
		{"0899 70 12 34(1,35 €/min)", "0899 70 12 34"},
		{"0906 200 3344 (1.50/min)", "0906 200 3344"},
		{"0906 200 3344 (0)", "0906 200 3344 (0"},
		{"+44 (0)20 7946 0321", "+44 (0)20 7946 0321"},
		{"+33 (0)1 23 45 67 89", "+33 (0)1 23 45 67 89"},
		{"0825 00 12 34 (Service 0,15 €/min)", "0825 00 12 34"},
	} {
		if end, _, _ := scanPhone(c.raw, 0); c.raw[:end] != c.number {
			t.Errorf("scanPhone(%q) read %q, want %q", c.raw, c.raw[:end], c.number)
		}
	}
}

// TestSolicitation checks how the solicitation signals add up: a first-person
// request and the writer's own channel reach the warning score together, a
// business inviting people to follow it stays clean.
func TestSolicitation(t *testing.T) {
	d := detector(t)
	for _, c := range []struct {
		in   string
		want float64
	}{
		{"subscribe to my channel pls", 5},
		{"Check out my new song and please like it", 7},
		{"Abonnez-vous à ma chaîne svp", 5},
		{"Check out my channel", 5},
		{"subscribe to me", 3},
		{"Follow us on Instagram for news", 0},
		{"Check out our new spring collection at example.com", 0},
		{"Suivez-nous sur Instagram pour nos nouveautés", 0},
		{"This is my favourite song, I love it", 0},
	} {
		if r := d.Detect(analyze(c.in)); r.Score != c.want {
			t.Errorf("%q scores %g, want %g: %v", c.in, r.Score, c.want, r.Evidence)
		}
	}
}

func hasSignal(r Result, name string) bool {
	_, ok := evidenceOf(r, name)
	return ok
}

// TestScanResultAgain: one Scan scored without context and then with it
// gives what Detect and DetectContext give, and scoring with a context
// leaves the scan as it was.
func TestScanResultAgain(t *testing.T) {
	st := text.NewStemmer()
	d, err := New(st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := text.Analyze("HUGE SALE TODAY!!! BUY NOW", text.Options{Lang: "en", Stems: st})
	ctx := Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 4}
	sc := d.Scan(a)
	with := sc.Result(ctx)
	without := sc.Result(Context{})
	if !reflect.DeepEqual(with, d.DetectContext(a, ctx)) || !reflect.DeepEqual(without, d.Detect(a)) {
		t.Errorf("Scan.Result differs from Detect:\n%+v\n%+v", with, without)
	}
	if with.Score <= without.Score {
		t.Errorf("the context added nothing (%g, %g): the test shows nothing", with.Score, without.Score)
	}
}

// A link without a scheme has its path read from after the host.
func TestShortLinkWithoutScheme(t *testing.T) {
	d := detector(t)
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"Pay at www.qkr.io/fCVbD now", true},
		{"See www.example.com/offers now", false},
	} {
		r := d.Detect(text.Analyze(c.in, text.Options{Lang: "en"}))
		if _, ok := evidenceOf(r, "shortener"); ok != c.want {
			t.Errorf("%q: shortener %v, want %v", c.in, ok, c.want)
		}
	}
}

// TestFirstIndex checks the index scan reads to pick the lists to run: the
// first word of every listed phrase, in each language, leads to its signal,
// and each signal's reach covers its longest phrase. A phrase whose start
// were missing would never fire.
func TestFirstIndex(t *testing.T) {
	d := detector(t)
	for _, pl := range phraseLists {
		list, err := readLangs(pl.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			w, exact := strings.CutPrefix(p, "=")
			for _, l := range langs {
				ls := d.sets(l)
				words := testStem.PhraseWords(l, w, exact)
				k := 0 // the stem sets' index, or the exact sets'
				if exact {
					k = 1
				}
				if ls.first[k][words[0]]&(1<<pl.sig) == 0 {
					t.Errorf("%s: %q (%s) starts with %q, which does not lead to its signal", pl.name, p, l, words[0])
				}
				if len(words) > ls.longest[pl.sig] {
					t.Errorf("%s: %q has %d words, the list's reach is %d", pl.name, p, len(words), ls.longest[pl.sig])
				}
			}
		}
	}
}

// TestStartsAtSkipsNoMatch checks that the index scan reads never skips a
// set that matches: on random texts made of the lists' phrases, their
// words in capitals and other words, every set that finds a phrase at a
// token (At, as the scan calls it) is one startsAt names there.
func TestStartsAtSkipsNoMatch(t *testing.T) {
	d := detector(t)
	words := []string{"hello", "you", "the", "£500", "50%", "09061701461", "www.example.com", ",", ".", "!", "-", "bonjour", "vous", "2", "txt"}
	for _, pl := range phraseLists {
		list, err := readLangs(pl.name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			words = append(words, strings.TrimPrefix(p, "="))
		}
	}
	slices.Sort(words)
	r := rand.New(rand.NewPCG(17, 3))
	matched := [2]int{}
	for range 5_000 {
		var b strings.Builder
		for k := range 1 + r.IntN(10) {
			if k > 0 {
				b.WriteByte(' ')
			}
			w := words[r.IntN(len(words))]
			if r.IntN(5) == 0 {
				w = strings.ToUpper(w)
			}
			b.WriteString(w)
		}
		s := b.String()
		a := text.Analyze(s, text.Options{Lang: []string{"en", "fr"}[r.IntN(2)], Stems: testStem})
		ls := d.sets(a.Lang)
		for i := range a.Tokens {
			m := ls.startsAt(a, i)
			for sig := range numSignals {
				for k, ps := range [...]*text.PhraseSet{ls.phrases[sig], ls.exact[sig]} {
					if _, ok := ps.At(a, i, len(a.Tokens)); ok {
						matched[k]++
						if m[k]&(1<<sig) == 0 {
							t.Fatalf("%q: set %d of %s matches at token %d (%q), which startsAt skips", s, k, table[sig].Name, i, a.TokenText(i))
						}
					}
				}
			}
		}
	}
	if matched[0] < 1000 || matched[1] < 100 {
		t.Fatalf("only %v matches: the check proves little", matched)
	}
}

// TestAdvertSignOff: an advert with no way out that signs off with a
// mobile number, alone or first of a list of lines, asks to be answered on
// it (promo-mobile); a number followed by more words does not sign off.
func TestAdvertSignOff(t *testing.T) {
	d := detector(t)
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"Garden flats for sale near the park. Sam 07700 900 461", true},
		{"Garden flats for sale near the park. Sam 07700 900 461 / 07700 900 462", true},
		{"Appartements à vendre près du parc. Julien 06 12 34 56 78 / 06 98 76 54 32", true},
		{"Garden flats for sale near the park. Sam 07700 900 461, viewings on Sunday", false},
		{"Appartements à vendre près du parc. Julien 06 12 34 56 78, visites dimanche", false},
	} {
		a := text.Analyze(c.in, text.Options{Lang: "en", Stems: testStem})
		r := d.DetectContext(a, Context{Advert: true, PromoStart: 0, PromoEnd: 4})
		if got := hasSignal(r, "promo-mobile"); got != c.want {
			t.Errorf("%q: promo-mobile %v, want %v (%+v)", c.in, got, c.want, r.Evidence)
		}
	}
}

// TestPromoShortener: a promotion without opt-out, or an advert, whose
// link goes through a shortener draws promo-shortener, and with
// unsolicited-promo and the shortener itself reaches the warning score; a
// promotion with its opt-out, a link on a plain domain, or a shortened link
// in a message that offers nothing does not.
func TestPromoShortener(t *testing.T) {
	d := detector(t)
	unsolicited := Context{Promotional: true, Unsolicited: true, PromoStart: 0, PromoEnd: 4}
	for _, c := range []struct {
		in   string
		ctx  Context
		want bool
	}{
		{"Half-price pizzas all weekend, order at http://bit.ly/pizzaHalf", unsolicited, true},
		{"-50 % sur les pizzas ce week-end, commandez sur http://bit.ly/pizzaMoitie", unsolicited, true},
		{"Garden flats for sale, photos at https://tinyurl.com/gardenflats", Context{Advert: true, PromoEnd: 4}, true},
		{"Appartements à vendre, photos sur https://tinyurl.com/appartsparc", Context{Advert: true, PromoEnd: 4}, true},
		{"Half-price pizzas all weekend, order at http://bit.ly/pizzaHalf", Context{Promotional: true, PromoEnd: 4}, false},
		{"Half-price pizzas all weekend, order at https://pizza.example.com/menu", unsolicited, false},
		{"-50 % sur les pizzas ce week-end, commandez sur https://pizza.example.fr/carte", unsolicited, false},
		{"Your parcel is out for delivery, track it at http://bit.ly/trk8Hq", Context{}, false},
		{"Votre colis est en route, suivez-le sur http://bit.ly/trk8Hq", Context{}, false},
	} {
		a := text.Analyze(c.in, text.Options{Lang: "en", Stems: testStem})
		r := d.DetectContext(a, c.ctx)
		if got := hasSignal(r, "promo-shortener"); got != c.want || c.want && r.Score < 5 {
			t.Errorf("%q: promo-shortener %v (score %g), want %v (%+v)", c.in, got, r.Score, c.want, r.Evidence)
		}
	}
}
