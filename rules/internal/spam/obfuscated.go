package spam

import (
	"strings"

	"github.com/presend/presend/lint/text"
)

// dotWords spell out the dot of a domain: "example dot com", "exemple point
// com", "example(dot)com", "example[dot]com".
var dotWords = map[string]bool{"dot": true, "point": true}

// spelledTLDs are the top-level domains a spelled-out or spaced link ends
// in. Only those that are no common word in English or French: "in",
// "me", "fr" are read only after "www".
var spelledTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true, "xyz": true, "top": true,
	"online": true, "site": true, "uk": true, "ly": true, "io": true, "co": true,
}

// wordTLDs are the spelledTLDs that are also common words ("pickup point
// online", "votre point info"): after "point", itself a common word in
// both languages, they do not make a link; after "dot" they do.
var wordTLDs = map[string]bool{"info": true, "top": true, "online": true, "site": true, "co": true}

// proseBeforeDot are the words that make "dot com" prose: "the dot com
// bubble", "a dot com start-up", "un point com".
var proseBeforeDot = map[string]bool{
	"the": true, "a": true, "an": true, "this": true, "that": true, "of": true, "le": true, "la": true,
	"un": true, "une": true, "du": true, "de": true, "au": true, "ce": true, "old": true, "big": true,
}

// splitTLDs are top-level domains cut by a space after a dot:
// "example.c om/login", "example.co m".
var splitTLDs = [...]string{"c om", "co m", "n et", "o rg", "or g"} // not "ne t": "prête.Ne t'inquiète pas"

// scanObfuscatedLinks fires broken-link on a link written so that filters
// and link detection miss it: the dot spelled out ("example dot com",
// "exemple point com", "example[dot]com"), dots spaced out ("www . example .
// com", "example . com"), or the top-level domain cut by a space
// ("example.c om/login"), or the path cut from the host ("example.com/
// aB3dE", which also counts as a shortener). Nobody who wants a link followed writes it so; a
// sender who wants it not to be seen as a link does.
func (d *Detector) scanObfuscatedLinks(a *text.Analysis, norm *normText, st *state) {
	if st.fired[sigBrokenLink] || d.weights[sigBrokenLink] == 0 {
		return
	}
	toks, s := a.Tokens, a.Text
	for i, t := range toks {
		switch t.Kind {
		case text.URL:
			// "example.com/ aB3dE": the path cut from its host by a space,
			// shaped like a shortener's token.
			if s[t.End-1] == '/' && int(t.End) < len(s) && s[t.End] == ' ' && i+1 < len(toks) &&
				shortLinkPath("/"+a.TokenText(i+1)) && !d.isTrusted(linkHost(a.TokenText(i))) {
				st.fireNorm(sigBrokenLink, norm, int(t.Start), int(toks[i+1].End))
				st.fireNorm(sigShortener, norm, int(t.Start), int(toks[i+1].End))
				return
			}
		case text.Word:
			if c := s[t.Start] | 0x20; t.Len() > 5 || c != 'd' && c != 'p' || !dotWords[a.Lower(i)] {
				continue
			}
			// "example dot com": a label, the dot word, a top-level domain.
			if i == 0 || i+1 >= len(toks) || !label(a, i-1) || proseBeforeDot[a.Lower(i-1)] || !tldAt(a, i+1) ||
				a.Lower(i) == "point" && wordTLDs[a.Lower(i+1)] {
				continue
			}
			st.fireNorm(sigBrokenLink, norm, int(toks[i-1].Start), int(toks[i+1].End))
			return
		case text.Punct:
			p := a.TokenText(i)
			if p != "." && p != "(dot)" && p != "[dot]" || i == 0 || i+1 >= len(toks) {
				if (p == "(" || p == "[") && i > 0 && i+2 < len(toks) && dotWords[a.Lower(i+1)] && label(a, i-1) && i+3 < len(toks) {
					// "example(dot)com", "example[dot]com"
					if c := a.TokenText(i + 2); (c == ")" || c == "]") && tldAt(a, i+3) {
						st.fireNorm(sigBrokenLink, norm, int(toks[i-1].Start), int(toks[i+3].End))
						return
					}
				}
				continue
			}
			spaced := t.Start > 0 && s[t.Start-1] == ' ' || int(t.End) < len(s) && s[t.End] == ' '
			if !spaced || !label(a, i-1) {
				continue
			}
			www := a.Lower(i-1) == "www"
			// "www . example . com", "example . com"
			if www || spacedTLD(a, i+1) && int(t.End) < len(s) && s[t.End] == ' ' && s[t.Start-1] == ' ' && len(a.TokenText(i-1)) >= 3 {
				if www && !label(a, i+1) {
					continue
				}
				st.fireNorm(sigBrokenLink, norm, int(toks[i-1].Start), int(toks[i+1].End))
				return
			}
		}
	}
	// "example.c om/login"
	for p := strings.IndexByte(s, '.'); p >= 0 && p+5 <= len(s); {
		if rest := s[p+1:]; p > 0 && isAlnumByte(s[p-1]) && len(rest) > 3 && (rest[1] == ' ' || rest[2] == ' ') {
			for _, tld := range splitTLDs {
				if len(rest) >= len(tld) && strings.EqualFold(rest[:len(tld)], tld) && (len(rest) == len(tld) || !isAlnumByte(rest[len(tld)])) {
					start := p
					for start > 0 && (isAlnumByte(s[start-1]) || s[start-1] == '.' || s[start-1] == '-') {
						start--
					}
					end := p + 1 + len(tld)
					for end < len(s) && s[end] != ' ' && s[end] != '\n' {
						end++
					}
					st.fireNorm(sigBrokenLink, norm, start, end)
					return
				}
			}
		}
		k := strings.IndexByte(s[p+1:], '.')
		if k < 0 {
			break
		}
		p += 1 + k
	}
}

