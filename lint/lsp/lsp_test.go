package lsp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/input"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/lint/lsp"
	"github.com/presend/presend/rules"
)

// wait bounds every wait for the server.
const wait = 20 * time.Second

// client is an LSP client talking to a server over pipes, as an editor
// talks to presend lsp over its standard input and output.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	done  chan error // what Serve returned
	enc   string     // the negotiated position encoding
}

type pipes struct {
	io.Reader
	io.Writer
	closers []io.Closer
}

func (p pipes) Close() error {
	for _, c := range p.closers {
		_ = c.Close()
	}
	return nil
}

// start runs a server and initializes it with the given client
// capabilities and initializationOptions.
func start(t *testing.T, root string, encodings []string, initOptions map[string]any) *client {
	t.Helper()
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	c := &client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 64), done: make(chan error, 1)}
	go func() {
		c.done <- lsp.Serve(context.Background(), pipes{serverIn, serverOut, []io.Closer{serverIn, serverOut}},
			lsp.Options{Rules: rules.All(), Clock: func() time.Time { return linttest.Now }, Debounce: 10 * time.Millisecond})
	}()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(pipes{clientIn, clientOut, []io.Closer{clientIn, clientOut}}))
	c.conn.Go(context.Background(), func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == "textDocument/publishDiagnostics" {
			var p protocol.PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.diags <- p
		}
		return reply(ctx, nil, nil)
	})
	t.Cleanup(func() { _ = c.conn.Close() })
	params := map[string]any{
		"processId": nil,
		"rootUri":   string(uri.File(root)),
		"capabilities": map[string]any{
			"general":   map[string]any{"positionEncodings": encodings},
			"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}},
		},
	}
	if initOptions != nil {
		params["initializationOptions"] = initOptions
	}
	var res struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
			HoverProvider    bool   `json:"hoverProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	c.call("initialize", params, &res)
	if res.ServerInfo.Name != "presend" || !res.Capabilities.HoverProvider {
		t.Fatalf("initialize answered %+v", res)
	}
	c.enc = res.Capabilities.PositionEncoding
	if err := c.conn.Notify(context.Background(), "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// next waits for the next diagnostics published for u.
func (c *client) next(u protocol.DocumentURI) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	timeout := time.After(wait)
	for {
		select {
		case p := <-c.diags:
			if p.URI == u {
				return p
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for %s", u)
		}
	}
}

func (c *client) open(path, text string) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	u := uri.File(path)
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "plaintext", Version: 1, Text: text}})
	return c.next(u)
}

// change replaces the whole text (a change without a range).
func (c *client) change(path string, version int32, text string) {
	c.t.Helper()
	c.changes(path, version, map[string]any{"text": text})
}

// changes sends didChange events: {"text"} replaces the text, {"range",
// "text"} edits it.
func (c *client) changes(path string, version int32, events ...map[string]any) {
	c.t.Helper()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.File(path)}, Version: version},
		"contentChanges": events,
	})
}

func (c *client) shutdown() {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(wait):
		c.t.Fatal("the server did not stop after exit")
	}
}

// find returns the diagnostics of a rule.
func find(p protocol.PublishDiagnosticsParams, rule string) []protocol.Diagnostic {
	var out []protocol.Diagnostic
	for _, d := range p.Diagnostics {
		if d.Code == rule {
			out = append(out, d)
		}
	}
	return out
}

// offset converts an LSP position to a byte offset, as a client does: its
// own conversion, not the server's.
func offset(text string, p protocol.Position, enc string) int {
	off := 0
	for line := uint32(0); line < p.Line; line++ {
		off += strings.IndexByte(text[off:], '\n') + 1
	}
	n := 0
	for off < len(text) && text[off] != '\n' && n < int(p.Character) {
		r, size := utf8.DecodeRuneInString(text[off:])
		switch enc {
		case "utf-8":
			n += size
		case "utf-32":
			n++
		default:
			n += len(utf16.Encode([]rune{r}))
		}
		off += size
	}
	return off
}

// apply applies text edits to text.
func apply(text string, edits []protocol.TextEdit, enc string) string {
	sort.Slice(edits, func(i, j int) bool {
		return offset(text, edits[i].Range.Start, enc) > offset(text, edits[j].Range.Start, enc)
	})
	for _, e := range edits {
		text = text[:offset(text, e.Range.Start, enc)] + e.NewText + text[offset(text, e.Range.End, enc):]
	}
	return text
}

const frDraft = "Bonjour 👋 Marie, votre commande expédiée arrive demain! Merci de votre confiance.\n"

// TestDraftPositionEncodings: the range of a finding after an emoji and an
// accented letter, in UTF-16 (the default) and UTF-8 (when offered).
func TestDraftPositionEncodings(t *testing.T) {
	for _, tt := range []struct {
		offered    []string
		enc        string
		start, end uint32
	}{
		// "Bonjour 👋 Marie, votre commande expédiée arrive demain" is 54
		// code points, 55 UTF-16 units (👋 is a surrogate pair) and 59
		// bytes (👋 4, é 2 twice); the finding is the "!" after it.
		{nil, "utf-16", 55, 56},
		{[]string{"utf-16"}, "utf-16", 55, 56},
		{[]string{"utf-8", "utf-16"}, "utf-8", 59, 60},
		{[]string{"utf-32"}, "utf-32", 54, 55},
	} {
		t.Run(tt.enc+"/"+strings.Join(tt.offered, ","), func(t *testing.T) {
			dir := t.TempDir()
			c := start(t, dir, tt.offered, nil)
			if c.enc != tt.enc {
				t.Fatalf("positionEncoding = %q, want %q", c.enc, tt.enc)
			}
			p := c.open(filepath.Join(dir, "fr.txt"), frDraft)
			typo := find(p, "typography-fr")
			if len(typo) != 1 {
				t.Fatalf("typography-fr diagnostics: %+v (all: %+v)", typo, p.Diagnostics)
			}
			r := typo[0].Range
			if r.Start.Line != 0 || r.Start.Character != tt.start || r.End.Line != 0 || r.End.Character != tt.end {
				t.Errorf("range = %+v, want line 0, %d–%d", r, tt.start, tt.end)
			}
			if got := frDraft[offset(frDraft, r.Start, c.enc):offset(frDraft, r.End, c.enc)]; got != "!" {
				t.Errorf("the range covers %q, want \"!\"", got)
			}
			c.shutdown()
		})
	}
}

// TestHoverAndSafeFix: hover explains the finding; its safe fix, applied
// as the client applies it, makes the finding go.
func TestHoverAndSafeFix(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	c := start(t, dir, nil, nil)
	p := c.open(path, frDraft)
	d := find(p, "typography-fr")[0]

	var h protocol.Hover
	c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)}, Position: d.Range.Start}}, &h)
	for _, want := range []string{"typography-fr", "French typography", "score", "safe: insert a no-break space"} {
		if !strings.Contains(h.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, h.Contents.Value)
		}
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
		Range: d.Range, Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}}}, &actions)
	var fix *protocol.CodeAction
	titles := []string{}
	for k, a := range actions {
		titles = append(titles, a.Title)
		if strings.HasPrefix(a.Title, "safe: ") {
			fix = &actions[k]
		}
	}
	if fix == nil || fix.Edit == nil || !fix.IsPreferred {
		t.Fatalf("no preferred safe fix among %q", titles)
	}
	fixed := apply(frDraft, fix.Edit.Changes[uri.File(path)], c.enc)
	if !strings.Contains(fixed, "demain\u00a0!") {
		t.Fatalf("fixed text %q has no no-break space before !", fixed)
	}
	c.change(path, 2, fixed)
	p = c.next(uri.File(path))
	if p.Version != 2 {
		t.Errorf("diagnostics for version %d, want 2", p.Version)
	}
	if got := find(p, "typography-fr"); len(got) != 0 {
		t.Errorf("after the fix: %+v", got)
	}
	c.shutdown()
}

// TestIncrementalChange: a ranged change after an emoji, in UTF-16 units,
// edits the text where the client means.
func TestIncrementalChange(t *testing.T) {
	for _, enc := range []string{"utf-16", "utf-8"} {
		t.Run(enc, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "fr.txt")
			c := start(t, dir, []string{enc}, nil)
			d := find(c.open(path, frDraft), "typography-fr")[0]
			// Insert a no-break space where the finding starts, then
			// replace "Marie," (after the emoji) with "Léa:", whose colon
			// lacks its space: one finding, right after "Léa".
			at := d.Range.Start
			marie := protocol.Range{Start: protocol.Position{Line: 0, Character: 11}, End: protocol.Position{Line: 0, Character: 17}}
			wantAt := uint32(14) // "Bonjour 👋 Léa": 8 + 2 + 1 + 3 units
			if enc == "utf-8" {
				marie.Start.Character, marie.End.Character = 13, 19
				wantAt = 17 // 8 + 4 + 1 + 4 bytes
			}
			c.changes(path, 2,
				map[string]any{"range": protocol.Range{Start: at, End: at}, "text": "\u00a0"},
				map[string]any{"range": marie, "text": "Léa:"})
			p := c.next(uri.File(path))
			got := find(p, "typography-fr")
			if len(got) != 1 || got[0].Range.Start.Character != wantAt || !strings.Contains(got[0].Message, `":"`) {
				t.Errorf("after the edits, typography-fr = %+v, want one finding on \":\" at %d", got, wantAt)
			}
			// A whole-text change back to the original brings the "!"
			// finding back.
			c.change(path, 3, frDraft)
			if len(find(c.next(uri.File(path)), "typography-fr")) != 1 {
				t.Error("the finding did not come back with the original text")
			}
			c.shutdown()
		})
	}
}

// TestDebounce: changes in quick succession are linted once, for the last
// text; the delay comes from initializationOptions.
func TestDebounce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	c := start(t, dir, nil, map[string]any{"debounce": "300ms"})
	c.open(path, "Bonjour Marie.\n")
	c.change(path, 2, "Bonjour Marie, à demain!\n")
	c.change(path, 3, "Bonjour Marie, à demain !\n")
	c.change(path, 4, frDraft)
	p := c.next(uri.File(path))
	if p.Version != 4 {
		t.Errorf("first diagnostics after the changes are for version %d, want 4 (the last)", p.Version)
	}
	if len(find(p, "typography-fr")) != 1 {
		t.Errorf("diagnostics = %+v", p.Diagnostics)
	}
	select {
	case q := <-c.diags:
		t.Errorf("a second publication: version %d", q.Version)
	case <-time.After(400 * time.Millisecond):
	}
	c.shutdown()
}

// TestSaveLintsAtOnce: a save does not wait for the debounce delay.
func TestSaveLintsAtOnce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	c := start(t, dir, nil, map[string]any{"debounce": 3_600_000}) // an hour, in milliseconds
	if len(find(c.open(path, "Bonjour Marie.\n"), "typography-fr")) != 0 {
		t.Fatal("a finding in a clean draft")
	}
	c.change(path, 2, frDraft)
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)}})
	p := c.next(uri.File(path))
	if p.Version != 2 || len(find(p, "typography-fr")) != 1 {
		t.Errorf("after the save: version %d, %+v", p.Version, p.Diagnostics)
	}
	c.shutdown()
}

// TestDisableComment: "disable this rule here" in a draft writes a
// presend-disable-next-line comment that silences the finding.
func TestDisableComment(t *testing.T) {
	for _, tt := range []struct{ name, comment string }{
		{"note.md", "<!-- presend-disable-next-line typography-fr -->"},
		{"note.txt", "# presend-disable-next-line typography-fr"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.name)
			text := "Bonjour Marie,\n\n  votre commande expédiée arrive demain! Merci.\n"
			c := start(t, dir, nil, nil)
			d := find(c.open(path, text), "typography-fr")[0]
			var actions []protocol.CodeAction
			c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
				Range: d.Range, Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{d}}}, &actions)
			i := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return strings.HasPrefix(a.Title, "disable typography-fr here") })
			if i < 0 {
				t.Fatalf("no disable action in %+v", actions)
			}
			fixed := apply(text, actions[i].Edit.Changes[uri.File(path)], c.enc)
			if want := "Bonjour Marie,\n\n  " + tt.comment + "\n  votre commande"; !strings.HasPrefix(fixed, want) {
				t.Errorf("text after the action:\n%s\nwant it to start with\n%s", fixed, want)
			}
			c.change(path, 2, fixed)
			p := c.next(uri.File(path))
			if got := find(p, "typography-fr"); len(got) != 0 {
				t.Errorf("after disabling: %+v", got)
			}
			if got := find(p, "unused-suppression"); len(got) != 0 {
				t.Errorf("the comment is reported unused: %+v", got)
			}
			c.shutdown()
		})
	}
}

// TestAddWord: the spelling finding's "add to the project's words" sets
// words-file in presend.toml, writes the word, and the finding goes.
func TestAddWord(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "presend.toml")
	if err := os.WriteFile(cfg, []byte("lang = \"en\"\n\n[rules.spelling]\nsuggestions = 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "drafts", "en.txt")
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	text := "Hi Sam, your zorblax box has shipped and arrives on Thursday.\n"
	c := start(t, dir, nil, nil)
	sp := find(c.open(path, text), "spelling")
	if len(sp) != 1 {
		t.Fatalf("spelling diagnostics: %+v", sp)
	}
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
		Range: sp[0].Range, Context: protocol.CodeActionContext{Diagnostics: sp}}, &actions)
	i := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return a.Command != nil && a.Command.Command == "presend.addWord" })
	if i < 0 {
		t.Fatalf("no add-word action in %+v", actions)
	}
	c.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: actions[i].Command.Command, Arguments: actions[i].Command.Arguments}, nil)
	p := c.next(uri.File(path))
	if got := find(p, "spelling"); len(got) != 0 {
		t.Errorf("after adding the word: %+v", got)
	}
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[rules.spelling]\nwords-file = \"presend.words\"\nsuggestions = 2\n"; !strings.Contains(string(data), want) {
		t.Errorf("presend.toml:\n%s\nwant it to contain\n%s", data, want)
	}
	words, err := os.ReadFile(filepath.Join(dir, "presend.words"))
	if err != nil || string(words) != "zorblax\n" {
		t.Errorf("presend.words = %q, %v", words, err)
	}
	c.shutdown()
}

const frCatalog = `fr:
  orders:
    shipped: "Votre commande est partie, elle arrive demain!"
    thanks: "Merci de votre confiance."
