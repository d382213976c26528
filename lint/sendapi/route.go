package sendapi

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Route is what a request is to the Graph API, once its path is
// normalised (see RouteOf).
type Route int

const (
	// RouteOther is any Graph call that sends no message: it is passed
	// through unchecked.
	RouteOther Route = iota
	// RouteSend is a POST that sends a message: …/messages or
	// …/marketing_messages under a node (me, a Page, a WhatsApp phone
	// number id).
	RouteSend
	// RouteRoot is a POST to the Graph root (/ or /{version}/): a batch
	// request when it has a "batch" parameter (ReadBatch).
	RouteRoot
)

// sendEdges are the edges a POST to sends a message: the Send API's and
// the Marketing Messages API's (WhatsApp's marketing template route, and
// Messenger's paid marketing messages).
var sendEdges = []string{"messages", "marketing_messages"}

// RouteOf says what a request with method and URL u is to the Graph API.
// The path is read as the Graph API reads it, and as loosely as anything
// that may reach it: percent-encoding decoded (u.Path), the API version
// optional (/v21.0/me/messages and /me/messages), empty, "." and ".."
// segments resolved, a trailing slash dropped, letters in any case. The
// method is the request's, or the one a "method" query parameter asks the
// Graph API to use instead (?method=post).
func RouteOf(method string, u *url.URL) Route {
	if m := u.Query().Get("method"); m != "" {
		method = m
	}
	if !strings.EqualFold(method, http.MethodPost) {
		return RouteOther
	}
	segs := pathSegments(u.Path)
	if len(segs) > 0 && isVersion(segs[0]) {
		segs = segs[1:]
	}
	switch {
	case len(segs) == 0:
		return RouteRoot
	case len(segs) == 2 && isSendEdge(segs[1]):
		return RouteSend
	}
	return RouteOther
}

// SendNode returns the node a send route sends from, as written in the
// (decoded) path: the Page, Instagram account or WhatsApp phone number id
// of /{version}/{id}/messages, "me" for /me/messages; "" when u is not a
// send route's path.
func SendNode(u *url.URL) string {
	segs := pathSegments(u.Path)
	if len(segs) > 0 && isVersion(segs[0]) {
		segs = segs[1:]
	}
	if len(segs) != 2 || !isSendEdge(segs[1]) {
		return ""
	}
	return segs[0]
}

// IsSendPath says whether a POST to the (decoded) URL path p sends a
// message (RouteOf).
func IsSendPath(p string) bool {
	return RouteOf(http.MethodPost, &url.URL{Path: p}) == RouteSend
}

// pathSegments returns the non-empty segments of p after resolving "."
// and "..".
func pathSegments(p string) []string {
	var out []string
	for s := range strings.SplitSeq(path.Clean("/"+p), "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isVersion says whether a path segment is a Graph API version: v21.0, v3.
func isVersion(s string) bool {
	if len(s) < 2 || (s[0] != 'v' && s[0] != 'V') {
		return false
	}
	dot := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 1 && i < len(s)-1:
			dot = true
		default:
			return false
		}
	}
	return true
}

func isSendEdge(s string) bool {
	for _, e := range sendEdges {
		if strings.EqualFold(s, e) {
			return true
		}
	}
	return false
}
