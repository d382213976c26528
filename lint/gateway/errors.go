package gateway

import (
	"net/http"

	"github.com/presend/presend/lint/sendapi"
)

// The gateway answers every error it makes itself, on every endpoint, with
// a Graph API-style body (sendapi.Error):
//
//	{"error": {"message": "presend: message blocked (score 0/100): length: …",
//	           "type": "PresendBlocked", "code": 422, "error_subcode": 1,
//	           "is_transient": false, "fbtrace_id": "<request id>",
//	           "presend": {<the JSON result object of the CLI>}}}
//
// The subcodes are sendapi's.
const (
	SubcodeBlocked          = sendapi.SubcodeBlocked
	SubcodeBadRequest       = sendapi.SubcodeBadRequest
	SubcodeTooLarge         = sendapi.SubcodeTooLarge
	SubcodeUnsupportedMedia = sendapi.SubcodeUnsupportedMedia
	SubcodeUnauthorized     = sendapi.SubcodeUnauthorized
	SubcodeStoreUnavailable = sendapi.SubcodeStoreUnavailable
	SubcodeUpstream         = sendapi.SubcodeUpstream
	SubcodeForbidden        = sendapi.SubcodeForbidden
	SubcodeCheckTimeout     = sendapi.SubcodeCheckTimeout
	SubcodeQuietHours       = sendapi.SubcodeQuietHours
	SubcodeNotFound         = sendapi.SubcodeNotFound
	SubcodeMethodNotAllowed = sendapi.SubcodeMethodNotAllowed
	SubcodeUncheckable      = sendapi.SubcodeUncheckable
	SubcodeNotReady         = sendapi.SubcodeNotReady
)

// historyHeader is set to lint.HistoryUnavailable on an answer for messages
// checked without the history they have (the store failed, fail mode open).
const historyHeader = sendapi.HistoryHeader

// apiError is an error the gateway answers itself.
type apiError struct {
	status  int
	subcode int
	msg     string
}

// graph is e as the error written.
func (e apiError) graph() *sendapi.Error {
	return &sendapi.Error{Status: e.status, Subcode: e.subcode, Message: e.msg}
}

// writeError answers e.
func writeError(w http.ResponseWriter, reqID string, e *sendapi.Error) { e.Write(w, reqID) }
