package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/sendapi"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// fakeGraph is a stand-in for the Send API that can hold requests.
type fakeGraph struct {
	*httptest.Server
	hits    atomic.Int32
	hold    chan struct{}
	arrived chan struct{}
}

func newFakeGraph(t *testing.T) *fakeGraph {
	g := &fakeGraph{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.hits.Add(1)
		if g.arrived != nil {
			g.arrived <- struct{}{}
		}
		if g.hold != nil {
			<-g.hold
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"recipient_id":"1","message_id":"m_1"}`)
	}))
	t.Cleanup(g.Close)
	return g
}

// serving is a `presend serve` running in the test.
type serving struct {
	s      *serveCmd
	url    string
	stderr *syncBuffer
	cancel context.CancelFunc
	reload chan struct{}
	done   chan int
}

func startServe(t *testing.T, vars map[string]string, args ...string) *serving {
	t.Helper()
	stderr := &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, getenv: func(k string) string { return vars[k] }, now: testClock}
	s, code, done := newServe(e, append([]string{"--listen", "127.0.0.1:0"}, args...))
	if done {
		t.Fatalf("newServe: exit %d: %s", code, stderr.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	sv := &serving{s: s, stderr: stderr, cancel: cancel, reload: make(chan struct{}), done: make(chan int, 1)}
	addr := make(chan string, 1)
	go func() { sv.done <- s.run(ctx, sv.reload, func(a string) { addr <- a }) }()
	select {
	case a := <-addr:
		sv.url = "http://" + a
	case code := <-sv.done:
		t.Fatalf("serve exited %d: %s", code, stderr.String())
	}
	t.Cleanup(func() {
		cancel()
		<-sv.done
	})
	return sv
}

// stop stops the server as SIGTERM does and returns its exit code.
func (sv *serving) stop() int {
	sv.cancel()
	code := <-sv.done
	sv.done <- code // for the cleanup
	return code
}

type httpResult struct {
	status int
	body   string
	err    error
}

func httpPost(url, body string, header ...string) httpResult {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return httpResult{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return httpResult{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return httpResult{resp.StatusCode, string(b), err}
}

const (
	goodSend = `{"recipient":{"one_time_notif_token":"otn-4821"},"message":{"text":"Your order #4821 has shipped and arrives Thursday."}}` // a one-time notification: since 2026-04-27 no tag carries a shipping update
)

var longEnvelope = `{"text":"` + strings.Repeat("Your parcel is on its way to you. ", 70) + `"}`

func verdictOf(t *testing.T, r httpResult) string {
	t.Helper()
	if r.err != nil || r.status != http.StatusOK {
		t.Fatalf("check: %d %v %s", r.status, r.err, r.body)
	}
	var res struct {
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(r.body), &res); err != nil {
		t.Fatal(err)
	}
	return res.Verdict
}

// presend serve with no config at all: checks, proxies, answers probes,
// logs one JSON line per request without the message, and stops cleanly.
func TestServe(t *testing.T) {
	t.Chdir(t.TempDir()) // no presend.toml above: the built-in defaults
	graph := newFakeGraph(t)
	sv := startServe(t, map[string]string{"PRESEND_TOKENS": "tok1, tok2"}, "--upstream", graph.URL, "--log-level", "info")

	if r := httpPost(sv.url+"/v1/check", longEnvelope); r.status != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.status)
	}
	if v := verdictOf(t, httpPost(sv.url+"/v1/check", longEnvelope, "Authorization", "Bearer tok2")); v != "block" {
		t.Errorf("long message: %s", v)
	}
	if r := httpPost(sv.url+"/v21.0/me/messages?access_token=x", goodSend); r.status != http.StatusOK || graph.hits.Load() != 1 {
		t.Errorf("proxy: %d %s", r.status, r.body)
	}
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(sv.url + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
		if p == "/metrics" && !strings.Contains(string(body), "presend_config_reloads_total") {
			t.Errorf("/metrics lacks the reload counter")
		}
	}
	if code := sv.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	logs := sv.stderr.String()
	if strings.Contains(logs, "parcel") || strings.Contains(logs, "order #4821") {
		t.Errorf("message text logged without --log-messages:\n%s", logs)
	}
	var lines int
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("log line is not JSON: %q", line)
			continue
		}
		if rec["msg"] == "send" {
			lines++
			if rec["status"] != 200.0 || rec["upstream_status"] != 200.0 || rec["verdict"] != "pass" {
				t.Errorf("send log line: %v", rec)
			}
		}
	}
	if lines != 1 {
		t.Errorf("%d send log lines, want 1:\n%s", lines, logs)
	}
	for _, want := range []string{`"msg":"presend serve listening"`, `"msg":"stopped"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s", want)
		}
	}
}

