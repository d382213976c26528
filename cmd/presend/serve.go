package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"github.com/spf13/pflag"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/redisstore"
	"github.com/presend/presend/lint/sendapi"
	"github.com/presend/presend/rules"
)

const serveUsage = "serve [--listen ADDR] [--upstream URL] [--store memory|redis://HOST:PORT/DB] [flags]\n\n" +
	"Every setting but --config and the linting ones (channel, lang, fail-on, min-score) may also be\n" +
	"set by a PRESEND_ variable (--upstream-timeout: PRESEND_UPSTREAM_TIMEOUT) or in the [serve]\n" +
	"table of presend.toml (upstream-timeout = \"30s\"): a flag wins over its variable, which wins\n" +
	"over the file. PRESEND_CONFIG names the presend.toml when --config does not. --account-channel\n" +
	"is PRESEND_ACCOUNT_CHANNELS=\"ID=CHANNEL,ID=CHANNEL\" and account-channel = {ID = \"CHANNEL\"}."

// serveFlags are the serve command's flags.
type serveFlags struct {
	lint                                  lintFlags // config, channel, lang, fail-on, min-score
	listen, upstream, webhookUpstream     string
	store, failMode, tokensFile, maxBody  string
	appSecretFile                         string
	logFormat, logLevel                   string
	tlsCert, tlsKey, adminListen          string
	logMessages                           bool
	accountChannels                       map[string]string // --account-channel ID=CHANNEL
	upstreamTimeout, storeTimeout         time.Duration
	checkTimeout                          time.Duration
	readHeaderTimeout, readTimeout        time.Duration
	writeTimeout, idleTimeout             time.Duration
	shutdownTimeout, drainDelay           time.Duration
	maxBodyBytes                          int64
	failModeValue                         gateway.FailMode
	verifyToken, appSecret, tokensFromEnv string
	// origin says where a setting that is not a flag came from, for
	// errors: "PRESEND_FAIL_MODE", "presend.toml:4 (serve.fail-mode)".
	origin map[string]string
}

// from names where the setting key came from: its flag unless the
// environment or the configuration file set it.
func (f *serveFlags) from(key string) string {
	if o, ok := f.origin[key]; ok {
		return o
	}
	return "--" + key
}

// Environment variables serve reads: secrets stay off the command line,
// where any user of the machine could read them.
//
//nolint:gosec // G101: these are the names of the variables, not credentials
const (
	envTokens      = "PRESEND_TOKENS"       // bearer tokens for POST /v1/check, separated by commas or spaces
	envVerifyToken = "PRESEND_VERIFY_TOKEN" // the webhook's verify token
	envAppSecret   = "PRESEND_APP_SECRET"   // the app secret that signs webhook events
)

// serveGCPercent is presend serve's GOGC when the environment sets none.
const serveGCPercent = 400

func runServe(e *env, args []string) int {
	s, code, done := newServe(e, args)
	if done {
		return code
	}
	if e.getenv("GOGC") == "" {
		// The gateway's heap is a few MB, so at the default GOGC the
		// collector starts every few tens of milliseconds, and its start
		// is most of the proxy's p99. GOGC (and GOMEMLIMIT) still win.
		debug.SetGCPercent(serveGCPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	reload := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				select {
				case reload <- struct{}{}:
				default: // one reload pending is enough
				}
			}
		}
	}()
	return s.run(ctx, reload, nil)
}

// serveCmd is a running `presend serve`.
type serveCmd struct {
	e       *env
	f       serveFlags
	log     *slog.Logger
	current atomic.Pointer[serveState]
	store   history.Store
	gw      *gateway.Server
	reloads *prometheus.CounterVec
	lastOK  prometheus.Gauge
	// adminAddr is the admin listener's address once listening.
	adminAddr string
	// cert is the TLS certificate served (nil without --tls-cert),
	// replaced on reload; a handshake takes the one in place.
	cert atomic.Pointer[tls.Certificate]
}

// serveState is what a reload replaces, all at once.
type serveState struct {
	linter  *lint.Linter
	tokens  []string
	secrets []string // the app secrets (PRESEND_APP_SECRET, or the current and next of --app-secret-file)
	config  string   // the presend.toml in use, "" for the built-in defaults
}

