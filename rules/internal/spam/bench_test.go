package spam

import (
	"testing"

	"github.com/presend/presend/internal/corpustest"
	"github.com/presend/presend/internal/cputime"
	"github.com/presend/presend/lint/text"
)

// cpuTime is the process's CPU time so far (user and system), in
// nanoseconds: it varies less than wall time on a shared machine.
func cpuTime() int64 {
	d, _ := cputime.Process() // 0 where the system does not tell
	return int64(d)
}

// benchTexts are SMS-length messages: clean ones (the common case) and
// spam, in English and French.
var benchTexts = []string{
	"Your parcel #A4821 is on its way and arrives Thursday between 9:00 and 13:00. Track it at https://example.com/t/A4821. Reply STOP to opt out.",
	"Votre colis n° A4821 arrive jeudi entre 9h et 13h. Suivez-le sur https://exemple.fr/s/A4821. Répondez STOP pour ne plus recevoir nos SMS.",
	"Profitez de 20 % de réduction ce week-end sur toute la boutique avec le code HIVER20. Offre valable jusqu'à dimanche minuit. STOP au 36111",
	"Your refund of €42.90 for order 118-4471 was approved today and will reach your bank account within 3 to 5 working days. Thanks!",
	"WINNER!! You have been selected to claim your £900 prize. Call 09061701461 now, T&C apply.",
	"Vous avez gagné un bon d'achat de 500 € ! Réclamez votre gain au 08 99 23 45 67, dernière chance !",
}

// BenchmarkDetect is the detector alone on analysed SMS-length messages,
// as the rule runs it: the analysis is shared with other rules.
func BenchmarkDetect(b *testing.B) {
	d := detector(b)
	as := make([]*text.Analysis, len(benchTexts))
	for i, s := range benchTexts {
		as[i] = analyze(s)
		d.Detect(as[i]) // warm the analyses' stems, as earlier rules would
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		d.Detect(as[i%len(as)])
	}
}

// corpusMessages reads the messages of the shared corpora, or skips.
func corpusMessages(b *testing.B) []string { return corpustest.Texts(b, corpustest.Dir()) }

// BenchmarkDetectCorpus is the detector alone on every message of the
// shared corpora, analysed (and warmed by one Detect) before the timer
// starts, as BenchmarkDetect is on its six messages: real text, with the
// analysis other rules share left out. It reports the time per message.
func BenchmarkDetectCorpus(b *testing.B) {
	msgs := corpusMessages(b)
	d := detector(b)
	as := make([]*text.Analysis, len(msgs))
	for i, m := range msgs {
		as[i] = text.Analyze(m, text.Options{Stems: testStem})
		d.Detect(as[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		for _, a := range as {
			d.Detect(a)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(as)), "ns/msg")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N*len(as)), "cpu-ns/msg")
}

// BenchmarkSpamCorpus analyses and scores every message of the shared
// corpora (read at run time, never copied into the repository) and reports
// messages per second.
func BenchmarkSpamCorpus(b *testing.B) {
	msgs := corpusMessages(b)
	d := detector(b)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	cpu := cpuTime()
	for b.Loop() {
		for _, m := range msgs {
			d.Detect(text.Analyze(m, text.Options{Stems: testStem}))
		}
		n += len(msgs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(cpuTime()-cpu)/float64(n), "cpu-ns/msg")
}

// BenchmarkNewFirstDetect is what one CLI run on one English message pays
// the detector: New with a fresh stem cache, then the first Detect (which
// compiles the English phrase lists on first use).
func BenchmarkNewFirstDetect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		stems := text.NewStemmer()
		d, err := New(stems, Options{})
		if err != nil {
			b.Fatal(err)
		}
		d.Detect(text.Analyze(benchTexts[0], text.Options{Lang: "en", Stems: stems}))
	}
}

// BenchmarkGluedFilter is the filter before gluedFinePrint on the
// benchmark messages, in one pass and as it was (four searches, then a
// pass).
func BenchmarkGluedFilter(b *testing.B) {
	for _, f := range []struct {
		name string
		fn   func(string) bool
	}{{"onepass", mayHaveGluedFinePrint}, {"former", mayHaveGluedFinePrintRef}} {
		b.Run(f.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				f.fn(benchTexts[i%len(benchTexts)])
			}
		})
	}
}