// --check-timeout reaches the gateway: a check that cannot finish in time
// is answered 503 PresendCheckTimeout, and nothing is forwarded.
func TestServeCheckTimeout(t *testing.T) {
	t.Chdir(t.TempDir())
	graph := newFakeGraph(t)
	sv := startServe(t, nil, "--upstream", graph.URL, "--check-timeout", "1ns")
	for _, c := range []struct{ path, body string }{{"/v1/check", longEnvelope}, {"/v21.0/me/messages?access_token=x", goodSend}} {
		r := httpPost(sv.url+c.path, c.body)
		if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, `"PresendCheckTimeout"`) || !strings.Contains(r.body, `"is_transient":true`) {
			t.Errorf("%s: %d %s", c.path, r.status, r.body)
		}
	}
	if n := graph.hits.Load(); n != 0 {
		t.Errorf("the upstream got %d sends", n)
	}
	if code := sv.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
}

func TestServeLogMessages(t *testing.T) {
	t.Chdir(t.TempDir())
	sv := startServe(t, nil, "--log-messages", "--log-format", "text")
	verdictOf(t, httpPost(sv.url+"/v1/check", `{"recipient":"r9","text":"Your code is 482913."}`))
	sv.stop()
	if logs := sv.stderr.String(); !strings.Contains(logs, "482913") || !strings.Contains(logs, "recipient=r9") {
		t.Errorf("--log-messages: text not logged:\n%s", logs)
	}
}

// SIGTERM lets a request waiting on the upstream finish.
func TestServeGracefulShutdown(t *testing.T) {
	t.Chdir(t.TempDir())
	graph := newFakeGraph(t)
	graph.hold, graph.arrived = make(chan struct{}), make(chan struct{}, 1)
	sv := startServe(t, nil, "--upstream", graph.URL)
	got := make(chan httpResult, 1)
	go func() { got <- httpPost(sv.url+"/v21.0/me/messages", goodSend) }()
	<-graph.arrived
	stopped := make(chan int, 1)
	go func() { stopped <- sv.stop() }()
	time.Sleep(100 * time.Millisecond)
	select {
	case code := <-stopped:
		t.Fatalf("stopped (exit %d) before the in-flight request finished", code)
	default:
	}
	close(graph.hold)
	if r := <-got; r.err != nil || r.status != http.StatusOK {
		t.Errorf("in-flight request: %d %v", r.status, r.err)
	}
	if code := <-stopped; code != exitOK {
		t.Errorf("exit %d", code)
	}
}

// A reload (SIGHUP) swaps the configuration without dropping a request; a
// bad configuration keeps the one in use.
func TestServeReload(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "presend.toml")
	writeFile(t, cfg, "# defaults\n")
	sv := startServe(t, nil, "--config", cfg)
	if v := verdictOf(t, httpPost(sv.url+"/v1/check", longEnvelope)); v != "block" {
		t.Fatalf("before: %s", v)
	}

	// Requests keep flowing while the configuration changes under them.
	stop := make(chan struct{})
	var failures atomic.Int32
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if r := httpPost(sv.url+"/v1/check", longEnvelope); r.err != nil || r.status != http.StatusOK {
					failures.Add(1)
				}
			}
		})
	}
	for i := range 10 {
		content := "# defaults\n"
		if i%2 == 0 {
			content = "fail-on = \"never\"\n"
		}
		writeFile(t, cfg, content)
		if err := sv.s.reload(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Errorf("%d requests failed during reloads", n)
	}

	writeFile(t, cfg, "fail-on = \"never\"\n")
	sv.reload <- struct{}{} // the SIGHUP path
	expired := time.After(5 * time.Second)
	for verdictOf(t, httpPost(sv.url+"/v1/check", longEnvelope)) == "block" {
		select {
		case <-expired:
			t.Fatal("reload through the signal channel did not apply")
		default:
		}
		time.Sleep(10 * time.Millisecond)
	}

	writeFile(t, cfg, "fail-onn = \"never\"\n")
	if err := sv.s.reload(); err == nil || !strings.Contains(err.Error(), "fail-onn") {
		t.Errorf("bad config: %v", err)
	}
	if v := verdictOf(t, httpPost(sv.url+"/v1/check", longEnvelope)); v == "block" {
		t.Errorf("a bad config replaced the good one")
	}
	if !strings.Contains(sv.stderr.String(), "config reload failed") {
		t.Errorf("failed reload not logged")
	}
}

