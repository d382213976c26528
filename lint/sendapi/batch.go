package sendapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
)

// A Graph batch request (POST / or /{version}/ with a "batch" parameter)
// carries up to 50 sub-requests, each {"method", "relative_url", "body"},
// the body form-encoded as the Graph API reads it. Every sub-request that
// sends a message (RouteOf its method and relative_url is RouteSend) is
// read as a send would be; the others are not looked at.

// BatchSend is a sub-request of a batch that sends a message.
type BatchSend struct {
	// Index is the sub-request's place in the batch, from 0.
	Index int
	// Method and RelativeURL are the sub-request's, as written.
	Method, RelativeURL string
	// Node is the page, Instagram account or WhatsApp phone number id
	// its relative_url sends from (SendNode): "me" for me/messages.
	Node string
	// Messages are the messages it sends; nil for a body without
	// "message" (a sender action: nothing to check).
	Messages []lint.Message
}

// Batch is what presend reads of a Graph batch request.
type Batch struct {
	// Len is the number of sub-requests.
	Len int
	// Sends are the sub-requests that send a message, in order.
	Sends []BatchSend
}

// maxBatchParts bounds the multipart form read for a batch parameter.
const maxBatchParts = 1000

// ReadBatch reads the batch request of a POST to the Graph root
// (RouteRoot): h, q and body are the request's headers, query string and
// body. It returns nil, nil when the request has no "batch" parameter
// (not a batch: another Graph call). The parameter is looked for where
// the Graph API reads it: the query string, and a body sent as a form
// (application/x-www-form-urlencoded or multipart/form-data) or as a JSON
// object. It refuses, as a Graph-shaped *Error naming the sub-request
// (batch[i]): a batch that is not a JSON array of objects, more than one
// "batch" parameter, a compressed body, and a send presend cannot read as
// ReadSendRequest would not (a message field in its relative_url's query,
// a body that is not a form or a JSON object, a Send API body lint/input
// refuses).
func ReadBatch(h http.Header, q url.Values, body []byte) (*Batch, *Error) {
	params, e := batchParams(h, q, body)
	if e != nil || len(params) == 0 {
		return nil, e
	}
	if len(params) > 1 {
		return nil, badBatch("the request has %d \"batch\" parameters; send one", len(params))
	}
	var items []json.RawMessage
	if err := json.Unmarshal([]byte(params[0]), &items); err != nil {
		return nil, badBatch("the \"batch\" parameter must be a JSON array of requests: %v", err)
	}
	b := &Batch{Len: len(items)}
	for i, raw := range items {
		var sub struct {
			Method      *string         `json:"method"`
			RelativeURL *string         `json:"relative_url"`
			Body        json.RawMessage `json:"body"`
		}
		if err := json.Unmarshal(raw, &sub); err != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			return nil, badBatch("batch[%d] must be an object with \"method\" and \"relative_url\"", i)
		}
		method := http.MethodGet // the Graph API's default
		if sub.Method != nil {
			method = *sub.Method
		}
		if sub.RelativeURL == nil {
			continue // the Graph API refuses it: nothing is sent
		}
		u, err := url.Parse(*sub.RelativeURL)
		if err != nil {
			return nil, badBatch("batch[%d]: relative_url %s cannot be read: %v", i, quoteCut(URLPath(*sub.RelativeURL)), err)
		}
		if RouteOf(method, u) != RouteSend {
			continue
		}
		msgs, e := readBatchSend(u, sub.Body)
		if e != nil {
			e.Message = fmt.Sprintf("presend: batch[%d] (%s %s): %s", i, method, URLPath(*sub.RelativeURL), strings.TrimPrefix(e.Message, "presend: "))
			return nil, e
		}
		b.Sends = append(b.Sends, BatchSend{Index: i, Method: method, RelativeURL: *sub.RelativeURL, Node: SendNode(u), Messages: msgs})
	}
	return b, nil
}

// URLPath is the path of a relative URL, cut to 64 bytes, for a message:
// its query string, which may hold an access token, is left out.
func URLPath(u string) string {
	u, _, _ = strings.Cut(u, "?")
	if len(u) > 64 {
		u = u[:64] + "…"
	}
	return u
}

func badBatch(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Subcode: SubcodeBadRequest, Message: "presend: " + fmt.Sprintf(format, args...)}
}

