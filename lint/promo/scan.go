package promo

import (
	"strings"

	"github.com/presend/presend/lint/text"
)

// scanTokens runs the matchers that read numbers, codes and neighbourhoods:
// percentages and amounts with the words around them, "2 for 1", "1 offert",
// promo codes after "code", and "free" near an offer noun. Each claims the
// tokens it covers, so a phrase list cannot count them again.
func (s *scan) scanTokens() {
	a := s.a
	for i, t := range a.Tokens {
		if s.claimed(i, i+1) {
			continue
		}
		switch t.Kind {
		case text.Number:
			s.number(i)
		case text.Code:
			if pence(a.TokenText(i)) || s.gluedAmount(i) {
				s.amountSpan(i, i+1)
			}
		case text.Word:
			if !s.lx.wordStarts.MayHaveStem(a, i) {
				continue
			}
			switch {
			case s.lx.codeWord.has(a, i):
				s.code(i)
			case s.lx.freeWord.has(a, i):
				s.free(i)
			}
		}
	}
}

// number reads the offer a number may make.
func (s *scan) number(i int) {
	switch {
	case s.shortCode(i), s.callNow(i), s.percent(i), s.amount(i), s.bundle(i), s.multiBuy(i):
	case s.areaPrice(i, i+1):
	default:
		s.numberFree(i)
	}
}

// areaPrice handles a price per area after the number or amount that ends
// before token last: "9500/sqft", "5000@sq.mtr", "£300 per sq ft", "5250
// psf", "4 500 €/m²", "3 200 € le m2". Land and flats are advertised at a
// rate per area; a receipt, a lease or a size ("1,000 sq ft office") has no
// "per" and states no rate. It is weak evidence (price per area) and
// reports whether it added it.
func (s *scan) areaPrice(first, last int) bool {
	a, toks := s.a, s.a.Tokens
	j := last
	if j >= len(toks) || !s.near(j-1, j) && toks[j].Kind == text.Punct {
		return false
	}
	per := s.isText(j, "/", "@") || s.lx.chargePer.has(a, j) || a.Lang == "fr" && (a.Lower(j) == "le" || a.Lower(j) == "du")
	if per {
		j++
	}
	end := s.areaUnit(j)
	if end < 0 || !per && a.Lower(j) != "psf" || s.claimed(first, end) {
		return false
	}
	s.addTokens(first, end, sigAreaPrice, Weak)
	return true
}

// areaUnit returns the index after an area unit at token j ("sqft", "sq",
// "psf", "m²", "m2", "mètre"), or -1.
func (s *scan) areaUnit(j int) int {
	a := s.a
	switch {
	case j >= len(a.Tokens):
		return -1
	case s.lx.areaUnit.has(a, j):
		return j + 1
	case a.Lower(j) == "m2":
		return j + 1
	case a.Lower(j) == "m" && s.isText(j+1, "²") && a.Tokens[j].End == a.Tokens[j+1].Start:
		return j + 2
	}
	return -1
}

// near reports whether tokens i and j (i < j) are adjacent or separated by
// one space, no-break space or narrow no-break space.
func (s *scan) near(i, j int) bool {
	return s.a.Tokens[j].Start-s.a.Tokens[i].End <= int32(len("\u202f"))
}

// isText reports whether token i is exactly one of the given strings.
func (s *scan) isText(i int, opts ...string) bool {
	if i < 0 || i >= len(s.a.Tokens) {
		return false
	}
	w := s.a.TokenText(i)
	for _, o := range opts {
		if w == o {
			return true
		}
	}
	return false
}

// minus reports whether a minus sign is glued to token i: "-20 %", "–30%".
func (s *scan) minus(i int) bool {
	if i < 1 || !s.isText(i-1, "-", "–", "−") || s.a.Tokens[i-1].End != s.a.Tokens[i].Start {
		return false
	}
	// "A-20" is a code, not a minus; the tokenizer joins those already,
	// but a word glued to the sign on the left would be the same.
	return i < 2 || s.a.Tokens[i-2].End != s.a.Tokens[i-1].Start
}

