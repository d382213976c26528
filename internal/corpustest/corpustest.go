// Package corpustest gives tests and benchmarks their texts: the labelled
// corpora (label<TAB>text .tsv files of ../shared/corpus, kept outside the
// repository), read at run time so that their texts are never copied into
// the code, and random texts glued from pieces (Glue).
package corpustest

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir is the corpus folder: $PRESEND_CORPUS, or the shared/corpus folder
// beside the repository (the folder holding go.mod, found from the test's
// package folder up).
func Dir() string {
	if dir := os.Getenv("PRESEND_CORPUS"); dir != "" {
		return dir
	}
	dir, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "corpus")
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus")
		}
		up := filepath.Dir(dir)
		if up == dir {
			return filepath.Join("..", "shared", "corpus")
		}
		dir = up
	}
}

// Texts returns the texts of every .tsv file of dir, in file and line
// order, or skips tb when dir has none.
func Texts(tb testing.TB, dir string) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if len(files) == 0 {
		tb.Skipf("no corpus in %s (set PRESEND_CORPUS to a folder of label<TAB>text .tsv files)", dir)
	}
	return Read(tb, files...)
}

// Read returns the text column of the label<TAB>text files given, in order;
// lines without a tab are not messages.
func Read(tb testing.TB, files ...string) []string {
	tb.Helper()
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
		for sc.Scan() {
			if _, text, ok := strings.Cut(sc.Text(), "\t"); ok {
				out = append(out, text)
			}
		}
		_ = fh.Close()
		if err := sc.Err(); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
	}
	return out
}
