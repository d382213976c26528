package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/lint/report"
)

// bigLog writes a JSONL file of n envelopes without recipients, with
// "Zorblax" (a brand from its third message on) around the end of the
// first batch and in later ones, and returns its path.
func bigLog(t *testing.T, n int) string {
	t.Helper()
	lines := envelopeLines(n, func(i int) string {
		switch {
		case i >= streamBatch-2 && i < streamBatch+3 || i%997 == 0:
			return fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%3 == 0:
			return fmt.Sprintf("Bonjour, votre commande %d est expédiée et arrive lundi.", i)
		case i%7 == 0:
			return fmt.Sprintf("FREE gift %d!!! Act now, click here to WIN cash!!!", i)
		}
		return fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)
	})
	return writeFile(t, filepath.Join(t.TempDir(), "big.jsonl"), strings.Join(lines, "\n")+"\n")
}

// TestStreamJSONLSameOutput: one big JSONL file, read and reported a block
// at a time, gives the output the same file gives read whole (from
// standard input, under the same name), in every format, and notes: JSON
// on a file of about 15 blocks, SARIF and text (which render the same
// results) on one of 7.
func TestStreamJSONLSameOutput(t *testing.T) {
	for _, format := range []string{"json", "sarif", "text"} {
		n := 2000
		if format == "json" {
			n = streamBatch + 100
		}
		p := bigLog(t, n)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < 6*lintBlock {
			t.Fatalf("%d bytes: too few blocks", len(data))
		}
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
// the file): a line appended when the first results come out is seen by
// the second pass, which reports the file changed, after those results,
// and lints neither the line nor the block it ends.
func TestStreamJSONLReportsAsItReads(t *testing.T) {
	const n = 3 * streamBatch
	p := bigLog(t, n)
	out := &appendOnWrite{path: p, line: `{"id":"late","text":"Appended as the first results came out."}` + "\n"}
	var errb bytes.Buffer
	code := run([]string{"lint", "--jobs", "2", "--format", "json", p}, strings.NewReader(""), out, &errb)
	if out.err != nil {
		t.Fatal(out.err)
	}
	if !out.done {
		t.Fatal("nothing was written")
	}
	ids := changedAfterResults(t, code, out.Bytes(), errb.String(), p)
	if len(ids) >= n || slices.Contains(ids, "late") {
		t.Errorf("%d results (late among them: %v): want those of the blocks read before the change, not the block changed", len(ids), slices.Contains(ids, "late"))
	}
}

// changedAfterResults checks the report of a file changed while it was
// linted: exit 2, an error naming the file, and results before it, as a
// whole JSON document; it returns their ids.
func changedAfterResults(t *testing.T, code int, stdout []byte, stderr, file string) []string {
	t.Helper()
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if !strings.Contains(stderr, file+":") || !strings.Contains(stderr, "changed while being linted") {
		t.Errorf("stderr %q does not say the file changed while being linted", stderr)
	}
	var rep struct {
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	}
	if err := json.Unmarshal(stdout, &rep); err != nil {
		t.Fatalf("the report is not whole: %v", err)
	}
	if len(rep.Results) == 0 {
		t.Fatal("no results before the change was found: the file was read to its end before the first results were written")
	}
	ids := make([]string, len(rep.Results))
	for i, r := range rep.Results {
		ids[i] = r.ID
	}
	return ids
}

// lintWith runs presend lint with args and hooks, standard output to
// stdout; it returns the exit code and standard error.
func lintWith(t *testing.T, hooks lintHooks, stdin string, stdout io.Writer, args ...string) (int, string) {
	t.Helper()
	var errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: stdout, stderr: &errb, getenv: os.Getenv}
	now, err := clock(e.getenv)
	if err != nil {
		t.Fatal(err)
	}
	e.now = now
	return runLintWith(e, args, hooks), errb.String()
}

// sendLogLines returns n envelopes of a send log to 7 recipients, one every
// ten minutes from 2026-11-20: repeated promotions (duplicate sends and
// frequency caps, also across the batch boundary at streamBatch), a few
// lines without a recipient, and "Zorblax" (a brand from its third message
// on) around the boundary.
func sendLogLines(n int) []string {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	lines := make([]string, n)
	for i := range n {
		env := map[string]string{
			"id":        fmt.Sprint("m", i),
			"recipient": fmt.Sprintf("+3361234%04d", i%7),
			"sent_at":   start.Add(time.Duration(i) * 10 * time.Minute).Format(time.RFC3339),
			"text":      fmt.Sprintf("Your order %d has shipped and arrives Monday.", i),
		}
		switch {
		case i >= streamBatch-3 && i < streamBatch+3 || i%997 == 0:
			env["text"] = fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%13 == 0:
			delete(env, "recipient")
		case i%3 == 0:
			env["text"] = "Flash sale today only: 20% off everything in store. Reply STOP to opt out."
		}
		line, _ := json.Marshal(env)
		lines[i] = string(line)
	}
	return lines
}

// lintStreamedAndWhole lints the send log of lines from a file (streamed,
// batch messages at a time; 0: streamBatch) and from standard input (read
// whole, under the same name) in format (and its flags), and fails the
// test unless both give the same output, exit code and notes.
// It returns the streamed output.
func lintStreamedAndWhole(t *testing.T, lines []string, batch int, format ...string) string {
	t.Helper()
	data := strings.Join(lines, "\n") + "\n"
	p := writeFile(t, filepath.Join(t.TempDir(), "sent.jsonl"), data)
	args := append([]string{"--channel", "sms", "--format"}, format...)
	var out, wout bytes.Buffer
	code, errs := lintWith(t, lintHooks{sendLogBatch: batch}, "", &out, slices.Concat(args, []string{p})...)
	wcode, werrs := lintWith(t, lintHooks{}, data, &wout, slices.Concat(args, []string{"--stdin-format", "jsonl", "--stdin-name", p, "-"})...)
	streamed, whole := out.String(), wout.String()
	if code != wcode || streamed != whole || errs != werrs {
		t.Fatalf("%s: streamed (exit %d, %d bytes, stderr %q) differs from whole (exit %d, %d bytes, stderr %q)",
			format, code, len(streamed), errs, wcode, len(whole), werrs)
	}
	return streamed
}

// TestStreamSendLogSameOutput: a send log, in sent_at order or not, linted
// from its file a batch at a time against one history gives the output
// of the whole file read at once: the same duplicates, frequency caps and
// brand note, also across batch boundaries. Every format on a log of 700
// sends checked 97 at a time (8 batches; shuffled, most results wait in
// the spill file), JSON on one of 4,196 in batches of streamBatch.
func TestStreamSendLogSameOutput(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where results waiting for their turn go
	for _, size := range []struct{ n, batch int }{{700, 97}, {streamBatch + 100, 0}} {
		sorted := sendLogLines(size.n)
		shuffled := slices.Clone(sorted)
		rand.New(rand.NewPCG(1, 2)).Shuffle(size.n, func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		formats := []string{"json"}
		if size.batch != 0 {
			formats = append(formats, "sarif", "text", "text --quiet", "github")
		}
		for name, lines := range map[string][]string{"sorted": sorted, "shuffled": shuffled} {
			for _, format := range formats {
				out := lintStreamedAndWhole(t, lines, size.batch, strings.Fields(format)...)
				if left, _ := os.ReadDir(tmp); len(left) > 0 {
					t.Fatalf("%s: %s left in the temporary folder", name, left[0].Name())
				}
				if format != "json" {
					continue
				}
				for _, rule := range []string{"duplicate-send", "send-frequency"} {
					if !strings.Contains(out, `"rule": "`+rule+`"`) {
						t.Errorf("%d sends, %s: no %s finding: the log was not checked against its history", size.n, name, rule)
					}
				}
				if got := strings.Count(out, `unknown word \"Zorblax\"`); size.batch == 0 && got != 2 {
					t.Errorf("%s: Zorblax flagged %d times, want 2", name, got)
				}
			}
		}
	}
}

// rewriteOnWrite is standard output that, on its first write, rewrites a
// line of a file with another of the same length: it tells whether the
// line is read after results come out.
type rewriteOnWrite struct {
	bytes.Buffer
	path     string
	old, new string
	done     bool
	err      error
}

func (w *rewriteOnWrite) Write(p []byte) (int, error) {
	if !w.done {
		w.done = true
		data, err := os.ReadFile(w.path)
		if err == nil {
			err = os.WriteFile(w.path, bytes.Replace(data, []byte(w.old), []byte(w.new), 1), 0o644)
		}
		w.err = err
	}
	return w.Buffer.Write(p)
}

// TestStreamSendLogReportsAsItReads: a send log's first results are written
// before its last sends are read (memory does not grow with the log): a
// text changed in the last send when the first results come out is found
// changed when it is read again, and reported as an error naming its line
// after the results of the batches before it, not linted. In a log a
// little out of sent_at order too. Batches of 512 sends.
func TestStreamSendLogReportsAsItReads(t *testing.T) {
	const n, batch = 3 * 512, 512
	sorted := sendLogLines(n)
	shuffled := slices.Clone(sorted)
	rng := rand.New(rand.NewPCG(3, 4))
	for lo := 0; lo < n; lo += 64 { // as several writers append to one log
		block := shuffled[lo:min(n, lo+64)]
		rng.Shuffle(len(block), func(i, j int) { block[i], block[j] = block[j], block[i] })
	}
	last := sorted[n-1] // the last send, among the last lines of the shuffled log
	for name, lines := range map[string][]string{"sorted": sorted, "shuffled": shuffled} {
		p := writeFile(t, filepath.Join(t.TempDir(), "sent.jsonl"), strings.Join(lines, "\n")+"\n")
		newText := strings.Replace(last, "has shipped", "was shopped", 1)
		out := &rewriteOnWrite{path: p, old: last, new: newText}
		code, errs := lintWith(t, lintHooks{sendLogBatch: batch}, "", out, "--channel", "sms", "--format", "json", p)
		if out.err != nil {
			t.Fatal(out.err)
		}
		ids := changedAfterResults(t, code, out.Bytes(), errs, p)
		if want := fmt.Sprintf("%s:%d: changed while being linted", p, slices.Index(lines, last)+1); !strings.Contains(errs, want) {
			t.Errorf("%s: stderr %q does not name the changed line (%s)", name, errs, want)
		}
		if len(ids) >= n || strings.Contains(out.String(), "was shopped") {
			t.Errorf("%s: %d results (the changed text among them: %v): want those before the changed line", name, len(ids), strings.Contains(out.String(), "was shopped"))
		}
	}
}

// A result that waits for its turn in the spill file is never lost: when
// the file cannot be written (the disk is full) it stays in memory and is
// reported in its turn; when the file cannot be read back once written,
// the error is that result's report, and nothing unwritten is printed.
func TestLogOutSpillFailures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		written bool // the result reached the file before it failed
	}{{"write fails", false}, {"read back fails", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			var stdout, stderr bytes.Buffer
			w := bufio.NewWriter(&stdout)
			out, err := report.NewStream(w, "json", report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := &lintRun{e: &env{stdout: &stdout, stderr: &stderr}, stdout: w, out: out}
			o := &logOut{r: r, source: "sent.jsonl", lines: 2}
			defer o.close()
			first := lint.Result{Source: "sent.jsonl", ID: "m1", Verdict: lint.VerdictPass}
			second := lint.Result{Source: "sent.jsonl", ID: "m0", Verdict: lint.VerdictPass}
			o.put(1, &first, out.Render(&first)) // waits for line 0, for the spill file
			if o.spill == nil {
				t.Fatal("a result out of line order was not spilled")
			}
			if tc.written {
				o.flushSpill()
			}
			_ = o.spill.Close() // cannot be written or read now
			o.put(0, &second, out.Render(&second))
			if err := out.Close(); err != nil {
				t.Fatal(err)
			}
			_ = w.Flush()
			var doc struct{ Results []lint.Result }
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || strings.ContainsRune(stdout.String(), 0) {
				t.Fatalf("the report is no longer JSON: %v\n%q", err, stdout.String())
			}
			if tc.written {
				if r.code != exitError || !strings.Contains(stderr.String(), "could not be read back") || len(doc.Results) != 1 {
					t.Errorf("exit code %d, %d results, stderr %q: want the unreadable result reported as an error", r.code, len(doc.Results), stderr.String())
				}
				return
			}
			if r.code != 0 || stderr.Len() != 0 || len(doc.Results) != 2 || doc.Results[0].ID != "m0" || doc.Results[1].ID != "m1" {
				t.Errorf("exit code %d, results %+v, stderr %q: want both results, in line order, no error", r.code, doc.Results, stderr.String())
			}
		})
	}
}

