// Package lsp is presend's language server (presend lsp): diagnostics,
// hover and code actions for drafts and catalogs, over JSON-RPC 2.0 with
// the Language Server Protocol's base framing (Content-Length headers).
//
// The protocol types come from go.lsp.dev/protocol and the connection from
// go.lsp.dev/jsonrpc2; the few LSP 3.17 fields those modules predate
// (general.positionEncodings, capabilities.positionEncoding) are read and
// written with small local structs.
//
// A file is linted as presend lint would lint it (see lintsFile), with the
// presend.toml found walking up from it (lint.FindConfig). Diagnostics are
// published on open and on save at once, and after each change once the
// document has been quiet for the debounce delay (initializationOptions
// "debounce", default DefaultDebounce).
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/presend/presend/lint"
)

// DefaultDebounce is how long a document must go unchanged before it is
// linted again: typing does not lint every keystroke.
const DefaultDebounce = 300 * time.Millisecond

// Options configure a server.
type Options struct {
	// Rules are the built-in rules (rules.All()).
	Rules []*lint.Rule
	// Clock is the time of the check for messages without sent_at; nil
	// means time.Now.
	Clock func() time.Time
	// Debounce is the delay after a change before linting, unless the
	// client's initializationOptions set one; 0 means DefaultDebounce.
	Debounce time.Duration
	// Version is reported in serverInfo.
	Version string
}

// ErrNoShutdown is returned by Serve when the client sent exit without
// shutdown first: the process should exit with status 1 (LSP "exit").
var ErrNoShutdown = errors.New("exit without shutdown")

// Serve runs a language server on rwc (standard input and output under
// presend lsp) until the client sends exit or closes the stream, or ctx
// is cancelled.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	s := newServer(opts)
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	s.conn = conn
	conn.Go(ctx, s.handle)
	select {
	case <-ctx.Done():
		s.close(conn)
		return ctx.Err()
	case <-s.exit:
		s.close(conn)
	case <-conn.Done():
	}
	s.stopTimers()
	s.mu.Lock()
	down, exited := s.shutdown, s.exited
	s.mu.Unlock()
	if exited && !down {
		return ErrNoShutdown
	}
	return nil
}

// close closes the connection and waits a moment for its reader to stop: a
// reader blocked on standard input, which closing cannot interrupt, is left
// to the process's exit.
func (s *server) close(conn jsonrpc2.Conn) {
	_ = conn.Close()
	t := time.NewTimer(100 * time.Millisecond)
	defer t.Stop()
	select {
	case <-conn.Done():
	case <-t.C:
	}
}

type server struct {
	opts Options
	conn jsonrpc2.Conn
	exit chan struct{}

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	exited      bool
	enc         string // position encoding
	debounce    time.Duration
	root        string // the workspace folder, "" if none
	createFiles bool   // the client applies CreateFile operations
	watchDyn    bool   // the client lets us register file watchers
	docs        map[protocol.DocumentURI]*document
	linters     map[string]*built // presend.toml path ("" for none) → Linter
	configOf    map[string]string // folder → its presend.toml
	ruleByName  map[string]*lint.Rule
}

type built struct {
	l   *lint.Linter
	err error
}

func newServer(opts Options) *server {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	s := &server{opts: opts, exit: make(chan struct{}), enc: encUTF16, debounce: opts.Debounce,
		docs: map[protocol.DocumentURI]*document{}, linters: map[string]*built{}, configOf: map[string]string{},
		ruleByName: map[string]*lint.Rule{}}
	for _, r := range opts.Rules {
		s.ruleByName[r.Name] = r
	}
	return s
}

// LSP error codes the jsonrpc2 module does not name.
const (
	codeServerNotInitialized jsonrpc2.Code = -32002
	codeInvalidRequest       jsonrpc2.Code = -32600
)

// handle answers one message. A panic in a handler (a bug) is answered as
// an internal error rather than taking the editor's server down.
func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	_, isCall := req.(*jsonrpc2.Call)
	defer func() {
		if r := recover(); r != nil {
			err = nil
			if isCall {
				err = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InternalError, fmt.Sprintf("presend lsp: %s: %v", req.Method(), r)))
			}
		}
	}()
	return s.dispatch(ctx, reply, req, isCall)
}

