package input

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// billionLaughs writes a YAML catalog of levels lists of nine aliases of the
// list above, the first holding nine copies of leaf: 9^levels leaves from a
// few hundred bytes.
func billionLaughs(leaf string, levels int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "l0: &l0 [%s]\n", strings.TrimSuffix(strings.Repeat(leaf+",", 9), ","))
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d,", i-1), 9), ","))
	}
	return []byte(b.String())
}

func TestYAMLAliasBomb(t *testing.T) {
	for _, tt := range []struct {
		name, leaf string
		levels     int
		line       int // the line of the alias the walk was following
	}{
		{"integers", "1", 9, 4},    // 387 million integers, no strings at all
		{"strings", `"lol"`, 9, 4}, // 387 million strings
		{"wide", "1", 30, 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := billionLaughs(tt.leaf, tt.levels)
			done := make(chan error, 1)
			go func() {
				_, err := Read(bytes.NewReader(data), "bomb.yml", FormatYAML)
				done <- err
			}()
			select {
			case err := <-done:
				want := fmt.Sprintf("bomb.yml:%d:", tt.line)
				nodes, _ := aliasBounds(len(data))
				if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), fmt.Sprintf("alias expansion over %d nodes", nodes)) {
					t.Fatalf("%d bytes: err = %v; want %s… alias expansion over %d nodes", len(data), err, want, nodes)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%d bytes: no answer after 10 s", len(data))
			}
		})
	}
}

// TestYAMLAliasBombBytes: few nodes, but each a long string.
func TestYAMLAliasBombBytes(t *testing.T) {
	leaf := strings.Repeat("x", 1<<16)
	data := []byte("a: &a " + leaf + "\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n")
	_, err := Read(bytes.NewReader(data), "long.yml", FormatYAML)
	_, max := aliasBounds(len(data))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("alias expansion over %d bytes of text", max)) {
		t.Fatalf("err = %v; want alias expansion over %d bytes of text", err, max)
	}
}

// TestYAMLAliasesStillRead: anchors, aliases and merge keys of an ordinary
// catalog are followed, and an aliased string maps to where it is written:
// its value, past the anchor ("&hi " at column 7, the text at 11).
func TestYAMLAliasesStillRead(t *testing.T) {
	data := []byte("defaults: &d\n  hi: Hello there\n  bye: See you\nfr:\n  <<: *d\n  again: *hi\nhi2: &hi Welcome back\nlist: [*hi, *hi]\n")
	// "again: *hi" comes before the anchor: YAML refuses it.
	if _, err := Read(bytes.NewReader(data), "c.yml", FormatYAML); err == nil {
		t.Fatal("an alias before its anchor was read")
	}
	data = []byte("defaults: &d\n  hi: &hi Hello there\n  bye: See you\nfr:\n  <<: *d\n  again: *hi\nlist: [*hi, *hi]\n")
	msgs, err := Read(bytes.NewReader(data), "c.yml", FormatYAML)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range msgs {
		p := m.Map.Position(0)
		got = append(got, fmt.Sprintf("%s=%s@%d:%d", m.ID, m.Text, p.Line, p.Column))
	}
	want := "defaults.hi=Hello there@2:11 defaults.bye=See you@3:8 fr.hi=Hello there@2:11 fr.bye=See you@3:8 fr.again=Hello there@2:11 list[0]=Hello there@2:11 list[1]=Hello there@2:11"
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
	// A catalog of many aliases under the bound is read whole.
	var b strings.Builder
	b.WriteString("base: &b {a: one, b: two, c: three}\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "k%d: *b\n", i)
	}
	msgs, err = Read(strings.NewReader(b.String()), "many.yml", FormatYAML)
	if err != nil || len(msgs) != 3003 {
		t.Fatalf("%d messages, %v; want 3003", len(msgs), err)
	}
}
