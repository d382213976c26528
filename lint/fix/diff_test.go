package fix

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\n3\n4x\n5\n6\n7\n8\n9\n10\n11\n12y\n13\n"
	want := `--- a/f
+++ b/f
@@ -1,7 +1,7 @@
 1
 2
 3
-4
+4x
 5
 6
 7
@@ -9,4 +9,5 @@
 9
 10
 11
-12
+12y
+13
`
	if got := Diff("f", []byte(a), []byte(b)); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if Diff("f", []byte(a), []byte(a)) != "" {
		t.Errorf("a diff of equal files")
	}
	got := Diff("f", []byte("a"), []byte("b"))
	if !strings.Contains(got, "-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n") {
		t.Errorf("last line without a break:\n%s", got)
	}
}

// TestDiffApplies checks the diff of random-ish edits by applying it.
func TestDiffApplies(t *testing.T) {
	a := strings.Split("a b c d e f g h i j k l m n o p q r s t", " ")
	b := strings.Split("a c d X e f h i Y Z k l m o p q r s t u", " ")
	ops := diffLines(lines(a), lines(b))
	var gotA, gotB []string
	for _, o := range ops {
		if o.kind != '+' {
			gotA = append(gotA, o.line)
		}
		if o.kind != '-' {
			gotB = append(gotB, o.line)
		}
	}
	if strings.Join(gotA, "") != strings.Join(lines(a), "") || strings.Join(gotB, "") != strings.Join(lines(b), "") {
		t.Errorf("ops do not rebuild both sides")
	}
	kept := 0
	for _, o := range ops {
		if o.kind == ' ' {
			kept++
		}
	}
	if kept != 16 { // the longest common subsequence
		t.Errorf("kept %d lines, want 16", kept)
	}
}

func lines(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x + "\n"
	}
	return out
}