// TestStreamJSONLManyWorkersUnevenCost: a JSONL file of many blocks whose
// messages cost very different times to check (one line in nine is a long
// text), checked by 7 workers, gives the output of one worker and of the
// whole file read at once: every result in line order, and "Zorblax" and
// "Quuxfor" taken for brands from their third message on, across blocks.
func TestStreamJSONLManyWorkersUnevenCost(t *testing.T) {
	const n = 3000
	long := strings.Repeat("Your parcel is on its way to the pickup point near you, open until late. ", 20)
	data := strings.Join(envelopeLines(n, func(i int) string {
		switch {
		case i%9 == 4:
			return fmt.Sprintf("%s Order %d.", long, i)
		case i%401 == 0:
			return fmt.Sprintf("Zorblax says hi to order %d.", i)
		case i%211 == 7:
			return fmt.Sprintf("Quuxfor thanks you for order %d.", i)
		}
		return fmt.Sprintf("Order %d has shipped and arrives Monday.", i)
	}), "\n") + "\n"
	if len(data) < 10*lintBlock {
		t.Fatalf("%d bytes: too few blocks", len(data))
	}
	p := writeFile(t, filepath.Join(t.TempDir(), "uneven.jsonl"), data)
	for _, format := range []string{"json", "text"} {
		args := []string{"lint", "--now", "2026-12-01T10:00:00Z", "--format", format}
		_, one, oneErrs := presend(t, "", slices.Concat(args, []string{"--jobs", "1", p})...)
		_, whole, wholeErrs := presend(t, data, slices.Concat(args, []string{"--stdin-format", "jsonl", "--stdin-name", p, "-"})...)
		code, many, manyErrs := presend(t, "", slices.Concat(args, []string{"--jobs", "7", p})...)
		if code != exitBlocked && code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, manyErrs)
		}
		if many != one || manyErrs != oneErrs {
			t.Fatalf("%s: 7 workers (%d bytes, stderr %q) differ from one (%d bytes, stderr %q)", format, len(many), manyErrs, len(one), oneErrs)
		}
		if many != whole || manyErrs != wholeErrs {
			t.Fatalf("%s: streamed (%d bytes) differs from the file read whole (%d bytes)", format, len(many), len(whole))
		}
		if format != "json" {
			continue
		}
		var rep struct {
			Results []struct {
				ID       string `json:"id"`
				Findings []struct {
					Message string `json:"message"`
				} `json:"findings"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(many), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Results) != n {
			t.Fatalf("%d results, want %d", len(rep.Results), n)
		}
		flagged := map[string]int{}
		for i, r := range rep.Results {
			if r.ID != fmt.Sprint("m", i) {
				t.Fatalf("result %d is %s", i, r.ID)
			}
			for _, f := range r.Findings {
				for _, w := range []string{"Zorblax", "Quuxfor"} {
					if strings.Contains(f.Message, `"`+w+`"`) {
						flagged[w]++
					}
				}
			}
		}
		if flagged["Zorblax"] != 2 || flagged["Quuxfor"] != 2 {
			t.Errorf("flagged %v, want each twice (brands from the third message on)", flagged)
		}
	}
}

// breakOnWrite is standard output that, on its first write, overwrites
// bytes of a file at an offset: a line that turns bad while the file is
// linted.
type breakOnWrite struct {
	bytes.Buffer
	path string
	off  int64
	with string
	done bool
	err  error
}

func (w *breakOnWrite) Write(p []byte) (int, error) {
	if !w.done {
		w.done = true
		f, err := os.OpenFile(w.path, os.O_WRONLY, 0)
		if err == nil {
			_, err = f.WriteAt([]byte(w.with), w.off)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		w.err = err
	}
	return w.Buffer.Write(p)
}

// TestStreamJSONLBadLineWhileLinting: a line that turns bad after the
// first pass (the file changed while it was linted), far into the file,
// is found with the block of lines it is in (its bytes are not those the
// first pass read): an error names the file and the block's lines, after
// the results of every line before the block, in order, and none after;
// the JSON document is whole.
func TestStreamJSONLBadLineWhileLinting(t *testing.T) {
	const n, bad = 6000, 4321 // line bad+1 turns bad
	var b strings.Builder
	var off int64
	var was string
	for i := range n {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "text": fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)})
		if i == bad {
			off, was = int64(b.Len()), string(line)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if off < 8*int64(lintBlock)*2 {
		t.Fatalf("the bad line at byte %d could be read before the first results are written", off)
	}
	p := writeFile(t, filepath.Join(t.TempDir(), "changing.jsonl"), b.String())
	broken := `{"id":"m4321","text": 3`
	broken += strings.Repeat(" ", len(was)-len(broken)-1) + "}"
	out := &breakOnWrite{path: p, off: off, with: broken}
	var errb bytes.Buffer
	code := run([]string{"lint", "--jobs", "2", "--format", "json", p}, strings.NewReader(""), out, &errb)
	if out.err != nil {
		t.Fatal(out.err)
	}
	ids := changedAfterResults(t, code, out.Bytes(), errb.String(), p)
	var from, to int
	want := fmt.Sprintf("%s:%d: changed while being linted (lines %d to ", p, len(ids)+1, len(ids)+1)
	if i := strings.Index(errb.String(), want); i < 0 {
		t.Fatalf("stderr %q does not name the block after the last result (%s…)", errb.String(), want)
	} else if _, err := fmt.Sscanf(errb.String()[i+len(p)+1:], "%d: changed while being linted (lines %d to %d", &from, &from, &to); err != nil || from > bad+1 || to < bad+1 || to-from > lintBlock/40 {
		t.Errorf("stderr %q: lines %d to %d, want a block of lines around line %d (%v)", errb.String(), from, to, bad+1, err)
	}
	for i, id := range ids {
		if id != fmt.Sprint("m", i) {
			t.Fatalf("result %d is %s", i, id)
		}
	}
}

// TestStreamJSONLSuppressionsAndBaseline: a big JSONL file whose messages
// presend.toml silences rules for (by key, one suppression never used) and
// whose findings a baseline partly records, streamed on 7 workers, gives
// the output, notes and exit code of the same file read whole: the
// suppressions' use is told once for the file, the baseline consumed in
// line order.
func TestStreamJSONLSuppressionsAndBaseline(t *testing.T) {
	dir := t.TempDir()
	data := strings.Join(envelopeLines(3000, func(i int) string {
		switch {
		case i%5 == 1:
			return fmt.Sprintf("FREE gift %d!!! Act now, click here to WIN cash!!! Txt STOP", i)
		case i%7 == 2:
			return fmt.Sprintf("Wozzle says hi to order %d, thx m8.", i)
		}
		return fmt.Sprintf("Your order %d has shipped and arrives Monday.", i)
	}), "\n") + "\n"
	writeFile(t, filepath.Join(dir, "msgs.jsonl"), data)
	writeFile(t, filepath.Join(dir, "presend.toml"), `[[files]]
paths = ["*"]
channel = "sms"
suppress = { "m1*" = ["spelling"], "m2*" = ["sentence-length"] }
`)
	t.Chdir(dir)
	if code, _, errs := presend(t, "", "lint", "--write-baseline", "base.json", "msgs.jsonl"); code != exitOK {
		t.Fatalf("--write-baseline: exit %d: %s", code, errs)
	}
	// Keep a finding in two of the baseline's entries, and drop a third:
	// some results change, in an order the baseline must be read in.
	raw, err := os.ReadFile("base.json")
	if err != nil {
		t.Fatal(err)
	}
	var base struct {
		Version int              `json:"version"`
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal(raw, &base); err != nil {
		t.Fatal(err)
	}
	var kept []map[string]any
	for i, e := range base.Entries {
		if c, _ := e["count"].(float64); i%2 == 0 && c > 1 {
			e["count"] = c - 1
		}
		if i%3 != 0 {
			kept = append(kept, e)
		}
	}
	base.Entries = kept
	raw, _ = json.Marshal(base)
	writeFile(t, filepath.Join(dir, "base2.json"), string(raw))
	for _, format := range []string{"json", "text"} {
		args := []string{"lint", "--baseline", "base2.json", "--format", format}
		code, streamed, errs := presend(t, "", slices.Concat(args, []string{"--jobs", "7", "msgs.jsonl"})...)
		wcode, whole, werrs := presend(t, data, slices.Concat(args, []string{"--stdin-format", "jsonl", "--stdin-name", "msgs.jsonl", "-"})...)
		if code != wcode || streamed != whole || errs != werrs {
			t.Fatalf("%s: streamed (exit %d, %d bytes, stderr %q) differs from whole (exit %d, %d bytes, stderr %q)",
				format, code, len(streamed), errs, wcode, len(whole), werrs)
		}
		if !strings.Contains(errs, `suppress "m2*" suppresses sentence-length, which reported nothing`) {
			t.Errorf("%s: the unused suppression is not noted: %q", format, errs)
		}
		if strings.Contains(errs, `"m1*"`) {
			t.Errorf("%s: the used suppression is noted: %q", format, errs)
		}
	}
}

// datedLines returns n envelopes without recipients, sent one a minute
// from 2026-11-20 in line order: a JSONL file that is no send log, in
// sent_at order.
func datedLines(n int) []string {
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	lines := make([]string, n)
	for i := range n {
		line, _ := json.Marshal(map[string]string{"id": fmt.Sprint("m", i), "sent_at": start.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
			"text": fmt.Sprintf("Your order %d has shipped and arrives Monday.", 1000+i)})
		lines[i] = string(line)
	}
	return lines
}

// swapSentAt returns lines with the sent_at of lines i and j swapped (the
// same length each: the file keeps its size).
func swapSentAt(lines []string, i, j int) []string {
	out := slices.Clone(lines)
	at := func(l string) string { k := strings.Index(l, `"sent_at":"`) + 11; return l[k : k+20] }
	a, b := at(lines[i]), at(lines[j])
	out[i], out[j] = strings.Replace(lines[i], a, b, 1), strings.Replace(lines[j], b, a, 1)
	return out
}

// TestStreamChangedBetweenPasses: a streamed JSONL file (a send log, or
// messages without recipients in sent_at order) rewritten between the two
// passes, sent_at no longer in order, is reported as changed, with exit 2,
// an error naming it and none of its results (the JSON document whole):
// when its size changed, and when only its bytes did (same size, its
// modification time put back); removed, with the system's error naming it.
// Unchanged, only touched (a new modification time), or replaced by
// another file of the same bytes (an editor's save by rename), it is
// linted.
func TestStreamChangedBetweenPasses(t *testing.T) {
	for _, kind := range []struct {
		name  string
		lines []string
	}{{"send log", sendLogLines(300)}, {"no send log", datedLines(900)}} {
		n := len(kind.lines)
		for _, tc := range []struct {
			name    string
			rewrite func(p string, st os.FileInfo) error
			want    string // in the error; "" for none
		}{
			{"unchanged", func(string, os.FileInfo) error { return nil }, ""},
			{"touched", func(p string, st os.FileInfo) error {
				later := st.ModTime().Add(time.Hour)
				return os.Chtimes(p, later, later)
			}, ""},
			{"replaced by the same bytes", func(p string, _ os.FileInfo) error {
				tmp := p + ".new"
				if err := os.WriteFile(tmp, []byte(strings.Join(kind.lines, "\n")+"\n"), 0o644); err != nil {
					return err
				}
				return os.Rename(tmp, p)
			}, ""},
			{"removed", func(p string, _ os.FileInfo) error { return os.Remove(p) }, "no such file or directory"},
			{"another size", func(p string, _ os.FileInfo) error {
				lines := slices.Clone(kind.lines)
				slices.Reverse(lines)
				return os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n\n"), 0o644)
			}, "changed between presend's two readings of it"},
			{"same size and time", func(p string, st os.FileInfo) error {
				lines := swapSentAt(kind.lines, 2, n-3)
				if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
					return err
				}
				return os.Chtimes(p, st.ModTime(), st.ModTime())
			}, "changed while being linted"},
		} {
			t.Run(kind.name+"/"+tc.name, func(t *testing.T) {
				p := writeFile(t, filepath.Join(t.TempDir(), "log.jsonl"), strings.Join(kind.lines, "\n")+"\n")
				called := 0
				hooks := lintHooks{betweenPasses: func(file string) {
					called++
					st, err := os.Stat(file)
					if err == nil {
						err = tc.rewrite(file, st)
					}
					if err != nil {
						t.Error(err)
					}
				}}
				var out bytes.Buffer
				code, errs := lintWith(t, hooks, "", &out, "--channel", "sms", "--now", "2026-12-01T10:00:00Z", "--format", "json", p)
				if called != 1 {
					t.Fatalf("the hook was called %d times: the file was not streamed", called)
				}
				var rep struct {
					Results []json.RawMessage `json:"results"`
				}
				if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
					t.Fatalf("the report is not whole: %v\n%s", err, out.String())
				}
				if tc.want == "" {
					if code == exitError || errs != "" || len(rep.Results) != n {
						t.Fatalf("exit %d, %d results, stderr %q: want the %d results", code, len(rep.Results), errs, n)
					}
					return
				}
				if code != exitError || !strings.Contains(errs, p+":") || !strings.Contains(errs, tc.want) {
					t.Errorf("exit %d, stderr %q: want exit %d and an error naming %s: %s", code, errs, exitError, p, tc.want)
				}
				if len(rep.Results) != 0 {
					t.Errorf("%d results of the changed file: want none", len(rep.Results))
				}
			})
		}
	}
}