`

// TestCatalog: a catalog a [[files]] table selects is linted at the
// string's place in the file; another YAML file is not; "disable this
// rule here" adds a suppress entry to presend.toml, which is re-read.
func TestCatalog(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "presend.toml")
	if err := os.WriteFile(cfg, []byte("[[files]]\npaths = [\"config/*.yml\"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config", "messages.yml")
	c := start(t, dir, nil, nil)
	p := c.open(path, frCatalog)
	typo := find(p, "typography-fr")
	if len(typo) != 1 {
		t.Fatalf("typography-fr diagnostics: %+v", p.Diagnostics)
	}
	line := strings.Split(frCatalog, "\n")[2]
	if r := typo[0].Range; r.Start.Line != 2 || line[r.Start.Character:r.End.Character] != "!" {
		t.Errorf("range %+v is not the \"!\" on line 2", r)
	}

	// Not a message catalog: no [[files]] table, no locale.
	other := filepath.Join(dir, ".github", "workflow.yml")
	if p := c.open(other, "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n"); len(p.Diagnostics) != 0 {
		t.Errorf("a workflow file got diagnostics: %+v", p.Diagnostics)
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
		Range: typo[0].Range, Context: protocol.CodeActionContext{Diagnostics: typo}}, &actions)
	i := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return a.Command != nil && a.Command.Command == "presend.suppress" })
	if i < 0 {
		t.Fatalf("no suppress action in %+v", actions)
	}
	j := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return strings.HasPrefix(a.Title, "safe: ") })
	if j < 0 {
		t.Errorf("no safe fix for the catalog string in %+v", actions)
	} else if fixed := apply(frCatalog, actions[j].Edit.Changes[uri.File(path)], c.enc); !strings.Contains(fixed, "demain\u00a0!\"") {
		t.Errorf("fixed catalog:\n%s", fixed)
	}
	c.call("workspace/executeCommand", protocol.ExecuteCommandParams{Command: actions[i].Command.Command, Arguments: actions[i].Command.Arguments}, nil)
	p = c.next(uri.File(path))
	if got := find(p, "typography-fr"); len(got) != 0 {
		t.Errorf("after the suppression: %+v", got)
	}
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[[files]]\nsuppress = { \"fr.orders.shipped\" = [\"typography-fr\"] }\npaths = [\"config/*.yml\"]\n"; string(data) != want {
		t.Errorf("presend.toml:\n%s\nwant\n%s", data, want)
	}
	c.shutdown()
}

// TestFormats: every format presend reads gets its diagnostics at the
// place in the file, and a safe fix that, applied, reads back and clears
// the finding.
func TestFormats(t *testing.T) {
	const msg = "Votre commande arrive demain! Merci de votre confiance."
	for _, tt := range []struct{ name, text string }{
		{"draft.txt", msg + "\n"},
		{"draft.md", "# Livraison\n\n" + msg + "\n"},
		{"locales/fr.json", "{\n  \"orders\": {\n    \"shipped\": \"" + msg + "\"\n  }\n}\n"},
		{"locales/fr.yml", "fr:\n  orders:\n    shipped: '" + msg + "'\n"},
		{"locales/fr.toml", "[orders]\nshipped = \"" + msg + "\"\n"},
		{"messages_fr.properties", "orders.shipped = " + msg + "\n"},
		{"fr.po", "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"shipped\"\nmsgstr \"" + msg + "\"\n"},
		{"app.pot", "msgid \"" + msg + "\"\nmsgstr \"\"\n"},
		{"sends.jsonl", "{\"text\": \"Bonjour.\"}\n{\"text\": \"" + msg + "\"}\n"},
		{"send.json", "{\"recipient\": {\"id\": \"42\"}, \"message\": {\"text\": \"" + msg + "\"}}\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(tt.name))
			c := start(t, dir, nil, nil)
			p := c.open(path, tt.text)
			typo := find(p, "typography-fr")
			if len(typo) != 1 {
				t.Fatalf("typography-fr diagnostics: %+v (all: %+v)", typo, p.Diagnostics)
			}
			r := typo[0].Range
			if got := tt.text[offset(tt.text, r.Start, c.enc):offset(tt.text, r.End, c.enc)]; got != "!" {
				t.Errorf("the range %+v covers %q, want \"!\"", r, got)
			}
			var actions []protocol.CodeAction
			c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
				Range: r, Context: protocol.CodeActionContext{Diagnostics: typo}}, &actions)
			i := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return strings.HasPrefix(a.Title, "safe: ") })
			if strings.HasSuffix(tt.name, ".pot") {
				// A template's msgid is the message's key: never rewritten.
				if i >= 0 {
					t.Errorf("a fix rewrites a .pot msgid: %+v", actions[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("no safe fix among %+v", actions)
			}
			fixed := apply(tt.text, actions[i].Edit.Changes[uri.File(path)], c.enc)
			if !strings.Contains(fixed, "demain\u00a0!") {
				t.Errorf("fixed file:\n%s", fixed)
			}
			c.change(path, 2, fixed)
			p = c.next(uri.File(path))
			if got := find(p, "typography-fr"); len(got) != 0 {
				t.Errorf("after the fix: %+v", got)
			}
			if got := find(p, "input"); len(got) != 0 {
				t.Errorf("the fixed file does not read: %+v", got)
			}
			c.shutdown()
		})
	}
}

// TestConfigReread: a changed presend.toml, reported by
// didChangeWatchedFiles, is read again and the documents re-linted.
func TestConfigReread(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	c := start(t, dir, nil, nil)
	if len(find(c.open(path, frDraft), "typography-fr")) != 1 {
		t.Fatal("no typography-fr finding to begin with")
	}
	cfg := filepath.Join(dir, "presend.toml")
	if err := os.WriteFile(cfg, []byte("[rules.typography-fr]\nenabled = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{Type: protocol.FileChangeTypeCreated, URI: uri.File(cfg)}}})
	if got := find(c.next(uri.File(path)), "typography-fr"); len(got) != 0 {
		t.Errorf("the rule is disabled, yet: %+v", got)
	}
	// A broken presend.toml is shown on the document.
	if err := os.WriteFile(cfg, []byte("[rules.typography-fr]\nenabled = maybe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []*protocol.FileEvent{{Type: protocol.FileChangeTypeChanged, URI: uri.File(cfg)}}})
	p := c.next(uri.File(path))
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "presend.toml") {
		t.Errorf("diagnostics with a broken presend.toml: %+v", p.Diagnostics)
	}
	// Saving presend.toml in the editor re-reads it too.
	if err := os.WriteFile(cfg, []byte("[rules.typography-fr]\nenabled = true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(cfg)}})
	if got := find(c.next(uri.File(path)), "typography-fr"); len(got) != 1 {
		t.Errorf("the rule is enabled again, yet: %+v", got)
	}
	c.shutdown()
}

// TestSMSHover: the hover of an SMS finding gives its parts, its encoding
// and the characters that force UCS-2.
func TestSMSHover(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "presend.toml"), []byte("channel = \"sms\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "otp.txt")
	text := "Your code is 482913. It expires in 10 minutes – don’t share it. Didn’t ask? Ignore this message, nobody can use it without your phone and your password 🙂\n"
	c := start(t, dir, nil, nil)
	p := c.open(path, text)
	if len(p.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	var all []string
	for _, d := range p.Diagnostics {
		var h protocol.Hover
		c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)}, Position: d.Range.Start}}, &h)
		all = append(all, h.Contents.Value)
	}
	hover := strings.Join(all, "\n")
	for _, want := range []string{"SMS: 3 parts in UCS-2", `"’" (U+2019) → "'"`, `"–" (U+2013) → "-"`, `"🙂" (U+1F642)`} {
		if !strings.Contains(hover, want) {
			t.Errorf("hover lacks %q:\n%s", want, hover)
		}
	}
	c.shutdown()
}

// TestLifecycle: requests before initialize are refused, exit without
// shutdown is an error, and after shutdown requests are refused.
func TestExitWithoutShutdown(t *testing.T) {
	c := start(t, t.TempDir(), nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		if !errors.Is(err, lsp.ErrNoShutdown) {
			t.Errorf("Serve = %v, want ErrNoShutdown", err)
		}
	case <-time.After(wait):
		t.Fatal("the server did not stop after exit")
	}
}

// TestLifecycle: a request before initialize is refused with
// ServerNotInitialized, a second initialize and requests after shutdown
// with InvalidRequest.
func TestLifecycle(t *testing.T) {
	serverIn, clientOut := io.Pipe()
	clientIn, serverOut := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- lsp.Serve(context.Background(), pipes{serverIn, serverOut, []io.Closer{serverIn, serverOut}},
			lsp.Options{Rules: rules.All(), Clock: func() time.Time { return linttest.Now }})
	}()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(pipes{clientIn, clientOut, []io.Closer{clientIn, clientOut}}))
	conn.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	code := func(err error) jsonrpc2.Code {
		var e *jsonrpc2.Error
		if errors.As(err, &e) {
			return e.Code
		}
		return 0
	}
	hover := protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File("/x.txt")}}}
	if _, err := conn.Call(ctx, "textDocument/hover", hover, nil); code(err) != -32002 {
		t.Errorf("hover before initialize: %v, want code -32002", err)
	}
	bad := map[string]any{"capabilities": map[string]any{}, "initializationOptions": map[string]any{"debounce": "soon"}}
	if _, err := conn.Call(ctx, "initialize", bad, nil); code(err) != jsonrpc2.InvalidParams || !strings.Contains(err.Error(), "debounce") {
		t.Errorf("initialize with debounce \"soon\": %v, want InvalidParams naming debounce", err)
	}
	if _, err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, nil); code(err) != -32600 {
		t.Errorf("second initialize: %v, want code -32600", err)
	}
	var h *protocol.Hover
	if _, err := conn.Call(ctx, "textDocument/hover", hover, &h); err != nil || h != nil {
		t.Errorf("hover on a document never opened: %v, %v; want null", h, err)
	}
	if _, err := conn.Call(ctx, "presend/unknown", nil, nil); code(err) != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v, want MethodNotFound", err)
	}
	if _, err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Call(ctx, "textDocument/hover", hover, nil); code(err) != -32600 {
		t.Errorf("hover after shutdown: %v, want code -32600", err)
	}
	if err := conn.Notify(ctx, "exit", nil); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil after shutdown and exit", err)
		}
	case <-ctx.Done():
		t.Fatal("the server did not stop")
	}
}

// TestClose: closing a document clears its diagnostics.
func TestClose(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	c := start(t, dir, nil, nil)
	if len(c.open(path, frDraft).Diagnostics) == 0 {
		t.Fatal("no diagnostics to clear")
	}
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)}})
	if p := c.next(uri.File(path)); len(p.Diagnostics) != 0 {
		t.Errorf("after close: %+v", p.Diagnostics)
	}
	c.shutdown()
}

// TestNotAFile: an unsaved buffer (untitled:) and a file URI with escapes
// are handled: the first gets no diagnostics and no crash, the second is
// found on disk under its real name.
func TestNotAFile(t *testing.T) {
	dir := t.TempDir()
	c := start(t, dir, nil, nil)
	untitled := protocol.DocumentURI("untitled:Untitled-1")
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: untitled, LanguageID: "plaintext", Version: 1, Text: frDraft}})
	if p := c.next(untitled); len(p.Diagnostics) != 0 {
		t.Errorf("an untitled buffer got diagnostics: %+v", p.Diagnostics)
	}
	var h *protocol.Hover
	c.call("textDocument/hover", protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: untitled}}}, &h)
	if h != nil {
		t.Errorf("hover on an untitled buffer: %+v", h)
	}
	if _, err := c.conn.Call(context.Background(), "workspace/executeCommand",
		protocol.ExecuteCommandParams{Command: "presend.addWord", Arguments: []any{"untitled:Untitled-1", "zorblax"}}, nil); err == nil {
		t.Error("adding a word for an untitled buffer did not fail")
	}

	// A folder with a space and a "#": presend.toml beside the draft
	// disables the rule, so the path must be decoded right to find it.
	odd := filepath.Join(dir, "drafts #1")
	if err := os.Mkdir(odd, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(odd, "presend.toml"), []byte("[rules.typography-fr]\nenabled = false\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := c.open(filepath.Join(odd, "fr.txt"), frDraft)
	if got := find(p, "typography-fr"); len(got) != 0 || len(p.Diagnostics) == 0 {
		t.Errorf("in %q: %+v", odd, p.Diagnostics)
	}
	c.shutdown()
}

// TestFixAll: the source.fixAll action applies every safe fix of the file
// at once, in a draft and in a catalog, and leaves the suggestions.
func TestFixAll(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"fr.txt", "Bonjour Marie, votre commande arrive demain! Le livreur passe vers 10h; merci de votre confiance...\nÀ bientôt !\n"},
		{"locales/fr.json", "{\n  \"a\": \"Votre commande arrive demain!\",\n  \"b\": \"Le livreur passe vers 10h; à bientôt...\"\n}\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, filepath.FromSlash(tt.name))
			c := start(t, dir, nil, nil)
			p := c.open(path, tt.text)
			if n := len(find(p, "typography-fr")); n < 3 {
				t.Fatalf("%d typography-fr findings, want 3 or more: %+v", n, p.Diagnostics)
			}
			var actions []protocol.CodeAction
			c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
				Context: protocol.CodeActionContext{Only: []protocol.CodeActionKind{"source.fixAll"}}}, &actions)
			if len(actions) != 1 || actions[0].Kind != "source.fixAll.presend" || actions[0].Edit == nil {
				t.Fatalf("fix-all actions: %+v", actions)
			}
			fixed := apply(tt.text, actions[0].Edit.Changes[uri.File(path)], c.enc)
			c.change(path, 2, fixed)
			p = c.next(uri.File(path))
			if got := find(p, "typography-fr"); len(got) != 0 {
				t.Errorf("after fixing all:\n%s\n%+v", fixed, got)
			}
			if got := find(p, "input"); len(got) != 0 {
				t.Errorf("the fixed file does not read: %+v", got)
			}
			c.shutdown()
		})
	}
}

// smsText is an SMS whose typographic quotes force UCS-2; the safe fix
// replaces them with straight ones, which a catalog string must escape.
const smsText = "It’s “ready”: your order 4411 can be picked up at the store today until 7pm. Reply STOP to opt out"

// TestEscapedFixes: a fix whose new text the file must escape (a straight
// double quote, or the line breaks of a paragraph split, in a JSON, YAML
// double-quoted, TOML or gettext string) is offered as a code action, and
// its edit is the one presend lint --fix writes: the document it gives is
// the CLI's fixed file, byte for byte, and it reads back with the finding
// gone.
func TestEscapedFixes(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("Your order has shipped and will arrive soon. ", 5) +
		strings.Repeat("Track it in the app at any time of the day. ", 5))
	for _, tt := range []struct{ name, format, channel, text, rule, want string }{
		{"locales/en.json", input.FormatJSON, "sms", "{\n  \"en\": {\n    \"a\": \"" + smsText + "\"\n  }\n}\n", "length", `It's \"ready\"`},
		{"locales/en.yml", input.FormatYAML, "sms", "en:\n  a: \"" + smsText + "\"\n", "length", `a: "It's \"ready\"`},
		{"locales/en.toml", input.FormatTOML, "sms", "[en]\na = \"" + smsText + "\"\n", "length", `It's \"ready\"`},
		{"locales/en.po", input.FormatPO, "sms", "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\nmsgid \"a\"\nmsgstr \"" + smsText + "\"\n", "length", `It's \"ready\"`},
		{"locales/split.json", input.FormatJSON, "messenger", "{\"en\": {\"a\": \"" + long + "\"}}\n", "paragraphs", `soon.\n\nYour`},
		{"locales/split.yml", input.FormatYAML, "messenger", "en:\n  a: \"" + long + "\"\n", "paragraphs", `soon.\n\nYour`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cfgText := "channel = \"" + tt.channel + "\"\nlang = \"en\"\n\n[[files]]\npaths = [\"locales/*\"]\n"
			if err := os.WriteFile(filepath.Join(dir, "presend.toml"), []byte(cfgText), 0o600); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, filepath.FromSlash(tt.name))

			// What presend lint --fix writes, the rule's fix alone.
			cfg, err := lint.LoadConfig(filepath.Join(dir, "presend.toml"), rules.All())
			if err != nil {
				t.Fatal(err)
			}
			cfg.Clock = func() time.Time { return linttest.Now }
			l, err := lint.New(cfg, rules.All())
			if err != nil {
				t.Fatal(err)
			}
			onlyRule := func(msgs []lint.Message) (fix.Checked, error) {
				var ch fix.Checked
				for i, m := range msgs {
					r := l.Check(context.Background(), m)
					r.Findings = slices.DeleteFunc(r.Findings, func(f lint.Finding) bool { return f.Rule != tt.rule })
					ch.Results = append(ch.Results, r)
					ch.Index = append(ch.Index, i)
				}
				return ch, nil
			}
			out, err := fix.Run([]byte(tt.text), path, tt.format, onlyRule, fix.Options{})
			if err != nil {
				t.Fatal(err)
			}
			cli := string(out.Data)
			if out.Applied != 1 || !strings.Contains(cli, tt.want) {
				t.Fatalf("the CLI applied %d fixes:\n%s", out.Applied, cli)
			}

			c := start(t, dir, nil, nil)
			p := c.open(path, tt.text)
			found := find(p, tt.rule)
			if len(found) == 0 {
				t.Fatalf("no %s diagnostic: %+v", tt.rule, p.Diagnostics)
			}
			var actions []protocol.CodeAction
			c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(path)},
				Range: found[0].Range, Context: protocol.CodeActionContext{Diagnostics: found}}, &actions)
			i := slices.IndexFunc(actions, func(a protocol.CodeAction) bool { return strings.HasPrefix(a.Title, "safe: ") })
			if i < 0 {
				titles := []string{}
				for _, a := range actions {
					titles = append(titles, a.Title)
				}
				t.Fatalf("the %s fix is not offered; actions: %q", tt.rule, titles)
			}
			fixed := apply(tt.text, actions[i].Edit.Changes[uri.File(path)], c.enc)
			if fixed != cli {
				t.Errorf("the editor's fix gives\n%s\nthe CLI's\n%s", fixed, cli)
			}
			c.change(path, 2, fixed)
			p = c.next(uri.File(path))
			if got := find(p, "input"); len(got) != 0 {
				t.Errorf("the fixed file does not read: %+v", got)
			}
			if got := find(p, tt.rule); len(got) != 0 {
				t.Errorf("after the fix: %+v", got)
			}
			c.shutdown()
		})
	}
}
