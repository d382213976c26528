package input

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
)

// readYAML reads a YAML catalog (Rails i18n, Symfony translations, and
// nested YAML in general) with go.yaml.in/yaml/v3, the YAML organisation's
// maintained line of gopkg.in/yaml.v3: every string scalar (tag !!str, so
// not numbers, booleans, dates or nulls) is a message under its dotted key.
// Aliases are followed (the message maps to where the anchor's text was
// written) and merge keys ("<<: *defaults") add the merged keys under the
// current one. A document whose root is a single locale key ("fr:") gives the
// language. Only the first document of a file is read.
//
// The library gives where each scalar starts; presend walks the scalar's
// source from there alongside the library's decoded value, so that each byte
// maps to where it was written, through every scalar style: plain and
// quoted ones folded over several lines (a folded line break maps to the
// end of its line), escapes of double-quoted ones (to the backslash), ”
// in single-quoted ones, literal "|" and folded ">" block scalars with their
// chomping indicators, without their indentation. A block scalar with an
// explicit indentation indicator ("|2"), or any scalar whose source presend
// cannot line up with its value, maps every byte to where the scalar starts.
// Syntax errors name the line (and column) the library reports.
func readYAML(data []byte, name string) ([]lint.Message, error) {
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	if !utf8.Valid(data) {
		return nil, invalidUTF8(data, name)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(name, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // an empty file
	}
	root := doc.Content[0]
	y := &yamlReader{name: name, ix: NewLineIndex(data, false)}
	y.maxNodes, y.maxBytes = aliasBounds(len(data))
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: root.Line, Column: root.Column, Msg: "a YAML catalog must be a mapping of keys and messages"}
	}
	if len(root.Content) == 2 && root.Content[1].Kind == yaml.MappingNode {
		y.lang = localeLang(root.Content[0].Value)
	}
	if err := y.walk("", root, 0); err != nil {
		return nil, err
	}
	return y.msgs, nil
}

// maxCatalogMessages bounds the messages of one catalog.
const maxCatalogMessages = 1 << 20

// Aliases let a few bytes name an exponential tree ("billion laughs"): the
// walk counts every node it reaches through an alias, whatever its kind (a
// tree of integers costs as much to walk as one of strings), and the text
// bytes of the strings it reaches that way, and stops past a bound that
// grows with the file's size (aliasBounds). Each node of the file itself is
// walked once without an alias, so a catalog costs at most a constant times
// its size to walk, however it uses aliases.
const (
	aliasNodesBase    = 1 << 12 // nodes any file may reach through aliases
	aliasNodesPerByte = 2       // and more per byte of the file
	aliasBytesBase    = 1 << 20 // string bytes any file may reach through aliases
	aliasBytesPerByte = 64      // and more per byte of the file
)

// aliasBounds returns the nodes and the string bytes a file of size bytes
// may reach through aliases.
func aliasBounds(size int) (nodes, textBytes int) {
	return aliasNodesBase + aliasNodesPerByte*size, aliasBytesBase + aliasBytesPerByte*size
}

type yamlReader struct {
	name string
	ix   *LineIndex
	lang string
	msgs []lint.Message

	maxNodes, maxBytes int                           // the bounds of aliasBounds
	aliased            int                           // > 0 while the walk is under an alias
	aliasNodes         int                           // nodes reached through aliases
	aliasBytes         int                           // string bytes reached through aliases
	alias              *yaml.Node                    // the outermost alias being followed, for errors
	maps               map[*yaml.Node]lint.SourceMap // each aliased scalar's map, computed once
}

