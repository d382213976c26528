package rules_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// BenchmarkOptOutCorpus checks the real messages of the corpus as the
// first SMS of a recurring program with only the three rules that look
// for opt-outs on (offer-choice, spammy-content, sms-compliance), which
// share one search per message. Reported per message: CPU time and
// allocations.
//
//	go test -run '^$' -bench OptOutCorpus -count 6 ./rules/
func BenchmarkOptOutCorpus(b *testing.B) {
	msgs := corpusMessages(b)
	for i := range msgs {
		msgs[i].ProgramFirstMessage = true
	}
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{}
	off := false
	for _, r := range rules.All() {
		switch r.Name {
		case "offer-choice", "spammy-content", "sms-compliance":
		default:
			cfg.Rules[r.Name] = lint.RuleConfig{Enabled: &off}
		}
	}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs, cpu := ms.Mallocs, cpuTime()
	n := 0
	for b.Loop() {
		for _, m := range msgs {
			l.Check(ctx, m)
		}
		n += len(msgs)
	}
	cpu = cpuTime() - cpu
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/msg")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(n), "allocs/msg")
}