// batchParams returns the values of the "batch" parameters of a request.
func batchParams(h http.Header, q url.Values, body []byte) ([]string, *Error) {
	params := slices.Clone(q["batch"])
	if len(bytes.TrimSpace(body)) == 0 {
		return params, nil
	}
	for _, ce := range h.Values("Content-Encoding") {
		if ce = strings.TrimSpace(ce); ce != "" && !strings.EqualFold(ce, "identity") {
			return nil, &Error{Status: http.StatusUnsupportedMediaType, Subcode: SubcodeUnsupportedMedia,
				Message: fmt.Sprintf("presend: Content-Encoding %s on a request to the Graph root: presend cannot read a batch in it; send the body uncompressed", quoteCut(ce))}
		}
	}
	mt, mparams, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return params, nil // the Graph API reads no parameter from it either
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, badBatch("the form body cannot be read: %v", err)
		}
		params = append(params, vals["batch"]...)
	case "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), mparams["boundary"]).ReadForm(int64(len(body)) + 1)
		if err != nil {
			return nil, badBatch("the multipart body cannot be read: %v", err)
		}
		defer func() { _ = form.RemoveAll() }()
		if n := len(form.Value) + len(form.File); n > maxBatchParts {
			return nil, badBatch("the multipart body has %d parts, over %d", n, maxBatchParts)
		}
		params = append(params, form.Value["batch"]...)
	case "application/json":
		var top map[string]json.RawMessage
		if json.Unmarshal(bytes.TrimPrefix(body, []byte(utf8BOM)), &top) != nil {
			return params, nil // not an object: no parameters
		}
		if raw, ok := top["batch"]; ok {
			var s string
			if json.Unmarshal(raw, &s) == nil {
				params = append(params, s) // the array, as a string
			} else {
				params = append(params, string(raw))
			}
		}
	}
	return params, nil
}

// readBatchSend reads the message of a send inside a batch: its body is a
// form (a string) or, leniently, a JSON object (or one in a string); its
// relative_url's query may hold no message field.
func readBatchSend(u *url.URL, body json.RawMessage) ([]lint.Message, *Error) {
	q := u.Query()
	q.Del("method")
	if p := QueryProblem(q); p != "" {
		return nil, badBatch("%s", p)
	}
	body = bytes.TrimSpace(body)
	var js []byte
	switch {
	case len(body) == 0 || bytes.Equal(body, []byte("null")):
		return nil, nil // nothing in it: no message
	case body[0] == '{':
		js = body
	case body[0] == '"':
		var form string
		if err := json.Unmarshal(body, &form); err != nil {
			return nil, badBatch("its body cannot be read: %v", err)
		}
		if strings.HasPrefix(strings.TrimSpace(form), "{") {
			js = []byte(form) // JSON in a string: checked as JSON
			break
		}
		var e *Error
		if js, e = formJSON(form); e != nil {
			return nil, e
		}
	default:
		return nil, badBatch("its body must be a form-encoded string")
	}
	h := http.Header{"Content-Type": {"application/json"}}
	msgs, e := ReadSendRequest(h, nil, js)
	ApplyRoute(u, msgs)
	return msgs, e
}

// formJSON turns a form-encoded Send API body into the JSON object the
// Graph API reads from it: a value that is a JSON object or array (the
// recipient, the message) is taken as JSON, any other as a string.
func formJSON(form string) ([]byte, *Error) {
	vals, err := url.ParseQuery(form)
	if err != nil {
		return nil, badBatch("its form body cannot be read: %v", err)
	}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if len(vals[k]) > 1 {
			return nil, badBatch("its body gives %q %d times", k, len(vals[k]))
		}
		if i > 0 {
			b.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		v := strings.TrimSpace(vals[k][0])
		if v != "" && (v[0] == '{' || v[0] == '[') && json.Valid([]byte(v)) {
			b.WriteString(v)
		} else {
			vj, _ := json.Marshal(vals[k][0])
			b.Write(vj)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// BatchAccepted reads the answer of the Graph API to a batch of n
// sub-requests: which were accepted (a 2xx code). A status other than 200,
// or an answer that is not a JSON array of n answers, accepts none: a
// send whose outcome is unknown is taken as not sent, as a timeout is.
func BatchAccepted(status int, answer []byte, n int) []bool {
	ok := make([]bool, n)
	if status != http.StatusOK {
		return ok
	}
	var items []*struct {
		Code int `json:"code"`
	}
	if json.Unmarshal(answer, &items) != nil || len(items) != n {
		return ok
	}
	for i, it := range items {
		ok[i] = it != nil && it.Code >= 200 && it.Code < 300
	}
	return ok
}
