package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/report/resultjson"
)

// Stream writes results one at a time, in order, as a long run produces
// them, and keeps none of them: every format writes each result as it is
// added, so memory does not grow with the number of messages. The text and
// GitHub formats end with a summary line at Close; JSON and SARIF, which
// are one document, write its head before the first result (for SARIF, the
// rule table) and its tail at Close. The bytes are those of [Write].
//
// Render is safe for concurrent use, so callers can render results in
// parallel (presend lint renders each file's results in the goroutine that
// linted it) and only Add them in order. Add, SetRules and Close are not:
// call them from one goroutine.
//
// SARIF's rule table comes first, so it is fixed when the Stream renders
// its first result: by Options.Rules, or SetRules called before any Render
// or Add. A streamed table lists those rules and then presend's
// pseudo-rules ("input", "unused-suppression"), reported or not; a finding
// of any other rule has a ruleId and no ruleIndex. ([Write], which has
// every result at once, lists the pseudo-rules only when reported and
// describes unknown rules too.)
type Stream struct {
	w      io.Writer
	format string
	opts   Options
	st     *styles     // text only
	paths  paths       // github and sarif
	doc    *document   // json and sarif
	table  *sarifTable // sarif only

	n, findings       int
	pass, warn, block int
	err               error
	first             lint.Result // text: the first result, until a second comes
	firstRendered     string
	written           bool // text: a result was written
	prevBlock         bool // text: the last one written took several lines
}

// Len returns the number of results added so far.
func (s *Stream) Len() int { return s.n }

// NewStream returns a Stream writing the given format to w (see [Write] for
// the formats and options). An unknown format or colour is an error.
func NewStream(w io.Writer, format string, opts Options) (*Stream, error) {
	if format == "" {
		format = "text"
	}
	switch opts.Color {
	case "", ColorAuto, ColorAlways, ColorNever:
	default:
		return nil, fmt.Errorf("unknown color %q (want auto, always or never)", opts.Color)
	}
	if opts.Getenv == nil {
		opts.Getenv = osGetenv
	}
	s := &Stream{w: w, format: format, opts: opts}
	switch format {
	case "text":
		s.st = newStyles(newRenderer(w, opts))
	case "github":
		s.paths = newPaths(opts.BaseDir)
	case "json":
		s.doc = jsonDocument()
	case "sarif":
		s.paths = newPaths(opts.BaseDir)
		s.table = streamTable(opts.Rules)
		s.doc = sarifDocument(s.table, opts)
	default:
		return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats(), ", "))
	}
	return s, nil
}

// Render returns what r takes in the output, for Add: for JSON its element
// of "results", for SARIF one element per finding. Safe for concurrent use.
// A result that cannot be written (a finding without a valid severity)
// renders as "", and Add reports why.
func (s *Stream) Render(r *lint.Result) string {
	out, _ := s.render(r)
	return out
}

// AppendRender appends what Render returns for r to dst: for a caller
// that renders many results into one buffer. Safe for concurrent use.
func (s *Stream) AppendRender(dst []byte, r *lint.Result) []byte {
	switch s.format {
	case "json":
		dst, _ = s.doc.appendResult(dst, r) // on an error, nothing: Add tells why
		return dst
	case "sarif":
		e := encoders.Get().(*encoder)
		defer encoders.Put(e)
		start := len(dst)
		for i := range r.Findings {
			if i > 0 {
				dst = append(dst, ",\n"...)
			}
			var err error
			if dst, err = s.doc.appendElement(e, dst, s.table.result(r, &r.Findings[i], s.paths)); err != nil {
				return dst[:start]
			}
		}
		return dst
	}
	return append(dst, s.Render(r)...)
}

func (s *Stream) render(r *lint.Result) (string, error) {
	var b strings.Builder
	switch s.format {
	case "text":
		b.Grow(512 + 2*len(r.Preview))
		writeResult(&b, s.st, r, s.opts)
	case "github":
		writeGitHubResult(&b, r, s.paths)
	case "json":
		e := encoders.Get().(*encoder)
		defer encoders.Put(e)
		var err error
		e.out, err = s.doc.appendResult(e.out[:0], r)
		return string(e.out), err
	case "sarif":
		for i := range r.Findings {
			el, err := s.doc.element(s.table.result(r, &r.Findings[i], s.paths))
			if err != nil {
				return "", err
			}
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(el)
		}
	}
	return b.String(), nil
}

