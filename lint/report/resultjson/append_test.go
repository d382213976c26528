package resultjson

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/lint"
)

// encoderJSON is what AppendJSON replaces: encoding/json on Of(r), HTML
// left unescaped, less the encoder's newline.
func encoderJSON(r *lint.Result) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Of(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// pieces are what the random strings are glued from: every byte class
// encoding/json treats apart (controls, the named escapes, quote,
// backslash, HTML characters, DEL), invalid and truncated UTF-8, U+2028
// and U+2029, and ordinary text in both languages.
var pieces = []string{
	"", "a", "Bonjour Ana, votre colis arrive", " ", "é", "É", "ﬁ", "😀", "\u2028", "\u2029", "\u2027", "\u202a",
	"\x00", "\x01", "\x1f", "\b", "\f", "\n", "\r", "\t", "\x7f", `"`, `\`, "<", ">", "&", "'", "/",
	"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf0\x9f", "%", "{{1}}", "\ufffd", "\u00a0",
}

func randString(r *rand.Rand) string {
	return corpustest.Glue(r, pieces, r.IntN(6))
}

func randResult(r *rand.Rand) *lint.Result {
	res := &lint.Result{
		Source: randString(r), ID: randString(r), Line: r.IntN(3) - 1, Channel: randString(r), Lang: randString(r),
		Score: r.IntN(101), Verdict: lint.Verdict(randString(r)), Preview: randString(r), History: randString(r),
	}
	if r.IntN(2) == 0 {
		res.Segments, res.Encoding = r.IntN(4)-1, randString(r)
	}
	for range r.IntN(4) {
		f := lint.Finding{
			Rule: randString(r), Severity: lint.Severity(1 + r.IntN(3)), Message: randString(r), Detail: randString(r),
			Line: r.IntN(100), Column: r.IntN(100), EndLine: r.IntN(100), EndColumn: r.IntN(100), Start: r.IntN(1 << 20), End: -r.IntN(3),
		}
		if r.IntN(3) == 0 {
			f.RetryAfter = time.Date(2026, 12, 7, r.IntN(24), r.IntN(60), 0, 0, time.FixedZone("", (r.IntN(25)-12)*3600))
		}
		for range r.IntN(3) {
			fix := lint.Fix{Title: randString(r), Safe: r.IntN(2) == 0}
			for range r.IntN(3) {
				fix.Edits = append(fix.Edits, lint.Edit{Start: r.IntN(50), End: r.IntN(50), New: randString(r)})
			}
			f.Fixes = append(f.Fixes, fix)
		}
		res.Findings = append(res.Findings, f)
	}
	return res
}

// TestAppendJSONMatchesEncoder checks AppendJSON byte for byte against
// encoding/json on 20,000 random results (optional fields present and
// absent, empty and full arrays, strings of every escape class), and
// AppendJSONIndent against json.Indent of encoding/json's output.
func TestAppendJSONMatchesEncoder(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 2026))
	escaped := 0
	for range 20_000 {
		res := randResult(r)
		want, err := encoderJSON(res)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendJSON([]byte("prefix"), res)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[len("prefix"):], want) {
			t.Fatalf("result %+v:\n got %s\nwant %s", res, got, want)
		}
		if bytes.Contains(want, []byte(`\u`)) {
			escaped++
		}
		m, err := Marshal(res)
		if err != nil || !bytes.Equal(m, want) {
			t.Fatalf("Marshal: %s, %v; want %s", m, err, want)
		}
		var ind bytes.Buffer
		ind.WriteString("prefix")
		if err := json.Indent(&ind, want, "\t ", "  "); err != nil {
			t.Fatal(err)
		}
		got, err = AppendJSONIndent([]byte("prefix"), res, "\t ", "  ")
		if err != nil || !bytes.Equal(got, ind.Bytes()) {
			t.Fatalf("AppendJSONIndent:\n got %s\nwant %s", got, ind.Bytes())
		}
	}
	if escaped < 5000 {
		t.Errorf("only %d results hold a \\u escape: the comparison proves little", escaped)
	}
}

// TestAppendJSONInvalidSeverity: a finding without a valid severity is
// encoding/json's error, and dst is left as it was.
func TestAppendJSONInvalidSeverity(t *testing.T) {
	res := &lint.Result{Source: "a.txt", Findings: []lint.Finding{{Rule: "x", Severity: 9}}}
	_, want := encoderJSON(res)
	got, err := AppendJSON([]byte("kept"), res)
	if err == nil || want == nil || err.Error() != want.Error() || string(got) != "kept" {
		t.Fatalf("AppendJSON = %q, %v; want %q and encoding/json's error %v", got, err, "kept", want)
	}
	if got, err := AppendJSONIndent([]byte("kept"), res, "", "  "); err == nil || string(got) != "kept" {
		t.Fatalf("AppendJSONIndent = %q, %v; want %q and an error", got, err, "kept")
	}
	if !strings.Contains(err.Error(), "invalid severity 9") {
		t.Errorf("error %q does not name the severity", err)
	}
}

// BenchmarkAppendJSON compares AppendJSON with encoding/json on results
// shaped like real ones: two findings with a fix each.
func BenchmarkAppendJSON(b *testing.B) {
	res := &lint.Result{
		Source: "testdata/messages.jsonl", ID: "order-42", Line: 12, Channel: "sms", Lang: "fr", Score: 88,
		Verdict: lint.VerdictWarn, Preview: "Bonjour Ana, votre colis arrive demain entre 9 h et 12 h.", Segments: 1, Encoding: "GSM-7",
		Findings: []lint.Finding{
			{Rule: "spelling", Severity: lint.Warning, Message: `"demian" is not in the French dictionary`, Line: 1, Column: 30, EndLine: 1, EndColumn: 36, Start: 29, End: 35,
				Fixes: []lint.Fix{{Title: `replace with "demain"`, Edits: []lint.Edit{{Start: 29, End: 35, New: "demain"}}}}},
			{Rule: "preview-truncation", Severity: lint.Info, Message: "preview cuts through a word", Line: 1, Column: 48, EndLine: 1, EndColumn: 51, Start: 47, End: 50},
		},
	}
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf, _ = AppendJSON(buf[:0], res)
		}
	})
	b.Run("append-indent", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf, _ = AppendJSONIndent(buf[:0], res, "    ", "  ")
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = encoderJSON(res)
		}
	})
}
