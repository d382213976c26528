package spam

import (
	"regexp"
	"strings"
	"sync"

	"github.com/presend/presend/lint/text"
)

// moneyWindow is how many tokens may separate an amount from a prize word.
const moneyWindow = 8

// currency symbols and words that make a number an amount.
var (
	// U+FFFD stands for a currency sign lost to a wrong encoding, as "£"
	// often is between SMS gateways.
	currencySymbols = map[string]bool{"£": true, "$": true, "€": true, "¥": true, "₹": true, "₦": true, "₱": true, "₩": true, "₺": true, "₽": true, "\ufffd": true}
	currencyAfter   = map[string]bool{
		"euro": true, "euros": true, "eur": true, "pound": true, "pounds": true, "gbp": true, "dollar": true,
		"dollars": true, "usd": true, "aud": true, "cad": true, "inr": true, "rupees": true, "rs": true,
		"lakh": true, "lakhs": true, "lac": true, "lacs": true, "crore": true, "crores": true, "naira": true,
		"p": true, "pence": true, "francs": true, "chf": true,
	}
	magnitudes = map[string]bool{
		"thousand": true, "million": true, "millions": true, "billion": true, "billions": true,
		"mille": true, "milliard": true, "milliards": true,
	}
	currencyBefore = map[string]bool{
		"rs": true, "inr": true, "usd": true, "gbp": true, "eur": true, "aud": true, "cad": true, "ngn": true,
		"us": true, "chf": true,
	}
	// amountKeys filter the words amountAt looks up in currencyAfter,
	// magnitudes and currencyBefore: most words are in none, and the
	// filter turns them away for a bit test on the message's shared word
	// hashes, before any map. Built once, then only read.
	amountKeys = func() (f text.WordFilter) {
		addKeys(&f, currencyAfter, magnitudes, currencyBefore)
		return f
	}()
	// perUnits follow "/", "per" or "par" in a price per use.
	perUnits = map[string]bool{
		"msg": true, "msgs": true, "message": true, "messages": true, "min": true, "mins": true, "minute": true,
		"minutes": true, "mn": true, "wk": true, "week": true, "text": true, "txt": true, "sms": true,
		"texto": true, "call": true, "appel": true, "semaine": true, "reply": true, "réponse": true,
	}
	// callUnits are the perUnits that charge a call by its length or per
	// call: "20p per min", "0,80 €/min", "£1 per call".
	callUnits = map[string]bool{
		"min": true, "mins": true, "minute": true, "minutes": true, "mn": true, "call": true, "appel": true,
	}
	// msgUnits are the perUnits that charge each message or reply: a price
	// per minute or week charges a call or a subscription.
	msgUnits = map[string]bool{
		"msg": true, "msgs": true, "message": true, "messages": true, "text": true, "txt": true, "sms": true,
		"texto": true, "reply": true, "réponse": true,
	}
	// writeVerbs, with sendVerbs, ask the reader to write back.
	writeVerbs = map[string]bool{
		"write": true, "écris": true, "écrivez": true, "écris-moi": true, "écrivez-moi": true, "réponds": true,
		"réponds-moi": true, "répondez-moi": true, "textez-moi": true,
	}
	// notAskWords before or after "text" make it a noun: "standard text
	// rates", "per text", "les SMS coûtent".
	notAskWords = map[string]bool{
		"per": true, "par": true, "each": true, "every": true, "std": true, "standard": true, "normal": true,
		"the": true, "your": true, "our": true, "this": true, "these": true, "les": true, "vos": true, "nos": true,
		"des": true, "ces": true, "rate": true, "rates": true, "cost": true, "costs": true, "charged": true,
		"message": true, "messages": true, "coûte": true, "coûtent": true, "facturé": true, "facturés": true,
	}
	// replyWords before a charge word say each reply is charged: "all
	// replies cost", "réponses facturées".
	replyWords  = map[string]bool{"reply": true, "replies": true, "réponse": true, "réponses": true}
	chargeWords = map[string]bool{
		"cost": true, "costs": true, "charged": true, "coûte": true, "coûtent": true, "facturée": true, "facturées": true,
	}
	sendVerbs = map[string]bool{
		"text": true, "txt": true, "sms": true, "send": true, "reply": true, "envoyez": true, "envoie": true,
		"envoyer": true, "tapez": true, "textez": true, "texto": true,
		// abbreviated: "rply YES to…", "snd GO to…", "txting"
		"rply": true, "rpl": true, "snd": true, "texting": true, "txting": true, "replying": true, "repondez": true, "répondez": true,
	}
	shortCodePreps = map[string]bool{"to": true, "au": true, "at": true, "on": true}
	optOutWords    = map[string]bool{
		"stop": true, "stopp": true, "end": true, "cancel": true, "unsubscribe": true, "unsub": true,
		"quit": true, "help": true, "info": true, "arret": true, "arrêt": true, "stopsms": true, "optout": true,
		"aide": true,
	}
	// refWords before a number make it a reference, not a phone number.
	refWords = map[string]bool{
		"order": true, "commande": true, "ref": true, "réf": true, "reference": true, "référence": true,
		"invoice": true, "facture": true, "tracking": true, "suivi": true, "dossier": true, "contrat": true,
		"contract": true, "id": true, "colis": true, "parcel": true, "account": true, "compte": true,
		"transaction": true, "txn": true, "booking": true, "réservation": true,
	}
)

