package report

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// TestElementIndent: an element renders as a json.Encoder with SetIndent
// writes it, on random values full of what a naive indenter gets wrong:
// brackets, commas, colons, quotes and backslashes inside strings, empty
// objects and arrays, nesting, numbers, null, non-ASCII text.
func TestElementIndent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 17))
	pieces := []string{"a", "{", "}", "[", "]", ",", ":", `"`, `\`, `\"`, " ", "\n", "\t", "é", "💬", "<&>", "\u2028", "\x01", "null", "1.5"}
	str := func() string {
		return corpustest.Glue(r, pieces, r.IntN(6))
	}
	var value func(depth int) any
	value = func(depth int) any {
		k := r.IntN(8)
		if depth > 3 {
			k = r.IntN(4)
		}
		switch k {
		case 0:
			return str()
		case 1:
			return r.Float64() * 1000
		case 2:
			return nil
		case 3:
			return r.IntN(2) == 0
		case 4, 5:
			m := map[string]any{}
			for range r.IntN(4) {
				m[str()] = value(depth + 1)
			}
			return m
		default:
			s := []any{}
			for range r.IntN(4) {
				s = append(s, value(depth+1))
			}
			return s
		}
	}
	for _, indent := range []string{"", "  ", "\t"} {
		d := &document{indent: indent}
		for range 3000 {
			v := value(0)
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			enc.SetIndent(indent+"  ", "  ")
			want.WriteString(indent + "  ")
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			got, err := d.element(v)
			if err != nil {
				t.Fatal(err)
			}
			if w := strings.TrimSuffix(want.String(), "\n"); got != w {
				t.Fatalf("element(%#v) =\n%s\nwant\n%s", v, got, w)
			}
		}
	}
	// A result as the report writes it.
	d := &document{indent: "  "}
	res := map[string]any{"findings": []any{}, "counts": map[string]int{}, "message": `say "hi", {x}: [1]`, "n": []int{1, 2}}
	got, err := d.element(res)
	if err != nil {
		t.Fatal(err)
	}
	want := "    {\n      \"counts\": {},\n      \"findings\": [],\n      \"message\": \"say \\\"hi\\\", {x}: [1]\",\n      \"n\": [\n        1,\n        2\n      ]\n    }"
	if got != want {
		t.Errorf("element =\n%s\nwant\n%s", got, want)
	}
	if got := string(indentJSON(nil, []byte(`{"a":[],"b":{"c":"]\\\""}}`+"\n"), ">", " ")); got != "{\n> \"a\": [],\n> \"b\": {\n>  \"c\": \"]\\\\\\\"\"\n> }\n>}" {
		t.Errorf("indentJSON = %q", got)
	}
}
