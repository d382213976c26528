// Package promo tells promotional content from transactional content, in
// English and French: the shared classifier behind promo-under-tag,
// offer-choice, one-time-notification and the promotional caps of
// send-frequency.
//
// # How a text is scored
//
// The detector looks for signals, each a piece of Evidence with a byte span
// and a weight:
//
//	signal           weight  examples
//	discount         2       "-20 %", "20% off", "up to 50%", "$10 off", "10 € offerts", "2 for 1",
//	                         "moitié prix", "buy one get one"; 1 for a bare "-5 €"
//	promo code       2       "code PROMO20", "use code SAVE20", "votre code promo BIENVENUE10", "coupon"
//	sale             2       "sale", "soldes", "promo", "black friday", "déstockage", "vente flash"
//	free offer       2       "free" or "offert"/"gratuit" near an offer noun: "free shipping",
//	                         "livraison offerte", "frais de port offerts", "1 offert", "the free
//	                         app", "entry free", "bilan offert", "free consultation", "200 free minutes"
//	cross-sell       2       "you may also like", "complete your look", "customers who bought",
//	                         "découvrez aussi", "les clients ayant acheté"
//	call to buy      2       "shop now", "order now", "profitez-en", "j'en profite"; cart reminders
//	                         ("left something in your cart", "finalisez votre commande"), trade-ins
//	                         ("trade in your", "reprise de votre ancien"), pre-orders ("pre-order
//	                         now", "précommandez"), extended-warranty upsells ("protect your new",
//	                         "ajoutez une extension de garantie"), referrals ("refer a friend",
//	                         "parrainez un ami"), "come and try", "venez goûter"; 1 for "buy",
//	                         "achetez", "pre-order"
//	new collection   2       "new arrivals", "nouvelle collection", "édition limitée", "our new menu"
//	loyalty multiplier 2     "double points", "double minutes", "points de fidélité doublés", "minutes doublées"
//	reduced price    2       "au lieu de 49 €", "instead of $49"
//	keyword to       2       "text WIN to 80086", "envoyez JOUER au 71010": a keyword sent to a
//	short code               4-6 digit number signs people up; never STOP, HELP, YES or OUI
//	contest          2       "chance to win", "prize draw", "giveaway", "jeu concours", "tentez de
//	                         gagner", "tirage au sort"; 1 for "win", "prize", "competition",
//	                         "gagner", "concours" ("win-win", "gagner du temps" are neutral)
//	offer            1       "offer", "offre", "réduction", "nouveautés", "sur tout le site", "back in stock",
//	                         launches ("launching", "lancement"),
//	                         vouchers and store credit ("voucher", "store credit", "d'avoir"),
//	                         "new menu", "extended warranty", "for your next visit", "we
//	                         offer", "nous proposons"
//	advert           1       "for sale", "à vendre", "best quality", "reasonable rates",
//	                         "we are specialists in", "consultez nos spécialistes"; prices
//	                         sold as low ("affordable", "prix imbattables", "money-back
//	                         guarantee")
//	premium charge   1       "150p per msg", "£1.50/wk", "0,80 €/SMS", "3 € par semaine"; not per
//	                         month or year (a renewal notice prints those)
//	credit offer     1       "home loan", "low rates", "0% interest", "quick approval", "prêt
//	                         personnel", "taux zéro", "sans frais de dossier"
//	call now         1       "call now 0800 123 456", "for details call 01632 960 184",
//	                         "appelez vite le 01 45 67 89 10", "renseignements au …": a phone
//	                         number of 8 digits or more (in groups or not) right after the words
//	opt-out footer   1       "reply STOP", "to unsubscribe", "STOP au 36111", "pour vous
//	                         désabonner"; counted once
//	price claim      1       "only $9.99", "à partir de 19 €", "dès 50 €", "£280,000 onwards",
//	                         "899 € seulement", a multi-buy price ("2 pizzas for £15")
//	price per area   1       "9500/sqft", "5250 psf", "4 500 €/m²", "120 € le m2"
//	price list       1       a second bare price in the text ("belt Rs650, mat Rs999")
//	next order       1       "your next order", "votre prochaine commande"
//	urgency          1       "today only", "last chance", "dernière chance", "jusqu'à dimanche",
//	                         "while stocks last"
//	scarcity         1       "few units left", "limited seats", "price revising", "places limitées"
//	                         (said of something for sale; "almost gone" is urgency)
//	promo emoji      0.5     🔥 🎁 🛍 💸
//
// and for negative evidence (Result.Against):
//
//	transactional    -1      "your order", "receipt", "refund", "password", "you registered
//	                         for", "votre commande", "remboursement", "rendez-vous"
//	already applied  -1      "applied", "appliqué", "déduit", a receipt's "subtotal", "sous-total":
//	                         also cancels the discount, promo code, free offer, offer and price
//	                         evidence of its sentence
//
// and, weighing nothing, two cues of a discount a past order used, which
// cancel the same evidence within their clause only (up to a comma, a
// colon, a parenthesis, a dash between spaces or the sentence's end):
// "you saved", "vous avez économisé" what follows them ("you saved $10 with
// code WELCOME10"), "thanks to your coupon", "grâce à votre code" what comes
// before them and the code right after ("20% off thanks to your coupon").
//
// Evidence of weight Strong or more is unambiguous and counts in full;
// transactional cues offset only the weaker evidence, never below zero:
//
//	Score = strong + max(0, weak − transactional)
//
// where each signal counts at most MaxPerSignal pieces of evidence (its
// heaviest). The text is promotional when Score reaches Threshold: one
// strong signal, or two weak ones in a text with no transactional cue. So
// "Your order has shipped" plus "last chance" stays transactional, and
// "Your order has shipped. Shop now: 20% off your next order" is
// promotional.
//
// Context decides three more cases, each within one sentence:
//   - a free offer, a sale or a keyword to a short code in a sentence with
//     a transactional cue counts as weak: "Your order qualifies for free
//     shipping" describes the order, "Your Black Friday order has shipped"
//     names it;
//   - an "already applied" cue cancels the discount, promo code, free offer,
//     offer and price evidence of its sentence: "Promo code SAVE10 applied:
//     -$5.00" is a receipt line;
//   - a code handed over without a promo word ("use code AB12") does not
//     count in a sentence with a transactional cue ("enter code AB12 to
//     verify your account"), nor after "your" or "votre".
//
// A colon stops "free" from reaching its noun: "Livraison : offerte" and
// "Shipping: free" are receipt lines, not offers.
//
// A survey cue ("survey", "feedback", "enquête") cancels the contest
// evidence of its message: a prize draw for the people who answer is an
// incentive to answer, not a promotion.
//
// Word senses that are no offer weigh nothing (the neutral list): "sales
// report", "sales team", "a great deal to me", "no big deal", "rapport des
// ventes".
//
// Amounts are written with a symbol (€ $ £ ₹), a currency word after the
// number ("10 euros"), a code or abbreviation before it ("Rs 100", "CHF
// 20") or in pence glued to a "p" ("25p").
//
// Numbers alone are never evidence: a price, a total, an order number, a
// percentage of data used or an OTP code needs a word that makes it an
// offer ("off", "de réduction", "save", "au lieu de", a minus sign on a
// percentage). A percentage is written "20%", "20 %", "20 percent" or
// "20 pour cent".
//
// Word lists are embedded under lexicon/ (NAME.en.txt, NAME.fr.txt) and
// compiled once per Detector and language, on the first message in that
// language; phrases match on snowball stems ("offres",
// "discounted", "savings"), or as written when a line starts with "=".
package promo

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/presend/presend/lint/text"
)