// scanMoney looks for amounts tied to prizes, premium-rate numbers, short
// codes and prices per message.
func (d *Detector) scanMoney(a *text.Analysis, norm *normText, st *state) {
	toks, s := a.Tokens, a.Text
	moneyWords := d.moneySet[a.Lang]
	lastAmount, lastMoneyWord := -1<<20, -1<<20
	skipTo := 0
	mobile := span{-1, -1}  // the first mobile number given to contact
	bare := span{-1, -1}    // the first mobile number printed without a contact word
	charge := span{-1, -1}  // the first price per message or reply
	perCall := span{-1, -1} // the first price per minute or call
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if int(t.Start) < skipTo {
			continue
		}
		if end := amountAt(a, i); end > i {
			if i-lastMoneyWord <= moneyWindow {
				st.fireNorm(sigMoneyPrize, norm, int(toks[lastMoneyWord].Start), int(toks[end-1].End))
			}
			lastAmount = i
			if !st.fired[sigEarnings] {
				if k := rateAt(a, end); k > 0 {
					if e := d.earnBefore(a, i); e >= 0 {
						st.fireNorm(sigEarnings, norm, int(toks[e].Start), int(toks[k-1].End))
					}
				}
			}
			if pricePerUse(a, end) {
				st.fireNorm(sigFinePrint, norm, int(t.Start), int(toks[min(end+1, len(toks)-1)].End))
				if callUnits[a.Lower(end+1)] && perCall.start < 0 {
					perCall = span{int(t.Start), int(toks[end+1].End)}
				}
				if msgUnits[a.Lower(end+1)] && charge.start < 0 {
					charge = span{int(t.Start), int(toks[end+1].End)}
				}
			}
		}
		switch t.Kind {
		case text.Word:
			if d.moneyKeys.MayHaveStem(a, i) && moneyWords[a.Stem(i)] {
				if i-lastAmount <= moneyWindow+1 && lastAmount >= 0 {
					st.fireNorm(sigMoneyPrize, norm, int(toks[lastAmount].Start), int(t.End))
				}
				lastMoneyWord = i
			}
			if d.sendKeys.MayHaveLower(a, i) && sendVerbs[a.Lower(i)] {
				if end := shortCode(a, i); end > 0 {
					st.fireNorm(sigShortCode, norm, int(t.Start), end)
				}
			}
		case text.Number, text.Symbol:
			start := int(t.Start)
			if t.Kind == text.Symbol {
				if s[t.Start:t.End] != "+" || i+1 >= len(toks) || toks[i+1].Start != t.End || toks[i+1].Kind != text.Number {
					continue
				}
			}
			end, digits, n := scanPhone(s, start)
			if end > start {
				skipTo = end
				if premiumNumber(digits[:n], s[start] == '+') && !isReference(a, i) {
					st.fireNorm(sigPremiumRate, norm, start, end)
				}
				if callNow(a, i, end) {
					st.fireNorm(sigUrgency, norm, start, end)
				}
				if mobile.start < 0 {
					if c := contactBefore(a, i); c >= 0 && (isMobile(s[start:end], digits[:n], s[start] == '+') || c&contactWhatsApp != 0 && n >= 8) {
						mobile = span{int(toks[c&^contactWhatsApp].Start), end}
					} else if bare.start < 0 && isMobile(s[start:end], digits[:n], s[start] == '+') && !isReference(a, i) {
						bare = span{start, end}
					}
				}
			}
		case text.Code:
			w := a.Lower(i)
			if strings.HasSuffix(w, "ppm") && allDigits(w[:len(w)-3]) {
				st.fireNorm(sigFinePrint, norm, int(t.Start), int(t.End))
			}
			// A number glued to a word: "call09050000337", "PH:0906…".
			if k := strings.IndexAny(w, "0123456789"); k >= 0 && k <= 6 {
				start := int(t.Start) + k
				if end, digits, n := scanPhone(s, start); end > start {
					if premiumNumber(digits[:n], false) {
						st.fireNorm(sigPremiumRate, norm, start, end)
					}
					// "Cnt-98…", "Call-98…": a contact word glued to a mobile.
					if mobile.start < 0 && contactWords[strings.TrimRight(w[:k], "-:.")] && isMobile(s[start:end], digits[:n], false) {
						mobile = span{int(t.Start), end}
					}
				}
			}
		}
	}
	if st.fired[sigCash] && lastAmount >= 0 {
		// Cash wording about a loan, with an amount: a loan offer.
		for i := range toks {
			if toks[i].Kind == text.Word && loanWords[a.Lower(i)] {
				st.fireNorm(sigLoanOffer, norm, int(toks[i].Start), int(toks[i].End))
				break
			}
		}
	}
	if !st.fired[sigFinePrint] {
		// Fine print run together with other text: "Age18+only",
		// "Cost£1.50perWKsub", "1.50pmsg", "costs150ppm".
		if loc := findGluedFinePrint(s); loc != nil {
			g := 2 // the age limit, else the price
			if loc[g] < 0 {
				g = 4
			}
			st.fireNorm(sigFinePrint, norm, loc[g], loc[g+1])
		}
	}
	if perCall.start >= 0 && st.fired[sigUrgency] {
		// Pressed to call now a line charged by the minute.
		st.fireNorm(sigCallPressure, norm, perCall.start, perCall.end)
	}
	if charge.start < 0 {
		charge = d.replyCharge(a)
	}
	if charge.start >= 0 && asksToWrite(a) {
		st.fireNorm(sigPaidReply, norm, charge.start, charge.end)
	}
	if mobile.start < 0 && bare.start >= 0 && signsOff(a, bare.end) {
		st.mobile.start, st.mobile.end = norm.orig(bare.start, bare.end)
		st.hasMobile = true
	}
	if mobile.start >= 0 {
		st.mobile.start, st.mobile.end = norm.orig(mobile.start, mobile.end)
		st.hasMobile = true
		if end := nextNumber(s, mobile.end); end > 0 {
			st.fireNorm(sigSeveralNumbers, norm, mobile.start, end)
		}
	}
	if mobile.start >= 0 && d.weights[sigMobileContact] > 0 && (lastAmount >= 0 || st.fired[sigPrize] || st.fired[sigMoneyPrize] || st.fired[sigEarnings] || st.fired[sigCash] || d.aboutMoney(a)) {
		st.fireNorm(sigMobileContact, norm, mobile.start, mobile.end)
	}
}

