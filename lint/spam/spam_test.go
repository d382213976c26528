package spam

import (
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
		{"urgency", "Act now before midnight", "Act now"},
		{"urgency", "Dernière chance pour en profiter", "Dernière chance"},
		{"urgency", "Please call 0207 946 0321 now", "0207 946 0321"},
		{"account-threat", "Your account has been suspended", "account has been suspended"},
		{"account-threat", "Votre compte a été bloqué", "compte a été bloqué"},
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
		{"cash", "Make money from your sofa", "Make money"},
		{"cash", "De l'argent facile chaque mois", "argent facile"},
		{"money-prize", "A £500 cash reward waits", "£500 cash"},
		{"money-prize", "Un chèque de 1 500 € pour vous", "chèque de 1 500 €"},
		{"money-prize", "You won 2 million dollars", "won 2 million dollars"},
		{"premium-rate", "Call 09061701461 today", "09061701461"},
		{"premium-rate", "Call +44 906 170 1461", "+44 906 170 1461"},
		{"premium-rate", "Appelez le 08 99 23 45 67", "08 99 23 45 67"},
		{"premium-rate", "ring0871 234 5678", "0871 234 5678"},
		{"short-code", "Text WIN to 80082 to enter", "Text WIN to 80082"},
		{"short-code", "Envoyez JEU au 71010", "Envoyez JEU au 71010"},
		{"fine-print", "Offer for 18+ only", "18+"},
		{"fine-print", "Only 150p/msg", "150p/msg"},
		{"fine-print", "Service à 0,80 €/min", "0,80 €/min"},
		{"fine-print", "Prix d'un SMS surtaxé", "Prix d'un SMS"},
		{"shortener", "See bit.ly/3xYz now", "bit.ly/3xYz"},
		{"shortener", "Voir https://tinyurl.com/abc", "https://tinyurl.com/abc"},
		{"raw-ip", "Log in at http://203.0.113.7/login", "http://203.0.113.7/login"},
		{"lookalike-domain", "Go to paypa1.com/login", "paypa1.com/login"},
		{"lookalike-domain", "Voir https://ameli-remboursement.fr/dossier", "https://ameli-remboursement.fr/dossier"},
		{"lookalike-domain", "See https://paypal.com.example.net/x", "https://paypal.com.example.net/x"},
		{"lookalike-domain", "See https://xn--pypal-4ve.com", "https://xn--pypal-4ve.com"},
		{"lookalike-domain", "Write to paypal.support@gmail.com", "paypal.support@gmail.com"},
		{"risky-host", "Visit https://deals.example.tk", "https://deals.example.tk"},
		{"risky-host", "Voir http://a1b2.ngrok.io/x", "http://a1b2.ngrok.io/x"},
		{"brand-mismatch", "Your PayPal access: https://example.net/pp", "https://example.net/pp"},
		{"many-links", "a https://a.example.com b https://b.example.com c https://c.example.com", "https://c.example.com"},
		{"free-email", "Reply to prizes.office@yahoo.com", "prizes.office@yahoo.com"},
		{"broken-link", "Open http:/bit.ly/abc now", "http:/bit.ly/abc"},
		{"broken-link", "Ouvrez hxxp://exemple.fr/x", "hxxp://exemple.fr/x"},
		{"broken-link", "Login at http://mybank/login", "http://mybank/login"},
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
		{"urgency", "Your code expires in 10 minutes"},
		{"urgency", "À très vite !"},
		{"account-threat", "Your parcel has been delivered"},
		{"account-threat", "Votre colis a été livré"},
		{"verify-request", "Your account is verified"},
		{"verify-request", "Votre compte est vérifié"},
		{"guarantee", "Your 100 points are credited"},
		{"dear-friend", "Dear Sam, your order shipped"},
		{"dear-friend", "Chère Léa, votre commande est partie"},
		{"credentials", "We will never ask for your PIN"},
		{"credentials", "Nous ne demandons jamais votre code confidentiel"},
		{"money-prize", "Your refund of £42.90 is on its way"},
		{"money-prize", "Votre remboursement de 42,90 € est en route"},
		{"premium-rate", "Call us on 0800 123 4567"},
		{"premium-rate", "Appelez le 09 69 32 00 00"},
		{"premium-rate", "Order 09123456789 has shipped"},
		{"premium-rate", "Commande n° 0891234567 expédiée"},
		{"short-code", "Reply STOP to 80082 to opt out"},
		{"short-code", "STOP au 36111"},
		{"short-code", "Envoyez STOP au 36111"},
		{"fine-print", "£4.99 per month, cancel anytime"},
		{"shortener", "Track at https://shop.example.com/t/1"},
		{"raw-ip", "Version 1.2.3.4 is out"},
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
	entries, err := lists.ReadDir("lists")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(strings.TrimPrefix(e.Name(), "spam-"), ".txt")
		list, err := readList(name)
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
