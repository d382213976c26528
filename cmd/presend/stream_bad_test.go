package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// badKinds are bad JSONL lines of every kind: invalid JSON, a field of the
// wrong type, not JSON at all, invalid UTF-8.
var badKinds = []string{
	`{"text": broken}`,
	`{"id":"x","text": 3}`,
	`not json at all`,
	"{\"text\":\"caf\xe9\"}",
}

// draftLines returns n envelopes without recipients, about 50 bytes each:
// English and French, with "Zorblax" (a brand from its third message on)
// now and then, so that the rule counting across messages spans blocks.
func draftLines(n int) []string {
	return envelopeLines(n, func(i int) string {
		switch {
		case i%331 == 5:
			return fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%3 == 0:
			return fmt.Sprintf("Bonjour, votre commande %d est expédiée et arrive lundi.", i)
		case i%7 == 0:
			return fmt.Sprintf("FREE gift %d!!! Act now, click here to WIN cash!!!", i)
		}
		return fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)
	})
}

// envelopeLines returns n JSONL envelopes without recipients, message i
// {"id":"m<i>","text":text(i)}; joined by newlines, with a last one, they
// are a file.
func envelopeLines(n int, text func(i int) string) []string {
	lines := make([]string, n)
	for i := range n {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "text": text(i)})
		lines[i] = string(line)
	}
	return lines
}

// straddling returns the indexes of the lines of lines (each followed by a
// line break) in which byte offset k·size falls, for every k ≥ 1, and the
// lines just before and after: the lines at a block boundary.
func straddling(lines []string, size int) []int {
	var at []int
	off, next := 0, size
	for i, l := range lines {
		end := off + len(l) + 1
		if end > next {
			at = append(at, max(i-1, 0), i, min(i+1, len(lines)-1))
			next += size
		}
		off = end
	}
	return at
}

// withBad returns lines with those at the indexes bad replaced by bad lines
// of every kind in turn.
func withBad(lines []string, bad ...int) []string {
	out := slices.Clone(lines)
	for k, i := range bad {
		out[i] = badKinds[k%len(badKinds)]
	}
	return out
}

// TestStreamJSONLBadLinesSameOutput: a JSONL file with bad lines (one or
// many, at its beginning, middle or end, inside blocks and at their
// boundaries, more than the ten shown), streamed on 1, 2 and 7 workers,
// gives the output, errors and exit code of the same file read whole, in
// every format: every good line's result, and the bad lines' errors. The
// cases run in parallel.
func TestStreamJSONLBadLinesSameOutput(t *testing.T) {
	const n = 3000 // about 150 KB: 9 blocks
	lines := draftLines(n)
	if size := len(strings.Join(lines, "\n")); size < 4*scanBlock {
		t.Fatalf("%d bytes: too few blocks", size)
	}
	several := []int{0, 1, 2, n / 3, n - 2}
	several = append(several, straddling(lines, lintBlock)[3:6]...)
	several = append(several, straddling(lines, scanBlock)[:6]...)
	slices.Sort(several)
	several = slices.Compact(several)
	if len(several) > 10 {
		several = several[:10] // the many case has more than ten
	}
	var many []int
	for i := 17; i < n; i += 173 {
		many = append(many, i)
	}
	many = append(many, straddling(lines, scanBlock)...)
	slices.Sort(many)
	many = slices.Compact(many)
	tail := withBad(lines, n-1)
	cases := map[string]string{
		"first":               strings.Join(withBad(lines, 0), "\n") + "\n",
		"middle":              strings.Join(withBad(lines, n/2), "\n") + "\n",
		"last, no line break": strings.Join(tail, "\n"),
		"several":             strings.Join(withBad(lines, several...), "\n") + "\n",
		"many":                strings.Join(withBad(lines, many...), "\n") + "\n",
		"at every scan block": strings.Join(withBad(lines, straddling(lines, scanBlock)...), "\n") + "\n",
		"every line bad":      strings.Repeat(badKinds[0]+"\n", 40) + "\n\n" + badKinds[3] + "\n",
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			lintBadLines(t, name, data)
		})
	}
}