// signsOff reports whether nothing but punctuation, symbols, emoji and
// more numbers follows byte offset end: a number there signs the message
// off, as a contact does ("… Gurgaon, Vishal 98100 00000"), alone or first
// of the lines an advert lists ("98100 00000 / 98111 11111").
func signsOff(a *text.Analysis, end int) bool {
	for _, t := range a.Tokens {
		if int(t.Start) >= end && t.IsWordLike() && t.Kind != text.Number {
			return false
		}
	}
	return true
}

// loanWords name a loan.
var loanWords = map[string]bool{
	"loan": true, "loans": true, "borrow": true, "prêt": true, "prêts": true, "emprunt": true,
	"empruntez": true, "emprunter": true, "crédit": true, "crédits": true, "credit": true,
}

// gluedFinePrint finds premium fine print wherever it stands, glued to
// letters or digits: an age limit (16+, 18+, not after a digit) or a price
// in pence or with a currency sign per message, text, minute or week.
// Compiled on first use: not by commands that check no message.
var gluedFinePrint = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(?:^|[^0-9+])(1[68]\+)|` +
		`((?:[£$€]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:p|pence|€))\s?(?:/|per|pr|par|a|x)?\s?(?:msgs?|messages?|wks?|weeks?|semaines?|mins?|minutes?|txts?|texts?|sms|pm))(?:[^a-z]|rcvd|rcd|recd|sub|$)`)
})

// findGluedFinePrint is gluedFinePrint.FindStringSubmatchIndex(s), with a
// filter first: most messages have neither "16+" nor "18+" nor a unit word
// starting at most 12 bytes after a digit, and cannot match.
func findGluedFinePrint(s string) []int {
	if !mayHaveGluedFinePrint(s) {
		return nil
	}
	return gluedFinePrint().FindStringSubmatchIndex(s)
}

// mayHaveGluedFinePrint reports whether gluedFinePrint may match s; false is
// certain. A match is an age limit ("16+", "18+") or ends in a unit (msg,
// message, min, minute, wk, week, semaine, sms, txt, text, pm, in any case)
// that starts at most 11 bytes after the price's last digit ("150 pence per
// msg"), a price by pence, a euro sign or a currency sign (priced). Text with a letter that folds to an ASCII one (ſ, the Kelvin sign)
// goes to the expression.
func mayHaveGluedFinePrint(s string) bool {
	// One pass over the bytes: most are of no class and cost a table
	// read. A "+" after a 6 or an 8 is an age limit; the lead bytes of ſ
	// (C5 BF) and the Kelvin sign (E2 84 AA) send the text to the
	// expression.
	lastDigit := -1 << 20
	for q := 0; q < len(s); q++ {
		switch glueClass[s[q]] {
		case glueNone:
		case glueDigit:
			lastDigit = q
		case gluePlus:
			if q > 0 && (s[q-1] == '6' || s[q-1] == '8') {
				return true
			}
		case glueFold:
			if strings.HasPrefix(s[q:], "\u017f") || strings.HasPrefix(s[q:], "\u212a") {
				return true
			}
		case glueUnit:
			if q-lastDigit > 12 {
				continue
			}
			for _, u := range glueUnits {
				if hasPrefixFoldASCII(s[q:], u) && priced(s, lastDigit, q) {
					return true
				}
			}
		}
	}
	return false
}

// priced reports whether the digits that end at byte last can be the price
// of gluedFinePrint's unit at q: followed by pence or a euro sign, which
// puts a p, a P or a € between them and the unit ("150p", "1.50 pence per",
// "0,50€/"), or preceded by a currency sign, past their digits, points and
// commas and one space ("£1.50", "$ 5", "€2"). Digits with neither ("in 10
// minutes", "at 2 pm") are no price, and the expression need not run.
func priced(s string, last, q int) bool {
	if strings.ContainsAny(s[last+1:q], "pP€") {
		return true
	}
	k := last
	for k >= 0 && ('0' <= s[k] && s[k] <= '9' || s[k] == '.' || s[k] == ',') {
		k--
	}
	if k >= 0 && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\f' || s[k] == '\r') {
		k-- // \s? in the expression
	}
	head := s[:k+1]
	return strings.HasSuffix(head, "$") || strings.HasSuffix(head, "£") || strings.HasSuffix(head, "€")
}

// Byte classes for mayHaveGluedFinePrint.
const (
	glueNone  = iota
	glueDigit // 0-9
	gluePlus  // +
	glueFold  // the first byte of ſ or of the Kelvin sign
	glueUnit  // the first letter of a unit, in either case
)

// glueClass is the class of every byte.
var glueClass = func() (c [256]uint8) {
	for b := '0'; b <= '9'; b++ {
		c[b] = glueDigit
	}
	c['+'] = gluePlus
	c[0xC5], c[0xE2] = glueFold, glueFold
	for _, b := range "mwstp" {
		c[b], c[b-'a'+'A'] = glueUnit, glueUnit
	}
	return c
}()

// glueUnits are the shortest forms of gluedFinePrint's units: a unit starts
// with one of them.
var glueUnits = [...]string{"msg", "message", "min", "wk", "week", "semaine", "sms", "txt", "text", "pm"}

// hasPrefixFoldASCII reports whether s starts with the lower-case ASCII word
// p in any ASCII case.
func hasPrefixFoldASCII(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if c := s[i]; c != p[i] && c|0x20 != p[i] {
			return false
		}
	}
	return true
}

// rateUnits are the periods a pay claim is per: "$500 a day", "/mois".
var rateUnits = map[string]bool{
	"day": true, "days": true, "daily": true, "week": true, "wk": true, "month": true, "mth": true,
	"hour": true, "hr": true, "hrs": true, "jour": true, "semaine": true, "mois": true, "heure": true, "h": true,
}

// rateAt reports whether the tokens from k give a rate, "a day", "per
// month", "/hr", "par jour", "daily", and returns the index after it, or 0.
// A "+" may come first ("$3,000+ per month").
func rateAt(a *text.Analysis, k int) int {
	toks := a.Tokens
	if k < len(toks) && toks[k].Kind == text.Symbol && a.TokenText(k) == "+" {
		k++
	}
	if k >= len(toks) {
		return 0
	}
	switch t := toks[k]; {
	case t.Kind == text.Word && (a.Lower(k) == "daily" || a.Lower(k) == "weekly" || a.Lower(k) == "monthly" || a.Lower(k) == "hourly"):
		return k + 1
	case t.Kind == text.Punct && a.TokenText(k) == "/":
	case t.Kind == text.Word:
		switch a.Lower(k) {
		case "a", "an", "per", "each", "every", "par", "chaque":
		default:
			return 0
		}
	default:
		return 0
	}
	if k+1 < len(toks) && toks[k+1].Kind == text.Word && rateUnits[a.Lower(k+1)] {
		return k + 2
	}
	return 0
}

// earnWindow is how many words before an amount an earning word may be.
const earnWindow = 6

// earnBefore returns the index of an earning word ("earn", "making",
// "gagnez") up to earnWindow words before token i, in its sentence, or -1.
// A payment between them makes the amount a cost ("make payments of £50 a
// month"), and "paid" claims pay only after "get" or "be" ("get paid $25 an
// hour", not "you paid £9.99 a month").
func (d *Detector) earnBefore(a *text.Analysis, i int) int {
	words := 0
	for k := i - 1; k >= 0 && words < earnWindow; k-- {
		t := a.Tokens[k]
		if t.Kind == text.Punct && t.Has(text.Terminal) {
			return -1
		}
		if t.Kind != text.Word {
			continue
		}
		words++
		w := a.Lower(k)
		if costWords[w] {
			return -1
		}
		if w == "paid" {
			if k > 0 && paidAfter[a.Lower(k-1)] {
				return k - 1
			}
			continue
		}
		if d.earn.hasWord(d.stems, w) {
			return k
		}
	}
	return -1
}

// costWords between an earning word and an amount make it a cost.
var costWords = map[string]bool{
	"payment": true, "payments": true, "repayment": true, "repayments": true, "instalment": true,
	"instalments": true, "installment": true, "installments": true, "fee": true, "fees": true, "bill": true,
	"subscription": true, "paiement": true, "paiements": true, "mensualité": true, "mensualités": true,
	"abonnement": true, "facture": true, "frais": true,
}

// paidAfter are the words before "paid" that make it pay received.
var paidAfter = map[string]bool{"get": true, "gets": true, "getting": true, "got": true, "be": true, "being": true}

// contactWords ask to call, text or write to a number.
var contactWords = map[string]bool{
	"call": true, "ring": true, "dial": true, "contact": true, "text": true, "txt": true, "sms": true,
	"message": true, "msg": true, "whatsapp": true, "wa": true, "ph": true, "phone": true, "mob": true,
	"mobile": true, "cell": true, "cnt": true, "cont": true, "tel": true, "tél": true, "reach": true, "appelez": true, "appeler": true,
	"appelle": true, "contactez": true, "contacter": true, "joindre": true, "écrivez": true,
}

// contactWhatsApp marks a contact word that is WhatsApp: any number after
// it is a mobile.
const contactWhatsApp = 1 << 30

// contactBefore returns the index of a contact word up to four tokens
// before the number at token i, in its sentence ("call us on", "PH:",
// "WhatsApp me at"), or -1; with contactWhatsApp set when it is WhatsApp.
func contactBefore(a *text.Analysis, i int) int {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := a.Tokens[k]
		if t.Kind == text.Punct && t.Has(text.Terminal) {
			// "Cont.9990584817", "Ph.0612…": the point of an
			// abbreviation glued to the number ends no sentence.
			if k == i-1 && k > 0 && a.TokenText(k) == "." && a.Tokens[k-1].End == t.Start && t.End == a.Tokens[i].Start &&
				a.Tokens[k-1].Kind == text.Word && contactWords[a.Lower(k-1)] {
				return k - 1
			}
			return -1
		}
		if t.Kind != text.Word {
			continue
		}
		if w := a.Lower(k); contactWords[w] {
			if w == "whatsapp" || w == "wa" {
				return k | contactWhatsApp
			}
			return k
		}
	}
	return -1
}

// mobilePrefixes are where mobile numbers start, written internationally
// (country code, then the first digits of the mobile range), in countries
// whose mobiles can be told from landlines; in the US and Canada they
// cannot. UK 4470 and 4476 numbers are not mobiles (see isMobile).
var mobilePrefixes = [...]string{
	"447", "336", "337", "324", "417", "4915", "4916", "4917", // UK, France, Belgium, Switzerland, Germany
	"346", "347", "393", // Spain, Italy
	"916", "917", "918", "919", "923", "639", "628", "9715", // India, Pakistan, Philippines, Indonesia, UAE
	"2347", "2348", "2349", "2541", "2547", // Nigeria, Kenya
	"2126", "2127", "2135", "2136", "2137", "2162", "2165", "2169", // Morocco, Algeria, Tunisia
}

// isMobile reports whether a phone number, written raw with digits (and
// plus: a leading +), is a mobile number: written internationally, one of
// mobilePrefixes; written nationally, UK 07 (but 070 personal and 076 pager
// numbers), France 06 and 07, India ten digits from 6 to 9 written in one
// block or as 5+5 (not US toll-free 800, 833… written the same way).
func isMobile(raw string, digits []byte, plus bool) bool {
	d := string(digits) // no allocation: compared, never kept
	if plus || len(d) > 11 && strings.HasPrefix(d, "00") {
		d = strings.TrimPrefix(d, "00")
		cc := ""
		if len(d) > 3 && (d[:2] == "44" || d[:2] == "33") && d[2] == '0' {
			cc, d = d[:2], d[3:] // "+44 (0)7700…": the national trunk 0 in brackets
		}
		if n := len(cc) + len(d); n < 10 || n > 13 {
			return false
		}
		has := func(p string) bool { // cc+d starts with p
			if !strings.HasPrefix(p, cc) {
				return false
			}
			return strings.HasPrefix(d, p[len(cc):])
		}
		if has("4470") || has("4476") {
			return false
		}
		for _, p := range mobilePrefixes {
			if has(p) {
				return true
			}
		}
		return false
	}
	switch len(d) {
	case 11:
		return strings.HasPrefix(d, "07") && d[2] != '0' && d[2] != '6'
	case 10:
		if strings.HasPrefix(d, "06") || strings.HasPrefix(d, "07") {
			return true
		}
		if d[0] < '6' || d[0] > '9' {
			return false
		}
		switch d[:3] {
		case "800", "833", "844", "855", "866", "877", "888":
			// A US toll-free number, when its exchange is one: the North
			// American plan starts exchanges with 2–9, so "800 123 4567"
			// cannot be one and reads as an Indian mobile.
			if d[3] >= '2' {
				return false
			}
		}
		// One block, or 5+5: a US number is written 3-3-4.
		return len(raw) == 10 || len(raw) == 11 && (raw[5] == ' ' || raw[5] == '-')
	case 12:
		return strings.HasPrefix(d, "91") && d[2] >= '6' && d[2] <= '9' && len(raw) == 12
	}
	return false
}

// aboutMoney reports whether a message speaks of an account, a card, a
// loan, a job or a payment: what a mobile number to call makes a scam.
func (d *Detector) aboutMoney(a *text.Analysis) bool {
	for i, t := range a.Tokens {
		if t.Kind == text.Word && len(a.TokenText(i)) >= 3 && d.topic.hasWord(d.stems, a.Lower(i)) {
			return true
		}
	}
	return false
}

// callNow reports "call 0906… now": a call verb shortly before the number
// at token i (ending at byte end) and "now" or "immediately" right after it.
func callNow(a *text.Analysis, i, end int) bool {
	k := a.TokenAt(end)
	if k < 0 {
		k = i
	}
	for k < len(a.Tokens) && int(a.Tokens[k].Start) < end {
		k++
	}
	if k >= len(a.Tokens) || a.Tokens[k].Kind != text.Word {
		return false
	}
	switch a.Lower(k) {
	case "now", "immediately", "asap", "maintenant", "immédiatement":
	default:
		return false
	}
	for j := i - 1; j >= 0 && j >= i-6; j-- {
		t := a.Tokens[j]
		if t.Kind == text.Punct && t.Has(text.Terminal) {
			return false
		}
		if t.Kind == text.Word {
			switch a.Lower(j) {
			case "call", "dial", "ring", "phone", "appelez", "appeler", "composez":
				return true
			}
		}
	}
	return false
}

// amountAt returns the index of the token after an amount that starts at
// token i, or i when none does: £900, 900 €, $ 25, 500 euros, Rs. 2,00,000,
// INR 5,00,000, US$450, 150p.
func amountAt(a *text.Analysis, i int) int {
	toks, s := a.Tokens, a.Text
	t := toks[i]
	next := func(k int) (text.Token, bool) { // the token after k, at most one space away
		if k+1 >= len(toks) {
			return text.Token{}, false
		}
		n := toks[k+1]
		gap := s[toks[k].End:n.Start]
		return n, gap == "" || gap == " " || gap == "\u00a0" || gap == "\u202f"
	}
	numberLike := func(t text.Token) bool {
		return t.Kind == text.Number || t.Kind == text.Code && s[t.Start] >= '0' && s[t.Start] <= '9'
	}
	switch t.Kind {
	case text.Symbol:
		if currencySymbols[s[t.Start:t.End]] {
			if n, ok := next(i); ok && numberLike(n) {
				return i + 2
			}
		}
	case text.Number:
		if n, ok := next(i); ok {
			word := n.Kind == text.Word && amountKeys.MayHaveLower(a, i+1)
			if n.Kind == text.Symbol && currencySymbols[s[n.Start:n.End]] || word && currencyAfter[a.Lower(i+1)] && a.Lower(i+1) != "p" {
				return i + 2
			}
			// 7.3 million dollars, 2 millions d'euros
			if word && magnitudes[a.Lower(i+1)] {
				k := i + 2
				if k < len(toks) && toks[k].Kind == text.Word && (a.Lower(k) == "of" || a.Lower(k) == "de" || a.Lower(k) == "d'") {
					k++
				}
				if k < len(toks) && (toks[k].Kind == text.Word && currencyAfter[a.Lower(k)] || toks[k].Kind == text.Symbol && currencySymbols[a.TokenText(k)]) {
					return k + 1
				}
			}
		}
	case text.Word:
		// Every currency written before a number has 2 or 3 letters: the
		// length turns most words away before the map.
		if !amountKeys.MayHaveLower(a, i) {
			return i
		}
		if w := a.Lower(i); len(w) < 2 || len(w) > 3 || !currencyBefore[w] {
			return i
		}
		k := i
		if n, ok := next(k); ok && n.Kind == text.Punct && s[n.Start:n.End] == "." {
			k++
		}
		if n, ok := next(k); ok && n.Kind == text.Symbol && currencySymbols[s[n.Start:n.End]] {
			k++
		}
		if n, ok := next(k); ok && numberLike(n) && k+1 < len(toks) {
			return k + 2
		}
	case text.Code:
		if codeAmount(a.Lower(i)) {
			return i + 1
		}
	}
	return i
}

// codeAmount reports a code token that is an amount: a currency word stuck
// to digits ("inr5000", "500euro", "2crores", "150p").
func codeAmount(w string) bool {
	i := 0
	for i < len(w) && (w[i] < '0' || w[i] > '9') {
		i++
	}
	j := len(w)
	for j > i && (w[j-1] < '0' || w[j-1] > '9') {
		j--
	}
	if i == j {
		return false
	}
	for k := i; k < j; k++ {
		if c := w[k]; (c < '0' || c > '9') && c != ',' && c != '.' {
			return false
		}
	}
	switch {
	case i > 0 && j == len(w):
		return currencyBefore[w[:i]]
	case i == 0 && j < len(w):
		return currencyAfter[w[j:]]
	}
	return false
}

// pricePerUse reports whether the tokens from k say "per message" or
// "per minute": "/msg", "per min", "par SMS".
func pricePerUse(a *text.Analysis, k int) bool {
	toks, s := a.Tokens, a.Text
	if k+1 >= len(toks) {
		return false
	}
	t := toks[k]
	switch {
	case t.Kind == text.Punct && s[t.Start:t.End] == "/":
	case t.Kind == text.Word:
		switch a.Lower(k) {
		case "per", "par", "each", "a", "the":
		default:
			return false
		}
	default:
		return false
	}
	return toks[k+1].Kind == text.Word && perUnits[a.Lower(k+1)]
}

// shortCode looks for "KEYWORD to 80082" after the send verb at token i and
// returns the end offset of the short code, or 0. Opt-out keywords (STOP,
// HELP) do not count.
func shortCode(a *text.Analysis, i int) int {
	toks, s := a.Tokens, a.Text
	keyword := false
	for k := i + 1; k < len(toks) && k <= i+8; k++ {
		t := toks[k]
		switch t.Kind {
		case text.Punct:
			if t.Has(text.Terminal) {
				return 0
			}
			continue
		case text.Word, text.Code, text.Number:
			w := a.Lower(k)
			if t.Kind == text.Number && w != "2" {
				// "SMS YND 53030": a keyword in capitals sent straight to
				// a short code, without "to".
				if k == i+2 && capsKeyword(a, k-1) {
					if c := countDigits(s[t.Start:t.End]); c >= 4 && c <= 6 {
						if _, _, digits := scanPhone(s, int(t.Start)); digits <= 6 {
							return int(t.End)
						}
					}
				}
				keyword = true
				continue
			}
			if !shortCodePreps[w] && w != "2" { // "txt GO 2 80082"
				if !optOutWords[w] {
					keyword = true
				}
				continue
			}
			if !keyword {
				return 0
			}
			// The number may follow "No:" or "number".
			for m := k + 1; m < len(toks) && m <= k+4; m++ {
				n := toks[m]
				if n.Kind == text.Punct && !n.Has(text.Terminal) {
					continue
				}
				if n.Kind == text.Word {
					if lw := a.Lower(m); lw == "no" || lw == "number" || lw == "numéro" || lw == "num" {
						continue
					}
				}
				if n.Kind == text.Number {
					// A short code has 4 to 6 digits; more groups make
					// it a phone number ("text me on 07700 900 812").
					if c := countDigits(s[n.Start:n.End]); c >= 4 && c <= 6 {
						if _, _, digits := scanPhone(s, int(n.Start)); digits <= 6 {
							return int(n.End)
						}
					}
				}
				return 0
			}
			return 0
		default:
			keyword = true
		}
	}
	return 0
}

// capsKeyword reports whether token k is a keyword written in capitals, as
// short-code keywords are printed ("YND", "WIN"), and not an opt-out or
// help keyword.
func capsKeyword(a *text.Analysis, k int) bool {
	t := a.Tokens[k]
	return t.Kind == text.Word && t.Has(text.AllCaps) && t.Len() >= 2 && !optOutWords[a.Lower(k)] && !shortCodePreps[a.Lower(k)]
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// nextNumber returns the end of a phone number of 8 digits or more that
// follows the one ending at p, after a separator ("/", ",", "&", "or",
// "ou"), or 0.
func nextNumber(s string, p int) int {
	j := p
	for j < len(s) && s[j] == ' ' {
		j++
	}
	switch {
	case j < len(s) && strings.IndexByte("/,&", s[j]) >= 0:
		j++
	case strings.HasPrefix(s[j:], "or ") || strings.HasPrefix(s[j:], "ou "):
		j += 3
	default:
		return 0
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if end, _, n := scanPhone(s, j); n >= 8 {
		return end
	}
	return 0
}

// scanPhone reads a phone number at p: an optional +, then groups of
// digits separated by one space, dot, hyphen or bracket. A group glued to
// letters after the first ends the number ("08714342399.2stop"), and so
// does a bracket whose digits it does not close ("(0,15 €/min)"). It returns
// the number's end and digits, or p when there are fewer than 5 or more than
// 16 digits.
func scanPhone(s string, p int) (end int, digits [16]byte, n int) {
	j := p
	if j < len(s) && s[j] == '+' {
		j++
	}
	end = p
	for {
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j || n > 0 && k < len(s) && isAlnumByte(s[k]) {
			break
		}
		if n+k-j > len(digits) {
			return p, digits, 0
		}
		n += copy(digits[n:], s[j:k])
		end = k
		if k+1 >= len(s) || strings.IndexByte(" .-()", s[k]) < 0 {
			break
		}
		j = k + 1
		if s[k] == ' ' && s[j] == '(' {
			j++ // +44 (0)20…
		}
		if s[j-1] == '(' && !closedGroup(s, j) {
			break // "0825 00 12 34 (0,15 €/min)": a price in brackets
		}
	}
	if n < 5 {
		return p, digits, 0
	}
	return end, digits, n
}

// closedGroup reports whether digits at j are closed by a bracket: the
// group a number opens with one ("(0)20", "(555)") and no price in
// brackets after a number ("(0,15 €/min)").
func closedGroup(s string, j int) bool {
	k := j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	return k > j && k < len(s) && s[k] == ')'
}

// premiumNumber reports whether digits (with plus: written with a leading
// +) is a premium-rate number: UK 09 and 0871–0873 and 070 (11 digits),
// France 081, 082 and 089 (10 digits), US 1-900 and 1-976.
func premiumNumber(digits []byte, plus bool) bool {
	var buf [18]byte
	d := digits
	switch {
	case plus && len(d) > 2 && (string(d[:2]) == "44" || string(d[:2]) == "33"):
		d = d[2:]
		if len(d) > 0 && d[0] == '0' {
			d = d[1:] // +44 (0) 20…
		}
		buf[0] = '0'
		d = buf[:1+copy(buf[1:], d)]
	case len(d) > 4 && (string(d[:4]) == "0044" || string(d[:4]) == "0033"):
		buf[0] = '0'
		d = buf[:1+copy(buf[1:], d[4:])]
	case plus && len(d) > 0 && d[0] != '1':
		return false
	}
	ds := string(d) // no allocation: compared, never kept
	switch len(ds) {
	case 11:
		return strings.HasPrefix(ds, "09") || strings.HasPrefix(ds, "0871") || strings.HasPrefix(ds, "0872") ||
			strings.HasPrefix(ds, "0873") || strings.HasPrefix(ds, "070") ||
			strings.HasPrefix(ds, "1900") || strings.HasPrefix(ds, "1976")
	case 10:
		return strings.HasPrefix(ds, "089") || strings.HasPrefix(ds, "081") || strings.HasPrefix(ds, "082")
	}
	return false
}

// isReference reports whether the number at token i is labelled as an
// order, invoice or tracking number.
func isReference(a *text.Analysis, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := a.Tokens[k]
		switch t.Kind {
		case text.Punct:
			if t.Has(text.Terminal) {
				// "réf. 0891…", "ref. 0906…": the period of an abbreviation
				if a.TokenText(k) == "." && k > 0 && a.Tokens[k-1].End == t.Start && a.Tokens[k-1].Kind == text.Word {
					return refWords[a.Lower(k-1)]
				}
				return false
			}
			continue
		case text.Symbol:
			switch a.TokenText(k) {
			case "#", "°", "№":
				return true
			case "+":
				continue
			}
			return false
		case text.Word:
			w := a.Lower(k)
			if w == "n" || w == "no" || w == "nº" {
				continue
			}
			return refWords[w]
		}
		return false
	}
	return false
}

// SubscriptionCharge returns the byte offset where the first charge per
// message, week or other period of a message ends ("£1.50/wk", "150p per
// msg", "3 € par semaine"), or -1. A STOP instruction after it is how the
// subscription it charges for is ended, not an opt-out of marketing.
func SubscriptionCharge(a *text.Analysis) int {
	for i := range a.Tokens {
		end := amountAt(a, i)
		if end <= i {
			continue
		}
		if pricePerUse(a, end) {
			return int(a.Tokens[min(end+1, len(a.Tokens)-1)].End)
		}
		if k := rateAt(a, end); k > 0 {
			return int(a.Tokens[k-1].End)
		}
	}
	return -1
}

// replyCharge returns the span of words saying each reply is charged
// ("replies cost", "each reply costs", "réponses facturées"), or {-1, -1}.
func (d *Detector) replyCharge(a *text.Analysis) span {
	toks := a.Tokens
	for i, t := range toks {
		if t.Kind != text.Word || !d.replyKeys.MayHaveLower(a, i) || !replyWords[a.Lower(i)] {
			continue
		}
		for k := i + 1; k < len(toks) && k <= i+2; k++ {
			if toks[k].Kind == text.Word && chargeWords[a.Lower(k)] {
				return span{int(t.Start), int(toks[k].End)}
			}
		}
	}
	return span{-1, -1}
}

// asksToWrite reports whether the message asks the reader to text or reply
// ("txt me", "text a reply", "écris-moi"), other than with an opt-out or
// help keyword ("reply STOP", "2 cancel send STOP").
func asksToWrite(a *text.Analysis) bool {
	toks := a.Tokens
	for i, t := range toks {
		if t.Kind != text.Word || !sendVerbs[a.Lower(i)] && !writeVerbs[a.Lower(i)] {
			continue
		}
		if i > 0 && toks[i-1].Kind == text.Word && notAskWords[a.Lower(i-1)] {
			continue
		}
		k := i + 1
		for k < len(toks) && toks[k].Kind == text.Punct && a.TokenText(k) != "." {
			k++
		}
		if k < len(toks) && (toks[k].Kind == text.Word || toks[k].Kind == text.Code) && (optOutWords[a.Lower(k)] || notAskWords[a.Lower(k)]) {
			continue
		}
		return true
	}
	return false
}
