package sendapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/presend/presend/lint"
)

// Every error presend's HTTP front doors make themselves (Middleware here,
// the gateway's Server) is answered with a Graph API-style body, so that a
// Send API client handles it as it handles the platform's own:
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
	// SubcodeNotFound: 404, a path of presend's own API that does not
	// exist.
	SubcodeNotFound = 11
	// SubcodeMethodNotAllowed: 405, a method an endpoint of presend's own
	// does not take; the Allow header lists those it takes.
	SubcodeMethodNotAllowed = 12
	// SubcodeInternal: 500, presend failed.
	SubcodeInternal = 13
	// SubcodeUncheckable: 422, a send presend cannot check: refused, not
	// forwarded unchecked. (WhatsApp Cloud API sends had it until presend
	// read them; no reader answers it today.)
	SubcodeUncheckable = 14
	// SubcodeNotReady: 503, the gateway's /readyz while it shuts down or
	// before its configuration is loaded.
	SubcodeNotReady = 15
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
	SubcodeNotFound:         "PresendNotFound",
	SubcodeMethodNotAllowed: "PresendMethodNotAllowed",
	SubcodeInternal:         "PresendInternalError",
	SubcodeUncheckable:      "PresendUncheckable",
	SubcodeNotReady:         "PresendNotReady",
}

// retryAfter is the Retry-After of a 503, in seconds.
const retryAfter = "1"

// HistoryHeader is set to lint.HistoryUnavailable on an answer for
// messages checked without the history they have (the store failed, fail
// mode open).
const HistoryHeader = "Presend-History"

// Error is an error presend answers itself, Graph-shaped (see the Subcode
// constants).
type Error struct {
	Status  int    // the HTTP status, also the Graph "code"
	Subcode int    // one of the Subcode constants
	Message string // starts with "presend: "
	// Presend is the checked message(s), if any: a result object, or the
	// CLI's JSON output for a batch.
	Presend json.RawMessage
	// RetryAt, when set, is the Retry-After of a block that only waits
	// for a time (quiet hours), as an HTTP date.
	RetryAt time.Time
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Type is the Graph "type" of the error: PresendBlocked, PresendTooLarge…
func (e *Error) Type() string { return errorTypes[e.Subcode] }

// Transient says whether the same request may succeed later (the store or
// the upstream was down): Graph's is_transient.
func (e *Error) Transient() bool {
	return e.Status == http.StatusServiceUnavailable || e.Status == http.StatusBadGateway || e.Status == http.StatusGatewayTimeout
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

// Body renders the error for the request id.
func (e *Error) Body(reqID string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(errorBody{Error: errorDetail{
		Message:     e.Message,
		Type:        e.Type(),
		Code:        e.Status,
		Subcode:     e.Subcode,
		IsTransient: e.Transient(),
		FBTraceID:   reqID,
		Presend:     e.Presend,
	}}) // strings, ints and already valid JSON: it cannot fail
	return b.Bytes()
}

// Write answers e for the request id: the Graph-shaped body, X-Request-Id,
// and Retry-After for a 503 or a block that waits for a time.
func (e *Error) Write(w http.ResponseWriter, reqID string) {
	body := e.Body(reqID)
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	if reqID != "" {
		h.Set("X-Request-Id", reqID)
	}
	switch {
	case !e.RetryAt.IsZero():
		h.Set("Retry-After", e.RetryAt.UTC().Format(http.TimeFormat))
	case e.Status == http.StatusServiceUnavailable && h.Get("Retry-After") == "":
		// The store is down or slow: the same request may pass shortly.
		h.Set("Retry-After", retryAfter)
	}
	if e.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="presend"`)
	}
	w.WriteHeader(e.Status)
	_, _ = w.Write(body) //nolint:gosec // G705: a JSON error with nosniff, never sniffed as a page (taint seen from the request body since ReadBody reads it itself)
}

// BadInput is the 400 answer for a body presend cannot read; the message
// has the reader's errors, one after the other.
func BadInput(err error) *Error {
	return &Error{Status: http.StatusBadRequest, Subcode: SubcodeBadRequest,
		Message: strings.ReplaceAll(err.Error(), "\n", "; ")}
}

// Blocked is the 422 answer for blocked messages (failOn is the Linter's
// Config().FailOn): the message of the first blocked one's lint.Rejection,
// and the result object(s). A block whose only cause, in every blocked
// message, is a time to wait (quiet hours) gets SubcodeQuietHours and a
// Retry-After: the latest of the next allowed times.
func Blocked(failOn lint.Severity, results []lint.Result, batch bool) *Error {
	e := &Error{Status: http.StatusUnprocessableEntity, Subcode: SubcodeBlocked}
	waitOnly := true
	var retryAt time.Time
	for i := range results {
		if results[i].Verdict != lint.VerdictBlock {
			continue
		}
		rej := &lint.Rejection{Result: results[i], FailOn: failOn}
		if e.Message == "" {
			e.Message = rej.Error()
		}
		at, ok := rej.RetryAfter()
		if !ok || at.IsZero() {
			waitOnly = false
		} else if at.After(retryAt) {
			retryAt = at
		}
	}
	if waitOnly && !retryAt.IsZero() {
		e.Subcode, e.RetryAt = SubcodeQuietHours, retryAt
	}
	out, _ := MarshalResults(results, batch)
	e.Presend = json.RawMessage(bytes.TrimSuffix(out, []byte("\n")))
	return e
}

// RequestID keeps a sane X-Request-Id from the client, or makes one.
func RequestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && printable(id) {
		return id
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
