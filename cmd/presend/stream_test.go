package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// bigLog writes a JSONL file of n envelopes without recipients, with
// "Zorblax" (a brand from its third message on) around the end of the
// first batch and in later ones, and returns its path.
func bigLog(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		text := fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)
		switch {
		case i >= streamBatch-2 && i < streamBatch+3 || i%997 == 0:
			text = fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%3 == 0:
			text = fmt.Sprintf("Bonjour, votre commande %d est expédiée et arrive lundi.", i)
		case i%7 == 0:
			text = fmt.Sprintf("FREE gift %d!!! Act now, click here to WIN cash!!!", i)
		}
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "text": text})
		b.Write(line)
		b.WriteByte('\n')
	}
	return writeFile(t, filepath.Join(t.TempDir(), "big.jsonl"), b.String())
}

// TestStreamJSONLSameOutput: one big JSONL file, read and reported a batch
// at a time, gives the output the same file gives read whole (from
// standard input, under the same name), in every format, and notes.
func TestStreamJSONLSameOutput(t *testing.T) {
	const n = 2*streamBatch + 100
	p := bigLog(t, n)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"json", "sarif", "text"} {
		code, streamed, errs := presend(t, "", "lint", "--now", "2026-12-01T10:00:00Z", "--format", format, p)
		wcode, whole, werrs := presend(t, string(data), "lint", "--now", "2026-12-01T10:00:00Z", "--format", format,
			"--stdin-format", "jsonl", "--stdin-name", p, "-")
		if code != wcode || streamed != whole || errs != werrs {
			t.Fatalf("%s: streamed (exit %d, %d bytes, stderr %q) differs from whole (exit %d, %d bytes, stderr %q)",
				format, code, len(streamed), errs, wcode, len(whole), werrs)
		}
		if format == "json" {
			if got := strings.Count(streamed, `"line":`); got < n {
				t.Errorf("json: %d results, want %d", got, n)
			}
			if strings.Count(streamed, `unknown word \"Zorblax\"`) != 2 {
				t.Errorf("json: Zorblax not flagged exactly twice")
			}
		}
	}
}

// appendOnWrite is standard output that, on its first write, appends line
// to a file: it tells whether results come out before the file is read to
// its end.
type appendOnWrite struct {
	bytes.Buffer
	path, line string
	done       bool
	err        error
}

func (w *appendOnWrite) Write(p []byte) (int, error) {
	if !w.done {
		w.done = true
		f, err := os.OpenFile(w.path, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteString(w.line)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		w.err = err
	}
	return w.Buffer.Write(p)
}

// TestStreamJSONLReportsAsItReads: the first results of a big JSONL file
// are written before its last lines are read (memory does not grow with
// the file): a line appended when the first results come out is linted.
func TestStreamJSONLReportsAsItReads(t *testing.T) {
	const n = 3 * streamBatch
	p := bigLog(t, n)
	out := &appendOnWrite{path: p, line: `{"id":"late","text":"Appended as the first results came out."}` + "\n"}
	var errb bytes.Buffer
	code := run([]string{"lint", "--format", "json", p}, strings.NewReader(""), out, &errb)
	if out.err != nil {
		t.Fatal(out.err)
	}
	if code != exitBlocked {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"id": "late"`) && !strings.Contains(out.String(), `"id":"late"`) {
		t.Error("the line appended when the first results came out was not linted: the file was read whole first")
	}
}