// Tokens from a file are reread on reload.
func TestServeTokensFile(t *testing.T) {
	t.Chdir(t.TempDir())
	file := filepath.Join(t.TempDir(), "tokens")
	writeFile(t, file, "# check API tokens\nfirst\n\n")
	sv := startServe(t, nil, "--tokens-file", file)
	if r := httpPost(sv.url+"/v1/check", `{"text":"hi"}`, "Authorization", "Bearer first"); r.status != http.StatusOK {
		t.Fatalf("first: %d", r.status)
	}
	writeFile(t, file, "second\n")
	if err := sv.s.reload(); err != nil {
		t.Fatal(err)
	}
	if r := httpPost(sv.url+"/v1/check", `{"text":"hi"}`, "Authorization", "Bearer first"); r.status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", r.status)
	}
	if r := httpPost(sv.url+"/v1/check", `{"text":"hi"}`, "Authorization", "Bearer second"); r.status != http.StatusOK {
		t.Errorf("new token: %d", r.status)
	}
}

func TestServeUsageErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--fail-mode", "sometimes"}, "--fail-mode"},
		{[]string{"--store", "postgres://x"}, "--store"},
		{[]string{"--store", "redis://127.0.0.1:notaport/0"}, "redis"}, // a URL that cannot be used; a server that does not answer is no error (TestServeRedisDownAtStart)
		{[]string{"--max-body", "lots"}, "--max-body"},
		{[]string{"--upstream", "ftp://x"}, "upstream"},
		{[]string{"--write-timeout", "1s", "--upstream-timeout", "5s"}, "--write-timeout"},
		{[]string{"--check-timeout", "0s"}, "--check-timeout"},
		{[]string{"--check-timeout", "-1s"}, "--check-timeout"},
		{[]string{"--log-level", "loud"}, "--log-level"},
		{[]string{"--config", "missing.toml"}, "missing.toml"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"--listen", "256.0.0.1:99999"}, ""},
	}
	for _, c := range cases {
		args := append([]string{"serve"}, c.args...)
		if c.args[0] == "--listen" {
			// Listening fails in run, after the setup.
			stderr := &syncBuffer{}
			e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, getenv: os.Getenv, now: testClock}
			s, _, done := newServe(e, c.args)
			if done {
				t.Errorf("%v: setup failed: %s", c.args, stderr.String())
				continue
			}
			if code := s.run(context.Background(), nil, nil); code != exitError {
				t.Errorf("%v: exit %d", c.args, code)
			}
			continue
		}
		code, _, stderr := presend(t, "", args...)
		if code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", c.args, code, stderr, c.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1048576": 1 << 20, "512KiB": 512 << 10, "1MiB": 1 << 20, "2MB": 2 << 20, "10 KiB": 10 << 10} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "1GiB", "x"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q): no error", in)
		}
	}
	for n, want := range map[int64]string{1 << 20: "1MiB", 512 << 10: "512KiB", 1000: "1000", 3 << 20: "3MiB"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		} else if back, err := parseSize(got); err != nil || back != n {
			t.Errorf("parseSize(formatSize(%d)) = %d, %v", n, back, err)
		}
	}
	if got := redactStore("redis://user:pass@host:6379/0"); got != "redis://user:xxxxx@host:6379/0" {
		t.Errorf("redactStore = %q", got)
	}
}

// newServeOnly runs newServe without serving and returns the command, or
// the exit code and standard error when the setup failed.
func newServeOnly(t *testing.T, vars map[string]string, args ...string) (*serveCmd, int, string) {
	t.Helper()
	stderr := &syncBuffer{}
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: stderr, getenv: func(k string) string { return vars[k] }, now: testClock}
	s, code, done := newServe(e, args)
	if !done {
		t.Cleanup(func() { _ = s.store.Close() })
	}
	return s, code, stderr.String()
}

