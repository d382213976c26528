package input

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/presend/presend/lint"
)

// at returns the position of the nth (0-based) occurrence of sub in m.Text.
func at(t *testing.T, m lint.Message, sub string, nth int) lint.Position {
	t.Helper()
	off := -1
	for range nth + 1 {
		i := strings.Index(m.Text[off+1:], sub)
		if i < 0 {
			t.Fatalf("%q not found %d times in %q", sub, nth+1, m.Text)
		}
		off += 1 + i
	}
	return m.Map.Position(off)
}

// readOne reads a fixture that holds exactly one message.
func readOne(t *testing.T, path string) lint.Message {
	t.Helper()
	msgs, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 {
		t.Fatalf("%s: got %d messages, want 1", path, len(msgs))
	}
	if msgs[0].Source != path {
		t.Errorf("Source = %q, want %q", msgs[0].Source, path)
	}
	return msgs[0]
}

type posCase struct {
	sub  string
	nth  int
	want lint.Position
}

func checkPositions(t *testing.T, m lint.Message, cases []posCase) {
	t.Helper()
	for _, c := range cases {
		if got := at(t, m, c.sub, c.nth); got != c.want {
			t.Errorf("position of %q #%d = %d:%d, want %d:%d", c.sub, c.nth, got.Line, got.Column, c.want.Line, c.want.Column)
		}
	}
}

func TestReadTextFiles(t *testing.T) {
	tests := []struct {
		path  string
		text  string
		cases []posCase
		end   lint.Position
	}{
		{
			path: "testdata/text/ascii.txt",
			text: "Hello world.\nSecond line here.\n",
			cases: []posCase{
				{"Hello", 0, lint.Position{Line: 1, Column: 1}},
				{".", 0, lint.Position{Line: 1, Column: 12}},
				{"\n", 0, lint.Position{Line: 1, Column: 13}},
				{"Second", 0, lint.Position{Line: 2, Column: 1}},
				{"here", 0, lint.Position{Line: 2, Column: 13}},
			},
			end: lint.Position{Line: 3, Column: 1},
		},
		{
			path: "testdata/text/accents.md",
			text: "# Soldes d'été\n\nVotre commande n°42 est expédiée à Besançon.\n",
			cases: []posCase{
				{"été", 0, lint.Position{Line: 1, Column: 12}},
				{"té", 0, lint.Position{Line: 1, Column: 13}},
				{"42", 0, lint.Position{Line: 3, Column: 18}},
				{"à", 0, lint.Position{Line: 3, Column: 34}},
				{"Besançon", 0, lint.Position{Line: 3, Column: 36}},
				{"on.", 0, lint.Position{Line: 3, Column: 42}},
			},
			end: lint.Position{Line: 4, Column: 1},
		},
		{
			path: "testdata/text/emoji.txt",
			text: "Hi 😀 there\n👍🏽 done\n",
			cases: []posCase{
				{"😀", 0, lint.Position{Line: 1, Column: 4}},
				{"there", 0, lint.Position{Line: 1, Column: 6}},
				{"🏽", 0, lint.Position{Line: 2, Column: 2}}, // a modifier is its own code point
				{"done", 0, lint.Position{Line: 2, Column: 4}},
			},
			end: lint.Position{Line: 3, Column: 1},
		},
		{
			path: "testdata/text/bom.txt",
			text: "Bonjour à tous\nfin\n", // the BOM is dropped
			cases: []posCase{
				{"Bonjour", 0, lint.Position{Line: 1, Column: 1}},
				{"tous", 0, lint.Position{Line: 1, Column: 11}},
				{"fin", 0, lint.Position{Line: 2, Column: 1}},
			},
			end: lint.Position{Line: 3, Column: 1},
		},
		{
			path: "testdata/text/crlf.txt",
			text: "line one\r\nligne deux é\r\nthree", // line endings are kept
			cases: []posCase{
				{"one", 0, lint.Position{Line: 1, Column: 6}},
				{"\r", 0, lint.Position{Line: 1, Column: 9}},
				{"deux", 0, lint.Position{Line: 2, Column: 7}},
				{"é", 0, lint.Position{Line: 2, Column: 12}},
				{"\r", 1, lint.Position{Line: 2, Column: 13}},
				{"three", 0, lint.Position{Line: 3, Column: 1}},
			},
			end: lint.Position{Line: 3, Column: 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			m := readOne(t, tt.path)
			if m.Text != tt.text {
				t.Fatalf("Text = %q, want %q", m.Text, tt.text)
			}
			if m.ID != "" {
				t.Errorf("ID = %q, want empty", m.ID)
			}
			checkPositions(t, m, tt.cases)
			if got := m.Map.Position(len(m.Text)); got != tt.end {
				t.Errorf("end position = %v, want %v", got, tt.end)
			}
		})
	}
}

func TestReadTextInvalidUTF8(t *testing.T) {
	_, err := ReadFile("testdata/text/invalid.txt")
	const want = "testdata/text/invalid.txt:2:5: invalid UTF-8 (byte 0xff)"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %s", err, want)
	}
	// After multi-byte characters and a BOM, the column still counts code points.
	_, err = Read(strings.NewReader("\xef\xbb\xbfé😀x\xc3("), "in.md", FormatText)
	const want2 = "in.md:1:4: invalid UTF-8 (byte 0xc3)"
	if err == nil || err.Error() != want2 {
		t.Fatalf("err = %v, want %s", err, want2)
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct{ path, want string }{
		{"testdata/nope.txt", "testdata/nope.txt: no such file or directory"},
		{"testdata/data.csv", `testdata/data.csv: unsupported file type ".csv" (want .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot)`},
		{"testdata/README", `testdata/README: unsupported file type: no extension (want .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot)`},
		{"-", `-: standard input has no file type; read it with Read and a format`},
		{"testdata/text", `testdata/text: unsupported file type: no extension (want .txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot)`},
	}
	for _, tt := range tests {
		_, err := ReadFile(tt.path)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadFile(%q) err = %v\nwant %s", tt.path, err, tt.want)
		}
	}
	if _, err := Read(strings.NewReader("x"), "in", "xml"); err == nil ||
		err.Error() != `in: unknown format "xml" (want text, jsonl, json, yaml, toml, properties, po or pot)` {
		t.Errorf("Read with a bad format: err = %v", err)
	}
}

func TestReadFileExtensionCase(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"A.TXT", "b.Md", "c.JSONL", "d.Json"} {
		body := "hello"
		switch name {
		case "c.JSONL":
			body = `{"text":"hello"}`
		case "d.Json":
			body = `{"recipient":{"id":"1"},"message":{"text":"hello"}}`
		}
		path := writeFile(t, dir, name, body)
		msgs, err := ReadFile(path)
		if err != nil || len(msgs) != 1 || msgs[0].Text != "hello" {
			t.Errorf("ReadFile(%s) = %v, %v", name, msgs, err)
		}
	}
}

func TestReadEmptyText(t *testing.T) {
	msgs, err := Read(strings.NewReader(""), "-", FormatText)
	if err != nil || len(msgs) != 1 || msgs[0].Text != "" {
		t.Fatalf("got %v, %v; want one empty message", msgs, err)
	}
	if got := msgs[0].Map.Position(0); got != (lint.Position{Line: 1, Column: 1}) {
		t.Errorf("Position(0) = %v", got)
	}
}

func TestReadIOError(t *testing.T) {
	_, err := Read(iotest.ErrReader(errors.New("connection reset")), "-", FormatJSONL)
	if err == nil || err.Error() != "-: read: connection reset" {
		t.Errorf("err = %v", err)
	}
}
