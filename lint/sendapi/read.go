package sendapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/report/resultjson"
)

// DefaultMaxBody is the largest request body read by default, by
// Middleware and by the gateway's Server (Options.MaxBody): 1 MiB, far
// over any real Send API body.
const DefaultMaxBody = 1 << 20

// ErrNotJSON is the error of a Send API body that is not a JSON object.
var ErrNotJSON = errors.New("the body is not a JSON object: presend checks JSON Send API bodies only (Content-Type: application/json); send the message as JSON")

// ReadSend reads the message of a Send API body, the body of a POST to a
// send route (IsSendPath): a Messenger (or Instagram) Send API body, or a
// WhatsApp Cloud API send (a body with "messaging_product", whatsapp.go).
// It is nil without error when the body sends nothing presend reads: no
// "message" (a sender action such as typing_on), a WhatsApp read receipt,
// a WhatsApp location, contacts or reaction. The error is ErrNotJSON for a
// body that is not a JSON object, else the reader's (an *input.Error,
// naming the line and column in the body where it can).
func ReadSend(body []byte) ([]lint.Message, error) {
	js := bytes.TrimPrefix(body, []byte(utf8BOM))
	if start := skipSpace(js); start == len(js) || js[start] != '{' {
		return nil, ErrNotJSON
	}
	top, err := members(js)
	if err != nil {
		return nil, err
	}
	if _, ok := top["message"]; !ok {
		if isWhatsApp(top) {
			return readWhatsApp(js)
		}
		return nil, nil
	}
	return parse(body, input.FormatJSON)
}

// ReadSendRequest reads the message of a request to a send route: the one
// reader the gateway's proxy, Transport and the Graph batch sub-requests
// share, so that they accept and refuse the same requests. h and q are
// the request's headers and query string, body its body. It refuses, as a
// Graph-shaped *Error:
//
//   - a body not declared as JSON in UTF-8, uncompressed (415: the Graph
//     API reads a body by its Content-Type, and presend must check what
//     the platform reads);
//   - a body that is not a JSON object (415);
//   - a Send API body lint/input cannot read (400, with the line and
//     column in the body);
//   - a message field in the query string (400: the Graph API reads it
//     there too, and presend checks bodies).
//
// The messages are nil for a body that sends nothing presend reads
// (ReadSend: a sender action, a WhatsApp read receipt or media message),
// or for no body at all: nothing to check. The caller adds what the URL
// tells (ApplyRoute).
func ReadSendRequest(h http.Header, q url.Values, body []byte) ([]lint.Message, *Error) {
	if len(bytes.TrimSpace(body)) == 0 {
		if p := QueryProblem(q); p != "" {
			return nil, &Error{Status: http.StatusBadRequest, Subcode: SubcodeBadRequest, Message: "presend: " + p}
		}
		return nil, nil
	}
	if p := ContentTypeProblem(h); p != "" {
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Subcode: SubcodeUnsupportedMedia, Message: "presend: " + p}
	}
	msgs, err := ReadSend(body)
	switch {
	case errors.Is(err, ErrNotJSON):
		return nil, &Error{Status: http.StatusUnsupportedMediaType, Subcode: SubcodeUnsupportedMedia, Message: "presend: " + err.Error()}
	case err != nil:
		return nil, BadInput(err)
	}
	if p := QueryProblem(q); p != "" {
		return nil, &Error{Status: http.StatusBadRequest, Subcode: SubcodeBadRequest, Message: "presend: " + p}
	}
	return msgs, nil
}

// skipSpace returns the offset of the first byte of data that is not JSON
// white space (len(data) if none).
func skipSpace(data []byte) int {
	i := 0
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// sendParams are the Send API parameters that carry or shape a message. The
// Graph API accepts them in the query string as well as in the body.
// The WhatsApp Cloud API's are there too.
var sendParams = []string{"message", "recipient", "messaging_type", "tag", "sender_action", "notification_type",
	"messaging_product", "to", "type", "text", "template"}

// QueryProblem says why a send's query string cannot be checked: the Graph
// API reads the message's parameters from the query string as well as
// from the body, and presend checks bodies, so nothing may ride past it
// there. It is "" when q holds none (access_token, appsecret_proof and the
// like are not message fields).
func QueryProblem(q url.Values) string {
	for _, p := range sendParams {
		if q.Has(p) {
			return fmt.Sprintf("%q in the query string cannot be checked; send the message fields in the JSON body", p)
		}
	}
	return ""
}

// ReadBody reads a request body of at most limit bytes (DefaultMaxBody
// when limit ≤ 0): the one place where presend's HTTP front doors bound
// what they read. A body over the limit is a 413 *Error, one that could
// not be read a 400 *Error; the caller answers it (Error.Write).
func ReadBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, *Error) {
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	tooLarge := func() *Error {
		return &Error{Status: http.StatusRequestEntityTooLarge, Subcode: SubcodeTooLarge,
			Message: fmt.Sprintf("presend: request body is over the limit of %d bytes", limit)}
	}
	if r.ContentLength > limit {
		return nil, tooLarge()
	}
	// A body of the announced length fits with one byte to spare, which
	// the read of its end needs: no buffer grown and copied on the way
	// (bytes.Buffer.ReadFrom wants 512 free bytes before each read).
	b, err := readAll(http.MaxBytesReader(w, r.Body, limit), r.ContentLength+1)
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, tooLarge()
		}
		return nil, &Error{Status: http.StatusBadRequest, Subcode: SubcodeBadRequest,
			Message: "presend: could not read the request body: " + err.Error()}
	}
	return b, nil
}

// readAll reads r to the end into a buffer of capacity size at first
// (512 bytes when size < 512), grown as append grows a slice when the
// data is longer.
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(size, 512))
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// readLimited reads r to the end, up to limit bytes (DefaultMaxBody when
// limit ≤ 0): a request body given to Transport. A longer body is an
// error: it is not sent.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err == nil && n > limit {
		err = fmt.Errorf("the body is over the limit of %d bytes", limit)
	}
	return buf.Bytes(), err
}

// MarshalResults renders one result object (DESIGN.md §3), or the CLI's
// JSON output {"version": 1, "results": […]} for a batch, compact, with a
// final newline. The objects are rendered first and copied once into an
// answer of the right size: a message with a finding every few bytes has
// an answer tens of times its size, and growing a buffer by doubling would
// copy (and clear) it over and over.
func MarshalResults(results []lint.Result, batch bool) ([]byte, error) {
	objs := make([][]byte, len(results))
	n := len(`{"version":1,"results":[]}`) + 1
	for i := range results {
		obj, err := resultjson.Marshal(&results[i])
		if err != nil {
			return nil, err
		}
		objs[i] = obj
		n += len(obj) + 1
	}
	if !batch && len(objs) == 1 {
		return append(objs[0], '\n'), nil
	}
	b := make([]byte, 0, n)
	if batch {
		b = append(b, `{"version":1,"results":[`...)
	}
	for i, obj := range objs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, obj...)
	}
	if batch {
		b = append(b, "]}"...)
	}
	return append(b, '\n'), nil
}
