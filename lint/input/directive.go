package input

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// Suppression comments in drafts (.txt, .md). A line whose whole content,
// leading and trailing white space aside, is one of
//
//	<!-- presend-disable RULES -->
//	# presend-disable RULES
//	// presend-disable RULES
//
// (or the same with presend-disable-next-line) is a directive, not part of
// the message: the reader drops it, line break included, and the rest of the
// text keeps its exact positions in the file. RULES are rule names separated
// by commas or spaces; none means every rule.
//
//   - presend-disable silences the rules for the whole message, wherever
//     the comment stands (a draft is one message).
//   - presend-disable-next-line silences them for findings that start on the
//     next line that is not itself a directive.
//
// A directive that silences nothing is reported as an unused-suppression
// warning at its line (lint.ApplySuppressions).
const (
	directiveDisable  = "presend-disable"
	directiveNextLine = "presend-disable-next-line"
)

// parseDirective reports whether line (without its line break) is a
// directive, and returns its keyword, rules and the byte offset of its
// comment marker in line.
func parseDirective(line string) (keyword string, rules []string, indent int, ok bool) {
	body := strings.TrimRight(line, " \t\r")
	trimmed := strings.TrimLeft(body, " \t")
	indent = len(body) - len(trimmed)
	switch {
	case strings.HasPrefix(trimmed, "<!--") && strings.HasSuffix(trimmed, "-->") && len(trimmed) >= 7:
		trimmed = trimmed[4 : len(trimmed)-3]
	case strings.HasPrefix(trimmed, "#"):
		trimmed = trimmed[1:]
	case strings.HasPrefix(trimmed, "//"):
		trimmed = trimmed[2:]
	default:
		return "", nil, 0, false
	}
	trimmed = strings.TrimSpace(trimmed)
	switch {
	case hasWord(trimmed, directiveNextLine):
		keyword = directiveNextLine
	case hasWord(trimmed, directiveDisable):
		keyword = directiveDisable
	default:
		return "", nil, 0, false
	}
	rest := trimmed[len(keyword):]
	rules = strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
	return keyword, rules, indent, true
}

// hasWord reports whether s starts with word followed by white space or
// nothing.
func hasWord(s, word string) bool {
	if !strings.HasPrefix(s, word) {
		return false
	}
	rest := s[len(word):]
	return rest == "" || rest[0] == ' ' || rest[0] == '\t'
}

// stripDirectives removes the directive lines of text and returns the text
// left, its source map into the original text, and the suppressions. ok is
// false when text has no directive: the caller keeps text as it is.
func stripDirectives(text string) (out string, sm lint.SourceMap, sups []lint.Suppression, ok bool) {
	if !strings.Contains(text, directiveDisable) {
		return "", nil, nil, false
	}
	var (
		b       strings.Builder
		segs    = []segment{{}}
		pending []int // indexes in sups of next-line directives waiting for their line
	)
	line := 1
	for start := 0; start < len(text); line++ {
		end := len(text)
		next := len(text)
		if j := strings.IndexByte(text[start:], '\n'); j >= 0 {
			end, next = start+j, start+j+1
		}
		kw, rules, indent, isDir := parseDirective(text[start:end])
		if !isDir {
			for _, k := range pending {
				sups[k].FromLine, sups[k].ToLine = line, line
			}
			pending = pending[:0]
			b.WriteString(text[start:next])
			start = next
			continue
		}
		s := lint.Suppression{Rules: rules, Line: line, Column: 1 + utf8.RuneCountInString(text[start:start+indent]),
			Offset: b.Len(), Directive: kw}
		if kw == directiveNextLine {
			// Until a line follows: the line after the comment, where nothing
			// can start.
			s.FromLine, s.ToLine = line+1, line+1
			pending = append(pending, len(sups))
		}
		sups = append(sups, s)
		segs = append(segs, segment{newOff: b.Len(), origOff: next})
		start = next
	}
	if len(sups) == 0 {
		return "", nil, nil, false
	}
	out = b.String()
	return out, &cutMap{orig: lint.LineMap(text, 1), segs: segs}, sups, true
}

// segment says that from byte newOff of the stripped text on, the text is
// the original's from byte origOff on (until the next segment).
type segment struct{ newOff, origOff int }

// cutMap maps the stripped text of a draft to positions in the file.
type cutMap struct {
	orig lint.SourceMap // over the original text
	segs []segment      // increasing newOff; segs[0] is {0, 0}
}

// Position implements lint.SourceMap. An offset where lines were cut maps
// to the start of the kept text after the cut.
func (m *cutMap) Position(off int) lint.Position {
	k := sort.Search(len(m.segs), func(i int) bool { return m.segs[i].newOff > off }) - 1
	s := m.segs[max(k, 0)]
	return m.orig.Position(s.origOff + off - s.newOff)
}