func (s *server) dispatch(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request, isCall bool) error {
	s.mu.Lock()
	initialized, down := s.initialized, s.shutdown
	s.mu.Unlock()
	switch m := req.Method(); {
	case m == "exit":
		s.mu.Lock()
		s.exited = true
		s.mu.Unlock()
		close(s.exit)
		return nil
	case m == "initialize":
		if initialized {
			return reply(ctx, nil, jsonrpc2.NewError(codeInvalidRequest, "initialize was already sent"))
		}
		res, err := s.initialize(req.Params())
		return reply(ctx, res, err)
	case !initialized:
		if !isCall {
			return nil // notifications before initialize are dropped
		}
		return reply(ctx, nil, jsonrpc2.NewError(codeServerNotInitialized, "the server is not initialized"))
	case down:
		if !isCall {
			return nil
		}
		return reply(ctx, nil, jsonrpc2.NewError(codeInvalidRequest, "the server is shut down"))
	}
	var (
		res any
		err error
	)
	switch req.Method() {
	case "initialized":
		s.registerWatchers(ctx)
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		s.stopTimers()
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if err = decode(req, &p); err == nil {
			s.didOpen(ctx, p)
		}
	case "textDocument/didChange":
		var p changeParams
		if err = decode(req, &p); err == nil {
			s.didChange(p)
		}
	case "textDocument/didSave":
		var p protocol.DidSaveTextDocumentParams
		if err = decode(req, &p); err == nil {
			s.didSave(ctx, p)
		}
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if err = decode(req, &p); err == nil {
			s.didClose(ctx, p)
		}
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if err = decode(req, &p); err == nil {
			s.watchedFilesChanged(ctx, p)
		}
	case "textDocument/hover":
		var p protocol.HoverParams
		if err = decode(req, &p); err == nil {
			res = s.hover(ctx, p)
		}
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err = decode(req, &p); err == nil {
			res = s.codeActions(ctx, p)
		}
	case "workspace/executeCommand":
		var p protocol.ExecuteCommandParams
		if err = decode(req, &p); err == nil {
			err = s.executeCommand(ctx, p)
		}
	default:
		if !isCall {
			return nil // $/cancelRequest, $/setTrace, didChangeConfiguration...
		}
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "presend lsp does not handle "+req.Method()))
	}
	if !isCall {
		return nil
	}
	if err != nil {
		var rpcErr *jsonrpc2.Error
		if !errors.As(err, &rpcErr) {
			err = jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
		}
	}
	return reply(ctx, res, err)
}

func decode(req jsonrpc2.Request, v any) error {
	if err := json.Unmarshal(req.Params(), v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: %v", req.Method(), err))
	}
	return nil
}

// initializeParams are the parts of the initialize request that
// go.lsp.dev/protocol (LSP 3.16) lacks or types loosely.
type initializeParams struct {
	Capabilities struct {
		General struct {
			PositionEncodings []string `json:"positionEncodings"`
		} `json:"general"`
		Workspace struct {
			WorkspaceEdit struct {
				ResourceOperations []string `json:"resourceOperations"`
			} `json:"workspaceEdit"`
			DidChangeWatchedFiles struct {
				DynamicRegistration bool `json:"dynamicRegistration"`
			} `json:"didChangeWatchedFiles"`
		} `json:"workspace"`
	} `json:"capabilities"`
	InitializationOptions *InitOptions `json:"initializationOptions"`
	RootURI               string       `json:"rootUri"` // for clients that send no workspaceFolders
}

// InitOptions are presend's initializationOptions.
type InitOptions struct {
	// Debounce is the delay after a change before linting: a duration
	// ("300ms", "1s") or a number of milliseconds.
	Debounce json.RawMessage `json:"debounce,omitempty"`
}

// debounce reads the debounce option; ok is false when it is absent.
func (o *InitOptions) debounce() (time.Duration, bool, error) {
	if o == nil || len(o.Debounce) == 0 || string(o.Debounce) == "null" {
		return 0, false, nil
	}
	var ms float64
	if err := json.Unmarshal(o.Debounce, &ms); err == nil {
		if ms < 0 {
			return 0, false, fmt.Errorf("initializationOptions.debounce: %v ms is negative", ms)
		}
		return time.Duration(ms * float64(time.Millisecond)), true, nil
	}
	var str string
	if err := json.Unmarshal(o.Debounce, &str); err != nil {
		return 0, false, fmt.Errorf("initializationOptions.debounce: want a duration such as \"300ms\" or a number of milliseconds, got %s", o.Debounce)
	}
	d, err := time.ParseDuration(str)
	if err != nil || d < 0 {
		return 0, false, fmt.Errorf("initializationOptions.debounce: %q is not a duration such as \"300ms\"", str)
	}
	return d, true, nil
}

// initializeResult adds the LSP 3.17 positionEncoding to the module's
// server capabilities.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding"`
}

// The commands the server executes (workspace/executeCommand).
const (
	cmdAddWord  = "presend.addWord"  // arguments: document URI, word
	cmdSuppress = "presend.suppress" // arguments: document URI, message key, rule
)