// Settings come from the flags, then PRESEND_… variables, then the [serve]
// table, then the defaults; each bad value is an error naming where it was
// set.
func TestServeConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "presend.toml"), `fail-on = "warning"

[serve]
listen = "127.0.0.1:9999"
upstream-timeout = "7s"
check-timeout = "2s"
max-body = "2KiB"
log-level = "warn"
tokens-file = "secrets/tokens"
log-messages = true
`)
	writeFile(t, filepath.Join(dir, "secrets", "tokens"), "t1\n")
	vars := map[string]string{"PRESEND_CHECK_TIMEOUT": "3s", "PRESEND_MAX_BODY": "4KiB", "PRESEND_LISTEN": "127.0.0.1:7777"}
	s, code, stderr := newServeOnly(t, vars, "--max-body", "8KiB")
	if s == nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f := s.f
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"listen (env over file)", f.listen, "127.0.0.1:7777"},
		{"upstream-timeout (file)", f.upstreamTimeout, 7 * time.Second},
		{"check-timeout (env over file)", f.checkTimeout, 3 * time.Second},
		{"max-body (flag over env and file)", f.maxBodyBytes, int64(8 << 10)},
		{"log-level (file)", f.logLevel, "warn"},
		{"log-messages (file)", f.logMessages, true},
		{"store-timeout (default)", f.storeTimeout, 2 * time.Second},
		{"tokens-file (relative to presend.toml)", f.tokensFile, filepath.Join(dir, "secrets", "tokens")},
		{"tokens read", s.current.Load().tokens, []string{"t1"}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := s.current.Load().linter.Config().FailOn; got != lint.Warning {
		t.Errorf("fail-on = %v: the rest of presend.toml is not read", got)
	}

	// Without the variables and the flag, the file's values hold.
	s, code, stderr = newServeOnly(t, nil)
	if s == nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if s.f.listen != "127.0.0.1:9999" || s.f.checkTimeout != 2*time.Second || s.f.maxBodyBytes != 2<<10 {
		t.Errorf("file values: listen %s, check-timeout %v, max-body %d", s.f.listen, s.f.checkTimeout, s.f.maxBodyBytes)
	}
}

// --account-channel is set, as the other serve settings, by the flag, then
// PRESEND_ACCOUNT_CHANNELS, then the [serve] table of presend.toml; and
// --max-body defaults to the one limit sendapi defines.
func TestServeAccountChannelPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "presend.toml"), `[serve]
account-channel = { "17841400000000009" = "instagram", "106540352242922" = "whatsapp" }
`)
	for _, c := range []struct {
		name string
		vars map[string]string
		args []string
		want map[string]string
	}{
		{"file", nil, nil, map[string]string{"17841400000000009": "instagram", "106540352242922": "whatsapp"}},
		{"env over file", map[string]string{"PRESEND_ACCOUNT_CHANNELS": "1784=instagram,1785=instagram"}, nil,
			map[string]string{"1784": "instagram", "1785": "instagram"}},
		{"flag over env and file", map[string]string{"PRESEND_ACCOUNT_CHANNELS": "1784=instagram"},
			[]string{"--account-channel", "999=instagram"}, map[string]string{"999": "instagram"}},
	} {
		s, code, stderr := newServeOnly(t, c.vars, c.args...)
		if s == nil {
			t.Fatalf("%s: exit %d: %s", c.name, code, stderr)
		}
		if !reflect.DeepEqual(s.f.accountChannels, c.want) {
			t.Errorf("%s: account channels %v, want %v", c.name, s.f.accountChannels, c.want)
		}
		if s.f.maxBodyBytes != sendapi.DefaultMaxBody {
			t.Errorf("%s: max-body %d, want sendapi.DefaultMaxBody %d", c.name, s.f.maxBodyBytes, sendapi.DefaultMaxBody)
		}
	}
	// A bad channel is an error naming where it was set.
	s, _, stderr := newServeOnly(t, map[string]string{"PRESEND_ACCOUNT_CHANNELS": "1784=insta"})
	if s != nil || !strings.Contains(stderr, `"insta"`) {
		t.Errorf("bad channel from the environment: %v %s", s != nil, stderr)
	}
	writeFile(t, filepath.Join(dir, "presend.toml"), "[serve]\naccount-channel = { \"1784\" = 7 }\n")
	if s, _, stderr := newServeOnly(t, nil); s != nil || !strings.Contains(stderr, "presend.toml") || !strings.Contains(stderr, ":2") {
		t.Errorf("bad type in the file: %v %s", s != nil, stderr)
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	cfg := filepath.Join(dir, "presend.toml")
	cases := []struct {
		file string
		vars map[string]string
		args []string
		want string
	}{
		{"[serve]\nlisten = \"127.0.0.1:0\"\nlistn = \"x\"\n", nil, nil, cfg + `:3:1: unknown key "serve.listn"`},
		{"[serve]\n\nupstream-timeout = \"soon\"\n", nil, nil, cfg + `:3 (serve.upstream-timeout): "soon": must be a duration like "30s"`},
		{"[serve]\nfail-mode = \"sometimes\"\n", nil, nil, cfg + `:2 (serve.fail-mode): unknown fail mode`},
		{"[serve]\nmax-body = 1024\n", nil, nil, cfg + `:2:12: a TOML integer cannot go here: want a string (key "serve.max-body")`},
		{"[serve]\nlog-level = \"loud\"\n", nil, nil, cfg + `:2 (serve.log-level) "loud"`},
		{"", map[string]string{"PRESEND_CHECK_TIMEOUT": "later"}, nil, `PRESEND_CHECK_TIMEOUT "later": must be a duration`},
		{"", map[string]string{"PRESEND_STORE": "postgres://x"}, nil, `PRESEND_STORE "postgres://x": want memory`},
		{"[serve]\nwrite-timeout = \"1s\"\n", nil, []string{"--upstream-timeout", "5s"}, cfg + `:2 (serve.write-timeout) 1s must be longer than --upstream-timeout 5s`},
		{"", map[string]string{"PRESEND_CONFIG": "elsewhere.toml"}, nil, "elsewhere.toml"},
	}
	for _, c := range cases {
		writeFile(t, cfg, c.file)
		s, code, stderr := newServeOnly(t, c.vars, c.args...)
		if s != nil || code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%q %v: exit %d, stderr %q; want %q", c.file, c.vars, code, stderr, c.want)
		}
	}
}