// Add writes r, rendered by Render ("": Add renders it). After a write or
// render error, Add writes nothing more and Close returns that error; a
// JSON or SARIF document is then left unfinished.
func (s *Stream) Add(r *lint.Result, rendered string) error {
	if s.err != nil {
		return s.err
	}
	if rendered == "" {
		if rendered, s.err = s.render(r); s.err != nil {
			return s.err
		}
	}
	switch r.Verdict {
	case lint.VerdictPass:
		s.pass++
	case lint.VerdictWarn:
		s.warn++
	case lint.VerdictBlock:
		s.block++
	}
	s.findings += len(r.Findings)
	s.n++
	switch {
	case s.doc != nil:
		s.err = s.doc.add(s.w, rendered)
	case s.format == "text":
		// The first result waits for the second: a run of one message
		// shows it in full, card included.
		if s.n == 1 && !s.opts.Verbose {
			s.first, s.firstRendered = *r, rendered
			return nil
		}
		if s.n == 2 && !s.opts.Verbose {
			s.writeText(s.firstRendered)
		}
		s.writeText(rendered)
	default:
		_, s.err = io.WriteString(s.w, rendered)
	}
	return s.err
}

// writeText writes one result of the text format: a result of several
// lines is set apart by blank lines; the one-line results of messages that
// pass follow each other; "" (--quiet: a message that passes) is nothing.
func (s *Stream) writeText(rendered string) {
	if s.err != nil || rendered == "" {
		return
	}
	block := strings.Count(rendered, "\n") > 1
	if s.written && (block || s.prevBlock) {
		_, s.err = io.WriteString(s.w, "\n")
	}
	s.written, s.prevBlock = true, block
	if s.err == nil {
		_, s.err = io.WriteString(s.w, rendered)
	}
}

// SetRules sets Options.Rules. SARIF writes its rule table before the first
// result: call SetRules before any Render or Add, or it changes nothing
// there. The other formats ignore the rules.
func (s *Stream) SetRules(rules []*lint.Rule) {
	s.opts.Rules = rules
	if s.format == "sarif" && !s.doc.started {
		s.table = streamTable(rules)
		s.doc = sarifDocument(s.table, s.opts)
	}
}

// Close writes the summary line, or the tail of the JSON and SARIF
// documents, and returns the first write error.
func (s *Stream) Close() error {
	if s.err != nil {
		return s.err
	}
	switch s.format {
	case "json", "sarif":
		s.err = s.doc.close(s.w)
	case "text":
		if s.n == 1 && !s.opts.Verbose && (!s.opts.Quiet || s.first.Verdict != lint.VerdictPass) {
			// A run of one message: in full, with its card.
			opts := s.opts
			opts.Verbose = true
			var b strings.Builder
			writeResult(&b, s.st, &s.first, opts)
			s.writeText(b.String())
			if s.err != nil {
				return s.err
			}
		}
		var b strings.Builder
		if s.written {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s: %d pass, %d warn, %d block\n", plural(s.n, "message", "messages"), s.pass, s.warn, s.block)
		_, s.err = io.WriteString(s.w, b.String())
	case "github":
		_, s.err = fmt.Fprintf(s.w, "presend: %s, %s: %d pass, %d warn, %d block\n",
			plural(s.n, "message", "messages"), plural(s.findings, "finding", "findings"), s.pass, s.warn, s.block)
	}
	return s.err
}

// document is a JSON document with one array ("results") written element
// by element: head ends with the array's "[", tail starts after its "]".
// It is cut from the document encoding/json writes with an empty array, so
// the streamed bytes are the ones a whole document would have.
type document struct {
	head, tail string
	indent     string // the array's line indentation; elements one level in
	started    bool   // head written
	elements   bool   // an element written
}

// resultsKey is the array a document streams.
const resultsKey = `"results": []`

// newDocument returns the document of v, whose last resultsKey is the array
// to stream.
func newDocument(v any) *document {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages are full of <, > and &: keep them readable
	if err := enc.Encode(v); err != nil {
		panic("report: a document head does not encode: " + err.Error()) // a bug: heads hold no user data that can fail
	}
	doc := buf.String()
	at := strings.LastIndex(doc, resultsKey)
	lineStart := strings.LastIndexByte(doc[:at], '\n') + 1
	arr := at + len(resultsKey) - 1 // the "]"
	return &document{head: doc[:arr], tail: doc[arr:], indent: doc[lineStart:at]}
}

// element renders v as one element of the array: indented, without the
// separator or the newline before it. It is what a json.Encoder with
// SetIndent(pfx, "  ") writes, less its final newline: the value is
// encoded compact, then indented by indentJSON, which reads the encoder's
// compact output without json's scanner (a third of the rendering).
func (d *document) element(v any) (string, error) {
	e := encoders.Get().(*encoder)
	defer encoders.Put(e)
	var err error
	e.out, err = d.appendElement(e, e.out[:0], v)
	return string(e.out), err
}

// appendElement appends the element of v (see element) to dst, encoding
// with e; on an error, it appends nothing.
func (d *document) appendElement(e *encoder, dst []byte, v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return dst, err
	}
	dst = append(dst, d.indent...)
	dst = append(dst, "  "...)
	return indentJSON(dst, e.buf.Bytes(), d.indent+"  ", "  "), nil
}

