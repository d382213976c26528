package spam

import (
	"slices"
	"strings"

	"github.com/presend/presend/lint/text"
)

// manyLinks is how many links in one message fire many-links.
const manyLinks = 3

// bareTLDs are the top-level domains a link written without a scheme or a
// path may end in, beyond those the tokenizer knows: a bare "word.word" is
// prose unless it ends in one of these.
var bareTLDs = map[string]bool{
	"in": true, "au": true, "ie": true, "nz": true, "za": true, "ng": true, "cc": true, "ws": true,
	"pw": true, "ru": true, "cn": true, "mobi": true, "online": true, "club": true, "live": true,
	"gd": true, "do": true, "tv": true, "ai": true, "gg": true, "ly": true,
}

// runOnTLDs are the top-level domains that are also short English or
// French particles, and runOnLeads the words that run into them in prose
// when a space or a hyphen is missing: "check.in", "sign.in", "log.in",
// "go.to", "merci.de". A link written so (two labels, lower-case letters,
// without a scheme, "www." or a path) is read as prose. Top-level domains
// abused for phishing that are also words (click, live, loan, win, top,
// club…) are never prose: "hmrc.now.click", "secure.login.live" and
// "please.click" are links.
var (
	runOnTLDs = map[string]bool{
		"in": true, "to": true, "it": true, "me": true, "us": true, "be": true, "do": true, "is": true, "at": true,
		"go": true, "no": true, "so": true, "de": true, "es": true, "se": true, "ma": true, "ca": true, "au": true,
		"re": true,
	}
	runOnLeads = map[string]bool{
		// words before a particle: check-in, log in, sign-in, opt-in…
		"check": true, "log": true, "sign": true, "opt": true, "plug": true, "walk": true, "drop": true,
		"fill": true, "cash": true, "break": true, "drive": true, "built": true, "stand": true, "clock": true,
		"punch": true, "weigh": true, "move": true, "dine": true, "tuck": true, "call": true, "dial": true,
		"phone": true, "lock": true, "pop": true, "stop": true, "join": true, "hand": true, "turn": true,
		"send": true, "come": true, "stay": true, "eat": true, "key": true, "type": true, "tune": true,
		"tap": true, "login": true, "logged": true, "signed": true, "checked": true, "opted": true,
		// function words, in English and French
		"to": true, "it": true, "the": true, "a": true, "an": true, "and": true, "or": true, "now": true,
		"please": true, "just": true, "go": true, "is": true, "are": true, "we": true, "you": true, "how": true,
		"due": true, "up": true, "back": true, "next": true, "time": true, "way": true, "want": true,
		"need": true, "have": true, "able": true, "like": true, "welcome": true, "thanks": true, "can": true,
		"will": true, "may": true, "must": true, "let": true, "get": true, "make": true, "try": true,
		"see": true, "use": true, "keep": true, "me": true, "my": true, "your": true, "our": true, "not": true,
		"out": true, "all": true, "also": true, "more": true, "then": true, "here": true, "there": true,
		"merci": true, "et": true, "ou": true, "pour": true, "vous": true, "nous": true, "le": true,
		"la": true, "les": true, "en": true, "il": true, "elle": true, "on": true, "ne": true, "pas": true,
		"plus": true, "est": true, "sont": true, "bien": true, "tout": true, "ici": true, "donc": true,
	}
)

// proseRunOn reports whether link u, as written, is two words run together
// (runOnTLDs): lower-case letters (the first may be a capital, starting a
// sentence) and one dot only, no scheme, no "www.", no path, a top-level
// domain that is a particle and a word before it that is neither a brand
// nor a security word other than "check" ("login.in", "paypal.me" stay
// links). Three labels
// or more ("hmrc.now.click", "royalmail.get.loan") are a host.
func (d *Detector) proseRunOn(u string) bool {
	last := strings.LastIndexByte(u, '.')
	if last <= 0 || strings.IndexByte(u[:last], '.') >= 0 {
		return false
	}
	for i := 0; i < len(u); i++ {
		if c := u[i]; (c < 'a' || c > 'z') && c != '.' && (i > 0 || c < 'A' || c > 'Z') {
			return false
		}
	}
	lead := strings.ToLower(u[:last])
	// "check" is a security word inside a host ("paypal-check"), but
	// "check.in" is the run-on every hotel message risks; "login.in" and
	// "my.to" stay hosts.
	if !runOnTLDs[u[last+1:]] || !runOnLeads[lead] || d.security[lead] && lead != "check" {
		return false
	}
	_, brand := d.brandWords[lead]
	return !brand
}

