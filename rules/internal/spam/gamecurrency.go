package spam

import "github.com/presend/presend/lint/text"

// gameCurrencies are the in-game currencies given away as bait, as words
// in lower case ("V Bucks" is two words: "v" then "bucks").
var gameCurrencies = map[string]bool{
	"robux": true, "vbucks": true, "v-bucks": true, "pokécoins": true, "pokecoins": true,
}

// freeAfter are the words that give a currency away after it, in French.
var freeAfter = map[string]bool{
	"gratuit": true, "gratuits": true, "gratuites": true, "offerts": true, "offertes": true,
}

// scanGameCurrency fires prize on in-game currency given away with an
// amount written between ("FREE 10000 V Bucks", "free 800 Robux", "10000 V
// Bucks gratuits"), which the phrase lists ("free robux", "robux
// gratuits") do not reach. A purchase ("buy 1000 V-Bucks for £7.99") gives
// nothing away.
func (d *Detector) scanGameCurrency(a *text.Analysis, norm *normText, st *state) {
	if st.fired[sigPrize] || d.weights[sigPrize] == 0 {
		return
	}
	toks := a.Tokens
	for i, t := range toks {
		if t.Kind != text.Word {
			continue
		}
		end := i + 1 // one past the currency's last token
		switch w := a.Lower(i); {
		case gameCurrencies[w]:
		case w == "v" && i+1 < len(toks) && a.Lower(i+1) == "bucks":
			end = i + 2
		default:
			continue
		}
		first := i
		if first > 0 && toks[first-1].Kind == text.Number {
			first--
		}
		switch {
		case first > 0 && a.Lower(first-1) == "free":
			first--
		case end < len(toks) && freeAfter[a.Lower(end)]:
			end++
		default:
			continue
		}
		st.fireNorm(sigPrize, norm, int(toks[first].Start), int(toks[end-1].End))
		return
	}
}
