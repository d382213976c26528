package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestYAMLAnchorMap: a scalar with properties (an anchor, a tag) is placed
// by the parser at its first property; its text must map to its value, each
// character to its own column, in every style and when the value is on the
// next line. A message read through an alias shares the anchor's map.
func TestYAMLAnchorMap(t *testing.T) {
	for _, tt := range []struct{ name, data, key string }{
		{"double-quoted", "en:\n  a: &greet \"Héllo, Sam\"\n", "en.a"},
		{"single-quoted", "en:\n  a: &greet 'Héllo, Sam'\n", "en.a"},
		{"plain", "en:\n  a: &greet Héllo, Sam\n", "en.a"},
		{"tag and anchor", "en:\n  a: !!str &greet \"Héllo, Sam\"\n", "en.a"},
		{"anchor then tag", "en:\n  a: &greet !!str \"Héllo, Sam\"\n", "en.a"},
		{"value on the next line", "en:\n  a: &greet # the greeting\n    \"Héllo, Sam\"\n", "en.a"},
		{"literal block", "en:\n  a: &greet |-\n    Héllo, Sam\n", "en.a"},
		{"through an alias", "en:\n  a: &greet \"Héllo, Sam\"\n  b: *greet\n", "en.b"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msgs, err := readYAML([]byte(tt.data), "en.yml")
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			lines := strings.Split(tt.data, "\n")
			for _, m := range msgs {
				if m.ID != tt.key {
					continue
				}
				found = true
				if m.Text != "Héllo, Sam" {
					t.Fatalf("text %q", m.Text)
				}
				// Every character maps to itself in the file.
				for off, r := range m.Text {
					p := m.Map.Position(off)
					if p.Line < 1 || p.Line > len(lines) {
						t.Fatalf("offset %d maps to line %d", off, p.Line)
					}
					line := []rune(lines[p.Line-1])
					if p.Column < 1 || p.Column > len(line) || line[p.Column-1] != r {
						t.Errorf("offset %d (%q) maps to %d:%d, which is not it in %q", off, r, p.Line, p.Column, lines[p.Line-1])
					}
				}
				end := m.Map.Position(len(m.Text))
				start := m.Map.Position(0)
				if end.Line != start.Line || end.Column-start.Column != utf8.RuneCountInString(m.Text) {
					t.Errorf("the text spans %+v to %+v, want %d columns", start, end, utf8.RuneCountInString(m.Text))
				}
			}
			if !found {
				t.Fatalf("no message %s in %+v", tt.key, msgs)
			}
		})
	}
}
