package fix

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"

	"github.com/presend/presend/lint/input"
)

// style is how a string is written in its file, which decides how the new
// text of an edit must be escaped there.
type style int

const (
	styleRaw           style = iota // a draft: the text is the file
	styleJSON                       // a JSON string literal
	stylePO                         // a gettext "..." string (C escapes)
	styleProps                      // a .properties value in UTF-8
	stylePropsL1                    // a .properties value in ISO-8859-1
	styleTOMLBasic                  // "..."
	styleTOMLMLBasic                // """..."""
	styleTOMLLiteral                // '...'
	styleTOMLMLLiteral              // '''...'''
	styleYAMLPlain
	styleYAMLSingle
	styleYAMLDouble
	styleYAMLLiteral // |
	styleYAMLFolded  // >
)

var styleNames = map[style]string{
	styleRaw: "a draft", styleJSON: "a JSON string", stylePO: "a gettext string",
	styleProps: "a .properties value", stylePropsL1: "an ISO-8859-1 .properties value",
	styleTOMLBasic: "a TOML basic string", styleTOMLMLBasic: "a TOML multi-line string",
	styleTOMLLiteral: "a TOML literal string ('…')", styleTOMLMLLiteral: "a TOML multi-line literal string",
	styleYAMLPlain: "a plain YAML scalar", styleYAMLSingle: "a single-quoted YAML scalar",
	styleYAMLDouble: "a double-quoted YAML scalar", styleYAMLLiteral: "a YAML literal block (|)",
	styleYAMLFolded: "a YAML folded block (>)",
}

// context is the style of the strings that start at or after off, up to the
// next context; indent is a YAML block scalar's indentation.
type context struct {
	off    int
	style  style
	indent string
}

// contexts lists where each string of the file starts and how it is
// written, in file order: for YAML and TOML, every scalar or string the
// parser finds; for the other formats one style covers the file.
type contexts struct {
	list []context
	crlf bool // the file's line breaks are CRLF
}

func newContexts(data []byte, format string) (*contexts, error) {
	c := &contexts{crlf: bytes.Count(data, []byte("\r\n")) > 0 && bytes.Count(data, []byte("\r\n")) == bytes.Count(data, []byte("\n"))}
	one := func(s style) (*contexts, error) {
		c.list = []context{{style: s}}
		return c, nil
	}
	switch format {
	case input.FormatText:
		return one(styleRaw)
	case input.FormatJSON, input.FormatJSONL, input.FormatCatalogJSON:
		return one(styleJSON)
	case input.FormatPO:
		return one(stylePO)
	case input.FormatProperties:
		if !utf8.Valid(data) {
			return one(stylePropsL1)
		}
		return one(styleProps)
	case input.FormatYAML:
		return c, c.yaml(data)
	case input.FormatTOML:
		return c, c.toml(data)
	}
	return nil, fmt.Errorf("presend does not fix %s files", format)
}

func (c *contexts) yaml(data []byte) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	ix := input.NewLineIndex(data, false)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			off := pastProperties(data, ix.Offset(n.Line, n.Column))
			ctx := context{off: off, style: styleYAMLPlain}
			switch {
			case n.Style&yaml.DoubleQuotedStyle != 0:
				ctx.style = styleYAMLDouble
			case n.Style&yaml.SingleQuotedStyle != 0:
				ctx.style = styleYAMLSingle
			case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
				ctx.style = styleYAMLLiteral
				if n.Style&yaml.FoldedStyle != 0 {
					ctx.style = styleYAMLFolded
				}
				ctx.indent = blockIndent(data, off)
			}
			c.list = append(c.list, ctx)
		}
		for _, k := range n.Content {
			walk(k)
		}
	}
	walk(&doc)
	sort.SliceStable(c.list, func(i, j int) bool { return c.list[i].off < c.list[j].off })
	return nil
}

// pastProperties returns the offset of a YAML node's value: the parser
// places a node at its first property (an anchor &a, a tag !t), which may
// be followed by blanks, a comment and line breaks before the value.
func pastProperties(data []byte, off int) int {
	for off < len(data) && (data[off] == '&' || data[off] == '!') {
		for off < len(data) && data[off] != ' ' && data[off] != '\t' && data[off] != '\n' && data[off] != '\r' {
			off++
		}
	blanks:
		for off < len(data) {
			switch data[off] {
			case ' ', '\t', '\r', '\n':
				off++
			case '#':
				for off < len(data) && data[off] != '\n' {
					off++
				}
			default:
				break blanks
			}
		}
	}
	return off
}

// blockIndent returns the indentation of a block scalar whose indicator is
// at off: that of its first line that is not blank.
func blockIndent(data []byte, off int) string {
	i := bytes.IndexByte(data[off:], '\n')
	if i < 0 {
		return ""
	}
	for rest := data[off+i+1:]; len(rest) > 0; {
		line := rest
		if j := bytes.IndexByte(rest, '\n'); j >= 0 {
			line, rest = rest[:j], rest[j+1:]
		} else {
			rest = nil
		}
		trimmed := bytes.TrimLeft(line, " ")
		if len(bytes.TrimRight(trimmed, "\r")) == 0 {
			continue
		}
		return string(line[:len(line)-len(trimmed)])
	}
	return ""
}

