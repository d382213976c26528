package rules_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/presend/presend/internal/cputime"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// corpusMessages reads the real messages of ../shared/corpus (or the folder
// in PRESEND_CORPUS): label<TAB>text lines. The texts are read at run time,
// never copied into the repository.
func corpusMessages(b *testing.B) []lint.Message {
	b.Helper()
	dir := os.Getenv("PRESEND_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "corpus")
	}
	var msgs []lint.Message
	for _, name := range []string{"sms-smishing-dev.tsv", "youtube-comments-dev.tsv"} {
		fh, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			b.Skipf("no corpus: %v (set PRESEND_CORPUS to the folder of %s)", err, name)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			if _, text, ok := strings.Cut(sc.Text(), "\t"); ok {
				msgs = append(msgs, lint.Message{Text: text, Channel: "sms"})
			}
		}
		_ = fh.Close()
		if err := sc.Err(); err != nil {
			b.Fatalf("%s: %v", name, err)
		}
	}
	return msgs
}

// BenchmarkSpellCorpus checks the real, typo-heavy messages of the corpus
// with only the spelling rule on (suggestions at their default), one new
// Linter per pass: each pass starts with an empty suggestion cache, as one
// run of presend does (dictionaries are loaded once per process and not
// counted). Reported per message: ns/msg (CPU on one core) and allocs/msg.
func BenchmarkSpellCorpus(b *testing.B) { benchSpellCorpus(b, false) }

// BenchmarkSpellCorpusWarm is BenchmarkSpellCorpus on one Linter for every
// pass, after one untimed pass: a long-running Linter (presend serve, a
// big JSONL file), whose caches of word verdicts and suggestions hold the
// corpus's words.
func BenchmarkSpellCorpusWarm(b *testing.B) { benchSpellCorpus(b, true) }

func benchSpellCorpus(b *testing.B, warmed bool) {
	msgs := corpusMessages(b)
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{}
	off := false
	for _, r := range rules.All() {
		if r.Name != "spelling" {
			cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &off}
		}
	}
	ctx := context.Background()
	warm, err := lint.New(cfg, rules.All())
	if err != nil {
		b.Fatal(err)
	}
	for _, m := range msgs[:50] { // loads the dictionaries
		warm.Check(ctx, m)
	}
	if warmed {
		for _, m := range msgs {
			warm.Check(ctx, m)
		}
	}
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, cpu := ms.Mallocs, cpuTime()
	b.ResetTimer()
	n := 0
	for b.Loop() {
		l := warm
		if !warmed {
			if l, err = lint.New(cfg, rules.All()); err != nil {
				b.Fatal(err)
			}
		}
		for _, m := range msgs {
			l.Check(ctx, m)
		}
		n += len(msgs)
	}
	b.StopTimer()
	cpu = cpuTime() - cpu
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/msg")
	b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/msg")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(n), "allocs/msg")
	b.ReportMetric(float64(n)/float64(b.N), "msgs/op")
}

// cpuTime is the CPU time of the process so far (user and system), in
// nanoseconds: on a loaded machine it varies less than wall time.
func cpuTime() int64 {
	d, _ := cputime.Process() // 0 where the system does not tell
	return int64(d)
}