// secondLevel are the labels under a country code under which domains are
// registered: example.co.uk, example.gouv.fr.
var secondLevel = map[string]bool{
	"co": true, "com": true, "org": true, "net": true, "gov": true, "ac": true, "edu": true,
	"gouv": true, "asso": true, "nic": true, "ltd": true, "plc": true,
}

// scanLinks finds links (with a scheme, with www., bare domains and
// broken schemes) and e-mail addresses, and judges their hosts.
func (d *Detector) scanLinks(a *text.Analysis, norm *normText, st *state) {
	toks, s := a.Tokens, a.Text
	links, skipTo := 0, 0
	defer func() { st.links = links }()
	link := func(start, end int) {
		links++
		st.lastLink, st.lastLinkOwn = start, false
		if links == manyLinks {
			st.fireNorm(sigManyLinks, norm, start, end)
		}
	}
	d.findBrands(a, st)
	for i, t := range toks {
		if int(t.Start) < skipTo {
			continue
		}
		start, end := int(t.Start), int(t.End)
		switch t.Kind {
		case text.URL:
			u := s[start:end]
			if d.proseRunOn(u) {
				continue // "Your check.in starts at 3pm"
			}
			link(start, end)
			if k := strings.Index(u, "://"); k >= 0 && k <= 8 && strings.HasPrefix(u[k+3:], "/") {
				st.fireNorm(sigBrokenLink, norm, start, end) // http:///example.com
				u = u[k+3:]
			}
			host, userinfo := urlHost(strings.TrimLeft(u, "/"))
			path, rest := "", u
			if k := strings.Index(rest, "://"); k >= 0 {
				rest = rest[k+3:]
			}
			if k := strings.IndexAny(strings.TrimLeft(rest, "/"), "/?#"); k >= 0 {
				path = strings.TrimLeft(rest, "/")[k:]
			}
			if h := strings.TrimPrefix(strings.ToLower(host), "www."); h != "" && !strings.Contains(h, ".") && h != "localhost" {
				st.fireNorm(sigBrokenLink, norm, start, end) // http://mybank/login: no top-level domain
			}
			d.checkHost(st, norm, host, path, start, end)
			if strings.Contains(userinfo, ".") {
				st.fireNorm(sigLookalikeDomain, norm, start, end) // https://paypal.com@example.net
			}
		case text.Email:
			links++
			st.lastLink, st.lastLinkOwn = start, false
			d.checkEmail(st, norm, s[start:end], start, end)
		case text.Word, text.Code, text.Number:
			if t.Kind == text.Word && end < len(s) && (s[end] == ':' || s[end] == '/') {
				switch a.Lower(i) {
				case "http", "https", "hxxp", "hxxps":
					e := d.brokenLink(st, norm, s, start, end)
					link(start, e)
					skipTo = e
					continue
				}
			}
			if t.Kind == text.Number && isIPv4(s[start:end]) && end < len(s) && (s[end] == '/' || s[end] == ':') {
				link(start, end)
				st.fireNorm(sigRawIP, norm, start, end)
				continue
			}
			if end+1 < len(s) && s[end] == '.' && isAlnumByte(s[end+1]) {
				hostEnd, e := d.scanBareHost(s, start, false)
				if hostEnd > start && !d.proseRunOn(s[start:e]) {
					link(start, e)
					d.checkHost(st, norm, s[start:hostEnd], s[hostEnd:e], start, e)
				}
				skipTo = e // no host starts inside a run that is none
			}
		}
	}
}

