package input

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// lineEnd is what ends line i of the tests' logs: CR LF, blank lines
// (one of spaces) or LF in turn.
func lineEnd(i int) string {
	return [...]string{"\r\n", "\n\n   \n", "\n", "\n"}[i%4]
}

// TestEachJSONL: the batches, joined, are the messages ReadFile returns,
// with their lines and positions (a BOM, blank lines, CRLF endings, no
// final line break), each batch at most n long; a bad line stops the read
// with ReadFile's error for it.
func TestEachJSONL(t *testing.T) {
	var b strings.Builder
	b.WriteString(utf8BOM)
	for i := range 23 {
		fmt.Fprintf(&b, `{"id":"m%d","text":"Bonjour %d, votre commande est prête.","lang":"fr"}`, i, i)
		b.WriteString(lineEnd(i))
	}
	b.WriteString(`{"id":"last","text":"See you soon."}`)
	path := filepath.Join(t.TempDir(), "log.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := ReadFile(path)
	if err != nil || len(want) != 24 {
		t.Fatalf("ReadFile: %d messages, %v", len(want), err)
	}
	for _, n := range []int{1, 5, 24, 100} {
		var got []lint.Message
		err := EachJSONL(path, n, func(batch []lint.Message) error {
			if len(batch) > n || len(batch) == 0 {
				t.Errorf("n=%d: a batch of %d", n, len(batch))
			}
			got = append(got, batch...)
			return nil
		})
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("n=%d: the messages differ from ReadFile's", n)
		}
		if p := got[23].Map.Position(0); p.Line != 1+23+2*6 {
			t.Errorf("n=%d: the last message is at line %d", n, p.Line)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\":\"ok\"}\n{\"text\": 3}\n{\"text\":\"ok\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, want2 := ReadFile(bad)
	batches := 0
	err = EachJSONL(bad, 1, func([]lint.Message) error { batches++; return nil })
	if err == nil || want2 == nil || err.Error() != want2.Error() {
		t.Errorf("bad line: %v, want %v", err, want2)
	}
	if batches != 1 {
		t.Errorf("%d batches before the bad line, want 1", batches)
	}
}

// TestEachJSONLBlock: the blocks are whole lines of the file, from where
// they say, in order and without a gap, each of the size asked or at most
// twice the longest line; their messages, with where each line
// is, are the ones EachJSONLLine gives (a byte order mark, CRLF, blank
// lines, no final line break); a bad line stops a block's Each
// with ReadFile's error, naming the file and the line.
func TestEachJSONLBlock(t *testing.T) {
	var b strings.Builder
	b.WriteString(utf8BOM)
	for i := range 40 {
		text := fmt.Sprintf("Bonjour %d, votre commande est prête.", i)
		if i%13 == 5 {
			text = strings.Repeat("Une très longue ligne. ", 30)
		}
		fmt.Fprintf(&b, `{"id":"m%d","text":%q,"lang":"fr"}`, i, text)
		b.WriteString(lineEnd(i))
	}
	b.WriteString(`{"id":"last","text":"See you soon."}`)
	file := []byte(b.String())
	path := filepath.Join(t.TempDir(), "log.jsonl")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	type at struct {
		m    lint.Message
		line Line
	}
	var want []at
	if err := EachJSONLLine(path, func(m lint.Message, l Line) error { want = append(want, at{m, l}); return nil }); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := ReadFile(path); len(want) != 41 || len(msgs) != 41 || !reflect.DeepEqual(want[40].m, msgs[40]) {
		t.Fatalf("EachJSONLLine: %d messages, ReadFile %d", len(want), len(msgs))
	}
	for i, w := range want {
		if got := string(file[w.line.Off : w.line.Off+int64(w.line.Len)]); !strings.HasPrefix(got, `{"id":"`+w.m.ID+`"`) {
			t.Fatalf("message %d: its Line points at %q", i, got)
		}
	}
	longest := 0
	for l := range bytes.Lines(file) {
		longest = max(longest, len(l))
	}
	for _, size := range []int{1, 50, 200, 4096, 1 << 20} {
		var got []at
		next, no := int64(len(utf8BOM)), 1
		err := EachJSONLBlock(path, size, func(blk JSONLBlock) error {
			if blk.Off != next || blk.No != no {
				t.Fatalf("size %d: a block at byte %d, line %d; want %d, %d", size, blk.Off, blk.No, next, no)
			}
			if !bytes.Equal(blk.Data, file[blk.Off:blk.Off+int64(len(blk.Data))]) {
				t.Fatalf("size %d: a block's bytes are not the file's at %d", size, blk.Off)
			}
			end := blk.Off + int64(len(blk.Data))
			if end < int64(len(file)) && blk.Data[len(blk.Data)-1] != '\n' {
				t.Fatalf("size %d: the block at %d cuts a line", size, blk.Off)
			}
			if len(blk.Data) > max(size, 2*longest) {
				t.Fatalf("size %d: a block of %d bytes (the longest line has %d)", size, len(blk.Data), longest)
			}
			next, no = end, no+bytes.Count(blk.Data, []byte{'\n'})
			return blk.Each(path, func(m lint.Message, l Line) error { got = append(got, at{m, l}); return nil })
		})
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if next != int64(len(file)) {
			t.Fatalf("size %d: blocks end at byte %d of %d", size, next, len(file))
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("size %d: the messages or their lines differ from EachJSONLLine's", size)
		}
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\":\"ok\"}\n\n{\"text\":\"ok\"}\n{\"text\": 3}\n{\"text\":\"ok\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, wantErr := ReadFile(bad)
	var good int
	var gotErr error
	err := EachJSONLBlock(bad, 1, func(blk JSONLBlock) error {
		if err := blk.Each(bad, func(lint.Message, Line) error { good++; return nil }); err != nil && gotErr == nil {
			gotErr = err
		}
		return nil
	})
	if err != nil || gotErr == nil || wantErr == nil || gotErr.Error() != wantErr.Error() || !strings.Contains(gotErr.Error(), "bad.jsonl:4:") {
		t.Errorf("bad line: %v, want %v (line 4)", gotErr, wantErr)
	}
	if good != 3 {
		t.Errorf("%d good messages around the bad line, want 3", good)
	}
}

// TestEachOrBadBlocks: a JSONL file with bad lines (invalid JSON and
// UTF-8, a wrong field, at block boundaries and past the ten shown) read in
// small blocks with EachOrBad gives the good messages ReadFile returns, in
// order, and, gathered block by block in a BadLines, the error ReadFile
// returns, byte for byte.
func TestEachOrBadBlocks(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		switch {
		case i%13 == 0:
			b.WriteString("{\"text\": broken}\n")
		case i%17 == 0:
			b.WriteString("{\"text\":\"caf\xe9\"}\n")
		case i%29 == 0:
			b.WriteString("{\"txt\":\"a\"}\n")
		default:
			fmt.Fprintf(&b, "{\"id\":\"m%d\",\"text\":\"Order %d ships today.\"}\n", i, i)
		}
	}
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want, wantErr := ReadFile(path)
	if wantErr == nil || !strings.Contains(wantErr.Error(), "more bad lines not shown") {
		t.Fatalf("ReadFile: error %v, want more than ten bad lines", wantErr)
	}
	for _, size := range []int{1, 100, 1 << 10, 64 << 10} {
		var got []lint.Message
		var all BadLines
		var lines []int
		err := EachJSONLBlock(path, size, func(blk JSONLBlock) error {
			var bad BadLines
			err := blk.EachOrBad(path, func(m lint.Message, _ Line) error {
				got = append(got, m)
				return nil
			}, func(err error, at Line) error {
				bad.Add(err)
				lines = append(lines, at.No)
				return nil
			})
			all.Merge(bad)
			return err
		})
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("size %d: %d messages differ from the %d ReadFile returns", size, len(got), len(want))
		}
		if err := all.Err(path); err == nil || err.Error() != wantErr.Error() {
			t.Errorf("size %d: error\n%v\nwant\n%v", size, err, wantErr)
		}
		if all.Len() != len(lines) || lines[0] != 1 || lines[1] != 14 {
			t.Errorf("size %d: %d bad lines counted, at %v", size, all.Len(), lines)
		}
	}
}
