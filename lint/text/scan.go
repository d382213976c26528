package text

import (
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// maxPlaceholder bounds how far a placeholder may reach, so an unclosed
// brace costs little.
const maxPlaceholder = 200

// scanPlaceholder returns the end of a template placeholder that starts at p,
// or p when there is none. Recognized: {{x}} {{ x.y }} {{{x}}} {{#x}} {% x %},
// {x} {0} {count, plural, …}, %s %1$s %.2f %(name)s, %{x}, ${x}, :name (only
// after a space or an opening bracket, never after a digit or a letter and not
// :emoji: shortcodes) and @contact.name (an @ path with at least one dot).
func scanPlaceholder(s string, p int) int {
	rest := s[p:]
	switch rest[0] {
	case '{':
		switch {
		case strings.HasPrefix(rest, "{{{"):
			return closeAt(s, p, 3, "}}}")
		case strings.HasPrefix(rest, "{{"):
			return closeAt(s, p, 2, "}}")
		case strings.HasPrefix(rest, "{%"):
			return closeAt(s, p, 2, "%}")
		}
		return scanBraceArg(s, p)
	case '%':
		if strings.HasPrefix(rest, "%{") {
			if end := scanIdentBraces(s, p+1); end > p+1 {
				return end
			}
			return p
		}
		return scanPrintf(s, p)
	case '$':
		if strings.HasPrefix(rest, "${") {
			if end := scanIdentBraces(s, p+1); end > p+1 {
				return end
			}
		}
		return p
	case ':':
		if p > 0 && strings.IndexByte(" \t\n([/=", s[p-1]) < 0 && !colonPlaceholderAfter(s[:p]) {
			return p
		}
		end := scanIdent(s, p+1)
		if end == p+1 || !isIdentStart(s[p+1]) {
			return p
		}
		if end < len(s) && s[end] == ':' {
			return p // :smile: is an emoji shortcode
		}
		return end
	case '@':
		if p > 0 && isWordByte(s[p-1]) {
			return p // part of an e-mail address
		}
		if p+1 >= len(s) || !isIdentStart(s[p+1]) {
			return p
		}
		end := scanIdent(s, p+1)
		if strings.IndexByte(s[p+1:end], '.') > 0 {
			return end
		}
	}
	return p
}

// colonPlaceholderAfter reports whether a :name placeholder may start
// right after before, besides after a space or an opening bracket: after a
// number sign ("Order #:id"), a quote (":name" and ':name' quoted in a
// Laravel catalog), the end of an HTML tag ("<b>:name</b>") or a no-break
// space (French "Commande\u00a0: :id" written with them).
func colonPlaceholderAfter(before string) bool {
	switch before[len(before)-1] {
	case '#', '\'', '"', '>':
		return true
	}
	return strings.HasSuffix(before, "\u00a0") || strings.HasSuffix(before, "\u202f")
}

// closeAt finds the closing marker of a placeholder opened by open bytes at p,
// on the same line and within maxPlaceholder bytes.
func closeAt(s string, p, open int, closing string) int {
	limit := min(len(s), p+maxPlaceholder)
	body := s[p+open : limit]
	i := strings.Index(body, closing)
	if i < 0 || strings.IndexByte(body[:i], '\n') >= 0 || strings.TrimSpace(body[:i]) == "" {
		return p
	}
	return p + open + i + len(closing)
}

// scanBraceArg reads {name}, {0}, { name } and ICU arguments with nested
// braces such as {count, plural, one {# item} other {# items}}.
func scanBraceArg(s string, p int) int {
	i := p + 1
	for i < len(s) && s[i] == ' ' {
		i++
	}
	end := scanIdent(s, i)
	if end == i {
		return p
	}
	for end < len(s) && s[end] == ' ' {
		end++
	}
	if end < len(s) && s[end] == '}' {
		return end + 1
	}
	if end >= len(s) || s[end] != ',' {
		return p
	}
	depth := 1
	limit := min(len(s), p+4*maxPlaceholder)
	for j := end; j < limit; j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return p
}

// scanIdentBraces reads {ident} at p (p is on the brace).
func scanIdentBraces(s string, p int) int {
	if p >= len(s) || s[p] != '{' {
		return p
	}
	end := scanIdent(s, p+1)
	if end == p+1 || end >= len(s) || s[end] != '}' {
		return p
	}
	return end + 1
}

func isIdentStart(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// scanIdent reads [A-Za-z0-9_.-] from p, not ending on '.' or '-'.
func scanIdent(s string, p int) int {
	end := p
	for end < len(s) && (isWordByte(s[end]) || s[end] == '.' || s[end] == '-') {
		end++
	}
	for end > p && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	// Dots are joined by the caller for @paths; keep them for {a.b}.
	return end
}

// scanPrintf reads a printf verb: %s %d %1$s %-5.2f %@ %(name)s. The verb must
// not be followed by a letter or digit, so "20%off" and "50 % de" are prose.
func scanPrintf(s string, p int) int {
	i := p + 1
	if i < len(s) && s[i] == '(' { // Python %(name)s
		j := strings.IndexByte(s[i:min(len(s), i+64)], ')')
		if j <= 1 {
			return p
		}
		i += j + 1
	} else {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j > i && j < len(s) && s[j] == '$' {
			i = j + 1
		}
	}
	for i < len(s) && strings.IndexByte("-+#0", s[i]) >= 0 {
		i++
	}
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i >= len(s) || strings.IndexByte("sdfiuxXoeEgGcqvtTb@", s[i]) < 0 {
		return p
	}
	i++
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if isAlnum(r) {
			return p
		}
	}
	return i
}

// scanURL reads a link that starts with a scheme or www.
func scanURL(s string, p int) int {
	rest := s[p:]
	n := 0
	switch {
	case hasPrefixFold(rest, "https://"):
		n = 8
	case hasPrefixFold(rest, "http://"):
		n = 7
	case hasPrefixFold(rest, "www.") && len(rest) > 4 && isAlnumByte(rest[4]):
		n = 4
	default:
		return p
	}
	end := p + n
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if isSpace(r) || r == '<' || r == '>' || r == '"' || r == '«' || r == '»' {
			break
		}
		end += size
	}
	end = trimURLTail(s, p+n, end)
	if end <= p+n {
		return p
	}
	return end
}