// lintBadLines lints data, a JSONL file with bad lines, streamed and read
// whole, for TestStreamJSONLBadLinesSameOutput.
func lintBadLines(t *testing.T, name, data string) {
	t.Helper()
	p := writeFile(t, filepath.Join(t.TempDir(), "bad.jsonl"), data)
	formats := []string{"json"}
	if name == "several" || name == "last, no line break" {
		formats = append(formats, "sarif", "text") // the errors are the same in every format
	}
	for _, format := range formats {
		args := []string{"lint", "--now", "2026-12-01T10:00:00Z", "--format", format}
		wcode, whole, werrs := presend(t, data, slices.Concat(args, []string{"--stdin-format", "jsonl", "--stdin-name", p, "-"})...)
		if wcode != exitError || !strings.Contains(werrs, p+":") {
			t.Fatalf("%s, %s: read whole: exit %d, stderr %q: want the bad lines reported", name, format, wcode, werrs)
		}
		if name == "many" && !strings.Contains(werrs, "more bad lines not shown") {
			t.Fatalf("many: stderr %q does not count the bad lines not shown", werrs)
		}
		jobs := []string{"2"}
		if format == "json" {
			jobs = []string{"1", "7"}
		}
		for _, j := range jobs {
			code, streamed, errs := presend(t, "", slices.Concat(args, []string{"--jobs", j, p})...)
			if code != wcode || streamed != whole || errs != werrs {
				t.Fatalf("%s, %s, %s workers: streamed (exit %d, %d bytes, stderr %q) differs from whole (exit %d, %d bytes, stderr %q)",
					name, format, j, code, len(streamed), errs, wcode, len(whole), werrs)
			}
		}
	}
}

// TestStreamJSONLLanguageNoteSameOutput: templates in a language presend
// does not lint, with a bad line, in a streamed file give the note, the
// error and the results of the file read whole.
func TestStreamJSONLLanguageNoteSameOutput(t *testing.T) {
	lines := draftLines(3000)
	de := `{"name":"order_de","language":"de","category":"UTILITY","components":[{"type":"BODY","text":"Ihre Bestellung ist unterwegs."}]}`
	es := `{"name":"order_es","language":"es","category":"UTILITY","components":[{"type":"BODY","text":"Su pedido est\u00e1 en camino."}]}`
	en := `{"name":"order_en","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Your order is on its way."}]}`
	lines = slices.Insert(lines, 2500, es, badKinds[0])
	lines = slices.Insert(lines, 1200, de, en, de)
	data := strings.Join(lines, "\n") + "\n"
	p := writeFile(t, filepath.Join(t.TempDir(), "templates.jsonl"), data)
	for _, format := range []string{"json", "text"} {
		args := []string{"lint", "--now", "2026-12-01T10:00:00Z", "--format", format}
		wcode, whole, werrs := presend(t, data, slices.Concat(args, []string{"--stdin-format", "jsonl", "--stdin-name", p, "-"})...)
		// Read from standard input, the note names --stdin-name.
		if !strings.Contains(werrs, "note: "+p+": ") {
			t.Fatalf("%s: stderr %q: the note does not name --stdin-name", format, werrs)
		}
		if !strings.Contains(werrs, `3 messages in language "de" not linted`) {
			t.Fatalf("%s: stderr %q has no note on the 3 templates not linted", format, werrs)
		}
		code, streamed, errs := presend(t, "", slices.Concat(args, []string{"--jobs", "3", p})...)
		if code != wcode || streamed != whole || errs != werrs {
			t.Fatalf("%s: streamed (exit %d, %d bytes, stderr %q) differs from whole (exit %d, %d bytes, stderr %q)",
				format, code, len(streamed), errs, wcode, len(whole), werrs)
		}
	}
}

// TestStreamJSONLBadLinesStreams: a big JSONL file with bad lines is still
// streamed, not read whole (memory does not grow with the file): a line
// appended when the first results come out is found by the second pass,
// which reports the file changed after those results; the bad lines'
// errors (from the first pass) are reported, with their file and line.
func TestStreamJSONLBadLinesStreams(t *testing.T) {
	const n = 3 * streamBatch
	lines := withBad(draftLines(n), 1, n/2, n-1)
	data := strings.Join(lines, "\n") + "\n"
	p := writeFile(t, filepath.Join(t.TempDir(), "big.jsonl"), data)
	out := &appendOnWrite{path: p, line: `{"id":"late","text":"Appended as the first results came out."}` + "\n"}
	var errb bytes.Buffer
	code := run([]string{"lint", "--jobs", "2", "--format", "json", p}, strings.NewReader(""), out, &errb)
	if out.err != nil {
		t.Fatal(out.err)
	}
	for _, no := range []int{2, n/2 + 1, n} {
		if want := fmt.Sprintf("%s:%d:", p, no); !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q does not name the bad line %s", errb.String(), want)
		}
	}
	ids := changedAfterResults(t, code, out.Bytes(), errb.String(), p)
	if len(ids) >= n-3 || slices.Contains(ids, "late") {
		t.Errorf("%d results (late among them: %v): want those of the blocks before the change", len(ids), slices.Contains(ids, "late"))
	}
}

