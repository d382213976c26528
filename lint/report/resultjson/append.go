package resultjson

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// AppendJSON appends r's result object to dst, compact and without a
// newline: byte for byte what a json.Encoder with SetEscapeHTML(false)
// writes for Of(r), less its newline (TestAppendJSONMatchesEncoder), with
// no reflection and no Result built on the way. A result that cannot be
// written (a finding without a valid severity) returns encoding/json's
// error and dst unchanged.
func AppendJSON(dst []byte, r *lint.Result) ([]byte, error) {
	return appendResult(writer{dst: dst}, r)
}

// AppendJSONIndent is AppendJSON indented as json.Indent(dst, compact,
// prefix, indent) indents it: each member and element on a line of its
// own after prefix and one indent per level, ": " after a key, empty
// arrays as []. The JSON report's elements are written so.
func AppendJSONIndent(dst []byte, r *lint.Result, prefix, indent string) ([]byte, error) {
	return appendResult(writer{dst: dst, pretty: true, prefix: prefix, indent: indent}, r)
}

// writer appends JSON, compact or indented.
type writer struct {
	dst            []byte
	pretty         bool
	prefix, indent string
	depth          int
}

func (w *writer) newline() {
	if w.pretty {
		w.dst = append(w.dst, '\n')
		w.dst = append(w.dst, w.prefix...)
		for range w.depth {
			w.dst = append(w.dst, w.indent...)
		}
	}
}

// open starts an object or a non-empty array.
func (w *writer) open(c byte) {
	w.dst = append(w.dst, c)
	w.depth++
}

func (w *writer) close(c byte) {
	w.depth--
	w.newline()
	w.dst = append(w.dst, c)
}

// key starts a member; first is whether it is the object's first.
func (w *writer) key(first bool, k string) {
	if !first {
		w.dst = append(w.dst, ',')
	}
	w.newline()
	w.dst = append(w.dst, '"')
	w.dst = append(w.dst, k...)
	w.dst = append(w.dst, '"', ':')
	if w.pretty {
		w.dst = append(w.dst, ' ')
	}
}

// array writes the member key, an array of n elements each written by
// elem(i); [] when n is 0, as encoding/json writes an empty slice.
func (w *writer) array(key string, n int, elem func(i int)) {
	w.key(false, key)
	if n == 0 {
		w.dst = append(w.dst, "[]"...)
		return
	}
	w.open('[')
	for i := range n {
		if i > 0 {
			w.dst = append(w.dst, ',')
		}
		w.newline()
		elem(i)
	}
	w.close(']')
}

func (w *writer) str(k, s string) {
	w.key(false, k)
	w.dst = appendString(w.dst, s)
}

func (w *writer) int(k string, n int) {
	w.key(false, k)
	w.dst = strconv.AppendInt(w.dst, int64(n), 10)
}

func appendResult(w writer, r *lint.Result) ([]byte, error) {
	for i := range r.Findings {
		if s := r.Findings[i].Severity; s < lint.Info || s > lint.Error {
			return w.dst, encodeError(r)
		}
	}
	w.open('{')
	w.key(true, "source")
	w.dst = appendString(w.dst, r.Source)
	if r.ID != "" {
		w.str("id", r.ID)
	}
	w.int("line", r.Line)
	w.str("channel", r.Channel)
	w.str("lang", r.Lang)
	w.int("score", r.Score)
	w.str("verdict", string(r.Verdict))
	w.str("preview", r.Preview)
	if r.Segments > 0 {
		w.int("segments", r.Segments)
		w.str("encoding", r.Encoding)
	}
	w.array("findings", len(r.Findings), func(i int) { w.finding(&r.Findings[i]) })
	if r.History != "" {
		w.str("history", r.History)
	}
	w.close('}')
	return w.dst, nil
}

func (w *writer) finding(f *lint.Finding) {
	w.open('{')
	w.key(true, "rule")
	w.dst = appendString(w.dst, f.Rule)
	w.str("severity", f.Severity.String())
	w.str("message", f.Message)
	if f.Detail != "" {
		w.str("detail", f.Detail)
	}
	w.int("line", f.Line)
	w.int("column", f.Column)
	w.int("end_line", f.EndLine)
	w.int("end_column", f.EndColumn)
	w.int("start", f.Start)
	w.int("end", f.End)
	w.array("fixes", len(f.Fixes), func(i int) { w.fix(&f.Fixes[i]) })
	if !f.RetryAfter.IsZero() {
		w.str("retry_after", f.RetryAfter.Format(time.RFC3339))
	}
	w.close('}')
}

func (w *writer) fix(fix *lint.Fix) {
	w.open('{')
	w.key(true, "title")
	w.dst = appendString(w.dst, fix.Title)
	w.key(false, "safe")
	w.dst = strconv.AppendBool(w.dst, fix.Safe)
	w.array("edits", len(fix.Edits), func(i int) {
		e := &fix.Edits[i]
		w.open('{')
		w.key(true, "start")
		w.dst = strconv.AppendInt(w.dst, int64(e.Start), 10)
		w.int("end", e.End)
		w.str("text", e.New)
		w.close('}')
	})
	w.close('}')
}

// encodeError is the error encoding/json gives for r: AppendJSON leaves
// the wording of the errors it cannot write to it.
func encodeError(r *lint.Result) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	return enc.Encode(Of(r))
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json does
// without HTML escaping: ", \ and control characters escaped (\b, \f, \n,
// \r and \t by name), invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