// Weights of the evidence, and the threshold of a promotional text.
const (
	// Strong evidence is unambiguous: one piece makes a text promotional,
	// and transactional cues never offset it.
	Strong = 2.0
	// Weak evidence needs company: two pieces, or one and a strong one.
	Weak = 1.0
	// Hint is half a weak signal (promotional emoji).
	Hint = 0.5
	// Against is the weight of one transactional cue.
	Against = -1.0
	// Threshold is the score from which a text is promotional.
	Threshold = 2.0
	// MaxPerSignal is how many pieces of evidence of one signal count
	// toward the score: saying "sale" five times is not five sales.
	MaxPerSignal = 2
)

// Signal names, as Evidence.Signal reports them.
const (
	sigDiscount  = "discount"
	sigCode      = "promo code"
	sigSale      = "sale"
	sigFree      = "free offer"
	sigOffer     = "offer"
	sigPrice     = "price claim"
	sigReduced   = "reduced price"
	sigShortCode = "keyword to short code"
	sigContest   = "contest"
	sigCharge    = "premium charge"
	sigOptOut    = "opt-out footer"
	sigCallNow   = "call now"
	sigScarcity  = "scarcity"
	sigCredit    = "credit offer"
	sigPriceList = "price list"
	sigAreaPrice = "price per area"
	sigAdvert    = "advert"
	sigTerms     = "offer terms"
)