// brokenLink handles a scheme written to slip past link detection
// ("http:/bit.ly/x", "http:// 203.0.113.7", "hxxp://…") whose word ends at
// end, and returns where the link ends.
func (d *Detector) brokenLink(st *state, norm *normText, s string, start, end int) int {
	k := end
	for k < len(s) && k-end < 6 {
		c := s[k]
		if c == ':' || c == '/' || c == '\\' || c == 'l' && k+1 < len(s) && s[k+1] == '/' {
			k++
			continue
		}
		break
	}
	if k < len(s) && s[k] == ' ' && k > end {
		k++ // "http:// 203.0.113.7"
	}
	e := k
	if hostEnd, le := d.scanBareHost(s, k, true); hostEnd > k {
		d.checkHost(st, norm, s[k:hostEnd], s[hostEnd:le], start, le)
		e = le
	}
	st.fireNorm(sigBrokenLink, norm, start, max(e, end))
	return max(e, end)
}

// scanBareHost reads a host name at p and the path after it. It returns the
// end of the host and of the whole link; when there is no link, p and the
// end of what was read. A host needs a top-level domain of 2–6 letters (or
// is an IPv4 address), and, unless relaxed, a path or a port, or a known
// top-level domain.
func (d *Detector) scanBareHost(s string, p int, relaxed bool) (hostEnd, end int) {
	i, dots, lastDot := p, 0, -1
	for i < len(s) {
		c := s[i]
		if isAlnumByte(c) || c == '-' {
			i++
			continue
		}
		if c == '.' && i > p && i+1 < len(s) && isAlnumByte(s[i+1]) && s[i-1] != '.' && s[i-1] != '-' {
			dots++
			lastDot = i
			i++
			continue
		}
		break
	}
	if dots == 0 {
		return p, i
	}
	host, tld := s[p:i], s[lastDot+1:i]
	path := i < len(s) && (s[i] == '/' || s[i] == ':' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9')
	ok := false
	switch {
	case dots == 3 && isIPv4(host):
		ok = path || relaxed
	case !alphaTLD(tld):
	case relaxed || path:
		ok = true
	default:
		var buf [6]byte
		l := lowerInto(buf[:], tld)
		ok = bareTLDs[string(l)] || d.riskyTLD[string(l)] || d.suffixIn(d.shorteners, strings.ToLower(host))
	}
	if !ok {
		return p, i
	}
	end = i
	if path {
		for end < len(s) && s[end] != ' ' && s[end] != '\n' && s[end] != '\t' && s[end] != '<' && s[end] != '>' && s[end] != '"' {
			end++
		}
		for end > i && strings.IndexByte(".,;:!?')", s[end-1]) >= 0 {
			end--
		}
	}
	return i, end
}

func alphaTLD(t string) bool {
	if len(t) < 2 || len(t) > 6 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !isASCIILetter(t[i]) {
			return false
		}
	}
	return true
}

