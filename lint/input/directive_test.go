package input

import (
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

func TestParseDirective(t *testing.T) {
	tests := []struct {
		line    string
		kw      string
		rules   []string
		indent  int
		isDirct bool
	}{
		{"<!-- presend-disable length,spammy-content -->", directiveDisable, []string{"length", "spammy-content"}, 0, true},
		{"  # presend-disable-next-line length, paragraphs\r", directiveNextLine, []string{"length", "paragraphs"}, 2, true},
		{"// presend-disable", directiveDisable, nil, 0, true},
		{"#presend-disable length", directiveDisable, []string{"length"}, 0, true},
		{"# presend-disabled length", "", nil, 0, false},
		{"Use presend-disable length to silence it", "", nil, 0, false},
		{"<!-- presend-disable length", "", nil, 0, false},
		{"# 1 seller in town", "", nil, 0, false},
	}
	for _, tt := range tests {
		kw, rules, indent, ok := parseDirective(tt.line)
		if ok != tt.isDirct || kw != tt.kw || !slices.Equal(rules, tt.rules) || indent != tt.indent {
			t.Errorf("parseDirective(%q) = %q %q %d %v", tt.line, kw, rules, indent, ok)
		}
	}
}

func TestReadTextDirectives(t *testing.T) {
	src := "<!-- presend-disable spammy-content -->\n" +
		"Hello Zoé,\r\n" +
		"  # presend-disable-next-line length\n" +
		"// presend-disable-next-line paragraphs\n" +
		"your order ships today.\n" +
		"# presend-disable-next-line\n"
	msgs, err := Read(strings.NewReader(src), "d.md", FormatText)
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if want := "Hello Zoé,\r\nyour order ships today.\n"; m.Text != want {
		t.Fatalf("Text = %q, want %q", m.Text, want)
	}
	checkPositions(t, m, []posCase{
		{"Hello", 0, lint.Position{Line: 2, Column: 1}},
		{"é", 0, lint.Position{Line: 2, Column: 9}},
		{"\r", 0, lint.Position{Line: 2, Column: 11}},
		{"your", 0, lint.Position{Line: 5, Column: 1}},
		{"today", 0, lint.Position{Line: 5, Column: 18}},
	})
	if end := m.Map.Position(len(m.Text)); end != (lint.Position{Line: 7, Column: 1}) {
		t.Errorf("end of text at %v", end)
	}
	want := []lint.Suppression{
		{Rules: []string{"spammy-content"}, Line: 1, Column: 1, Offset: 0, Directive: directiveDisable},
		{Rules: []string{"length"}, FromLine: 5, ToLine: 5, Line: 3, Column: 3, Offset: 13, Directive: directiveNextLine},
		{Rules: []string{"paragraphs"}, FromLine: 5, ToLine: 5, Line: 4, Column: 1, Offset: 13, Directive: directiveNextLine},
		{FromLine: 7, ToLine: 7, Line: 6, Column: 1, Offset: len(m.Text), Directive: directiveNextLine},
	}
	if len(m.Suppress) != len(want) {
		t.Fatalf("Suppress = %+v", m.Suppress)
	}
	for i := range want {
		g, w := m.Suppress[i], want[i]
		if !slices.Equal(g.Rules, w.Rules) || g.FromLine != w.FromLine || g.ToLine != w.ToLine || g.Line != w.Line ||
			g.Column != w.Column || g.Offset != w.Offset || g.Directive != w.Directive {
			t.Errorf("Suppress[%d] = %+v, want %+v", i, g, w)
		}
	}
}

// A draft without directives keeps the plain line map and no suppressions,
// even when it mentions presend-disable in its text.
func TestReadTextNoDirective(t *testing.T) {
	msgs, err := Read(strings.NewReader("Write presend-disable in a comment.\n"), "d.txt", FormatText)
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Suppress != nil || msgs[0].Text != "Write presend-disable in a comment.\n" {
		t.Errorf("got %+v", msgs[0])
	}
}
