package lint_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/internal/cputime"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// smsTexts are SMS-length messages (100–160 characters) in English and French.
var smsTexts = []string{
	"Your parcel #A4821 is on its way and arrives Thursday between 9:00 and 13:00. Track it at https://example.com/t/A4821. Reply STOP to opt out.",
	"Votre colis n° A4821 arrive jeudi entre 9h et 13h. Suivez-le sur https://exemple.fr/s/A4821. Répondez STOP pour ne plus recevoir nos SMS.",
	"Hi {{first_name}}, your appointment with Dr. Martin is confirmed for Tue 3 March at 10:30. Reply C to cancel or R to reschedule.",
	"Bonjour {{prenom}}, nous espérons que vous allez bien ! Votre rendez-vous du 3 mars à 10h30 est confirmé. Répondez A pour annuler.",
	"Profitez de 20 % de réduction ce week-end sur toute la boutique avec le code HIVER20. Offre valable jusqu'à dimanche minuit. STOP au 36111",
	"Your refund of €42.90 for order 118-4471 was approved today and will reach your bank account within 3 to 5 working days. Thanks!",
}

func benchLinter(b *testing.B) *lint.Linter {
	b.Helper()
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkNewLinter builds a Linter with every rule under the default
// configuration: the part of one CLI run that comes before the first
// message (phrase lists compiled, detectors built), paid by every process.
func BenchmarkNewLinter(b *testing.B) {
	cfg := linttest.Config()
	all := rules.All()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lint.New(cfg, all); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckSMS is the engine's hot path: every rule on SMS-length
// messages on the sms channel. Messages per second per core = 1e9 / ns/op.
func BenchmarkCheckSMS(b *testing.B) {
	l := benchLinter(b)
	ctx := context.Background()
	msgs := make([]lint.Message, len(smsTexts))
	for i, s := range smsTexts {
		msgs[i] = lint.Message{Text: s, Channel: "sms"}
	}
	// One untimed pass: the dictionaries load on a Linter's first check,
	// and counted in the loop they made allocs/op depend on b.N.
	for _, m := range msgs {
		l.Check(ctx, m)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	n := 0
	for i := 0; b.Loop(); i++ {
		l.Check(ctx, msgs[i%len(msgs)])
		n++
	}
	// CPU time varies less than wall time on a shared machine.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n), "cpu-ns/op")
}

// BenchmarkCheckSMSParallel is the same from all cores on one Linter.
func BenchmarkCheckSMSParallel(b *testing.B) {
	l := benchLinter(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			l.Check(ctx, lint.Message{Text: smsTexts[i%len(smsTexts)], Channel: "sms"})
			i++
		}
	})
}

// BenchmarkCorpus lints every message of the labelled corpora in
// ../shared/corpus (or the folder in PRESEND_CORPUS) on the sms channel and
// reports messages per second and allocations per message. The texts are
// read at run time, never copied into the repository.
func BenchmarkCorpus(b *testing.B) { benchCorpus(b, false) }

// BenchmarkCorpusWarm is BenchmarkCorpus after one untimed pass over the
// corpus: the steady state of a long-running Linter (a gateway, a big
// file), its stem and spelling caches full.
func BenchmarkCorpusWarm(b *testing.B) { benchCorpus(b, true) }

func benchCorpus(b *testing.B, warm bool) {
	var msgs []lint.Message
	for _, text := range corpustest.Texts(b, corpustest.Dir()) {
		msgs = append(msgs, lint.Message{Text: text, Channel: "sms"})
	}
	l := benchLinter(b)
	ctx := context.Background()
	if warm {
		for _, m := range msgs {
			l.Check(ctx, m)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
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
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(len(msgs)), "msgs/op")
	// CPU time varies less than wall time on a shared machine.
	b.ReportMetric(float64(cpu)/float64(n), "cpu-ns/msg")
	b.ReportMetric(float64(ms.Mallocs-mallocs)/float64(n), "allocs/msg")
}

// cpuTime is the CPU time of the process so far (user and system), in
// nanoseconds.
func cpuTime() int64 {
	d, _ := cputime.Process() // 0 where the system does not tell
	return int64(d)
}

// BenchmarkCheckAndRecordMemory is BenchmarkCheckSMS through the memory
// history store: a view, the check and a record per message, over 10,000
// recipients. Its difference from BenchmarkCheckSMS is the store's cost.
func BenchmarkCheckAndRecordMemory(b *testing.B) {
	l := benchLinter(b)
	ctx := context.Background()
	st := history.NewMemory(history.Limits{})
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m := lint.Message{Text: smsTexts[i%len(smsTexts)], Channel: "sms",
			Recipient: recipients[i%len(recipients)], SentAt: at.Add(time.Duration(i) * time.Second)}
		if _, err := l.CheckAndRecord(ctx, st, m, lint.RecordAll); err != nil {
			b.Fatal(err)
		}
	}
}

var recipients = func() []string {
	r := make([]string, 10_000)
	for i := range r {
		r[i] = fmt.Sprintf("3361234%05d", i)
	}
	return r
}()