func lowerInto(buf []byte, s string) []byte {
	n := copy(buf, s)
	for i := range n {
		if c := buf[i]; c >= 'A' && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	return buf[:n]
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// urlHost returns the host of a link and the user information before an @.
func urlHost(u string) (host, userinfo string) {
	if k := strings.Index(u, "://"); k >= 0 && k <= 8 {
		u = u[k+3:]
	}
	if k := strings.IndexAny(u, "/?#"); k >= 0 {
		u = u[:k]
	}
	if k := strings.LastIndexByte(u, '@'); k >= 0 {
		userinfo, u = u[:k], u[k+1:]
	}
	if k := strings.LastIndexByte(u, ':'); k >= 0 {
		u = u[:k]
	}
	return u, userinfo
}

func isIPv4(h string) bool {
	parts := 0
	for h != "" {
		k := strings.IndexByte(h, '.')
		part := h
		if k >= 0 {
			part, h = h[:k], h[k+1:]
			if h == "" {
				return false
			}
		} else {
			h = ""
		}
		if len(part) == 0 || len(part) > 3 || !allDigits(part) || len(part) == 3 && part > "255" {
			return false
		}
		parts++
	}
	return parts == 4
}

// suffixIn reports whether host, or a parent domain of it, is in set.
func (d *Detector) suffixIn(set map[string]bool, host string) bool {
	for i := 0; ; {
		if set[host[i:]] {
			return true
		}
		k := strings.IndexByte(host[i:], '.')
		if k < 0 {
			return false
		}
		i += k + 1
	}
}

func (d *Detector) isTrusted(host string) bool {
	for _, t := range d.trusted {
		if host == t || strings.HasSuffix(host, t) && host[len(host)-len(t)-1] == '.' {
			return true
		}
	}
	return false
}

// checkHost judges the host of a link whose span is start, end, and the
// path after the host.
func (d *Detector) checkHost(st *state, norm *normText, host, path string, start, end int) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" {
		return
	}
	if d.isTrusted(host) {
		st.lastLinkOwn = true
		st.ownLinks++
		return
	}
	st.authority = st.authority || governmentHost(host)
	if governmentHost(host) || publicHost(host) {
		st.publicLinks++
	}
	st.lastLinkOwn = st.nBrand > 0 && d.linksToNamedBrand(st, host)
	if st.lastLinkOwn || d.brandHost(host) {
		st.brandLinks++
	}
	if isIPv4(host) {
		st.fireNorm(sigRawIP, norm, start, end)
		return
	}
	if d.suffixIn(d.tunnels, host) || appFile(path) {
		st.fireNorm(sigUnsafeLink, norm, start, end)
	}
	if d.suffixIn(d.shorteners, host) || shortLinkPath(path) {
		st.fireNorm(sigShortener, norm, start, end)
	}
	tld := host[strings.LastIndexByte(host, '.')+1:]
	if d.riskyTLD[tld] || d.suffixIn(d.riskyHost, host) {
		st.fireNorm(sigRiskyHost, norm, start, end)
	}
	if d.lookalike(host) {
		st.fireNorm(sigLookalikeDomain, norm, start, end)
	}
	if st.nBrand > 0 && !st.fired[sigBrandMismatch] && !d.linksToNamedBrand(st, host) {
		st.fireNorm(sigBrandMismatch, norm, start, end)
	}
}

// findBrands records the brands the message names. Brands that are also
// common words ("apple", "orange") count when capitalised, short ones
// ("DHL", "ING") in capitals.
func (d *Detector) findBrands(a *text.Analysis, st *state) {
	for i, t := range a.Tokens {
		if t.Kind != text.Word || t.Len() < 3 || st.nBrand == len(st.brands) {
			continue
		}
		if !d.brandKeys.MayHaveLower(a, i) {
			continue
		}
		k := d.brandWords[a.Lower(i)] - 1
		if k < 0 {
			continue
		}
		b := d.brands[k]
		if len(b.name) < 4 && !t.Has(text.AllCaps) || b.pieceOnly && !t.Has(text.Capital) {
			continue
		}
		if !slices.Contains(st.brands[:st.nBrand], k) {
			st.brands[st.nBrand] = k
			st.nBrand++
		}
	}
}

// brandHost reports whether host is on a listed brand's real domain
// (royalmail.com, www.dhl.fr), named in the message or not: a carrier
// written in two words ("Royal Mail") links to its own site.
func (d *Detector) brandHost(host string) bool {
	reg, ok := registrableLabel(host)
	if !ok {
		return false
	}
	for k := range d.brands {
		if slices.Contains(d.brands[k].official, reg) {
			return true
		}
	}
	return false
}

// linksToNamedBrand reports whether host belongs to one of the brands the
// message names.
func (d *Detector) linksToNamedBrand(st *state, host string) bool {
	reg, ok := registrableLabel(host)
	if !ok {
		return false
	}
	for _, k := range st.brands[:st.nBrand] {
		if slices.Contains(d.brands[k].official, reg) {
			return true
		}
	}
	return false
}

// checkEmail judges an e-mail address: a free provider, a brand name in a
// free address, a look-alike or risky domain.
func (d *Detector) checkEmail(st *state, norm *normText, addr string, start, end int) {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return
	}
	local, domain := strings.ToLower(addr[:at]), strings.ToLower(addr[at+1:])
	if d.isTrusted(domain) {
		st.ownLinks++
		return
	}
	reg, ok := registrableLabel(domain)
	if d.freemail[domain] || ok && d.freemail[reg] {
		st.fireNorm(sigFreeEmail, norm, start, end)
		if d.brandIn(local) {
			st.fireNorm(sigLookalikeDomain, norm, start, end)
		}
		return
	}
	if d.riskyTLD[domain[strings.LastIndexByte(domain, '.')+1:]] {
		st.fireNorm(sigRiskyHost, norm, start, end)
	}
	if d.lookalike(domain) {
		st.fireNorm(sigLookalikeDomain, norm, start, end)
	}
}

