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
	for i := range r.Findings {
		if s := r.Findings[i].Severity; s < lint.Info || s > lint.Error {
			return dst, encodeError(r)
		}
	}
	dst = append(dst, `{"source":`...)
	dst = appendString(dst, r.Source)
	if r.ID != "" {
		dst = append(dst, `,"id":`...)
		dst = appendString(dst, r.ID)
	}
	dst = append(dst, `,"line":`...)
	dst = strconv.AppendInt(dst, int64(r.Line), 10)
	dst = append(dst, `,"channel":`...)
	dst = appendString(dst, r.Channel)
	dst = append(dst, `,"lang":`...)
	dst = appendString(dst, r.Lang)
	dst = append(dst, `,"score":`...)
	dst = strconv.AppendInt(dst, int64(r.Score), 10)
	dst = append(dst, `,"verdict":`...)
	dst = appendString(dst, string(r.Verdict))
	dst = append(dst, `,"preview":`...)
	dst = appendString(dst, r.Preview)
	if r.Segments > 0 {
		dst = append(dst, `,"segments":`...)
		dst = strconv.AppendInt(dst, int64(r.Segments), 10)
		dst = append(dst, `,"encoding":`...)
		dst = appendString(dst, r.Encoding)
	}
	dst = append(dst, `,"findings":[`...)
	for i := range r.Findings {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendFinding(dst, &r.Findings[i])
	}
	dst = append(dst, ']')
	if r.History != "" {
		dst = append(dst, `,"history":`...)
		dst = appendString(dst, r.History)
	}
	return append(dst, '}'), nil
}

func appendFinding(dst []byte, f *lint.Finding) []byte {
	dst = append(dst, `{"rule":`...)
	dst = appendString(dst, f.Rule)
	dst = append(dst, `,"severity":`...)
	dst = appendString(dst, f.Severity.String())
	dst = append(dst, `,"message":`...)
	dst = appendString(dst, f.Message)
	if f.Detail != "" {
		dst = append(dst, `,"detail":`...)
		dst = appendString(dst, f.Detail)
	}
	for _, m := range [...]struct {
		key string
		n   int
	}{{`,"line":`, f.Line}, {`,"column":`, f.Column}, {`,"end_line":`, f.EndLine}, {`,"end_column":`, f.EndColumn}, {`,"start":`, f.Start}, {`,"end":`, f.End}} {
		dst = append(dst, m.key...)
		dst = strconv.AppendInt(dst, int64(m.n), 10)
	}
	dst = append(dst, `,"fixes":[`...)
	for i, fix := range f.Fixes {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"title":`...)
		dst = appendString(dst, fix.Title)
		dst = append(dst, `,"safe":`...)
		dst = strconv.AppendBool(dst, fix.Safe)
		dst = append(dst, `,"edits":[`...)
		for j, e := range fix.Edits {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"start":`...)
			dst = strconv.AppendInt(dst, int64(e.Start), 10)
			dst = append(dst, `,"end":`...)
			dst = strconv.AppendInt(dst, int64(e.End), 10)
			dst = append(dst, `,"text":`...)
			dst = appendString(dst, e.New)
			dst = append(dst, '}')
		}
		dst = append(dst, "]}"...)
	}
	dst = append(dst, ']')
	if !f.RetryAfter.IsZero() {
		dst = append(dst, `,"retry_after":`...)
		dst = appendString(dst, f.RetryAfter.Format(time.RFC3339))
	}
	return append(dst, '}')
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