func (c *contexts) toml(data []byte) error {
	var p unstable.Parser
	p.Reset(data)
	var walk func(n *unstable.Node)
	walk = func(n *unstable.Node) {
		if n.Kind == unstable.String {
			raw := p.Raw(n.Raw)
			ctx := context{off: int(n.Raw.Offset)}
			switch {
			case bytes.HasPrefix(raw, []byte(`"""`)):
				ctx.style = styleTOMLMLBasic
			case bytes.HasPrefix(raw, []byte(`'''`)):
				ctx.style = styleTOMLMLLiteral
			case bytes.HasPrefix(raw, []byte(`'`)):
				ctx.style = styleTOMLLiteral
			default:
				ctx.style = styleTOMLBasic
			}
			c.list = append(c.list, ctx)
		}
		for it := n.Children(); it.Next(); {
			walk(it.Node())
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		if e.Kind == unstable.KeyValue {
			walk(e.Value())
		}
	}
	if err := p.Error(); err != nil {
		return err
	}
	sort.SliceStable(c.list, func(i, j int) bool { return c.list[i].off < c.list[j].off })
	return nil
}

// at returns the context of byte off of the file.
func (c *contexts) at(off int) context {
	i := sort.Search(len(c.list), func(i int) bool { return c.list[i].off > off }) - 1
	if i < 0 {
		return context{style: styleRaw}
	}
	return c.list[i]
}

// escape writes s, new text for a string of the given context, as the file
// must hold it; an error says why it cannot be written there.
func (c *contexts) escape(ctx context, s string) (string, error) {
	nl := "\n"
	if c.crlf {
		nl = "\r\n"
	}
	var b strings.Builder
	cannot := func(what string) (string, error) {
		return "", fmt.Errorf("%s cannot hold %s as written", styleNames[ctx.style], what)
	}
	rs := []rune(s)
	for i, r := range rs {
		switch ctx.style {
		case styleRaw:
			if r == '\n' && (i == 0 || rs[i-1] != '\r') {
				b.WriteString(nl)
				continue
			}
			b.WriteRune(r)
		case styleJSON, styleTOMLBasic:
			if escapeQuoted(&b, r) {
				continue
			}
			switch {
			case r < 0x20 || r == 0x7f && ctx.style == styleTOMLBasic:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		case stylePO, styleYAMLDouble:
			if escapeQuoted(&b, r) {
				continue
			}
			switch {
			case r < 0x20 && ctx.style == styleYAMLDouble:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r < 0x20:
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			default:
				b.WriteRune(r)
			}
		case styleProps, stylePropsL1:
			switch {
			case r == '\\':
				b.WriteString(`\\`)
			case r == '\n':
				b.WriteString(`\n`)
			case r == '\r':
				b.WriteString(`\r`)
			case r == '\t':
				b.WriteString(`\t`)
			case r == '\f':
				b.WriteString(`\f`)
			case r < 0x20:
				fmt.Fprintf(&b, `\u%04x`, r)
			case ctx.style == stylePropsL1 && r > 0xff:
				for _, u := range utf16.Encode([]rune{r}) {
					fmt.Fprintf(&b, `\u%04x`, u)
				}
			case ctx.style == stylePropsL1 && r >= 0x80:
				b.WriteByte(byte(r)) //nolint:gosec // r is 0x80–0xff here: one ISO-8859-1 byte
			default:
				b.WriteRune(r)
			}
		case styleTOMLMLBasic:
			switch {
			case r == '"' || r == '\\':
				b.WriteByte('\\')
				b.WriteRune(r)
			case r == '\n':
				b.WriteString(nl)
			case r == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
			case r == '\t':
				b.WriteRune(r)
			case r < 0x20 || r == 0x7f:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				b.WriteRune(r)
			}
		case styleTOMLLiteral:
			switch {
			case r == '\'':
				return cannot("an apostrophe (')")
			case r == '\n' || r == '\r':
				return cannot("a line break")
			case r < 0x20 && r != '\t' || r == 0x7f:
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			}
			b.WriteRune(r)
		case styleTOMLMLLiteral:
			switch {
			case r == '\'' && strings.Contains(s, "'''"):
				return cannot("three apostrophes (''')")
			case r == '\n':
				b.WriteString(nl)
				continue
			case r == '\r' && i+1 < len(rs) && rs[i+1] == '\n':
				continue
			case r < 0x20 && r != '\t' || r == 0x7f:
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			}
			b.WriteRune(r)
		case styleYAMLSingle:
			switch {
			case r == '\'':
				b.WriteString("''")
			case r == '\n' || r == '\r':
				return cannot("a line break")
			case r < 0x20 && r != '\t':
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			default:
				b.WriteRune(r)
			}
		case styleYAMLPlain:
			switch {
			case r == '\n' || r == '\r':
				return cannot("a line break")
			case r == '#' && (i == 0 || rs[i-1] == ' '):
				return cannot("a \" #\"")
			case r == ':' && (i+1 == len(rs) || rs[i+1] == ' '):
				return cannot("a \": \"")
			case r < 0x20 && r != '\t':
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			}
			b.WriteRune(r)
		case styleYAMLLiteral, styleYAMLFolded:
			switch {
			case r == '\r':
				continue
			case r == '\n':
				// A literal block keeps each line break; a folded one
				// keeps those of blank lines, so n breaks are n+1 there.
				if ctx.style == styleYAMLFolded && (i == 0 || rs[i-1] != '\n') {
					b.WriteString(nl)
				}
				b.WriteString(nl)
				if i+1 == len(rs) || rs[i+1] != '\n' {
					b.WriteString(ctx.indent)
				}
			case r < 0x20 && r != '\t':
				return cannot(fmt.Sprintf("the control character U+%04X", r))
			default:
				b.WriteRune(r)
			}
		}
	}
	return b.String(), nil
}

// escapeQuoted writes the escape that every double-quoted style (JSON,
// TOML basic, PO, YAML double-quoted) gives r when r is a quote, a
// backslash, a line feed, a carriage return or a tab, and reports whether
// it wrote one.
func escapeQuoted(b *strings.Builder, r rune) bool {
	switch r {
	case '"', '\\':
		b.WriteByte('\\')
		b.WriteRune(r)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	default:
		return false
	}
	return true
}