// label reports whether token i can be a label of a domain: a word, a code
// or a number, in ASCII letters, digits and hyphens.
func label(a *text.Analysis, i int) bool {
	t := a.Tokens[i]
	if t.Kind != text.Word && t.Kind != text.Code && t.Kind != text.Number {
		return false
	}
	w := a.TokenText(i)
	for k := 0; k < len(w); k++ {
		if !isAlnumByte(w[k]) && w[k] != '-' {
			return false
		}
	}
	return true
}

// tldAt reports whether token i is a spelled top-level domain.
func tldAt(a *text.Analysis, i int) bool {
	return a.Tokens[i].Kind == text.Word && spelledTLDs[a.Lower(i)]
}

// spacedTLD reports whether token i is a top-level domain after a spaced
// dot ("example . com"), written in lower case as domains are: "a point .
// Com on!" is a sentence cut by a stray full stop.
func spacedTLD(a *text.Analysis, i int) bool {
	return tldAt(a, i) && a.TokenText(i) == a.Lower(i)
}

// linkHost returns the lower-case host of link u, with or without a
// scheme, without a leading "www.".
func linkHost(u string) string {
	h, _ := urlHost(u)
	return strings.TrimPrefix(strings.ToLower(h), "www.")
}

// disguiseSignals are the link tricks disguised-link counts.
var disguiseSignals = [...]signal{sigShortener, sigRiskyHost, sigLookalikeDomain, sigBrokenLink}

// disguised fires disguised-link when two link tricks fired, at the
// evidence of the second in the text.
func disguised(st *state) {
	n, last := 0, span{-1, -1}
	for _, sig := range disguiseSignals {
		if st.fired[sig] {
			n++
			if st.ev[sig].start > last.start {
				last = st.ev[sig]
			}
		}
	}
	if n >= 2 {
		st.fireOrig(sigDisguisedLink, last.start, last.end)
	}
}