// percent handles number i followed by "%". A percentage is a discount with
// a minus sign ("-20 %": the evidence spans just that), a pct-after phrase
// ("off", "de réduction") or a pct-before phrase ("up to", "jusqu'à");
// otherwise (a battery level, a VAT rate) it is nothing. It reports whether
// i was a percentage.
func (s *scan) percent(i int) bool {
	last := s.percentSign(i + 1)
	if last < 0 {
		return false
	}
	a, lx := s.a, s.lx
	first := i
	minus := s.minus(i)
	if minus {
		first = i - 1
	}
	if minus {
		s.addTokens(first, last, sigDiscount, Strong)
		return true
	}
	if e := lx.pctAfter.after(a, last); e > 0 && !s.claimed(last, e) {
		s.addTokens(first, e, sigDiscount, Strong)
	} else if b := lx.pctBefore.before(a, first); b >= 0 && !s.claimed(b, first) {
		s.addTokens(b, last, sigDiscount, Strong)
	}
	return true
}

// percentSign returns the index after the percent sign that starts at token
// p, glued to the number before it ("20%", "20 %") or written out ("20
// percent", "20 per cent", "20 pour cent"), or -1.
func (s *scan) percentSign(p int) int {
	if p >= len(s.a.Tokens) {
		return -1
	}
	if s.isText(p, "%") && s.near(p-1, p) {
		return p + 1
	}
	switch s.a.Lower(p) {
	case "percent", "pourcent":
		return p + 1
	case "per", "pour":
		if p+1 < len(s.a.Tokens) && s.a.Lower(p+1) == "cent" {
			return p + 2
		}
	}
	return -1
}

// money returns the token range of an amount around number i: a currency
// symbol before or after it ("$58.20", "49,90 €") or a currency word after
// it ("10 euros").
func (s *scan) money(i int) (first, last int, ok bool) {
	first, last = i, i+1
	if i > 0 && s.isText(i-1, "€", "$", "£", "₹") && s.near(i-1, i) {
		first, ok = i-1, true
	}
	// A currency code or abbreviation before the number: "Rs 100",
	// "Rs.100", "INR 500", "EUR 20".
	if !ok && i > 0 && s.lx.currencyBefore.has(s.a, i-1) && s.near(i-1, i) {
		first, ok = i-1, true
	}
	if !ok && i > 1 && s.isText(i-1, ".") && s.a.Tokens[i-1].End == s.a.Tokens[i].Start && s.lx.currencyBefore.has(s.a, i-2) && s.near(i-2, i-1) {
		first, ok = i-2, true
	}
	// A currency after the number, or a magnitude after a currency
	// before it: "Rs 28 lac".
	if i+1 < len(s.a.Tokens) && (!ok && s.isText(i+1, "€", "$", "£") && s.near(i, i+1) || s.lx.currency.has(s.a, i+1)) {
		last, ok = i+2, true
	}
	return first, last, ok
}

// amount handles an amount of money. It is a discount with an amount-after
// phrase ("$10 off", "10 € offerts") or an amount-before phrase ("save
// $10"), a reduced price after "au lieu de", a weak discount with a minus
// sign, a weak price claim after "only" or "à partir de"; otherwise (a
// total, a refund, a balance) it is nothing. It reports whether i was an
// amount.
func (s *scan) amount(i int) bool {
	first, last, ok := s.money(i)
	if !ok {
		return false
	}
	s.amountSpan(first, last)
	return true
}

// gluedAmount reports whether code token i is a currency written before
// the number and glued to it: "Rs650", "INR5000", "EUR20".
func (s *scan) gluedAmount(i int) bool {
	w := s.a.Lower(i)
	k := strings.IndexAny(w, "0123456789")
	if k < 2 || len(w)-k > 12 {
		return false
	}
	for _, c := range w[k:] {
		if (c < '0' || c > '9') && c != ',' && c != '.' {
			return false
		}
	}
	return s.lx.currencyBefore[w[:k]] // short codes are their own stems
}

// pence reports whether w is an amount in pence glued to its "p": "25p",
// "150p", "1.50p".
func pence(w string) bool {
	n, ok := strings.CutSuffix(w, "p")
	if !ok || n == "" || len(n) > 6 {
		return false
	}
	for k := 0; k < len(n); k++ {
		if (n[k] < '0' || n[k] > '9') && (n[k] != '.' || k == 0 || k == len(n)-1) {
			return false
		}
	}
	return true
}

