package spam

import (
	"strings"

	"github.com/presend/presend/lint/text"
)

// possessive reports the first-person possessives that make content the
// writer's own: "my channel", "ma chaîne".
func possessive(w string) bool {
	switch w {
	case "my", "mon", "ma", "mes":
		return true
	}
	return false
}

// makerWords between a possessive and a work say the writer made it: "my
// new song", "mon premier album".
var makerWords = map[string]bool{
	"new": true, "latest": true, "newest": true, "first": true, "own": true, "original": true, "debut": true,
	"next": true, "recent": true, "upcoming": true, "nouveau": true, "nouvel": true, "nouvelle": true,
	"nouveaux": true, "nouvelles": true, "dernier": true, "dernière": true, "premier": true, "première": true,
	"prochain": true, "prochaine": true,
}

// fanWords between a possessive and a work say the writer loves it: "my
// favourite song", "ma chanson préférée" is no self-promotion.
var fanWords = map[string]bool{
	"favorite": true, "favourite": true, "fave": true, "fav": true, "favs": true, "all-time": true,
	"préféré": true, "préférée": true, "préférés": true, "préférées": true,
}

// contentGap is how many words may stand between a possessive and the
// content noun: "my new song", "my first YouTube video".
const contentGap = 2

// scanSolicit looks for the writer's own content: a first-person
// possessive followed, within contentGap words, by a channel or account
// noun ("my channel", "ma chaîne"), or by a work the writer made ("my new
// song") or asks people to look at (the self-promotion request "check out
// my" ends right before: "check out my music"). The phrase lists catch the
// requests themselves.
func (d *Detector) scanSolicit(a *text.Analysis, norm *normText, st *state) {
	if st.fired[sigOwnContent] || d.weights[sigOwnContent] == 0 {
		return
	}
	toks := a.Tokens
	for i, t := range toks {
		if t.Kind != text.Word || t.Len() > 3 || !possessive(a.Lower(i)) {
			continue
		}
		made := st.selfMy == i+1 // "check out my …"
		words := 0
		for k := i + 1; k < len(toks) && words <= contentGap; k++ {
			n := toks[k]
			if n.Kind == text.Punct {
				break
			}
			words++
			if n.Kind != text.Word {
				continue
			}
			w := a.Lower(k)
			if d.content.hasWord(d.stems, w) || made && d.creation.hasWord(d.stems, w) {
				// "my YouTube channel": the evidence takes the nouns that follow.
				for k+1 < len(toks) && toks[k+1].Kind == text.Word && d.content.hasWord(d.stems, a.Lower(k+1)) {
					k++
				}
				st.fireNorm(sigOwnContent, norm, int(t.Start), int(toks[k].End))
				return
			}
			if fanWords[w] || strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") {
				break // "my favourite song", "my sister's music"
			}
			made = made || makerWords[w]
		}
	}
}