// advertSignal reports whether a weak signal says something is offered for
// sale: advert wording ("for sale", "best quality"), a price per area,
// scarcity ("limited seats"), a credit offer, an offer's terms ("T&C
// apply", a hint: it makes an advert only with other weak evidence). Offers, urgency, "buy",
// "win" and "call now" are left out: people use them between themselves
// ("I got you a gift", "I want to buy a car, hurry up", "call now 07…, mum
// is in hospital"), and so are price claims ("it's only £5, call me"),
// charges ("£80 per week for the room") and price lists (a tradesman's
// quote: "labour £120, parts £80").
func advertSignal(signal string) bool {
	switch signal {
	case sigAdvert, sigAreaPrice, sigScarcity, sigCredit, sigTerms:
		return true
	}
	return false
}

// Advert reports whether a result short of promotional rests on an
// advert's wording (advert words, a price per area, scarcity or a credit
// offer, weak) with no transactional
// cue: "Plot for sale near the station, call 98…". Such a text is not
// promotional; a caller may still treat it as an advert.
func (r Result) Advert() bool {
	if r.Promotional || len(r.Against) > 0 || r.Score < Weak {
		return false
	}
	return slices.ContainsFunc(r.Evidence, func(e Evidence) bool { return advertSignal(e.Signal) })
}

// Evidence is one reason a text reads as promotional: a byte span of the
// text, the signal it matched and the weight it adds.
type Evidence struct {
	Start, End int
	Signal     string // e.g. "discount", "promo code", "call to buy"
	Weight     float64
}

// Result is the classification of one text.
type Result struct {
	Score       float64
	Promotional bool // Score reached the detector's threshold
	// Evidence lists the positive evidence, sorted by Start.
	Evidence []Evidence
	// Against lists the transactional cues (negative weights), sorted by
	// Start.
	Against []Evidence
}

// Strongest returns the heaviest piece of evidence, the earliest among
// equals, and false when there is none.
func (r Result) Strongest() (Evidence, bool) {
	if len(r.Evidence) == 0 {
		return Evidence{}, false
	}
	best := r.Evidence[0]
	for _, e := range r.Evidence[1:] {
		if e.Weight > best.Weight {
			best = e
		}
	}
	return best, true
}

// Top returns the n heaviest pieces of positive evidence (the earliest
// among equals), in text order.
func (r Result) Top(n int) []Evidence {
	if n <= 0 || len(r.Evidence) == 0 {
		return nil
	}
	top := slices.Clone(r.Evidence)
	slices.SortStableFunc(top, func(x, y Evidence) int { return cmp.Compare(y.Weight, x.Weight) })
	top = top[:min(n, len(top))]
	slices.SortFunc(top, func(x, y Evidence) int { return cmp.Compare(x.Start, y.Start) })
	return top
}

// Detector classifies texts. It is built once and safe for concurrent use.
type Detector struct {
	lexicons lexicons // compiled on first use (lexicon.go)
}

// New returns a detector whose word lists compile with the given stemmer,
// each language's on the first text in that language (a list that does not
// compile leaves its language undetected: the built-in lists are tested to
// compile in every language).
func New(stems *text.Stemmer) *Detector {
	d := &Detector{}
	for k, lang := range langs {
		d.lexicons.byLang[k] = sync.OnceValue(func() *lexicon {
			d.lexicons.compiled.Add(1)
			return compileLang(stems, lang)
		})
	}
	return d
}

