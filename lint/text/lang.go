package text

// Function words that are frequent in one language and rare in the other.
var (
	enWords = map[string]bool{
		"the": true, "and": true, "you": true, "your": true, "to": true, "of": true, "is": true,
		"for": true, "we": true, "our": true, "this": true, "with": true, "are": true, "be": true,
		"will": true, "have": true, "it": true, "that": true, "on": true, "at": true, "in": true,
		"my": true, "i": true, "has": true, "was": true, "from": true, "hi": true, "hello": true,
		"thanks": true, "thank": true, "please": true, "order": true, "here": true, "can": true,
		"just": true, "an": true, "if": true, "by": true, "now": true, "today": true, "reply": true,
	}
	frWords = map[string]bool{
		"le": true, "la": true, "les": true, "de": true, "des": true, "du": true, "et": true,
		"vous": true, "votre": true, "vos": true, "nous": true, "est": true, "pour": true,
		"une": true, "un": true, "au": true, "aux": true, "dans": true, "sur": true, "que": true,
		"qui": true, "pas": true, "ce": true, "cette": true, "avec": true, "à": true, "bonjour": true,
		"merci": true, "commande": true, "sont": true, "être": true, "avez": true, "êtes": true,
		"l'": true, "d'": true, "qu'": true, "c'": true, "n'": true, "j'": true, "s'": true,
		"il": true, "elle": true, "ou": true, "ne": true, "par": true, "plus": true, "mais": true,
		"aujourd'hui": true, "demain": true, "répondez": true, "notre": true, "nos": true,
	}
)

// guessLang tells English from French by function words, with accented
// letters as a tie-breaker. It defaults to English.
func guessLang(a *Analysis) string {
	en, fr := 0, 0
	for i, t := range a.Tokens {
		if t.Kind != Word {
			continue
		}
		w := a.Lower(i)
		if enWords[w] {
			en++
		}
		if frWords[w] {
			fr++
		}
		if en-fr >= 4 || fr-en >= 4 {
			break // clear enough
		}
	}
	if fr == en {
		for _, r := range a.Text {
			switch r {
			case 'é', 'è', 'ê', 'à', 'ç', 'ù', 'û', 'ô', 'î', 'ë', 'ï', 'œ', '«', '»':
				return "fr"
			}
		}
	}
	if fr > en {
		return "fr"
	}
	return "en"
}