// registrableLabel returns the label under which a domain is registered
// ("example" in www.example.co.uk), read from the end of the host without
// splitting it (this runs on every link); false when the host has one label.
// It is the label registrable finds in strings.Split(host, ".").
func registrableLabel(host string) (string, bool) {
	var last [3]string // the last labels, the last one first
	n, end := 0, len(host)
	for n < len(last) {
		i := strings.LastIndexByte(host[:end], '.')
		last[n] = host[i+1 : end]
		n++
		if i < 0 {
			break
		}
		end = i
	}
	switch {
	case n < 2:
		return "", false
	case n == 3 && len(last[0]) == 2 && secondLevel[last[1]]:
		return last[2], true
	}
	return last[1], true
}

// lookalike reports whether a lower-case host imitates a brand: the brand
// spelt with digits or hyphens (paypa1, pay-pal), the brand with other
// words (paypal-verify, paypalsecure), the brand as a subdomain of another
// domain (paypal.com.example.net), or punycode.
func (d *Detector) lookalike(host string) bool {
	if strings.HasPrefix(host, "xn--") || strings.Contains(host, ".xn--") {
		return true
	}
	// The labels, by offsets: hosts are short, and this runs on every link.
	var cuts [12]int // cuts[i] is where label i ends
	n := 0
	for i := 0; i < len(host) && n < len(cuts)-1; i++ {
		if host[i] == '.' {
			cuts[n] = i
			n++
		}
	}
	cuts[n] = len(host)
	n++
	labelAt := func(i int) string {
		start := 0
		if i > 0 {
			start = cuts[i-1] + 1
		}
		return host[start:cuts[i]]
	}
	reg := n - 2
	if n >= 3 && len(labelAt(n-1)) == 2 && secondLevel[labelAt(n-2)] {
		reg = n - 3
	}
	if reg < 0 {
		return false
	}
	label := labelAt(reg)
	if d.official[label] {
		return false // the brand's own domain
	}
	// The brand spelt with digits or hyphens: paypa1, pay-pal.
	plainI, plainL := label, label
	if strings.ContainsAny(label, "0123456789-_") {
		plainI, plainL = unleetLabel(label, false), unleetLabel(label, true)
		if d.official[plainI] || d.official[plainL] {
			return true
		}
	}
	// The brand as a whole part of the domain (ing-secure) or of a
	// subdomain (paypal.com.example.net).
	for i := 0; i <= reg; i++ {
		if d.hasBrandPiece(labelAt(i)) {
			return true
		}
	}
	// The brand with other words: paypalsecure, verifyapple. A brand
	// with a byte in none of label, plainI and plainL is in none of them:
	// most brands are turned away on that bit test before any search.
	have := byteSet(label) | byteSet(plainI) | byteSet(plainL)
	for _, b := range d.brands {
		if len(b.name) > len(plainL) || b.bytes&^have != 0 {
			continue
		}
		if !b.pieceOnly && (strings.Contains(plainI, b.name) || strings.Contains(plainL, b.name)) {
			return true
		}
		if len(b.name) >= 4 && d.brandAndSecurity(label, b.name) {
			return true
		}
	}
	return false
}

// hasBrandPiece reports whether a part of label between hyphens, dots,
// underscores and digits is a brand's name.
func (d *Detector) hasBrandPiece(label string) bool {
	isSep := func(c byte) bool { return c == '-' || c == '.' || c == '_' || c >= '0' && c <= '9' }
	for i := 0; i < len(label); {
		for i < len(label) && isSep(label[i]) {
			i++
		}
		j := i
		for j < len(label) && !isSep(label[j]) {
			j++
		}
		if j > i {
			if _, ok := d.brandWords[label[i:j]]; ok {
				return true
			}
		}
		i = j
	}
	return false
}

