package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
)

// Transport, Middleware and their options moved to lint/sendapi, which
// links no metrics library; these forwards stay for one release.

// Option configures Transport and Middleware.
//
// Deprecated: use sendapi.Option.
type Option = sendapi.Option

// Transport checks Send API requests before they leave the process.
//
// Deprecated: use sendapi.Transport, which does not link Prometheus.
func Transport(l *lint.Linter, next http.RoundTripper, opts ...Option) http.RoundTripper {
	return sendapi.Transport(l, next, opts...)
}

// Middleware checks the messages of requests before the handler sees them.
//
// Deprecated: use sendapi.Middleware, which does not link Prometheus.
func Middleware(l *lint.Linter, opts ...Option) func(http.Handler) http.Handler {
	return sendapi.Middleware(l, opts...)
}

// ResultsFrom returns the results Middleware passed on.
//
// Deprecated: use sendapi.ResultsFrom.
func ResultsFrom(ctx context.Context) []lint.Result { return sendapi.ResultsFrom(ctx) }

// ErrUnreadable is the error of a Send API request presend cannot read.
//
// Deprecated: use sendapi.ErrUnreadable (the same error).
var ErrUnreadable = sendapi.ErrUnreadable

// WithStore checks messages against a sending history.
//
// Deprecated: use sendapi.WithStore.
func WithStore(st history.Store) Option { return sendapi.WithStore(st) }

// WithFailMode sets what happens when the store fails.
//
// Deprecated: use sendapi.WithFailMode.
func WithFailMode(m FailMode) Option { return sendapi.WithFailMode(m) }

// WithLogger logs store failures and fail-open sends.
//
// Deprecated: use sendapi.WithLogger.
func WithLogger(l *slog.Logger) Option { return sendapi.WithLogger(l) }

// WithLease sets how long a reservation counts before it is confirmed.
//
// Deprecated: use sendapi.WithLease.
func WithLease(d time.Duration) Option { return sendapi.WithLease(d) }

// WithStoreTimeout bounds each store call.
//
// Deprecated: use sendapi.WithStoreTimeout.
func WithStoreTimeout(d time.Duration) Option { return sendapi.WithStoreTimeout(d) }

// WithMaxBody bounds the request bodies Middleware reads.
//
// Deprecated: use sendapi.WithMaxBody.
func WithMaxBody(n int64) Option { return sendapi.WithMaxBody(n) }