// TestStreamSendLogLateRecipient: a file whose first recipient comes after
// many lines (a bad one among them), whose places the first pass did not
// keep, is read again as a send log and gives the output of the file read
// whole: every line checked once, the bad line reported once.
func TestStreamSendLogLateRecipient(t *testing.T) {
	lines := slices.Concat(withBad(draftLines(1200), 5), sendLogLines(60)[1:])
	if size := len(strings.Join(lines, "\n")); size < 3*scanBlock {
		t.Fatalf("%d bytes: the first recipient is in the first block", size)
	}
	out := lintStreamedAndWhole(t, lines, 0, "json", "--now", "2026-12-01T10:00:00Z")
	if !strings.Contains(out, `"rule": "duplicate-send"`) || strings.Count(out, `"line":`) < len(lines)-1 {
		t.Errorf("%d results, duplicate-send %v: want every good line checked as a send log", strings.Count(out, `"line":`), strings.Contains(out, "duplicate-send"))
	}
}

// TestStreamScanMemory: the first pass over a JSONL file that is no send
// log keeps no memory per line (a hash per block of 16 KiB: under 4 bytes
// a line, measured as the live heap after it); over a send log it keeps
// each line's place and send time (logLine: 32 bytes), which shows the
// measure sees what is kept.
func TestStreamScanMemory(t *testing.T) {
	if n := unsafe.Sizeof(logLine{}); n != 32 {
		t.Errorf("logLine is %d bytes, the README says 32", n)
	}
	const n = 40000
	for _, sendLog := range []bool{false, true} {
		var b strings.Builder
		for i, l := range datedLines(n) {
			if sendLog {
				l = strings.Replace(l, `{`, fmt.Sprintf(`{"recipient":"+3361234%04d",`, i%50), 1)
			}
			b.WriteString(l)
			b.WriteByte('\n')
		}
		p := writeFile(t, filepath.Join(t.TempDir(), "log.jsonl"), b.String())
		var errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &errb, getenv: func(string) string { return "" }, now: func() time.Time { return linttest.Now }}
		f, paths, _, ok := parseLintFlags(e, []string{"--jobs", "2", p})
		if !ok {
			t.Fatal(errb.String())
		}
		r, ok := newLintRun(e, f, paths)
		if !ok || !r.collect(paths) {
			t.Fatal(errb.String())
		}
		r.wait()
		s := r.newJSONLStream()
		if s == nil {
			t.Fatal("not streamed")
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		got, lines, isLog, ok := s.scan()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(s)
		runtime.KeepAlive(lines)
		if got != n || isLog != sendLog || !ok {
			t.Fatalf("scan: %d lines, send log %v, ok %v: want %d, %v, true", got, isLog, ok, n, sendLog)
		}
		perLine := (float64(after.HeapAlloc) - float64(before.HeapAlloc)) / n
		t.Logf("send log %v: %.2f bytes kept a line, %d blocks", sendLog, perLine, len(s.sums))
		switch {
		case !sendLog && perLine >= 4:
			t.Errorf("%.1f bytes kept a line of a file that is no send log: want under 4 (a hash a block)", perLine)
		case sendLog && perLine < 24:
			t.Errorf("%.1f bytes kept a line of a send log: the measure does not see the 32 of each logLine", perLine)
		}
	}
}
