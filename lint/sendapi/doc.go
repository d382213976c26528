// Package sendapi checks Messenger Send API traffic (and WhatsApp Cloud API
// sends, whatsapp.go) inside a Go program:
// Transport (an http.RoundTripper for Send API clients) and Middleware (for
// servers that take outbound messages) check each message with a
// lint.Linter before it leaves, through the admission protocol of
// lint.Admitter (check, reserve, send, then confirm or undo).
//
// It also holds what presend's HTTP front doors share: the reader of Send
// API and envelope bodies (ReadSend, ReadMessages, ReadBody and its one
// body limit), the Graph-shaped errors (Error) and the Gate. The gateway's
// Server (lint/gateway) is built on it and adds the HTTP proxy, the
// webhook tap and Prometheus metrics; this package links no metrics
// library: a program counts what a Gate does through an Observer
// (WithObserver).
package sendapi
