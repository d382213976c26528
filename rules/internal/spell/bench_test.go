package spell

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/internal/cputime"
)

// corpusWords returns the distinct words of the real messages in
// ../../../../shared/corpus (or the folder in PRESEND_CORPUS), in order of first
// appearance, and how many words the messages hold in all. The texts are
// read at run time, never copied into the repository.
func corpusWords(tb testing.TB) (distinct []string, total int) {
	tb.Helper()
	dir := os.Getenv("PRESEND_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "corpus")
	}
	seen := map[string]bool{}
	for _, name := range []string{"sms-smishing-dev.tsv", "youtube-comments-dev.tsv"} {
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			tb.Skipf("no corpus: %v (set PRESEND_CORPUS to the folder of %s)", err, name)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			_, text, _ := strings.Cut(sc.Text(), "\t")
			if !utf8.ValidString(text) {
				continue
			}
			for _, w := range strings.FieldsFunc(text, func(r rune) bool {
				return !unicode.IsLetter(r) && r != '\'' && r != '-'
			}) {
				if w = strings.Trim(w, "'-"); w == "" {
					continue
				}
				total++
				if !seen[w] {
					seen[w] = true
					distinct = append(distinct, w)
				}
			}
		}
		_ = fh.Close()
	}
	return distinct, total
}

// misspelled returns the corpus words of four letters or more that d
// rejects: the words the linter asks suggestions for.
func misspelled(tb testing.TB, d *Dict) []string {
	words, _ := corpusWords(tb)
	var out []string
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 4 && !d.Check(w) {
			out = append(out, w)
		}
	}
	return out
}

// BenchmarkSuggest asks SuggestNear (the linter's search) for each
// misspelled word of the real corpus, uncached: ns/op is per word.
func BenchmarkSuggest(b *testing.B) {
	for _, c := range agreementDicts {
		b.Run(c.lang, func(b *testing.B) {
			d := loadOrSkip(b, c.dic)
			words := misspelled(b, d)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			cpu := cpuTime()
			for b.Loop() {
				d.SuggestNear(words[i%len(words)], nil)
				i++
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkLoad reads a dictionary: cold from its Hunspell files (the
// first run, or the first after the files changed, which also writes the
// compiled form), warm from the compiled form in the cache folder.
func BenchmarkLoad(b *testing.B) {
	for _, c := range agreementDicts {
		b.Run(c.lang+"/cold", func(b *testing.B) {
			loadOrSkip(b, c.dic)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if _, err := Load(AffPath(c.dic), c.dic); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
		b.Run(c.lang+"/warm", func(b *testing.B) {
			loadOrSkip(b, c.dic)
			dir := b.TempDir()
			if _, err := LoadCached(dir, AffPath(c.dic), c.dic); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				d, err := LoadCached(dir, AffPath(c.dic), c.dic)
				if err != nil || !fromCache(d) {
					b.Fatalf("not from the cache: %v", err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time of the process so far (user and system), in
// nanoseconds: on a loaded machine it varies less than wall time. It counts
// the garbage collector's work on other cores too.
func cpuTime() int64 {
	d, _ := cputime.Process() // 0 where the system does not tell
	return int64(d)
}
