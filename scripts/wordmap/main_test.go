package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSplitWords(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Hello wrld, don't be late!", []string{"Hello", "wrld", "don't", "be", "late"}},
		{"Aujourd’hui à 10h30 : l'été.", []string{"Aujourd’hui", "à", "h", "l'été"}},
		{"'quoted' x'", []string{"quoted", "x"}},
		{"", nil},
	} {
		if got := slices.Collect(splitWords(c.in)); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.dic")
	if err := os.WriteFile(path, []byte("3\nhello/MS\nworld\n été/F\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	words := map[string]struct{}{}
	if err := load(words, path); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"hello", "world", "été"} {
		if _, ok := words[w]; !ok {
			t.Errorf("%q not loaded: %v", w, words)
		}
	}
	if len(words) != 3 {
		t.Errorf("%d words, want 3: %v", len(words), words)
	}
}
