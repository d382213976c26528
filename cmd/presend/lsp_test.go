package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestLspStdio drives presend lsp as an editor does, over its standard
// input and output with hand-written base-protocol frames: initialize,
// didOpen, the diagnostics, shutdown and exit, and the exit status.
func TestLspStdio(t *testing.T) {
	t.Setenv(envNow, "2026-11-24T12:00:00Z")
	dir := t.TempDir()
	path := filepath.Join(dir, "fr.txt")
	text := "Bonjour Marie, votre commande arrive demain! Merci.\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	code := make(chan int, 1)
	var stderr strings.Builder
	go func() {
		code <- run([]string{"lsp"}, inR, outW, &stderr)
		_ = outW.Close()
	}()
	send := func(msg map[string]any) {
		msg["jsonrpc"] = "2.0"
		body, err := json.Marshal(msg)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fmt.Fprintf(inW, "Content-Length: %d\r\n\r\n%s", len(body), body); err != nil {
			t.Fatal(err)
		}
	}
	msgs := make(chan map[string]any, 16)
	go func() {
		defer close(msgs)
		r := textproto.NewReader(bufio.NewReader(outR))
		for {
			h, err := r.ReadMIMEHeader()
			if err != nil {
				return
			}
			n, err := strconv.Atoi(h.Get("Content-Length"))
			if err != nil {
				t.Errorf("bad Content-Length %q", h.Get("Content-Length"))
				return
			}
			body := make([]byte, n)
			if _, err := io.ReadFull(r.R, body); err != nil {
				return
			}
			var m map[string]any
			if err := json.Unmarshal(body, &m); err != nil {
				t.Errorf("not JSON: %s", body)
				return
			}
			msgs <- m
		}
	}()
	recv := func(what string, match func(map[string]any) bool) map[string]any {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case m, ok := <-msgs:
				if !ok {
					t.Fatalf("the server closed its output before %s", what)
				}
				if match(m) {
					return m
				}
			case <-timeout:
				t.Fatalf("no %s", what)
			}
		}
	}
	isID := func(id float64) func(map[string]any) bool {
		return func(m map[string]any) bool { return m["id"] == id }
	}

	send(map[string]any{"id": 1, "method": "initialize", "params": map[string]any{"processId": nil, "capabilities": map[string]any{}}})
	init := recv("initialize answer", isID(1))
	caps, _ := init["result"].(map[string]any)["capabilities"].(map[string]any)
	if caps["positionEncoding"] != "utf-16" {
		t.Errorf("initialize answered %v", init)
	}
	send(map[string]any{"method": "initialized", "params": map[string]any{}})
	send(map[string]any{"method": "textDocument/didOpen", "params": map[string]any{"textDocument": map[string]any{
		"uri": "file://" + filepath.ToSlash(path), "languageId": "plaintext", "version": 1, "text": text}}})
	pub := recv("diagnostics", func(m map[string]any) bool { return m["method"] == "textDocument/publishDiagnostics" })
	diags := pub["params"].(map[string]any)["diagnostics"].([]any)
	found := false
	for _, d := range diags {
		d := d.(map[string]any)
		if d["code"] == "typography-fr" {
			found = true
			start := d["range"].(map[string]any)["start"].(map[string]any)
			if start["line"] != 0.0 || start["character"] != float64(strings.Index(text, "!")) {
				t.Errorf("typography-fr at %v, want 0:%d", start, strings.Index(text, "!"))
			}
		}
	}
	if !found {
		t.Errorf("no typography-fr diagnostic in %v", diags)
	}
	send(map[string]any{"id": 2, "method": "shutdown"})
	if m := recv("shutdown answer", isID(2)); m["error"] != nil {
		t.Errorf("shutdown: %v", m["error"])
	}
	send(map[string]any{"method": "exit"})
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("exit status %d, want 0; stderr: %s", c, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("presend lsp did not exit")
	}
	_ = inW.Close()
}
