package text

import (
	"fmt"
	"testing"
)

// BenchmarkStemWarm is a warm Stemmer's lookup from every core: most stems
// of a Linter's messages are read, not computed.
func BenchmarkStemWarm(b *testing.B) {
	s := NewStemmer()
	words := make([]string, 2000)
	for i := range words {
		words[i] = fmt.Sprintf("word%dings", i)
		s.Stem("en", words[i])
	}
	for range 3 {
		for _, w := range words {
			s.Stem("en", w)
		}
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			s.Stem("en", words[i%len(words)])
			i++
		}
	})
}

// BenchmarkAnalyze is the analysis every check starts with, on SMS-length
// messages whose language is guessed, with what every check then asks of
// it: the other-language test (three rules ask) and the preview.
func BenchmarkAnalyze(b *testing.B) {
	texts := []string{
		"Your parcel #A4821 is on its way and arrives Thursday between 9:00 and 13:00. Track it at https://example.com/t/A4821. Reply STOP to opt out.",
		"Bonjour {{prenom}}, nous espérons que vous allez bien ! Votre rendez-vous du 3 mars à 10h30 est confirmé. Répondez A pour annuler.",
		"Ihre Bestellung ist unterwegs und wird morgen geliefert. Bitte halten Sie Ihre Sendungsnummer bereit, wir sind für Sie da.",
	}
	st := NewStemmer()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a := Analyze(texts[i%len(texts)], Options{Stems: st})
		for range 3 {
			a.OtherLang()
		}
		a.Preview(40)
	}
}