func (y *yamlReader) walk(key string, n *yaml.Node, depth int) error {
	if depth > maxNesting {
		return &Error{File: y.name, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("catalog nested over %d levels", maxNesting)}
	}
	if len(key) > maxKeyBytes {
		return &Error{File: y.name, Line: n.Line, Column: n.Column, Msg: keyTooLong(key)}
	}
	if y.aliased > 0 {
		y.aliasNodes++
		if n.Kind == yaml.ScalarNode {
			y.aliasBytes += len(n.Value)
		}
		if y.aliasNodes > y.maxNodes || y.aliasBytes > y.maxBytes {
			a := y.alias
			msg := fmt.Sprintf("alias expansion over %d nodes", y.maxNodes)
			if y.aliasNodes <= y.maxNodes {
				msg = fmt.Sprintf("alias expansion over %d bytes of text", y.maxBytes)
			}
			return &Error{File: y.name, Line: a.Line, Column: a.Column, Msg: msg + " (an alias bomb?)"}
		}
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil {
			if y.aliased == 0 {
				y.alias = n
			}
			y.aliased++
			err := y.walk(key, n.Alias, depth+1)
			y.aliased--
			return err
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.ShortTag() == "!!merge" {
				if err := y.merge(key, v, depth); err != nil {
					return err
				}
				continue
			}
			if err := y.walk(keyJoin(key, k.Value), v, depth+1); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, v := range n.Content {
			if err := y.walk(keyIndex(key, i), v, depth+1); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		if n.ShortTag() != "!!str" || n.Value == "" {
			return nil
		}
		if len(y.msgs) >= maxCatalogMessages {
			return &Error{File: y.name, Line: n.Line, Column: n.Column, Msg: fmt.Sprintf("catalog has over %d messages", maxCatalogMessages)}
		}
		y.msgs = append(y.msgs, lint.Message{ID: key, Source: y.name, Lang: y.lang, Text: n.Value, Map: y.scalarMap(n)})
	}
	return nil
}

// merge walks the mapping (or sequence of mappings) a merge key points to.
func (y *yamlReader) merge(key string, v *yaml.Node, depth int) error {
	if v.Kind == yaml.SequenceNode {
		for _, e := range v.Content {
			if err := y.walk(key, e, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return y.walk(key, v, depth+1)
}

// scalarMap returns the exact map of a string scalar, or a map to where it
// starts when its source does not line up with its value. A scalar reached
// through aliases is mapped once; its messages share the map (maps are
// read-only).
func (y *yamlReader) scalarMap(n *yaml.Node) lint.SourceMap {
	if sm, ok := y.maps[n]; ok {
		return sm
	}
	var sm lint.SourceMap = pointMap{Line: n.Line, Column: n.Column}
	if a, ok := alignYAML(y.ix, n); ok {
		sm = a
	}
	if y.aliased > 0 || n.Anchor != "" {
		if y.maps == nil {
			y.maps = map[*yaml.Node]lint.SourceMap{}
		}
		y.maps[n] = sm
	}
	return sm
}

// alignYAML walks the source of scalar n alongside its decoded value and
// builds the value's map.
func alignYAML(ix *LineIndex, n *yaml.Node) (*segMap, bool) {
	src := ix.data
	v := n.Value
	a := aligner{src: src, v: v, i: ix.Offset(n.Line, n.Column), line: n.Line, col: n.Column}
	skipProperties(&a)
	block := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	dq := n.Style&yaml.DoubleQuotedStyle != 0
	sq := n.Style&yaml.SingleQuotedStyle != 0
	indent := -1 // block scalars: the spaces to drop from each line
	if block {
		// The header: the indicator, chomping, then a comment or nothing.
		j := a.i + 1
		for j < len(src) && (src[j] == '-' || src[j] == '+') {
			j++
		}
		if j < len(src) && src[j] >= '1' && src[j] <= '9' {
			return nil, false // explicit indentation
		}
		for j < len(src) && src[j] != '\n' {
			j++
		}
		if j >= len(src) {
			return nil, false
		}
		a.i = j + 1
		a.newline()
		// The indentation is that of the first line that is not blank.
		indent = 0
		for k := a.i; k < len(src); {
			s := k
			for k < len(src) && src[k] == ' ' {
				k++
			}
			if k < len(src) && src[k] != '\n' && src[k] != '\r' {
				indent = k - s
				break
			}
			for k < len(src) && src[k] != '\n' {
				k++
			}
			k++
		}
	} else if dq || sq {
		a.i++
		a.col++
	}
	// skipIndent steps over the indentation at the start of a line.
	skipIndent := func() {
		for c := 0; a.i < len(src) && (src[a.i] == ' ' || !block && src[a.i] == '\t') && (!block || c < indent); c++ {
			a.i++
			a.col++
		}
	}
	special := func(c byte) bool { return dq && c == '\\' || sq && c == '\'' }
	if block {
		skipIndent()
	}
	for a.k < len(v) {
		if a.i >= len(src) {
			return nil, false
		}
		c, k := src[a.i], a.k
		eol := c == '\n' || c == '\r' && a.i+1 < len(src) && src[a.i+1] == '\n'
		switch {
		case eol:
			if v[k] == ' ' || v[k] == '\n' {
				a.b.char(rune(v[k]), a.line, a.col, 1)
				a.k++
			}
			if c == '\r' {
				a.i++
			}
			a.i++
			a.newline()
			skipIndent()
		case dq && c == '\\':
			if a.i+1 < len(src) && (src[a.i+1] == '\n' || src[a.i+1] == '\r') {
				// An escaped line break: the line goes on, without a space.
				a.i++
				if src[a.i] == '\r' && a.i+1 < len(src) && src[a.i+1] == '\n' {
					a.i++
				}
				a.i++
				a.newline()
				skipIndent()
				continue
			}
			if !a.escape(yamlEscapes) {
				return nil, false
			}
		case sq && c == '\'' && a.i+1 < len(src) && src[a.i+1] == '\'' && v[k] == '\'':
			a.b.char('\'', a.line, a.col, 2)
			a.k++
			a.i += 2
			a.col += 2
		case c == v[k]:
			if !a.run(special) {
				return nil, false
			}
		case c == ' ' || c == '\t':
			// Blanks at the end of a line of a flow scalar are not part
			// of its value.
			j := a.i
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if block || j < len(src) && src[j] != '\n' && src[j] != '\r' {
				return nil, false
			}
			a.col += j - a.i
			a.i = j
		default:
			return nil, false
		}
	}
	sm, ok := a.done()
	return sm, ok && len(sm.marks) > 0
}

// skipProperties steps over the properties of a node, its anchor (&name)
// and its tag (!tag, !!str, !<uri>), and the blanks, comments and line
// breaks after them: the parser places a node that has properties at the
// first of them, not at its value.
func skipProperties(a *aligner) {
	src := a.src
	for a.i < len(src) && (src[a.i] == '&' || src[a.i] == '!') {
		for a.i < len(src) && src[a.i] != ' ' && src[a.i] != '\t' && src[a.i] != '\n' && src[a.i] != '\r' {
			_, size := utf8.DecodeRune(src[a.i:])
			a.i += size
			a.col++
		}
	blanks:
		for a.i < len(src) {
			switch src[a.i] {
			case ' ', '\t':
				a.i++
				a.col++
			case '\r':
				a.i++
			case '\n':
				a.i++
				a.newline()
			case '#':
				for a.i < len(src) && src[a.i] != '\n' {
					a.i++
				}
			default:
				break blanks
			}
		}
	}
}

// yamlEscapes are YAML's one-character escapes (YAML 1.2, 5.7).
var yamlEscapes = map[byte]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r',
	'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

var yamlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^yaml: line (\d+)(?:, column (\d+))?: (.*)$`)
})

// yamlError turns a YAML library error into an *Error at its line.
func yamlError(name string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		return &Error{File: name, Line: line, Column: col, Msg: "invalid YAML: " + quote.CutN(m[3], maxLibraryText), Err: err}
	}
	return &Error{File: name, Msg: "invalid YAML: " + quote.CutN(strings.TrimPrefix(msg, "yaml: "), maxLibraryText), Err: err}
}