// newServe parses the flags, builds the linter, opens the store and builds
// the gateway. done is true when the command ends here (help or an error).
func newServe(e *env, args []string) (s *serveCmd, code int, done bool) {
	fs := newFlags(e, "serve", serveUsage)
	var f serveFlags
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to listen on (host:port; :8080 for every interface)")
	fs.StringVar(&f.upstream, "upstream", gateway.DefaultUpstream, "Send API base URL that passing messages are forwarded to")
	fs.StringVar(&f.webhookUpstream, "webhook-upstream", "", "URL webhook events are forwarded to after they are recorded (default: answered here)")
	fs.StringVar(&f.store, "store", "memory", "sending history: memory, or redis://[user:password@]HOST:PORT/DB (rediss:// for TLS) shared by several gateways")
	fs.StringVar(&f.failMode, "fail-mode", "closed", "when the store fails: closed (refuse with 503) or open (send without the history, count and log it)")
	f.lint.addConfigFlags(fs, "presend.toml to use (default: the nearest one above the working folder, else the built-in defaults); reread on SIGHUP")
	fs.StringVar(&f.tokensFile, "tokens-file", "", "file of bearer tokens for POST /v1/check, one per line (with "+envTokens+"; none: no auth); reread on SIGHUP")
	fs.StringVar(&f.appSecretFile, "app-secret-file", "", "file of the app secrets that sign webhook events: the current one, and during a rotation the next on a second line (instead of "+envAppSecret+"); reread on SIGHUP")
	fs.StringVar(&f.maxBody, "max-body", formatSize(sendapi.DefaultMaxBody), "largest request body (bytes, or with KiB, MiB); a longer one gets 413")
	fs.DurationVar(&f.upstreamTimeout, "upstream-timeout", gateway.DefaultUpstreamTimeout, "longest exchange with an upstream; past it the client gets 504 and the send is not recorded")
	fs.DurationVar(&f.checkTimeout, "check-timeout", gateway.DefaultCheckTimeout, "longest time to check one request's messages; past it the check stops, nothing is sent or recorded, and the client gets 503 (is_transient)")
	fs.DurationVar(&f.storeTimeout, "store-timeout", gateway.DefaultStoreTimeout, "longest wait for each call to the history store (the check itself is not bound by it)")
	fs.DurationVar(&f.readHeaderTimeout, "read-header-timeout", 5*time.Second, "longest time to read a request's headers")
	fs.DurationVar(&f.readTimeout, "read-timeout", 15*time.Second, "longest time to read a whole request")
	fs.DurationVar(&f.writeTimeout, "write-timeout", 0, "longest time from the end of a request's headers to the end of its response (default: upstream-timeout + read-timeout + check-timeout + 5s)")
	fs.DurationVar(&f.idleTimeout, "idle-timeout", 120*time.Second, "how long a keep-alive connection may wait for its next request")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 0, "on SIGINT or SIGTERM, how long in-flight requests may take to finish (default: write-timeout)")
	fs.DurationVar(&f.drainDelay, "drain-delay", 0, "on SIGINT or SIGTERM, how long /readyz answers 503 before the listener closes, for load balancers to notice")
	fs.StringVar(&f.logFormat, "log-format", "json", "log format: json or text")
	fs.StringToStringVar(&f.accountChannels, "account-channel", nil, "ID=CHANNEL: check sends through page or account ID (/{version}/ID/messages) under CHANNEL, e.g. an Instagram account's id=instagram; repeatable")
	fs.StringVar(&f.logLevel, "log-level", "info", "lowest level logged: debug, info, warn or error (info: one line per request)")
	fs.BoolVar(&f.logMessages, "log-messages", false, "log message texts and recipients (off: never logged)")
	fs.StringVar(&f.adminListen, "admin-listen", "", "address of a second, plain-HTTP listener for operators (/metrics, /readyz, /healthz); when set, the public listener no longer serves /metrics and /readyz")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate chain to serve HTTPS with (with --tls-key); reread on SIGHUP, a bad new one keeps the one in use")
	fs.StringVar(&f.tlsKey, "tls-key", "", "PEM private key of --tls-cert; reread on SIGHUP")
	if code, done := parse(e, fs, args); done {
		return nil, code, true
	}
	f.lint.minScoreSet = fs.Changed("min-score")
	usageErr := func(format string, args ...any) (*serveCmd, int, bool) {
		fmt.Fprintf(e.stderr, "presend serve: "+format+"\n", args...)
		return nil, exitError, true
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", quote.V(fs.Arg(0)))
	}
	// Settings: flags, then PRESEND_… variables, then the [serve] table
	// of presend.toml, then the built-in defaults.
	var err error
	if f.origin, err = serveSettings(e, fs, &f.lint.config); err != nil {
		fail(e, err)
		return nil, exitError, true
	}
	if f.failModeValue, err = gateway.ParseFailMode(f.failMode); err != nil {
		return usageErr("%s: %v", f.from("fail-mode"), err)
	}
	if f.maxBodyBytes, err = parseSize(f.maxBody); err != nil {
		return usageErr("%s: %v", f.from("max-body"), err)
	}
	if f.checkTimeout <= 0 {
		return usageErr("%s %v: want a positive duration", f.from("check-timeout"), f.checkTimeout)
	}
	if f.writeTimeout == 0 {
		f.writeTimeout = f.upstreamTimeout + f.readTimeout + f.checkTimeout + 5*time.Second
	}
	if f.writeTimeout <= f.upstreamTimeout {
		return usageErr("%s %v must be longer than %s %v, or the answer of a slow upstream could never be written",
			f.from("write-timeout"), f.writeTimeout, f.from("upstream-timeout"), f.upstreamTimeout)
	}
	if f.shutdownTimeout == 0 {
		f.shutdownTimeout = f.writeTimeout
	}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return usageErr("%s and %s go together: a certificate and its private key", f.from("tls-cert"), f.from("tls-key"))
	}
	log, err := newLogger(e, f.logFormat, f.logLevel, f.from("log-format"), f.from("log-level"))
	if err != nil {
		return usageErr("%v", err)
	}
	// go-redis logs its connection troubles itself: into the structured log.
	redis.SetLogger(redisLogger{log})
	f.verifyToken, f.appSecret, f.tokensFromEnv = e.getenv(envVerifyToken), e.getenv(envAppSecret), e.getenv(envTokens)
	if f.appSecret != "" && f.appSecretFile != "" {
		return usageErr("%s and %s both set the app secret: keep one (the file can be rotated)", envAppSecret, f.from("app-secret-file"))
	}
	s = &serveCmd{e: e, f: f, log: log}
	st, err := s.load()
	if err != nil {
		fail(e, err)
		return nil, exitError, true
	}
	s.current.Store(st)
	if f.tlsCert != "" {
		cert, err := loadCert(f.tlsCert, f.tlsKey)
		if err != nil {
			fail(e, err)
			return nil, exitError, true
		}
		s.cert.Store(cert)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if s.store, err = openStore(ctx, f.store, f.from("store"), log); err != nil {
		fail(e, err)
		return nil, exitError, true
	}
	s.gw, err = gateway.New(gateway.Options{
		Linter:          func() *lint.Linter { return s.current.Load().linter },
		Tokens:          func() []string { return s.current.Load().tokens },
		Store:           s.store,
		FailMode:        f.failModeValue,
		Upstream:        f.upstream,
		WebhookUpstream: f.webhookUpstream,
		VerifyToken:     f.verifyToken,
		AppSecrets:      func() []string { return s.current.Load().secrets },
		MaxBody:         f.maxBodyBytes,
		UpstreamTimeout: f.upstreamTimeout,
		StoreTimeout:    f.storeTimeout,
		CheckTimeout:    f.checkTimeout,
		Logger:          log,
		LogMessages:     f.logMessages,
		SeparateAdmin:   f.adminListen != "",
		AccountChannels: f.accountChannels,
	})
	if err != nil {
		_ = s.store.Close()
		fail(e, err)
		return nil, exitError, true
	}
	s.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "presend_config_reloads_total", Help: "Configuration reloads (SIGHUP), by result.",
	}, []string{"result"})
	s.lastOK = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "presend_config_last_reload_success_timestamp_seconds", Help: "When the configuration in use was loaded.",
	})
	s.gw.Registry().MustRegister(s.reloads, s.lastOK)
	s.reloads.WithLabelValues("success")
	s.reloads.WithLabelValues("failure")
	s.lastOK.SetToCurrentTime()
	return s, exitOK, false
}