// charge handles a charge per message, minute or week right after the
// amount that ends before token last: "150p per msg", "£1.50/wk", "0,80
// €/SMS", "20p par minute". Premium-rate and subscription services print
// that price; it is weak evidence (a customer line prints its per-minute
// cost too).
func (s *scan) charge(last int) {
	a, lx, toks := s.a, s.lx, s.a.Tokens
	j := last
	if j >= len(toks) {
		return
	}
	if !s.isText(j, "/") && !lx.chargePer.has(a, j) {
		return
	}
	if j+1 < len(toks) && lx.chargeUnit.has(a, j+1) && !s.claimed(j, j+2) {
		s.addTokens(j, j+2, sigCharge, Weak)
	}
}

// amountSpan reads the amount over tokens [first, last).
func (s *scan) amountSpan(first, last int) {
	n := len(s.ev)
	defer func() {
		// A bare price; one that is a discount, a crossed-out price or a
		// price claim is evidence already.
		if len(s.ev) == n {
			s.priceList(first, last)
		}
	}()
	s.charge(last)
	if s.areaPrice(first, last) {
		return
	}
	a, lx := s.a, s.lx
	minus := s.minus(first)
	from := first
	if minus {
		from = first - 1
	}
	if e := lx.amountAfter.after(a, last); e > 0 && !s.claimed(last, e) {
		s.addTokens(from, e, sigDiscount, Strong)
		return
	}
	if b := lx.amountBefore.before(a, from); b >= 0 && !s.claimed(b, from) {
		s.addTokens(b, last, sigDiscount, Strong)
		return
	}
	if b := lx.anchorBefore.before(a, from); b >= 0 && !s.claimed(b, from) {
		s.addTokens(b, last, sigReduced, Strong)
		return
	}
	if minus {
		s.addTokens(from, last, sigDiscount, Weak)
		return
	}
	if b := lx.priceBefore.before(a, from); b >= 0 && !s.claimed(b, from) {
		s.addTokens(b, last, sigPrice, Weak)
		return
	}
	if e := lx.priceAfter.after(a, last); e > 0 && !s.claimed(last, e) {
		// "£28,000 onwards", "19 € seulement".
		s.addTokens(from, e, sigPrice, Weak)
	}
}

// multiBuy handles a price for several items: "2 pizzas for £15", "3 for
// $10", "2 t-shirts pour 25 €": a small number (2 to 10), at most two words,
// the bundle word, an amount. A deal's wording, it is weak evidence (a price
// claim): an order confirmation ("your order of 2 items for $58.20") says
// it too, and its transactional cue offsets it. It reports whether it added
// the evidence.
func (s *scan) multiBuy(i int) bool {
	a, toks := s.a, s.a.Tokens
	n, ok := atoi(a.TokenText(i))
	if !ok || n < 2 || n > 10 {
		return false
	}
	for j, words := i+1, 0; j < len(toks) && words <= 2; j++ {
		if toks[j].Kind != text.Word {
			return false
		}
		if s.lx.bundle.has(a, j) {
			if j+1 >= len(toks) {
				return false
			}
			k := j + 1
			if toks[k].Kind != text.Number {
				k++ // the symbol before the number: "£15"
			}
			if k >= len(toks) || toks[k].Kind != text.Number {
				return false
			}
			first, last, ok := s.money(k)
			if !ok || first < j+1 || s.claimed(i, last) {
				return false
			}
			s.addTokens(i, last, sigPrice, Weak)
			return true
		}
		words++
	}
	return false
}

