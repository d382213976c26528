// Package statuswriter remembers what an http.Handler answered: the
// status and the bytes of the body. sendapi's Middleware and the gateway's
// request log both read it.
package statuswriter

import "net/http"

// Writer is an http.ResponseWriter that remembers the first status written
// (http.StatusOK once the body is written without one; 0 while nothing is)
// and counts the bytes of the body.
type Writer struct {
	http.ResponseWriter
	Status int
	Bytes  int64
}

// WriteHeader remembers the first status and passes code on.
func (w *Writer) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write counts the bytes written.
func (w *Writer) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.Bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *Writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }
