package input

import (
	"sort"
	"strings"

	"github.com/presend/presend/lint"
)

// ICU MessageFormat limits: a message expands into at most maxVariants
// messages, through at most maxICUDepth nested arguments. A message over
// either limit is linted whole, where the scanner sees each ICU argument as
// one placeholder.
const (
	maxVariants = 64
	maxICUDepth = 4
)

// expandICU returns the variants of a message whose text holds ICU plural,
// selectordinal or select arguments: one per branch, with the text around
// the argument kept ("You have {n, plural, one {# message} other {# messages}}"
// gives "You have {n} message" and "You have {n} messages"). The ID of a
// variant is the message's plus "#" and the branch's selector: "inbox#one",
// "inbox#=0", "invite#female#other" for nested arguments. Inside a plural
// branch, "#" stands for the number: the variant shows it as the argument's
// placeholder ({n}) so that the rules count it as one, and maps it to the
// "#". Each variant's Map points into the branch where its text was written.
// A message without such an argument comes back as it is.
func expandICU(m lint.Message) []lint.Message {
	var out []lint.Message
	if !expandInto(&out, m, "", 0) {
		return []lint.Message{m}
	}
	return out
}

// expandInto appends the variants of m to out; false when over the limits.
// hashArg is the plural argument "#" stands for, "" outside plural branches.
func expandInto(out *[]lint.Message, m lint.Message, hashArg string, depth int) bool {
	arg, ok := findICU(m.Text)
	if !ok {
		if len(*out) >= maxVariants {
			return false
		}
		*out = append(*out, m)
		return true
	}
	if depth >= maxICUDepth {
		return false
	}
	for _, br := range arg.branches {
		h := hashArg
		if arg.kind != "select" {
			h = arg.name
		}
		v := m
		v.ID = m.ID + "#" + br.sel
		v.Text, v.Map = variant(m, arg, br, h)
		if !expandInto(out, v, h, depth+1) {
			return false
		}
	}
	return true
}

// icuArg is a plural, selectordinal or select argument at text[start:end].
type icuArg struct {
	start, end int
	name, kind string
	branches   []icuBranch
}

// icuBranch is one branch: its selector and its text, text[start:end].
type icuBranch struct {
	sel        string
	start, end int
}

// findICU returns the first ICU argument of s outside {{...}} templates.
func findICU(s string) (icuArg, bool) {
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			j := strings.Index(s[i+2:], "}}")
			if j < 0 {
				return icuArg{}, false
			}
			i += j + 3
		case s[i] == '{':
			if a, ok := parseICU(s, i); ok {
				return a, true
			}
		}
	}
	return icuArg{}, false
}

// parseICU parses {name, kind, [offset:n] sel {text} ...} at s[p] == '{'.
func parseICU(s string, p int) (icuArg, bool) {
	a := icuArg{start: p}
	i := skipICUSpace(s, p+1)
	j := i
	for j < len(s) && isICUName(s[j]) {
		j++
	}
	if j == i {
		return a, false
	}
	a.name = s[i:j]
	i = skipICUSpace(s, j)
	if i >= len(s) || s[i] != ',' {
		return a, false
	}
	i = skipICUSpace(s, i+1)
	j = i
	for j < len(s) && isICUName(s[j]) {
		j++
	}
	a.kind = s[i:j]
	switch a.kind {
	case "plural", "selectordinal", "select":
	default:
		return a, false
	}
	i = skipICUSpace(s, j)
	if i >= len(s) || s[i] != ',' {
		return a, false
	}
	i = skipICUSpace(s, i+1)
	if a.kind != "select" && strings.HasPrefix(s[i:], "offset:") {
		i = skipICUSpace(s, i+len("offset:"))
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		i = skipICUSpace(s, i)
	}
	for {
		if i >= len(s) {
			return a, false
		}
		if s[i] == '}' {
			a.end = i + 1
			return a, len(a.branches) > 0
		}
		j = i
		if s[j] == '=' {
			j++
		}
		for j < len(s) && isICUName(s[j]) {
			j++
		}
		if j == i || (s[i] == '=' && j == i+1) {
			return a, false
		}
		sel := s[i:j]
		i = skipICUSpace(s, j)
		if i >= len(s) || s[i] != '{' {
			return a, false
		}
		end := closeBrace(s, i)
		if end < 0 {
			return a, false
		}
		a.branches = append(a.branches, icuBranch{sel: sel, start: i + 1, end: end})
		i = skipICUSpace(s, end+1)
	}
}

// closeBrace returns the index of the '}' that closes s[open] == '{', or -1.
// An apostrophe before a brace or '#' starts quoted text, up to the next
// apostrophe ("'{'"); any other apostrophe is just one (ICU's
// DOUBLE_OPTIONAL mode, that of most JavaScript and Java libraries).
func closeBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\'':
			if i+1 < len(s) && strings.IndexByte("{}#|", s[i+1]) >= 0 {
				j := strings.IndexByte(s[i+1:], '\'')
				if j < 0 {
					return -1
				}
				i += j + 1
			}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func skipICUSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

func isICUName(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// variant returns the text of m with arg replaced by branch br, "#" at the
// top level of the branch shown as {hashArg} when hashArg is set, and its
// map.
func variant(m lint.Message, arg icuArg, br icuBranch, hashArg string) (string, lint.SourceMap) {
	var b strings.Builder
	var ps []piece
	copyText := func(from, to int) {
		if from < to {
			ps = append(ps, piece{at: b.Len(), orig: from})
			b.WriteString(m.Text[from:to])
		}
	}
	copyText(0, arg.start)
	from, depth := br.start, 0
	if hashArg != "" {
		for i := br.start; i < br.end; i++ {
			switch m.Text[i] {
			case '{':
				depth++
			case '}':
				depth--
			case '#':
				if depth == 0 {
					copyText(from, i)
					ps = append(ps, piece{at: b.Len(), orig: i, fixed: true})
					b.WriteString("{" + hashArg + "}")
					from = i + 1
				}
			}
		}
	}
	copyText(from, br.end)
	// The end of the branch maps to its closing brace, and so does an
	// empty variant.
	ps = append(ps, piece{at: b.Len(), orig: br.end, fixed: true})
	copyText(arg.end, len(m.Text))
	return b.String(), &variantMap{orig: m.Map, pieces: ps}
}

// variantMap maps a variant's text through the message it was cut from.
type variantMap struct {
	orig   lint.SourceMap // nil: the text was its own source
	pieces []piece        // increasing at
}

// piece is a stretch of a variant that starts at byte at and copies the
// original text from byte orig on, or, when fixed, maps every byte to orig.
type piece struct {
	at, orig int
	fixed    bool
}

// Position implements lint.SourceMap.
func (m *variantMap) Position(off int) lint.Position {
	i := sort.Search(len(m.pieces), func(i int) bool { return m.pieces[i].at > off }) - 1
	p := m.pieces[max(i, 0)]
	o := p.orig
	if !p.fixed {
		o += max(off-p.at, 0)
	}
	if m.orig == nil {
		return lint.Position{Line: 1, Column: 1 + o} // never used: catalogs always have a map
	}
	return m.orig.Position(o)
}