// presend lint reads a presend.toml with a [serve] table, and ignores it.
func TestServeTableIgnoredByLint(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeFile(t, filepath.Join(dir, "presend.toml"), "fail-on = \"never\"\n\n[serve]\nlisten = \":8080\"\nstore = \"redis://127.0.0.1:1/0\"\n")
	writeFile(t, filepath.Join(dir, "draft.txt"), strings.Repeat("Your parcel is on its way to you. ", 70))
	code, stdout, stderr := presend(t, "", "lint", "draft.txt")
	if code != exitOK || !strings.Contains(stdout, "draft.txt") || stderr != "" {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// --admin-listen moves /metrics and /readyz to a listener of their own;
// /healthz is on both.
func TestServeAdminListen(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, "presend.toml", "[serve]\nadmin-listen = \"127.0.0.1:0\"\n")
	sv := startServe(t, nil)
	admin := "http://" + sv.s.adminAddr
	if sv.s.adminAddr == "" || admin == sv.url {
		t.Fatalf("admin address %q, public %q", sv.s.adminAddr, sv.url)
	}
	if code, body := httpGet(t, admin+"/metrics"); code != http.StatusOK || !strings.Contains(body, "presend_config_reloads_total") {
		t.Errorf("admin /metrics: %d", code)
	}
	for _, p := range []string{"/metrics", "/readyz"} {
		if code, body := httpGet(t, sv.url+p); code == http.StatusOK || strings.Contains(body, "presend_") {
			t.Errorf("public %s: %d %.80q", p, code, body)
		}
	}
	for _, u := range []string{admin + "/healthz", admin + "/readyz", sv.url + "/healthz"} {
		if code, _ := httpGet(t, u); code != http.StatusOK {
			t.Errorf("%s: %d", u, code)
		}
	}
	if code := sv.stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	if resp, err := http.Get(admin + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("the admin listener is still open after the stop")
	}
}

// --app-secret-file rotates the app secret without a restart: old alone,
// both during the rotation, then new alone, each read on a reload; a bad
// file keeps the secrets in use.
func TestServeAppSecretRotation(t *testing.T) {
	t.Chdir(t.TempDir())
	file := filepath.Join(t.TempDir(), "app-secret")
	writeFile(t, file, "old-secret\n")
	sv := startServe(t, nil, "--app-secret-file", file)
	body := `{"object":"page","entry":[{"id":"1","time":1795953600000,"messaging":[{"sender":{"id":"42"},"recipient":{"id":"1"},"timestamp":1795953600000,"message":{"mid":"m1","text":"hi"}}]}]}`
	status := func(secret string) int {
		r := httpPost(sv.url+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), secret))
		if r.err != nil {
			t.Fatal(r.err)
		}
		return r.status
	}
	check := func(step string, want map[string]int) {
		t.Helper()
		for secret, code := range want {
			if got := status(secret); got != code {
				t.Errorf("%s: signed with %s: %d, want %d", step, secret, got, code)
			}
		}
	}
	check("old only", map[string]int{"old-secret": 200, "new-secret": 403})
	writeFile(t, file, "# current, then next\nold-secret\nnew-secret\n")
	if err := sv.s.reload(); err != nil {
		t.Fatal(err)
	}
	check("both", map[string]int{"old-secret": 200, "new-secret": 200, "other": 403})
	writeFile(t, file, "new-secret\n")
	if err := sv.s.reload(); err != nil {
		t.Fatal(err)
	}
	check("new only", map[string]int{"old-secret": 403, "new-secret": 200})
	writeFile(t, file, "a\nb\nc\n")
	if err := sv.s.reload(); err == nil || !strings.Contains(err.Error(), "3 secrets") {
		t.Errorf("three secrets: %v", err)
	}
	check("after a bad file", map[string]int{"new-secret": 200, "old-secret": 403})
	if logs := sv.stderr.String(); strings.Contains(logs, "new-secret") || strings.Contains(logs, "old-secret") {
		t.Errorf("a secret is in the log:\n%s", logs)
	}

	s, code, stderr := newServeOnly(t, map[string]string{"PRESEND_APP_SECRET": "x"}, "--app-secret-file", file)
	if s != nil || code != exitError || !strings.Contains(stderr, "PRESEND_APP_SECRET and --app-secret-file both set") {
		t.Errorf("both: exit %d, %q", code, stderr)
	}
	writeFile(t, file, "# empty\n")
	if s, _, stderr := newServeOnly(t, nil, "--app-secret-file", file); s != nil || !strings.Contains(stderr, "0 secrets; want 1") {
		t.Errorf("empty file: %q", stderr)
	}
}