// brandAndSecurity reports whether label is brand plus security words
// only: "verifyapple", "hmrc-tax-refund", "paypal-secure".
func (d *Detector) brandAndSecurity(label, brand string) bool {
	k := strings.Index(label, brand)
	if k < 0 {
		return false
	}
	rest := splitPieces(label[:k] + "-" + label[k+len(brand):])
	if len(rest) == 0 {
		return false
	}
	for _, p := range rest {
		if !d.security[p] {
			return false
		}
	}
	return true
}

// brandIn reports whether a brand appears in s (an e-mail's local part).
func (d *Detector) brandIn(s string) bool {
	pieces := splitPieces(s)
	plain := unleetLabel(s, false)
	for _, b := range d.brands {
		for _, p := range pieces {
			if p == b.name {
				return true
			}
		}
		if !b.pieceOnly && strings.Contains(plain, b.name) {
			return true
		}
	}
	return false
}

// unleetLabel drops hyphens, dots and underscores and reads digits as
// letters ('1' as l with alt, else as i).
func unleetLabel(l string, alt bool) string {
	b := make([]byte, 0, len(l))
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case c == '-' || c == '.' || c == '_':
			continue
		case c >= '0' && c <= '9':
			if r := leetLetter(c, alt); r != 0 {
				c = r
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// splitPieces splits a label at hyphens, dots, underscores and digits.
func splitPieces(l string) []string {
	return strings.FieldsFunc(l, func(r rune) bool {
		return r == '-' || r == '.' || r == '_' || r >= '0' && r <= '9'
	})
}

// shortLinkPath reports whether a link's path is what shorteners make: one
// segment of 4 to 10 letters and digits that reads as no word, with a
// capital inside it ("/fCVbD", "/xRI2284") or letters and digits
// interleaved ("/17j80"), and nothing after it. Shorteners the list does
// not know (new ones appear every week) hide where a link leads as well;
// a brand's own page ("/bills", "/Careers", "/offer2") does not look so.
func shortLinkPath(path string) bool {
	seg, ok := strings.CutPrefix(path, "/")
	if !ok || len(seg) < 4 || len(seg) > 10 {
		return false
	}
	innerCap, lower, switches := false, false, 0
	prevDigit := seg[0] >= '0' && seg[0] <= '9'
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		if !isAlnumByte(c) {
			return false
		}
		digit := c >= '0' && c <= '9'
		if i > 0 && digit != prevDigit {
			switches++
		}
		prevDigit = digit
		innerCap = innerCap || i > 0 && c >= 'A' && c <= 'Z'
		lower = lower || c >= 'a' && c <= 'z'
	}
	return innerCap && lower || switches >= 2
}

// appExtensions are the file types of apps and programs installed outside
// the stores: a link to one is how smishing plants malware ("download the
// new version: …/update.apk").
var appExtensions = [...]string{".apk", ".apks", ".xapk", ".exe", ".msi", ".scr", ".bat", ".jar"}

// appFile reports whether a link's path (query and fragment included)
// names an app or program file.
func appFile(path string) bool {
	if k := strings.IndexAny(path, "?#"); k >= 0 {
		path = path[:k]
	}
	path = strings.ToLower(strings.TrimRight(path, "/"))
	for _, ext := range appExtensions {
		if strings.HasSuffix(path, ext) && len(path) > len(ext)+1 {
			return true
		}
	}
	return false
}

// publicHost reports whether a lower-case host is a university's or the
// NHS's: ac.uk, .edu, nhs.uk and their subdomains.
func publicHost(host string) bool {
	for _, suffix := range [...]string{"ac.uk", "edu", "nhs.uk"} {
		if host == suffix || strings.HasSuffix(host, "."+suffix) {
			return true
		}
	}
	return false
}

// governmentHost reports whether a lower-case host is a government's:
// gov.uk, gouv.fr or a .gov domain and their subdomains.
func governmentHost(host string) bool {
	for _, suffix := range [...]string{"gov.uk", "gouv.fr", "gov"} {
		if host == suffix || strings.HasSuffix(host, "."+suffix) {
			return true
		}
	}
	return false
}