// Detect classifies the analysed text. Evidence spans are byte offsets
// into a.Text. The work is linear in the number of tokens.
func (d *Detector) Detect(a *text.Analysis) Result {
	if d == nil || a == nil || len(a.Tokens) == 0 {
		return Result{}
	}
	lx := d.lexicon(a.Lang)
	if lx == nil {
		return Result{}
	}
	// The scan's state escapes with its evidence (the Result keeps it), so
	// its buffers are allocated once, together: most messages need no more.
	b := new(detectBufs)
	taken := b.taken[:]
	if len(a.Tokens) > len(b.taken) {
		taken = make([]bool, len(a.Tokens))
	}
	s := scan{a: a, lx: lx, taken: taken[:len(a.Tokens)], ev: b.ev[:0],
		transactional: b.sent[:0:4], redeemed: b.sent[4:4:8]}
	var matchBuf [32]text.Match // both sets' matches, merged in place
	matches := lx.phrases.AppendFind(matchBuf[:0], a, 0, len(a.Tokens))
	n := len(matches)
	matches = mergeMatches(lx.exactPhrases.AppendFind(matches, a, 0, len(a.Tokens)), n)
	for _, m := range matches {
		switch lx.lookup(m).kind {
		case neutral:
			s.claim(m.First, m.Last)
		case transactional, redeemed:
			s.transactional = appendSentence(s.transactional, s.a.SentenceOf(m.Start))
		}
	}
	s.scanTokens()
	var used []text.Span // byte ranges a "you saved" cue names as used
	surveyed := false    // a prize draw rewards an answer: no contest
	for _, m := range matches {
		e := lx.lookup(m)
		switch e.kind {
		case neutral:
			continue
		case survey:
			surveyed = true
			continue
		case usedAfter, usedBefore:
			// Counted even over the amount it qualifies: in "you saved
			// $10", "saved $10" is also the discount.
			used = append(used, s.clause(m, e.kind == usedAfter))
			continue
		}
		if s.claimed(m.First, m.Last) {
			continue
		}
		if e.kind == transitive && (m.Last >= len(a.Tokens) || a.Tokens[m.Last].Kind == text.Punct) {
			continue
		}
		if e.kind == redeemed {
			s.redeemed = appendSentence(s.redeemed, s.a.SentenceOf(m.Start))
		}
		s.add(Evidence{Start: m.Start, End: m.End, Signal: e.signal, Weight: e.weight})
	}
	if len(s.redeemed) > 0 || len(used) > 0 || surveyed {
		s.ev = slices.DeleteFunc(s.ev, func(e Evidence) bool {
			if surveyed && e.Signal == sigContest {
				return true
			}
			if !redeemable(e.Signal) {
				return false
			}
			return s.inSentence(s.redeemed, e.Start) || slices.ContainsFunc(used, func(u text.Span) bool {
				return e.Start >= u.Start && e.Start < u.End
			})
		})
	}
	return s.result()
}

// clause returns the bytes a "used" cue speaks of: from the cue to the end of
// its clause (after), or from the start of its clause to the cue's end and
// the code right after it (before). A clause ends at a comma, a semicolon, a colon, a parenthesis, a
// dash between spaces or the end of a sentence.
func (s *scan) clause(m text.Match, after bool) text.Span {
	toks := s.a.Tokens
	if after {
		end := m.Last
		for end < len(toks) && !s.clauseBreak(end) {
			end++
		}
		return text.Span{Start: m.Start, End: int(toks[end-1].End)}
	}
	first := m.First
	for first > 0 && !s.clauseBreak(first-1) {
		first--
	}
	end := m.End
	// The code the cue names comes right after it: "thanks to your
	// voucher WELCOME10".
	if m.Last < len(toks) && (toks[m.Last].Kind == text.Code || toks[m.Last].Has(text.AllCaps)) {
		end = int(toks[m.Last].End)
	}
	return text.Span{Start: int(toks[first].Start), End: end}
}

// clauseBreak reports whether token i ends a clause.
func (s *scan) clauseBreak(i int) bool {
	t := s.a.Tokens[i]
	if t.Has(text.Terminal) {
		return true
	}
	switch s.a.TokenText(i) {
	case ",", ";", ":", "(", ")":
		return true
	case "-", "–", "—":
		// A dash between spaces; glued to a number it is a minus ("-20 %").
		return i+1 >= len(s.a.Tokens) || s.a.Tokens[i+1].Start != t.End
	}
	return false
}

// appendSentence adds sentence k to a sorted list of sentence indexes.
// Matches come in text order, so k is never below the last one.
func appendSentence(list []int, k int) []int {
	if n := len(list); n > 0 && list[n-1] >= k {
		return list
	}
	return append(list, k)
}

// lookup returns what a phrase match stands for. A phrase is listed in
// one of the two sets only (compile checks it).
func (lx *lexicon) lookup(m text.Match) entry {
	if e, ok := lx.stemmed[m.Phrase]; ok {
		return e
	}
	return lx.exact[m.Phrase]
}

// mergeMatches merges the stemmed matches, ms[:n], with the exact ones,
// ms[n:], in place and in token order; where two overlap, the longer (then
// the earlier) wins.
func mergeMatches(ms []text.Match, n int) []text.Match {
	if n == 0 || n == len(ms) {
		return ms // one set's matches: in order, without overlaps
	}
	slices.SortFunc(ms, func(x, y text.Match) int {
		return cmp.Or(cmp.Compare(x.First, y.First), cmp.Compare(y.Last, x.Last))
	})
	kept := ms[:0]
	for _, m := range ms {
		if n := len(kept); n > 0 && m.First < kept[n-1].Last {
			if m.Last-m.First > kept[n-1].Last-kept[n-1].First {
				kept[n-1] = m
			}
			continue
		}
		kept = append(kept, m)
	}
	return kept
}

