package text

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestAnalyzeIntoReuses: an analysis into an Analysis that held another
// message equals a fresh one (nothing of the earlier message shows through:
// tokens, placeholders, graphemes, per-token caches), and once its buffers
// have grown it analyses the next message without allocating.
func TestAnalyzeIntoReuses(t *testing.T) {
	long := strings.Repeat("Votre colis n° A4821 arrive jeudi à 10h30, répondez STOP. ", 12)
	texts := []string{
		long,
		"Hi {{first_name}}, your {{item}} ships today. Reply STOP to opt out.",
		"Bonjour, l’offre de Noël à 20 € : répondez STOP !",
		"",
		"Hello World From Paris Today Reply Stop",
		"Hi [name], 👋🏽 see you at 10:30 — Anna",
		long[:200],
	}
	o := Options{Placeholders: []*regexp.Regexp{regexp.MustCompile(`\[[a-z]+\]`)}}
	var reused Analysis
	for round := range 2 {
		for _, s := range texts {
			a := AnalyzeInto(&reused, s, o)
			b := Analyze(s, o)
			for i := range a.Tokens {
				if a.Lower(i) != b.Lower(i) || a.Stem(i) != b.Stem(i) {
					t.Fatalf("round %d %q token %d: Lower/Stem %q/%q, fresh %q/%q", round, s, i, a.Lower(i), a.Stem(i), b.Lower(i), b.Stem(i))
				}
			}
			if !reflect.DeepEqual(a.Tokens, b.Tokens) || !reflect.DeepEqual(a.Sentences, b.Sentences) ||
				!reflect.DeepEqual(a.Paragraphs, b.Paragraphs) || a.Lang != b.Lang || a.LangGuess != b.LangGuess ||
				len(a.Placeholders()) != len(b.Placeholders()) || a.Graphemes(0, len(s)) != b.Graphemes(0, len(s)) || a.Preview(40) != b.Preview(40) {
				t.Fatalf("round %d %q: reused analysis differs from a fresh one", round, s)
			}
			if ea, sa, na := a.Fingerprint(); true {
				eb, sb, nb := b.Fingerprint()
				if ea != eb || sa != sb || na != nb {
					t.Fatalf("round %d %q: fingerprint differs", round, s)
				}
			}
		}
	}
	s := "Bonjour {{prenom}}, votre rendez-vous du 3 mars à 10h30 est confirmé, merci de répondre A pour annuler ou R pour le déplacer, à bientôt et bonne journée à vous, l’équipe du cabinet médical"
	// (A guessed language lowers the capitalised words, one string per
	// message; a placeholder pattern's matches are the regexp's own.)
	fr := Options{Lang: "fr"}
	AnalyzeInto(&reused, long, fr)
	if allocs := testing.AllocsPerRun(50, func() { AnalyzeInto(&reused, s, fr) }); allocs != 0 {
		t.Errorf("AnalyzeInto of a %d-token message into a used Analysis: %v allocations, want 0", len(reused.Tokens), allocs)
	}
}
