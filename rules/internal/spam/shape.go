package spam

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/lint/text"
)

// Shouting thresholds (documented in the signal table).
const (
	capsMinLetters = 20 // letters a message needs before its capitals count
	capsShare      = 60 // percent of letters in words in capitals
	emojiMin       = 4  // emoji and symbols before their density counts
	emojiPerWords  = 4  // one emoji or symbol per this many words, or more
	emojiRun       = 3  // identical emoji or symbols in a row
)

// scanShape looks for capitals, shouting (punctuation and hype words in
// capitals), emoji density and "100 %".
func (d *Detector) scanShape(a *text.Analysis, norm *normText, st *state) {
	toks, s := a.Tokens, a.Text
	letters, caps := 0, 0
	// The longest run of words in capitals, as token indexes.
	runStart, bestStart, bestEnd, bestN, runN := -1, -1, -1, 0, 0
	shoutStart, shoutEnd, hypeStart, hypeEnd, weakStart, weakEnd := -1, -1, -1, -1, -1, -1
	symbols, words, same := 0, 0, 1
	runSym := -1
	for i, t := range toks {
		if t.IsWordLike() {
			words++
		}
		if t.Kind != text.Emoji && t.Kind != text.Symbol {
			same = 1
		}
		switch t.Kind {
		case text.Word:
			n := t.Len()
			if !isASCII(s[t.Start:t.End]) {
				n = utf8.RuneCountInString(s[t.Start:t.End])
			}
			if n < 2 {
				continue
			}
			letters += n
			if t.Has(text.AllCaps) {
				caps += n
				if runStart < 0 {
					runStart, runN = i, 0
				}
				runN += n
				if hypeStart < 0 && d.hypeKeys.MayHaveLower(a, i) && d.hype[a.Lower(i)] {
					hypeStart, hypeEnd = int(t.Start), int(t.End)
				}
				if runN > bestN {
					bestStart, bestEnd, bestN = runStart, i, runN
				}
			} else {
				runStart = -1
			}
		case text.Punct:
			if !t.Has(text.Terminal) {
				continue
			}
			marks := strings.Count(s[t.Start:t.End], "!") + strings.Count(s[t.Start:t.End], "?")
			if marks >= 2 && shoutStart < 0 && i > 0 && toks[i-1].End == t.Start && toks[i-1].Has(text.AllCaps) {
				shoutStart, shoutEnd = int(toks[i-1].Start), int(t.End)
			}
			if marks >= 3 && weakStart < 0 {
				weakStart, weakEnd = int(t.Start), int(t.End)
			}
		case text.Number:
			if s[t.Start:t.End] == "100" && i+1 < len(toks) && toks[i+1].Kind == text.Punct && s[toks[i+1].Start:toks[i+1].End] == "%" {
				if gap := s[t.End:toks[i+1].Start]; gap == "" || gap == " " || gap == "\u00a0" || gap == "\u202f" {
					st.fireNorm(sigGuarantee, norm, int(t.Start), int(toks[i+1].End))
				}
			}
		case text.Emoji, text.Symbol:
			if t.Kind == text.Emoji || isDecorative(s[t.Start:t.End]) {
				symbols++
			}
			if i > 0 && toks[i-1].End == t.Start && toks[i-1].Kind == t.Kind && s[toks[i-1].Start:toks[i-1].End] == s[t.Start:t.End] {
				same++
				if same >= emojiRun && runSym < 0 {
					runSym = i
					st.fireNorm(sigEmoji, norm, int(toks[i-emojiRun+1].Start), int(t.End))
				}
			} else {
				same = 1
			}
		}
	}
	if letters >= capsMinLetters && caps*100 >= letters*capsShare && bestStart >= 0 {
		st.fireNorm(sigCapitals, norm, int(toks[bestStart].Start), int(toks[bestEnd].End))
	}
	switch {
	case shoutStart >= 0:
		st.fireNorm(sigShouting, norm, shoutStart, shoutEnd)
	case hypeStart >= 0:
		st.fireNorm(sigShouting, norm, hypeStart, hypeEnd)
	case weakStart >= 0:
		st.fireNorm(sigShouting, norm, weakStart, weakEnd)
	}
	if symbols >= emojiMin && symbols*emojiPerWords >= words {
		for _, t := range toks {
			if t.Kind == text.Emoji || t.Kind == text.Symbol && isDecorative(s[t.Start:t.End]) {
				st.fireNorm(sigEmoji, norm, int(t.Start), int(t.End))
				break
			}
		}
	}
}

// isDecorative reports symbols used as decoration (★ ✔ ➡ ☎ ♥), not
// currency, arithmetic or punctuation-like ones.
func isDecorative(sym string) bool {
	r, _ := utf8.DecodeRuneInString(sym)
	return r >= utf8.RuneSelf && unicode.Is(unicode.So, r)
}
