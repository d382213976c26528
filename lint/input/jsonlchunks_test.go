package input

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// TestEachJSONL: the batches, joined, are the messages ReadFile returns,
// with their lines and positions (a BOM, blank lines, CRLF endings, no
// final line break), each batch at most n long; a bad line stops the read
// with ReadFile's error for it.
func TestEachJSONL(t *testing.T) {
	var b strings.Builder
	b.WriteString(utf8BOM)
	for i := range 23 {
		fmt.Fprintf(&b, `{"id":"m%d","text":"Bonjour %d, votre commande est prête.","lang":"fr"}`, i, i)
		switch i % 4 {
		case 0:
			b.WriteString("\r\n")
		case 1:
			b.WriteString("\n\n   \n")
		default:
			b.WriteString("\n")
		}
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