// detectBufs are the buffers of one Detect call, in one allocation: the
// tokens claimed, the sentences of transactional and redeemed cues, and
// the evidence, which the Result keeps.
type detectBufs struct {
	taken [128]bool
	sent  [8]int
	ev    [4]Evidence // most messages have fewer pieces; more grow apart
}

// scan is the state of one Detect call.
type scan struct {
	a     *text.Analysis
	lx    *lexicon
	taken []bool     // tokens claimed by a match
	ev    []Evidence // positive and negative, in discovery order
	// amounts counts the amounts of money read so far (priceList).
	amounts int
	// Sentences (sorted indexes) that hold a transactional cue, and those
	// that hold an "already applied" cue.
	transactional, redeemed []int
}

// claimed reports whether any of tokens [first, last) is claimed.
func (s *scan) claimed(first, last int) bool {
	return slices.Contains(s.taken[first:last], true)
}

// claim marks tokens [first, last) as taken.
func (s *scan) claim(first, last int) {
	for i := first; i < last; i++ {
		s.taken[i] = true
	}
}

// inSentence reports whether byte off lies in one of the sentences.
func (s *scan) inSentence(sentences []int, off int) bool {
	_, found := slices.BinarySearch(sentences, s.a.SentenceOf(off))
	return found
}

// addTokens records evidence over tokens [first, last) and claims them.
func (s *scan) addTokens(first, last int, signal string, w float64) {
	s.addSpan(first, last, int(s.a.Tokens[first].Start), int(s.a.Tokens[last-1].End), signal, w)
}

// addSpan records evidence with its own byte span and claims tokens
// [first, last).
func (s *scan) addSpan(first, last, start, end int, signal string, w float64) {
	s.claim(first, last)
	s.add(Evidence{Start: start, End: end, Signal: signal, Weight: w})
}

// add records evidence. A contextual signal in a sentence with a
// transactional cue counts as weak: "Your order qualifies for free
// shipping" describes the order, "Your Black Friday order has shipped"
// names it.
func (s *scan) add(e Evidence) {
	if contextual(e.Signal) && e.Weight > Weak && len(s.transactional) > 0 && s.inSentence(s.transactional, e.Start) {
		e.Weight = Weak
	}
	s.ev = append(s.ev, e)
}

// contextual reports whether a transactional cue in its sentence demotes a
// signal to weak.
func contextual(signal string) bool {
	return signal == sigFree || signal == sigSale || signal == sigShortCode
}

// redeemable reports whether an "already applied" cue cancels a signal in
// its sentence: what a receipt line names when a discount was used.
func redeemable(signal string) bool {
	switch signal {
	case sigDiscount, sigCode, sigFree, sigOffer, sigPrice, sigReduced:
		return true
	}
	return false
}

// result sorts the evidence and scores it.
func (s *scan) result() Result {
	if len(s.ev) == 0 {
		return Result{}
	}
	// The MaxPerSignal (2) heaviest pieces of each signal count. Signals
	// are few, so a short slice serves as the map.
	type top struct {
		signal  string
		against bool
		w       [MaxPerSignal]float64 // absolute weights, heaviest first
	}
	var buf [16]top
	tops := buf[:0]
	for _, e := range s.ev {
		k := slices.IndexFunc(tops, func(t top) bool { return t.signal == e.Signal })
		if k < 0 {
			tops = append(tops, top{signal: e.Signal, against: e.Weight < 0})
			k = len(tops) - 1
		}
		w := math.Abs(e.Weight)
		n := MaxPerSignal
		if e.Signal == sigOptOut {
			n = 1 // "reply STOP to opt out" is one footer
		}
		for j := range tops[k].w[:n] {
			if w > tops[k].w[j] {
				w, tops[k].w[j] = tops[k].w[j], w
			}
		}
	}
	var strong, weak, against float64
	for _, t := range tops {
		for _, w := range t.w {
			switch {
			case t.against:
				against += w
			case w >= Strong:
				strong += w
			default:
				weak += w
			}
		}
	}
	// Positive evidence first, then negative, each by start.
	slices.SortFunc(s.ev, func(x, y Evidence) int {
		return cmp.Or(cmp.Compare(boolInt(x.Weight < 0), boolInt(y.Weight < 0)),
			cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
	})
	var r Result
	k := slices.IndexFunc(s.ev, func(e Evidence) bool { return e.Weight < 0 })
	if k < 0 {
		k = len(s.ev)
	}
	if k > 0 {
		r.Evidence = s.ev[:k:k]
	}
	if k < len(s.ev) {
		r.Against = s.ev[k:]
	}
	r.Score = strong + max(0, weak-against)
	r.Promotional = r.Score >= Threshold
	return r
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
