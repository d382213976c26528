package gateway

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// AdminHandler serves the operator's endpoints, for a listener of their
// own (presend serve --admin-listen) that the public does not reach:
//
//	GET /healthz   liveness: 200 while the process serves
//	GET /readyz    readiness: 200 when the configuration is loaded (Linter
//	               returns one) and the history store answers a ping; 503
//	               otherwise, and from SetDraining on, with a Graph-shaped
//	               error body (PresendNotReady, or PresendUnavailable for
//	               the store)
//	GET /metrics   the Prometheus metrics of Registry
//
// Their requests are logged at debug level (at warning level for a 5xx).
//
// With Options.SeparateAdmin the Server itself no longer serves /metrics
// and /readyz; /healthz stays on both.
func (s *Server) AdminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", s.instrument("admin_healthz", s.handleHealthz))
	mux.Handle("GET /readyz", s.instrument("admin_readyz", s.handleAdminReadyz))
	mux.Handle("GET /metrics", s.instrument("admin_metrics", s.metricsHandler().ServeHTTP))
	return mux
}

// handleAdminReadyz is /readyz, which also wants a configuration loaded.
func (s *Server) handleAdminReadyz(w http.ResponseWriter, r *http.Request) {
	if s.opts.Linter() == nil {
		s.fail(w, r, apiError{status: http.StatusServiceUnavailable, subcode: SubcodeNotReady,
			msg: "presend: configuration not loaded"})
		return
	}
	s.handleReadyz(w, r)
}

// metricsHandler serves the registry in the Prometheus text format.
func (s *Server) metricsHandler() http.Handler {
	return promhttp.InstrumentMetricHandler(s.reg, promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{Registry: s.reg}))
}