// TestStreamSendLogBadLines: a send log with bad lines is streamed (a text
// changed in its last send when the first results come out is found
// changed, not linted), and gives the output, errors and exit code of the
// log read whole, sorted or not. Batches of 512 sends (the results of the
// first two fill the output buffer before the last is read).
func TestStreamSendLogBadLines(t *testing.T) {
	const n, batch = 3*512 + 101, 512 // the last send says "has shipped"
	lines := sendLogLines(n)
	last := lines[n-1]
	if !strings.Contains(last, "has shipped") {
		t.Fatalf("the last send %s cannot be changed", last)
	}
	bad := []int{0, 100, batch, n - 2}
	sorted := withBad(lines, bad...)
	shuffled := slices.Clone(sorted)
	shuffled[10], shuffled[500] = shuffled[500], shuffled[10]
	for name, lines := range map[string][]string{"sorted": sorted, "shuffled": shuffled} {
		lintStreamedAndWhole(t, lines, batch, "json") // the errors are the same in every format
		p := writeFile(t, filepath.Join(t.TempDir(), "sent.jsonl"), strings.Join(lines, "\n")+"\n")
		out := &rewriteOnWrite{path: p, old: last, new: strings.Replace(last, "has shipped", "was shopped", 1)}
		code, errs := lintWith(t, lintHooks{sendLogBatch: batch}, "", out, "--channel", "sms", "--format", "json", p)
		if out.err != nil {
			t.Fatal(out.err)
		}
		for _, i := range bad {
			if want := fmt.Sprintf("%s:%d:", p, i+1); !strings.Contains(errs, want) {
				t.Errorf("%s: stderr %q does not name the bad line %s", name, errs, want)
			}
		}
		changedAfterResults(t, code, out.Bytes(), errs, p)
		if want := fmt.Sprintf("%s:%d: changed while being linted", p, n); !strings.Contains(errs, want) || strings.Contains(out.String(), "was shopped") {
			t.Errorf("%s: stderr %q does not name the changed line (%s), or its new text was linted", name, errs, want)
		}
	}
}

// fullDisk is a standard output whose writes fail after the first limit
// bytes, as on a full disk. At the first failure it spoils the file's last
// line (same length, not JSON): a run that goes on to the end of the file
// reports that line.
type fullDisk struct {
	limit, offered int
	path           string
	last           int64 // offset and length of the last line
	lastLen        int
	err            error
}

func (d *fullDisk) Write(p []byte) (int, error) {
	d.offered += len(p)
	if d.offered <= d.limit {
		return len(p), nil
	}
	if d.path != "" {
		f, err := os.OpenFile(d.path, os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteAt([]byte(strings.Repeat("!", d.lastLen)), d.last)
			err = errors.Join(err, f.Close())
		}
		d.err, d.path = err, ""
	}
	return 0, errors.New("no space left on device")
}

// TestStreamJSONLStopsOnWriteError: when standard output fails, a streamed
// file stops being checked (not read and checked to its end for nothing),
// and the run says why and fails.
func TestStreamJSONLStopsOnWriteError(t *testing.T) {
	const n = 20000
	lines := draftLines(n)
	data := strings.Join(lines, "\n") + "\n"
	p := writeFile(t, filepath.Join(t.TempDir(), "big.jsonl"), data)
	last := lines[n-1]
	out := &fullDisk{limit: 100 << 10, path: p, last: int64(len(data) - len(last) - 1), lastLen: len(last)}
	var errb bytes.Buffer
	code := run([]string{"lint", "--format", "json", "--jobs", "2", p}, strings.NewReader(""), out, &errb)
	if out.err != nil {
		t.Fatal(out.err)
	}
	if out.path != "" {
		t.Fatal("no write failed: the test proves nothing")
	}
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(errb.String(), "no space left on device") {
		t.Errorf("stderr %q does not say why", errb.String())
	}
	if bad := fmt.Sprintf("%s:%d:", p, n); strings.Contains(errb.String(), bad) || strings.Contains(errb.String(), "changed while being linted") {
		t.Errorf("stderr %q names the last line: the run went on to the end of the file after the write failed", errb.String())
	}
}
