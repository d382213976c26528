package input

import (
	"slices"
	"sort"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/text"
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
//
// The variants are text as ICU would show it: the apostrophe quoting of
// MessageFormat (ICU's DOUBLE_OPTIONAL mode, that of ICU4J, ICU4C and most
// JavaScript libraries) is decoded, in the branches and around them. Two
// apostrophes in a row are one; an apostrophe before "{", "}", "|" or,
// where "#" stands for the number, "#" starts quoted text, up to the next
// lone apostrophe, in which braces are text and "#" is a "#"; any other
// apostrophe is just one ("l'été", "don't"). The apostrophes that quote are
// left out of the variant, so every code point of it maps to the byte it
// was written as. Text inside a simple argument ({n, number, #,##0}) and
// inside {{...}} templates is kept as written.
func expandICU(m lint.Message) []lint.Message {
	if !strings.Contains(m.Text, "{") {
		return []lint.Message{m} // no argument can start: most messages
	}
	p := icuParser{s: m.Text}
	nodes, ok := p.message()
	if !ok || !slices.ContainsFunc(nodes, func(n icuNode) bool { return n.arg != nil }) {
		return []lint.Message{m}
	}
	items := make([]icuItem, len(nodes))
	for i, n := range nodes {
		items[i] = icuItem{icuNode: n}
	}
	e := icuExpander{m: m}
	if !e.expand(items, m.ID, 0) {
		return []lint.Message{m}
	}
	return e.out
}

// icuNode is a piece of a parsed message or branch: text copied from
// text[start:end] as it is, or the "#" at text[start] (hash), or a plural,
// selectordinal or select argument at text[start:end] (arg), or a mark: no
// text, but the place, text[start], that the end of what comes before maps
// to when nothing follows.
type icuNode struct {
	start, end int
	hash, mark bool
	quoted     bool // text the apostrophes quoted: characters, never a placeholder
	arg        *icuArg
}

// icuArg is a plural, selectordinal or select argument at text[start:end].
type icuArg struct {
	start, end int
	name, kind string
	branches   []icuBranch
}

// icuBranch is one branch: its selector, its text parsed, and the index of
// its closing brace.
type icuBranch struct {
	sel   string
	nodes []icuNode
	end   int
}

// maxGroup bounds how far a simple argument ({n, number}) may reach, so
// that an unclosed brace costs little.
const maxGroup = 256

// icuParser parses a message's text. It is strict inside branches, where
// anything out of place makes the argument fail, and lenient at the top
// level, where an argument that does not parse is left as text: a message
// that only looks like ICU is linted as it is.
type icuParser struct {
	s       string
	tooDeep bool // arguments nested deeper than maxICUDepth: no variants
}

// message parses the whole text; false when there can be no variants.
func (p *icuParser) message() ([]icuNode, bool) {
	nodes, _, ok := p.pattern(0, false, false, 0)
	return nodes, ok && !p.tooDeep
}

// pattern parses message text from s[i]: up to the '}' that closes the
// branch when inBranch (end is its index), else to the end of s. hash says
// that "#" stands for the number there; depth is the number of arguments
// around.
func (p *icuParser) pattern(i int, inBranch, hash bool, depth int) (nodes []icuNode, end int, ok bool) {
	s := p.s
	from := i // start of the text not yet in nodes
	quoted := false
	flush := func(to int) {
		if from < to {
			nodes = append(nodes, icuNode{start: from, end: to, quoted: quoted})
		}
	}
	for i < len(s) {
		switch c := s[i]; {
		case c == '\'':
			switch {
			case i+1 < len(s) && s[i+1] == '\'':
				// "''": one apostrophe, the first.
				flush(i + 1)
				i += 2
				from = i
			case i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '}' || s[i+1] == '|' || hash && s[i+1] == '#'):
				// Quoted text, from after the apostrophe to the next lone one.
				flush(i)
				from = i + 1
				quoted = true
				j := i + 2
				for {
					k := strings.IndexByte(s[j:], '\'')
					if k < 0 {
						if inBranch {
							return nil, 0, false // the branch never closes
						}
						flush(len(s)) // ICU: the quoted text runs to the end
						from, j = len(s), len(s)
						break
					}
					k += j
					if k+1 < len(s) && s[k+1] == '\'' {
						flush(k + 1)
						from, j = k+2, k+2
						continue
					}
					flush(k)
					from, j = k+1, k+1
					break
				}
				quoted = false
				i = j
			default:
				i++ // a lone apostrophe is itself
			}
		case c == '#' && hash:
			flush(i)
			nodes = append(nodes, icuNode{start: i, end: i + 1, hash: true})
			i++
			from = i
		case c == '{':
			if a, ok := p.arg(i, hash, depth); ok {
				flush(i)
				nodes = append(nodes, icuNode{start: a.start, end: a.end, arg: a})
				i = a.end
				from = i
				continue
			}
			if p.tooDeep {
				return nil, 0, false
			}
			end := groupEnd(s, i)
			switch {
			case end > 0:
				i = end // a simple argument or a template: kept as written
			case strings.HasPrefix(s[i:], "{{") || inBranch:
				return nil, 0, false
			default:
				i++ // a lone brace at the top level
			}
		case c == '}' && inBranch:
			flush(i)
			return nodes, i, true
		default:
			i++
		}
	}
	if inBranch {
		return nil, 0, false
	}
	if from < len(s) {
		flush(len(s))
	} else if n := len(nodes); n > 0 && nodes[n-1].end < len(s) {
		// The text ends with quoting: its end maps to the end of the text.
		nodes = append(nodes, icuNode{start: len(s), end: len(s), mark: true})
	}
	return nodes, len(s), true
}