// trimURLTail drops trailing punctuation that belongs to the sentence, and a
// closing bracket that has no opening one inside the link.
func trimURLTail(s string, start, end int) int {
	for end > start {
		c := s[end-1]
		switch c {
		case '.', ',', ';', ':', '!', '?', '\'':
			end--
			continue
		case ')':
			if strings.Count(s[start:end], "(") < strings.Count(s[start:end], ")") {
				end--
				continue
			}
		}
		if strings.HasSuffix(s[start:end], "…") {
			end -= len("…")
			continue
		}
		break
	}
	return end
}

// scanEmail reads local@domain.tld at p.
func scanEmail(s string, p int) int {
	i := p
	for i < len(s) && (isWordByte(s[i]) || s[i] == '.' || s[i] == '+' || s[i] == '-' || s[i] == '%') {
		i++
	}
	if i == p || i >= len(s) || s[i] != '@' {
		return p
	}
	end := scanHost(s, i+1)
	if end == i+1 {
		return p
	}
	return end
}

// scanHost reads label(.label)+ with a plausible TLD and returns its end, or
// start when there is no host.
func scanHost(s string, start int) int {
	i, dots, lastDot := start, 0, -1
	for i < len(s) {
		c := s[i]
		switch {
		case isAlnumByte(c) || c == '-':
			i++
		case c == '.' && i > start && i+1 < len(s) && isAlnumByte(s[i+1]) && s[i-1] != '.':
			dots++
			lastDot = i
			i++
		default:
			goto done
		}
	}
done:
	if dots == 0 {
		return start
	}
	tld := s[lastDot+1 : i]
	if !isTLD(tld) {
		return start
	}
	return i
}

// scanDomain reads a bare link such as example.com or bit.ly/x7, with an
// optional path. Only well-known top-level domains count, so "e.g." and
// "3.5" stay prose.
func scanDomain(s string, p int) int {
	end := scanHost(s, p)
	if end == p || runOnSentence(s, p, end) {
		return p
	}
	if end < len(s) && (s[end] == '@' || s[end] == '_') {
		return p
	}
	if end < len(s) && (s[end] == '/' || s[end] == ':' && end+1 < len(s) && isDigit(s[end+1])) {
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if isSpace(r) || r == '<' || r == '>' || r == '"' || r == '«' || r == '»' {
				break
			}
			end += size
		}
		end = trimURLTail(s, p, end)
	}
	return end
}

// runOnSentence reports whether the bare host s[p:end] is two sentences
// whose space went missing ("…today.In case…", "…demain.De plus…"): a
// lower-case letter, the dot, then a top-level domain that is also a word
// written as a sentence starts it, a capital and a lower-case letter, with
// no path after it. "flipkart.in", "FLIPKART.IN" and "Acme.Com" stay links.
func runOnSentence(s string, p, end int) bool {
	dot := strings.LastIndexByte(s[p:end], '.') + p
	if end-dot != 3 || !wordTLDs[strings.ToLower(s[dot+1:end])] || end < len(s) && s[end] == '/' {
		return false
	}
	before, first, second := s[dot-1], s[dot+1], s[dot+2]
	return before >= 'a' && before <= 'z' && first >= 'A' && first <= 'Z' && second >= 'a' && second <= 'z'
}

// wordTLDs are the top-level domains of tlds that are also English or
// French words that start sentences.
var wordTLDs = map[string]bool{
	"be": true, "ca": true, "de": true, "es": true, "eu": true, "in": true, "it": true,
	"lu": true, "ma": true, "me": true, "se": true, "to": true, "us": true,
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// tlds are the top-level domains a bare link may end in. Short on purpose:
// a bare "word.word" is prose unless it ends in one of these. The
// country codes are those of the markets whose SMS the corpora hold (India's
// "in": flipkart.in, amzn.in/d/…), besides Europe and North America.
var tlds = [...]string{
	"ae", "app", "au", "be", "biz", "br", "ca", "ch", "cn", "co", "com", "de", "dev", "dk", "edu", "es", "eu",
	"fi", "fr", "gl", "gle", "gouv", "gov", "hk", "ie", "in", "info", "io", "it", "jp", "ke", "link", "lu", "ly", "ma",
	"me", "mx", "net", "ng", "nl", "nz", "org", "ph", "pk", "pl", "pt", "re", "ru", "se", "sg", "shop", "site", "sn", "store", "tn",
	"to", "uk", "us", "xyz", "za",
}

func isTLD(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	var buf [5]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	l := string(buf[:len(s)])
	for _, t := range tlds {
		if t == l {
			return true
		}
	}
	return false
}

// emojiClusterLen returns the byte length of the grapheme cluster at the
// start of s, so an emoji keeps its skin tone, joiners and variation selector.
func emojiClusterLen(s string) int {
	cluster, _, _, _ := uniseg.FirstGraphemeClusterInString(s, -1)
	if cluster == "" {
		_, n := utf8.DecodeRuneInString(s)
		return n
	}
	return len(cluster)
}
