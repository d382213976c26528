package spell

import "testing"

// BenchmarkMappedLookups is the suggestion search (hundreds of word-table
// lookups a word) on the parsed dictionary and on the same dictionary
// mapped from its compiled form, whose lookups check each block as they
// first read it and range-check what they read: the cost of those checks
// once every block was read. ns/op is per word.
func BenchmarkMappedLookups(b *testing.B) {
	for _, c := range agreementDicts {
		parsed := loadOrSkip(b, c.dic)
		dir := b.TempDir()
		if _, err := LoadCached(dir, AffPath(c.dic), c.dic); err != nil {
			b.Fatal(err)
		}
		mapped, err := LoadCached(dir, AffPath(c.dic), c.dic)
		if err != nil || mapped.words.chk == nil {
			b.Fatalf("not mapped: %v", err)
		}
		words := misspelled(b, parsed)
		for _, v := range []struct {
			name string
			d    *Dict
		}{{"parsed", parsed}, {"mapped", mapped}} {
			b.Run(c.lang+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					v.d.SuggestNear(words[i%len(words)], nil)
					i++
				}
			})
		}
	}
}