// load reads the configuration and the tokens.
func (s *serveCmd) load() (*serveState, error) {
	path := s.f.lint.config
	if path == "" {
		p, err := lint.FindConfig(".")
		if err != nil {
			return nil, err
		}
		path = p
	}
	l, err := (&linterCache{flags: s.f.lint, now: s.e.now}).build(path)
	if err != nil {
		return nil, err
	}
	l.Warm() // the dictionaries load before the first requests need them
	tokens, err := readTokens(s.f.tokensFromEnv, s.f.tokensFile, s.f.from("tokens-file"))
	if err != nil {
		return nil, err
	}
	secrets, err := readSecrets(s.f.appSecret, s.f.appSecretFile, s.f.from("app-secret-file"))
	if err != nil {
		return nil, err
	}
	return &serveState{linter: l, tokens: tokens, secrets: secrets, config: path}, nil
}

// reload rereads the configuration and the tokens and swaps them in at
// once. Requests already running keep the linter they started with; a bad
// configuration keeps the one in use. The TLS certificate is reread on its
// own: a bad one keeps the one in use, and connections already open keep
// theirs.
func (s *serveCmd) reload() error {
	certErr := s.reloadCert()
	st, err := s.load()
	if err != nil {
		s.reloads.WithLabelValues("failure").Inc()
		s.log.Error("config reload failed; keeping the configuration in use", slog.Any("error", err))
		return errors.Join(certErr, err)
	}
	s.current.Store(st)
	s.log.Info("config reloaded", slog.String("config", configName(st.config)),
		slog.Int("rules", len(st.linter.Rules())), slog.Int("tokens", len(st.tokens)), slog.Int("app_secrets", len(st.secrets)))
	if certErr != nil {
		s.reloads.WithLabelValues("failure").Inc() // the configuration is in, the certificate is not
		return certErr
	}
	s.reloads.WithLabelValues("success").Inc()
	s.lastOK.SetToCurrentTime()
	return nil
}