// indentJSON appends src, valid JSON as json.Encoder writes it compact
// (no space outside strings but its final newline), to dst indented as
// json.Indent indents it: a newline, prefix and one indent per level after
// each opening bracket and comma, ": " after a key, and empty objects and
// arrays as {} and []. White space outside strings is dropped.
func indentJSON(dst, src []byte, prefix, indent string) []byte {
	needIndent := false
	depth := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		if needIndent && c != '}' && c != ']' {
			needIndent = false
			depth++
			dst = appendNewline(dst, prefix, indent, depth)
		}
		switch c {
		case '"': // a string, copied whole
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			needIndent = true // {} and [] stay on one line
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			dst = appendNewline(dst, prefix, indent, depth)
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if needIndent {
				needIndent = false
			} else {
				depth--
				dst = appendNewline(dst, prefix, indent, depth)
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd returns the end of the JSON string that starts with the quote
// at src[start]: past its closing quote (len(src) when it has none).
func stringEnd(src []byte, start int) int {
	for i := start + 1; i < len(src); {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return len(src)
		}
		q += i
		slashes := 0
		for j := q - 1; j > start && src[j] == '\\'; j-- {
			slashes++
		}
		if slashes%2 == 0 {
			return q + 1
		}
		i = q + 1
	}
	return len(src)
}

func appendNewline(dst []byte, prefix, indent string, depth int) []byte {
	dst = append(dst, '\n')
	dst = append(dst, prefix...)
	for range depth {
		dst = append(dst, indent...)
	}
	return dst
}

// appendResult appends r's element of "results" (see element) to dst,
// written by resultjson.AppendJSONIndent instead of encoding/json and
// indentJSON; on an error, it appends nothing.
func (d *document) appendResult(dst []byte, r *lint.Result) ([]byte, error) {
	n := len(dst)
	dst = append(dst, d.indent...)
	dst = append(dst, "  "...)
	out, err := resultjson.AppendJSONIndent(dst, r, d.indent+"  ", "  ")
	if err != nil {
		return dst[:n], err
	}
	return out, nil
}

// encoder is a JSON encoder with its buffers, reused across elements.
type encoder struct {
	buf bytes.Buffer // the compact encoding
	out []byte       // indented
	enc *json.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}}

// add writes rendered elements ("" for none), after the head if not yet.
func (d *document) add(w io.Writer, rendered string) error {
	if !d.started {
		d.started = true
		if _, err := io.WriteString(w, d.head); err != nil {
			return err
		}
	}
	if rendered == "" {
		return nil
	}
	sep := "\n"
	if d.elements {
		sep = ",\n"
	}
	d.elements = true
	if _, err := io.WriteString(w, sep); err != nil {
		return err
	}
	_, err := io.WriteString(w, rendered)
	return err
}

// close writes what is left of the document.
func (d *document) close(w io.Writer) error {
	var b strings.Builder
	if !d.started {
		b.WriteString(d.head)
	}
	if d.elements {
		b.WriteString("\n" + d.indent)
	}
	b.WriteString(d.tail)
	_, err := io.WriteString(w, b.String())
	return err
}