// The presend.toml files of deploy/ are read by presend serve as they are:
// every [serve] key known, every value good. Their files (secrets, tokens,
// certificate) are made here at the paths they name, or replaced by a flag.
func TestServeDeployConfig(t *testing.T) {
	deploy, err := filepath.Abs(filepath.Join("..", "..", "deploy"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	secret, tokens := filepath.Join(dir, "app-secret"), filepath.Join(dir, "tokens")
	writeFile(t, secret, "s1\ns2\n")
	writeFile(t, tokens, "t1\n")
	ca := newTestCA(t)
	cert, key := filepath.Join(dir, "gw.pem"), filepath.Join(dir, "gw.key")
	ca.issue(t, 1, cert, key)
	for _, c := range []struct {
		file            string
		listen, admin   string
		tls             bool
		drain, shutdown time.Duration
		vars            map[string]string
		extra           []string
	}{
		{"k8s/presend.toml", ":8080", ":9090", false, 5 * time.Second, 40 * time.Second,
			map[string]string{"PRESEND_STORE": "memory"}, nil},
		{"presend.toml", ":8443", "127.0.0.1:9090", true, 5 * time.Second, 60 * time.Second,
			map[string]string{"PRESEND_STORE": "memory"}, []string{"--tls-cert", cert, "--tls-key", key}},
	} {
		args := append([]string{"--config", filepath.Join(deploy, c.file), "--app-secret-file", secret, "--tokens-file", tokens}, c.extra...)
		s, code, stderr := newServeOnly(t, c.vars, args...)
		if s == nil {
			t.Errorf("%s: exit %d: %s", c.file, code, stderr)
			continue
		}
		if s.f.listen != c.listen || s.f.adminListen != c.admin || (s.f.tlsCert != "") != c.tls ||
			s.f.drainDelay != c.drain || s.f.shutdownTimeout != c.shutdown || s.f.failMode != "closed" {
			t.Errorf("%s: %+v", c.file, s.f)
		}
		if got := s.current.Load().secrets; len(got) != 2 {
			t.Errorf("%s: %d app secrets", c.file, len(got))
		}
	}
	// Without the flags, the file names resolve next to the presend.toml.
	s, _, stderr := newServeOnly(t, map[string]string{"PRESEND_STORE": "memory"}, "--config", filepath.Join(deploy, "presend.toml"))
	if want := filepath.Join(deploy, "presend.toml") + ":13 (serve.tokens-file): open " + filepath.Join(deploy, "tokens"); s != nil || !strings.Contains(stderr, want) {
		t.Errorf("deploy/presend.toml without its files: %q", stderr)
	}
}