// atoi reads a number of up to 18 ASCII digits, without a sign: what
// strconv.Atoi reads of a number token, whose digits come first, but
// without the error it allocates for every "3.5" and "12h30". Longer
// numbers are never small enough to matter here: false.
func atoi(w string) (int, bool) {
	if w == "" || len(w) > 18 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// priceList counts the bare amounts of the text: the second makes a list
// of prices ("slim belt Rs650, massage belt Rs999"), weak promotional
// evidence (no advert cue: a quote lists prices too). Receipts and
// statements list amounts too; their transactional cues offset it.
func (s *scan) priceList(first, last int) {
	s.amounts++
	if s.amounts == 2 {
		s.add(Evidence{Start: int(s.a.Tokens[first].Start), End: int(s.a.Tokens[last-1].End), Signal: sigPriceList, Weight: Weak})
	}
}

// bundle handles "2 for 1", "3 pour 2": a small number, the bundle word, a
// smaller number.
func (s *scan) bundle(i int) bool {
	toks := s.a.Tokens
	if i+2 >= len(toks) || toks[i+2].Kind != text.Number || !s.lx.bundle.has(s.a, i+1) {
		return false
	}
	n, ok1 := atoi(s.a.TokenText(i))
	m, ok2 := atoi(s.a.TokenText(i + 2))
	if !ok1 || !ok2 || m < 1 || m >= n || n > 10 {
		return false
	}
	s.addTokens(i, i+3, sigDiscount, Strong)
	return true
}

// numberFree handles a number followed by a free word: "1 offert", "le 2e
// offert", "get 1 free". In English, where adjectives come first, the word
// after "free" must be an offer noun or none ("1 free cancellation" is a
// booking term).
func (s *scan) numberFree(i int) {
	a, lx := s.a, s.lx
	if !lx.freeWord.has(a, i+1) || s.claimed(i+1, i+2) {
		return
	}
	if a.Lang == "en" && i+2 < len(a.Tokens) && a.Tokens[i+2].Kind == text.Word && !lx.offerNoun.has(a, i+2) {
		return
	}
	s.addTokens(i, i+2, sigFree, Strong)
}

// prevWord returns the index of the last non-punctuation token before i,
// or -1.
func (s *scan) prevWord(i int) int {
	for j := i - 1; j >= 0; j-- {
		if s.a.Tokens[j].Kind != text.Punct {
			return j
		}
	}
	return -1
}

// code handles a code word ("code", "coupon") followed by a code: an
// upper-case word or a letters-and-digits code ("SAVE20", "BIENVENUE10"),
// after at most four skipped tokens (quotes, a colon, "promo", "de
// réduction", "is"). The code counts when a code-promo word stands next to
// the code word ("promo code", "code promo", "coupon"), or when a code-lead
// word hands it over ("use code", "avec le code") and no code-block word
// makes it a transactional code ("your code", "verification code",
// "code PIN"). Digits alone (an OTP) never count.
func (s *scan) code(i int) {
	a, lx, toks := s.a, s.lx, s.a.Tokens
	prev := s.prevWord(i)
	first := i
	promo := lx.codePromo.has(a, i)
	if lx.codePromo.has(a, prev) {
		promo, first = true, prev
	}
	j := i + 1
skip:
	for steps := 0; j < len(toks) && steps < 4; steps, j = steps+1, j+1 {
		t := toks[j]
		switch {
		case t.Kind == text.Punct:
			if t.Has(text.Terminal) {
				return
			}
		case lx.codePromo.has(a, j):
			promo = true
		case lx.codeSkip.has(a, j):
		default:
			break skip // j is the candidate
		}
	}
	if j >= len(toks) || !codeShape(a, j) || lx.codeBlock.has(a, j) {
		return
	}
	if !promo {
		// Handed over without a promo word: not after "your", and not in a
		// sentence with a transactional cue ("enter code AB12 to verify").
		if lx.codeBlock.has(a, prev) || s.inSentence(s.transactional, int(toks[j].Start)) {
			return
		}
		if !lx.codeLead.has(a, prev) && (prev < 0 || !lx.codeLead.has(a, s.prevWord(prev))) {
			return
		}
	}
	if s.claimed(first, j+1) {
		return
	}
	t := toks[j]
	s.addSpan(first, j+1, int(t.Start), int(t.End), sigCode, Strong)
}

// codeShape reports whether token j looks like a promo code: ASCII letters
// and digits only, 4 to 20 of them, either all upper-case letters
// ("BIENVENUE") or a mix with at least two letters ("SAVE20", "20OFF").
func codeShape(a *text.Analysis, j int) bool {
	t := a.Tokens[j]
	w := a.TokenText(j)
	if len(w) < 4 || len(w) > 20 {
		return false
	}
	letters := 0
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			letters++
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	switch t.Kind {
	case text.Word:
		return t.Has(text.AllCaps)
	case text.Code:
		return letters >= 2
	}
	return false
}

// free handles a free word ("free", "offert", "gratuit") with an offer noun
// at most two words after it ("free 2-day shipping") or three before it
// ("frais de port offerts", "delivery is free"). A colon stops the search:
// "Livraison : offerte" and "Shipping: free" are receipt lines.
func (s *scan) free(i int) {
	a, toks := s.a, s.a.Tokens
	stop := func(j int) bool {
		t := toks[j]
		return t.Kind == text.Punct && (t.Has(text.Terminal) || s.isText(j, ":"))
	}
	for j, words := i+1, 0; j < len(toks) && words < 2 && !stop(j); j++ {
		if s.lx.offerNoun.has(a, j) {
			if !s.claimed(i, j+1) {
				s.addTokens(i, j+1, sigFree, Strong)
			}
			return
		}
		if toks[j].IsWordLike() {
			words++
		}
	}
	for j, words := i-1, 0; j >= 0 && words < 3 && !stop(j); j-- {
		if s.lx.offerNoun.has(a, j) {
			if !s.claimed(j, i+1) {
				s.addTokens(j, i+1, sigFree, Strong)
			}
			return
		}
		if toks[j].IsWordLike() {
			words++
		}
	}
}

// shortCode handles number i as a short code a keyword is sent to: "text
// WIN to 80086", "txt D E or F to 84025", "envoyez JOUER au 71010". The
// number has 4 to 6 digits, a keyword-to word ("to", "au") stands before
// it, and a keyword-verb ("text", "envoyez") at most five words before
// that, with the keyword between them. An opt-out, help or answer keyword
// ("text STOP to 80086", "répondez OUI au 36111") is no promotion: the
// signal needs every keyword word to be outside keyword-skip. It reports
// whether i was such a short code.
func (s *scan) shortCode(i int) bool {
	a, lx := s.a, s.lx
	if !digits(a.TokenText(i), 4, 6) || i+1 < len(a.Tokens) && a.Tokens[i+1].Kind == text.Number && s.near(i, i+1) {
		return false
	}
	to := s.prevWord(i)
	if to < 0 || !lx.kwTo.has(a, to) {
		return false
	}
	keywords := 0
	for j, words := to-1, 0; j >= 0 && words < 6; j-- {
		t := a.Tokens[j]
		switch {
		case t.Kind == text.Punct:
			if t.Has(text.Terminal) {
				return false
			}
			continue
		case lx.kwVerb.has(a, j):
			if keywords == 0 || s.claimed(j, i+1) {
				return false
			}
			s.addTokens(j, i+1, sigShortCode, Strong)
			return true
		case lx.kwSkip.has(a, j):
			return false
		case !lx.kwFiller.has(a, j):
			keywords++
		}
		words++
	}
	return false
}

// digits reports whether w is between lo and hi ASCII digits.
func digits(w string, lo, hi int) bool {
	if len(w) < lo || len(w) > hi {
		return false
	}
	for k := 0; k < len(w); k++ {
		if w[k] < '0' || w[k] > '9' {
			return false
		}
	}
	return true
}

// callNow handles number i as a phone number (8 digits or more, spaces and
// dots between groups allowed) right after a call-now phrase: "call now
// 0800 123 456", "appelez vite le 01 45 67 89 10". It reports whether it
// added that evidence.
func (s *scan) callNow(i int) bool {
	// A number written in groups may be several tokens: "01632 960 184".
	n, last := 0, i
	for j := i; j < len(s.a.Tokens) && s.a.Tokens[j].Kind == text.Number && (j == i || s.near(j-1, j)); j++ {
		w := s.a.TokenText(j)
		for k := 0; k < len(w); k++ {
			switch c := w[k]; {
			case c >= '0' && c <= '9':
				n++
			case c == ' ' || c == '.':
			default:
				return false
			}
		}
		last = j
	}
	if n < 8 {
		return false
	}
	b := s.lx.callNow.before(s.a, i)
	if b < 0 || s.claimed(b, last+1) {
		return false
	}
	s.addTokens(b, last+1, sigCallNow, Weak)
	return true
}