// reloadCert rereads the TLS certificate and key, if any.
func (s *serveCmd) reloadCert() error {
	if s.f.tlsCert == "" {
		return nil
	}
	cert, err := loadCert(s.f.tlsCert, s.f.tlsKey)
	if err != nil {
		s.log.Error("TLS certificate reload failed; keeping the certificate in use", slog.Any("error", err))
		return err
	}
	s.cert.Store(cert)
	s.log.Info("TLS certificate reloaded", slog.String("subject", cert.Leaf.Subject.String()),
		slog.Time("not_after", cert.Leaf.NotAfter))
	return nil
}

// loadCert reads a PEM certificate chain and its private key.
func loadCert(certFile, keyFile string) (*tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate %s, key %s: %w", certFile, keyFile, err)
	}
	return &cert, nil // Leaf is set (Go 1.23 and later)
}

func configName(path string) string {
	if path == "" {
		return "(built-in defaults)"
	}
	return path
}

// run serves until ctx is done, reloading on each reload signal, then shuts
// down gracefully: /readyz turns 503, the listener closes after the drain
// delay, and in-flight requests get shutdown-timeout to finish. ready, if
// not nil, is told the address once listening.
func (s *serveCmd) run(ctx context.Context, reload <-chan struct{}, ready func(addr string)) int {
	defer s.store.Close()
	ln, err := net.Listen("tcp", s.f.listen)
	if err != nil {
		fail(s.e, err)
		return exitError
	}
	srv := &http.Server{
		Handler:           s.gw,
		ReadHeaderTimeout: s.f.readHeaderTimeout,
		ReadTimeout:       s.f.readTimeout,
		WriteTimeout:      s.f.writeTimeout,
		IdleTimeout:       s.f.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 2) // both listeners may end
	var admin *http.Server
	if s.f.adminListen != "" {
		aln, err := net.Listen("tcp", s.f.adminListen)
		if err != nil {
			_ = ln.Close()
			fail(s.e, fmt.Errorf("%s: %w", s.f.from("admin-listen"), err))
			return exitError
		}
		s.adminAddr = aln.Addr().String()
		admin = &http.Server{
			Handler:           s.gw.AdminHandler(),
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      30 * time.Second, // a scrape of every metric
			IdleTimeout:       s.f.idleTimeout,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		}
		go func() { served <- admin.Serve(aln) }()
	}
	if s.f.tlsCert != "" {
		srv.TLSConfig = &tls.Config{
			MinVersion:     tls.VersionTLS12,
			GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return s.cert.Load(), nil },
		}
		go func() { served <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { served <- srv.Serve(ln) }()
	}
	st := s.current.Load()
	s.log.Info("presend serve listening", slog.String("addr", ln.Addr().String()),
		slog.String("upstream", s.f.upstream), slog.String("webhook_upstream", s.f.webhookUpstream),
		slog.String("store", redactStore(s.f.store)), slog.String("fail_mode", s.f.failMode),
		slog.String("config", configName(st.config)), slog.Bool("auth", len(st.tokens) > 0), slog.Bool("tls", s.f.tlsCert != ""),
		slog.String("admin_addr", s.adminAddr),
		slog.Int("app_secrets", len(st.secrets)))
	if len(st.secrets) == 0 {
		s.log.Warn("no app secret (--app-secret-file or PRESEND_APP_SECRET): POST /webhook accepts unsigned events, so anyone who can reach it can open a person's 24-hour window; set the app secret in production")
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	for {
		select {
		case err := <-served:
			fail(s.e, err)
			return exitError
		case <-reload:
			_ = s.reload()
		case <-ctx.Done():
			s.log.Info("shutting down: finishing in-flight requests", slog.Duration("drain_delay", s.f.drainDelay),
				slog.Duration("timeout", s.f.shutdownTimeout))
			s.gw.SetDraining()
			if s.f.drainDelay > 0 {
				time.Sleep(s.f.drainDelay)
			}
			sctx, cancel := context.WithTimeout(context.Background(), s.f.shutdownTimeout)
			defer cancel()
			err := srv.Shutdown(sctx)
			if admin != nil {
				// The admin listener stays up while requests finish, for
				// /metrics and /readyz (503: draining) to tell of it.
				actx, acancel := context.WithTimeout(context.Background(), time.Second)
				_ = admin.Shutdown(actx)
				acancel()
			}
			if err != nil {
				s.log.Error("shutdown timed out; closing the remaining connections", slog.Any("error", err))
				_ = srv.Close()
				return exitError
			}
			s.log.Info("stopped")
			return exitOK
		}
	}
}

// serveKeys are the flags of presend serve that the [serve] table of
// presend.toml and the PRESEND_… variables may set (see lint.ServeSetting).
var serveKeys = []string{
	"listen", "upstream", "webhook-upstream", "store", "fail-mode", "tokens-file", "app-secret-file",
	"max-body", "upstream-timeout", "check-timeout", "store-timeout",
	"read-header-timeout", "read-timeout", "write-timeout", "idle-timeout", "shutdown-timeout", "drain-delay",
	"log-format", "log-level", "log-messages", "tls-cert", "tls-key", "admin-listen", "account-channel",
}

// envNames are the variables of the serve flags whose name is not envName's:
// --account-channel, repeatable, is set by PRESEND_ACCOUNT_CHANNELS
// ("ID=CHANNEL,ID=CHANNEL").
var envNames = map[string]string{"account-channel": "PRESEND_ACCOUNT_CHANNELS"}

// envName is the variable that sets a serve flag: PRESEND_ and the flag's
// name in capitals, - as _ (upstream-timeout: PRESEND_UPSTREAM_TIMEOUT).
func envName(flag string) string {
	if name, ok := envNames[flag]; ok {
		return name
	}
	return "PRESEND_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// serveSettings lays the PRESEND_… variables and the [serve] table of the
// configuration file under the flags given: a flag on the command line
// wins over its variable, which wins over the file, which wins over the
// default. config is --config, or PRESEND_CONFIG; without either, the
// nearest presend.toml above the working folder is read. A bad value is an
// error naming where it was set.
// It returns where each setting that is not a flag came from.
func serveSettings(e *env, fs *pflag.FlagSet, config *string) (map[string]string, error) {
	if *config == "" {
		*config = e.getenv(envName("config"))
	}
	path := *config
	if path == "" {
		p, err := lint.FindConfig(".")
		if err != nil {
			return nil, err
		}
		path = p
	}
	file := map[string]lint.ServeSetting{}
	if path != "" {
		cfg, err := lint.LoadConfig(path, rules.All())
		if err != nil {
			return nil, err
		}
		for _, s := range cfg.Serve {
			file[s.Key] = s
		}
	}
	origin := map[string]string{}
	var errs []error
	for _, key := range serveKeys {
		if fs.Changed(key) {
			continue
		}
		if v := e.getenv(envName(key)); v != "" {
			origin[key] = envName(key)
			if err := fs.Set(key, v); err != nil {
				errs = append(errs, fmt.Errorf("%s %q: %s", envName(key), quote.V(v), setError(err)))
			}
			continue
		}
		if s, ok := file[key]; ok {
			origin[key] = fmt.Sprintf("%s:%d (serve.%s)", path, s.Line, key)
			if err := fs.Set(key, s.Value); err != nil {
				errs = append(errs, fmt.Errorf("%s: %q: %s", origin[key], quote.V(s.Value), setError(err)))
			}
		}
	}
	return origin, errors.Join(errs...)
}

// setError is pflag's error for a bad value without the flag it names
// (the value came from elsewhere): what the value should be.
func setError(err error) string {
	msg := err.Error()
	if _, after, ok := strings.Cut(msg, " flag: "); ok {
		return after
	}
	return msg
}

// openStore opens the history store a --store value names.
// origin names where it was set, for the error. A Redis server that does
// not answer yet is no error: the gateway starts, /readyz answers 503 and
// each request is answered as --fail-mode says until Redis answers (the
// client reconnects by itself); a URL that cannot be used is an error.
func openStore(ctx context.Context, spec, origin string, log *slog.Logger) (history.Store, error) {
	switch {
	case spec == "memory":
		return history.NewMemory(history.Limits{}), nil
	case strings.HasPrefix(spec, "redis://"), strings.HasPrefix(spec, "rediss://"):
		st, err := redisstore.Open(spec, history.Limits{})
		if err != nil {
			return nil, err
		}
		if err := st.Ping(ctx); err != nil {
			log.Warn("history store does not answer yet: /readyz answers 503 and requests are answered as --fail-mode says until it does",
				slog.String("store", redactStore(spec)), slog.Any("error", err))
		}
		return st, nil
	}
	return nil, fmt.Errorf("%s %q: want memory or redis://HOST:PORT/DB", origin, quote.V(redactStore(spec)))
}

// redactStore hides a password in a store URL.
func redactStore(spec string) string {
	if i := strings.Index(spec, "://"); i >= 0 {
		if j := strings.LastIndex(spec, "@"); j > i {
			if k := strings.Index(spec[i+3:j], ":"); k >= 0 {
				return spec[:i+3+k+1] + "xxxxx" + spec[j:]
			}
		}
	}
	return spec
}

// readTokens gathers the bearer tokens from the environment variable's
// value (separated by commas or white space) and a file (one per line; blank
// lines and lines starting with # are skipped).
// origin names where the file was set, for errors.
func readTokens(fromEnv, file, origin string) ([]string, error) {
	tokens := strings.FieldsFunc(fromEnv, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if file == "" {
		return tokens, nil
	}
	fh, err := os.Open(file) //nolint:gosec // G703: the operator names the file
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		if t != "" && !strings.HasPrefix(t, "#") {
			tokens = append(tokens, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	return tokens, nil
}

// maxAppSecrets is how many app secrets a secret file may hold: the
// current one, and the next during a rotation.
const maxAppSecrets = 2

// readSecrets returns the app secrets: the one of PRESEND_APP_SECRET, or
// those of the secret file (one per line, the current one first; blank
// lines and lines starting with # skipped), which must hold one or two.
// origin names where the file was set, for errors.
func readSecrets(fromEnv, file, origin string) ([]string, error) {
	if file == "" {
		if fromEnv == "" {
			return nil, nil
		}
		return []string{fromEnv}, nil
	}
	data, err := safefile.ReadAny(file, 64<<10)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", origin, err)
	}
	var secrets []string
	for line := range strings.Lines(string(data)) {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			secrets = append(secrets, t)
		}
	}
	if len(secrets) == 0 || len(secrets) > maxAppSecrets {
		return nil, fmt.Errorf("%s: %s: %d secrets; want 1, or 2 during a rotation (the current one, then the next)", origin, file, len(secrets))
	}
	return secrets, nil
}

// formatSize writes a byte count as parseSize reads it: 1MiB, 512KiB,
// 1000.
func formatSize(n int64) string {
	switch {
	case n > 0 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n > 0 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10)
}

// parseSize reads a byte count: 1048576, 512KiB, 1MiB (KB and MB are read
// as KiB and MiB).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	num := s
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q: want a positive number of bytes, such as 1048576, 512KiB or 1MiB", quote.V(s))
	}
	return n * mult, nil
}

// newLogger builds the structured logger on standard error; formatFrom and
// levelFrom name where the two settings came from, for errors.
func newLogger(e *env, format, level, formatFrom, levelFrom string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%s %q: want debug, info, warn or error", levelFrom, quote.V(level))
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	}
	return nil, fmt.Errorf("%s %q: want json or text", formatFrom, quote.V(format))
}

// redisLogger routes go-redis's own log lines to the structured log.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, "redis client", slog.String("detail", fmt.Sprintf(format, v...)))
}