// arg parses {name, kind, [offset:n] sel {text} ...} at s[i] == '{', the
// argument being depth arguments deep.
func (p *icuParser) arg(i int, hash bool, depth int) (*icuArg, bool) {
	s := p.s
	a := &icuArg{start: i}
	i = skipICUSpace(s, i+1)
	j := i
	for j < len(s) && isICUName(s[j]) {
		j++
	}
	if j == i {
		return nil, false
	}
	a.name = s[i:j]
	i = skipICUSpace(s, j)
	if i >= len(s) || s[i] != ',' {
		return nil, false
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
		return nil, false
	}
	i = skipICUSpace(s, j)
	if i >= len(s) || s[i] != ',' {
		return nil, false
	}
	if depth >= maxICUDepth {
		p.tooDeep = true
		return nil, false
	}
	i = skipICUSpace(s, i+1)
	if a.kind != "select" && strings.HasPrefix(s[i:], "offset:") {
		i = skipICUSpace(s, i+len("offset:"))
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		i = skipICUSpace(s, i)
	}
	branchHash := hash || a.kind != "select"
	for {
		if i >= len(s) {
			return nil, false
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
			return nil, false
		}
		sel := s[i:j]
		i = skipICUSpace(s, j)
		if i >= len(s) || s[i] != '{' {
			return nil, false
		}
		nodes, end, ok := p.pattern(i+1, true, branchHash, depth+1)
		if !ok {
			return nil, false
		}
		a.branches = append(a.branches, icuBranch{sel: sel, nodes: nodes, end: end})
		i = skipICUSpace(s, end+1)
	}
}

// groupEnd returns the end of the simple argument ({name}, {n, number,
// #,##0}) or {{...}} template at s[open] == '{', or -1. A simple argument
// starts with a name; in it, an apostrophe quotes up to the next one, as in
// ICU's argument styles ("{d, date, 'at' HH:mm}"), and braces nest; it may
// reach maxGroup bytes.
func groupEnd(s string, open int) int {
	if strings.HasPrefix(s[open:], "{{") {
		if j := strings.Index(s[open+2:], "}}"); j >= 0 {
			return open + 2 + j + 2
		}
		return -1
	}
	if i := skipICUSpace(s, open+1); i >= len(s) || strings.IndexByte("{}',# \t\n\r", s[i]) >= 0 {
		return -1
	}
	depth := 0
	limit := min(len(s), open+maxGroup)
	for i := open; i < limit; i++ {
		switch s[i] {
		case '\'':
			if j := strings.IndexByte(s[i+1:limit], '\''); j >= 0 {
				i += j + 1
			}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i + 1
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

// icuItem is a node of a variant being expanded, with the argument that "#"
// stands for there.
type icuItem struct {
	icuNode
	hashArg string
}

// icuExpander collects the variants of m.
type icuExpander struct {
	m   lint.Message
	out []lint.Message
}

// expand appends the variants of the message made of items, whose ID is id,
// the first argument among them being depth arguments into the message;
// false when over the limits.
func (e *icuExpander) expand(items []icuItem, id string, depth int) bool {
	k := slices.IndexFunc(items, func(it icuItem) bool { return it.arg != nil })
	if k < 0 {
		if len(e.out) >= maxVariants {
			return false
		}
		v := e.m
		v.ID = id
		v.Text, v.Map, v.Literal = e.variant(items)
		e.out = append(e.out, v)
		return true
	}
	if depth >= maxICUDepth {
		return false
	}
	a := items[k].arg
	for _, br := range a.branches {
		h := items[k].hashArg
		if a.kind != "select" {
			h = a.name
		}
		next := make([]icuItem, 0, len(items)+len(br.nodes))
		next = append(next, items[:k]...)
		for _, n := range br.nodes {
			next = append(next, icuItem{icuNode: n, hashArg: h})
		}
		// The end of the branch maps to its closing brace, and so does an
		// empty variant.
		next = append(next, icuItem{icuNode: icuNode{start: br.end, end: br.end, mark: true}})
		next = append(next, items[k+1:]...)
		if !e.expand(next, id+"#"+br.sel, depth+1) {
			return false
		}
	}
	return true
}

// variant returns the text of the variant made of items, "#" shown as
// {hashArg}, its map, and the spans of its quoted text.
func (e *icuExpander) variant(items []icuItem) (string, lint.SourceMap, []text.Span) {
	var b strings.Builder
	var literal []text.Span
	ps := make([]piece, 0, len(items))
	for _, it := range items {
		switch {
		case it.mark:
			ps = append(ps, piece{at: b.Len(), orig: it.start, fixed: true})
		case it.hash:
			ps = append(ps, piece{at: b.Len(), orig: it.start, fixed: true})
			b.WriteString("{" + it.hashArg + "}")
		case it.start < it.end:
			ps = append(ps, piece{at: b.Len(), orig: it.start})
			if it.quoted {
				literal = append(literal, text.Span{Start: b.Len(), End: b.Len() + it.end - it.start})
			}
			b.WriteString(e.m.Text[it.start:it.end])
		}
	}
	return b.String(), &variantMap{orig: e.m.Map, pieces: ps}, literal
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
