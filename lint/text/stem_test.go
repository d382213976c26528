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
