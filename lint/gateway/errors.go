package gateway

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// The gateway answers every error it makes itself, on every endpoint, with a
// Graph API-style body, so that a Send API client handles it as it handles
// the platform's own:
//
//	{"error": {"message": "presend: message blocked (score 0/100): length: …",
//	           "type": "PresendBlocked", "code": 422, "error_subcode": 1,
//	           "is_transient": false, "fbtrace_id": "<request id>",
//	           "presend": {<the JSON result object of the CLI>}}}
//
// code is the HTTP status. error_subcode tells the cases apart (the
// Subcode constants); type names them. is_transient is true where the same
// request may succeed later (the store or the upstream was down): Graph
// clients retry on it. fbtrace_id is the request id, also in the
// X-Request-Id header and in the gateway's log line for the request.
// "presend" is there when the message was checked: the result object of a
// single message, or {"version": 1, "results": […]} for a batch.
const (
	SubcodeBlocked          = 1 // 422: a rule blocked the message; nothing was forwarded
	SubcodeBadRequest       = 2 // 400: the body is not an envelope or Send API body presend can read
	SubcodeTooLarge         = 3 // 413: the body is over the limit
	SubcodeUnsupportedMedia = 4 // 415: the proxy checks JSON bodies only
	SubcodeUnauthorized     = 5 // 401: missing or unknown bearer token
	SubcodeStoreUnavailable = 6 // 503: the history store failed and the fail mode is closed
	SubcodeUpstream         = 7 // 502 or 504: the upstream failed or timed out
	SubcodeForbidden        = 8 // 403: bad webhook signature or verify token
	SubcodeCheckTimeout     = 9 // 503: the check did not finish within the check timeout; nothing was sent
	// SubcodeQuietHours: 422, blocked only because it falls in the
	// recipient's quiet hours; Retry-After gives the next allowed time, so
	// a sender's queue can reschedule rather than drop it.
	SubcodeQuietHours = 10
)

var errorTypes = map[int]string{
	SubcodeBlocked:          "PresendBlocked",
	SubcodeBadRequest:       "PresendBadRequest",
	SubcodeTooLarge:         "PresendTooLarge",
	SubcodeUnsupportedMedia: "PresendUnsupportedMediaType",
	SubcodeUnauthorized:     "PresendUnauthorized",
	SubcodeStoreUnavailable: "PresendUnavailable",
	SubcodeUpstream:         "PresendUpstreamError",
	SubcodeForbidden:        "PresendForbidden",
	SubcodeCheckTimeout:     "PresendCheckTimeout",
	SubcodeQuietHours:       "PresendQuietHours",
}

// retryAfter is the Retry-After of a 503, in seconds.
const retryAfter = "1"

// historyHeader is set to lint.HistoryUnavailable on an answer for messages
// checked without the history they have (the store failed, fail mode open).
const historyHeader = "Presend-History"

// apiError is an error the gateway answers itself.
type apiError struct {
	status  int
	subcode int
	msg     string
	presend json.RawMessage // the checked message(s), if any
	// retryAt, when set, is the Retry-After of a block that only waits for
	// a time (quiet hours), as an HTTP date.
	retryAt time.Time
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Message     string          `json:"message"`
	Type        string          `json:"type"`
	Code        int             `json:"code"`
	Subcode     int             `json:"error_subcode"`
	IsTransient bool            `json:"is_transient"`
	FBTraceID   string          `json:"fbtrace_id"`
	Presend     json.RawMessage `json:"presend,omitempty"`
}

// body renders the error for the request id.
func (e apiError) body(reqID string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(errorBody{Error: errorDetail{
		Message:     e.msg,
		Type:        errorTypes[e.subcode],
		Code:        e.status,
		Subcode:     e.subcode,
		IsTransient: e.status == http.StatusServiceUnavailable || e.status == http.StatusBadGateway || e.status == http.StatusGatewayTimeout,
		FBTraceID:   reqID,
		Presend:     e.presend,
	}}) // strings, ints and already valid JSON: it cannot fail
	return b.Bytes()
}

// writeError answers e.
func writeError(w http.ResponseWriter, reqID string, e apiError) {
	body := e.body(reqID)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	switch {
	case !e.retryAt.IsZero():
		h.Set("Retry-After", e.retryAt.UTC().Format(http.TimeFormat))
	case e.status == http.StatusServiceUnavailable:
		// The store is down or slow: the same request may pass shortly.
		h.Set("Retry-After", retryAfter)
	}
	if e.status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="presend"`)
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}