func (s *server) initialize(raw json.RawMessage) (any, error) {
	var p protocol.InitializeParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "initialize: "+err.Error())
	}
	var extra initializeParams
	if err := json.Unmarshal(raw, &extra); err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, "initialize: "+err.Error())
	}
	d, ok, err := extra.InitializationOptions.debounce()
	if err != nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if ok {
		s.debounce = d
	}
	s.enc = pickEncoding(extra.Capabilities.General.PositionEncodings)
	for _, op := range extra.Capabilities.Workspace.WorkspaceEdit.ResourceOperations {
		s.createFiles = s.createFiles || op == "create"
	}
	s.watchDyn = extra.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	switch {
	case len(p.WorkspaceFolders) > 0:
		s.root, _ = pathOf(p.WorkspaceFolders[0].URI)
	case extra.RootURI != "":
		s.root, _ = pathOf(extra.RootURI)
	}
	s.initialized = true
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: true,
			Change:    protocol.TextDocumentSyncKindIncremental,
			Save:      &protocol.SaveOptions{IncludeText: false},
		},
		HoverProvider:          true,
		CodeActionProvider:     protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.QuickFix, kindFixAll}},
		ExecuteCommandProvider: &protocol.ExecuteCommandOptions{Commands: []string{cmdAddWord, cmdSuppress}},
	}
	return initializeResult{Capabilities: serverCapabilities{caps, s.enc},
		ServerInfo: &protocol.ServerInfo{Name: "presend", Version: s.opts.Version}}, nil
}

// registerWatchers asks a client that allows it to report changes of
// presend.toml files and project word lists, so that they are re-read.
func (s *server) registerWatchers(ctx context.Context) {
	s.mu.Lock()
	dyn := s.watchDyn
	s.mu.Unlock()
	if !dyn {
		return
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID: "presend-config", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
			{GlobPattern: "**/" + lint.ConfigFile}, {GlobPattern: "**/*" + wordsExt},
		}},
	}}}
	// The answer comes through the read loop this handler runs on: wait
	// for it elsewhere.
	go func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_, _ = s.conn.Call(ctx, "client/registerCapability", params, nil)
	}()
}

// linter returns the Linter for files in dir and its presend.toml ("" for
// the defaults), building it on first use.
func (s *server) linter(dir string) (*lint.Linter, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path, ok := s.configOf[dir]
	if !ok {
		var err error
		if path, err = lint.FindConfig(dir); err != nil {
			return nil, "", err
		}
		s.configOf[dir] = path
	}
	b, ok := s.linters[path]
	if !ok {
		b = &built{}
		cfg := lint.DefaultConfig()
		if path != "" {
			cfg, b.err = lint.LoadConfig(path, s.opts.Rules)
		}
		if b.err == nil {
			cfg.Clock = s.opts.Clock
			b.l, b.err = lint.New(cfg, s.opts.Rules)
		}
		s.linters[path] = b
	}
	return b.l, path, b.err
}

// rule returns a rule by name: a built-in one or one a configuration adds.
func (s *server) rule(l *lint.Linter, name string) *lint.Rule {
	if r := s.ruleByName[name]; r != nil {
		return r
	}
	if l != nil {
		for _, r := range l.Rules() {
			if r.Name == name {
				return r
			}
		}
	}
	return nil
}

// reload forgets every configuration read and lints the open documents
// again: a presend.toml or a word list changed.
func (s *server) reload(ctx context.Context) {
	s.mu.Lock()
	s.linters = map[string]*built{}
	s.configOf = map[string]string{}
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.mu.Unlock()
	for _, d := range docs {
		d.mu.Lock()
		d.gen++ // the same text gives other results now
		d.mu.Unlock()
		s.lintAndPublish(ctx, d)
	}
}

func (s *server) watchedFilesChanged(ctx context.Context, p protocol.DidChangeWatchedFilesParams) {
	for _, c := range p.Changes {
		if c == nil {
			continue
		}
		if path, ok := pathOf(string(c.URI)); ok && isProjectFile(path) {
			s.reload(ctx)
			return
		}
	}
}

// pathOf returns the file path of a file: URI; ok is false for any other
// URI (an unsaved buffer's untitled:), which names no file.
func pathOf(u string) (path string, ok bool) {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "file" || p.Path == "" {
		return "", false
	}
	path = p.Path
	if len(path) >= 3 && path[0] == '/' && path[2] == ':' {
		path = path[1:] // /C:/Users/... on Windows
	}
	return filepath.FromSlash(path), true
}

// isProjectFile reports whether a file is one whose change changes how
// documents are linted: a presend.toml or a word list.
func isProjectFile(path string) bool {
	return filepath.Base(path) == lint.ConfigFile || filepath.Ext(path) == wordsExt
}

func (s *server) stopTimers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		d.mu.Lock()
		if d.timer != nil {
			d.timer.Stop()
		}
		d.mu.Unlock()
	}
}
