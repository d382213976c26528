//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/internal/cputime"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// BenchmarkLintJSONL lints one JSONL file of 20,000 real SMS envelopes (the
// messages of ../shared/corpus, or of the folder in PRESEND_CORPUS, read at
// run time and repeated; never copied into the repository) through the
// whole command with the JSON report, once with --jobs 1 (one message after
// another) and once on every core, with the default configuration and with
// spelling's brand-after off. Besides wall time per message it reports
// the process's CPU time per message and the ratio of CPU to wall time: on
// 2 cores a file checked on both is near 2, one checked on one near 1.
//
//	go test -run '^$' -bench LintJSONL -benchtime 3x ./cmd/presend/
func BenchmarkLintJSONL(b *testing.B) {
	dir := os.Getenv("PRESEND_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	texts := corpustest.Texts(b, dir)
	const n = 20_000
	file := filepath.Join(b.TempDir(), "sms.jsonl")
	fh, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(fh)
	enc := json.NewEncoder(w)
	for i := range n {
		if err := enc.Encode(map[string]string{"channel": "sms", "lang": "en", "text": texts[i%len(texts)]}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	_ = fh.Close()
	// With spelling's brand-after (the default) a file's messages are
	// checked in order, and only rendered on every core; without it they
	// are checked on every core too.
	free := filepath.Join(b.TempDir(), "presend.toml")
	if err := os.WriteFile(free, []byte("[rules.spelling]\nbrand-after = 0\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct{ name, config, jobs string }{
		{"default/jobs=1", "", "1"}, {"default/jobs=all", "", "0"},
		{"brand-after=0/jobs=1", free, "1"}, {"brand-after=0/jobs=all", free, "0"},
	} {
		b.Run(bb.name, func(b *testing.B) {
			args := []string{"lint", "--format", "json", "--jobs", bb.jobs, file}
			if bb.config != "" {
				args = append(args[:1], append([]string{"--config", bb.config}, args[1:]...)...)
			}
			cpu0 := cpuTime(b)
			for b.Loop() {
				var stderr strings.Builder
				if code := run(args, strings.NewReader(""), io.Discard, &stderr); code != exitBlocked {
					b.Fatalf("exit %d, want %d (blocked): %s", code, exitBlocked, stderr.String())
				}
			}
			cpu := cpuTime(b) - cpu0
			msgs := float64(b.N * n)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/msgs, "ns/msg")
			b.ReportMetric(float64(cpu.Nanoseconds())/msgs, "cpu-ns/msg")
			b.ReportMetric(cpu.Seconds()/b.Elapsed().Seconds(), "cpu/wall")
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	d, ok := cputime.Process()
	if !ok {
		b.Fatal("no process CPU time on this system")
	}
	return d
}

// BenchmarkCheckLogBrands checks 20,000 real SMS (../shared/corpus or
// PRESEND_CORPUS, read at run time, repeated, from one source, each with an
// id) with the default configuration (spelling's brand-after on) one after
// another (Linter.CheckLog: "in-turn") and in blocks of guesses confirmed
// in order ("guessed"), fails if any result differs, and reports CPU per
// message, the CPU/wall ratio and the share of messages checked again.
//
//	go test -run '^$' -bench CheckLogBrands -benchtime 2x ./cmd/presend/
func BenchmarkCheckLogBrands(b *testing.B) {
	dir := os.Getenv("PRESEND_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	texts := corpustest.Texts(b, dir)
	msgs := make([]lint.Message, 20_000)
	for i := range msgs {
		msgs[i] = lint.Message{Source: "sms.jsonl", ID: fmt.Sprint(i), Channel: "sms", Lang: "en", Text: texts[i%len(texts)]}
	}
	newLinter := func() *lint.Linter {
		l, err := lint.New(linttest.Config(), rules.All())
		if err != nil {
			b.Fatal(err)
		}
		return l
	}
	want, err := newLinter().CheckLog(context.Background(), nil, msgs)
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"in-turn", "guessed"} {
		b.Run(mode, func(b *testing.B) {
			again := 0
			var cpu time.Duration
			for b.Loop() {
				l := newLinter() // a fresh count each run
				cpu0 := cpuTime(b)
				var got []lint.Result
				if mode == "in-turn" {
					got, _ = l.CheckLog(context.Background(), nil, msgs)
				} else {
					var n int
					got, n = checkGuessed(context.Background(), l, msgs, 0)
					again += n
				}
				cpu += cpuTime(b) - cpu0
				b.StopTimer()
				for i := range got {
					w, _ := json.Marshal(want[i])
					g, _ := json.Marshal(got[i])
					if string(w) != string(g) {
						b.Fatalf("message %d differs:\n got %s\nwant %s", i, g, w)
					}
				}
				b.StartTimer()
			}
			msgN := float64(b.N * len(msgs))
			b.ReportMetric(float64(cpu.Nanoseconds())/msgN, "cpu-ns/msg")
			b.ReportMetric(cpu.Seconds()/b.Elapsed().Seconds(), "cpu/wall")
			b.ReportMetric(float64(again)/msgN, "again/msg")
		})
	}
}
