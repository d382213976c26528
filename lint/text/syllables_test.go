package text

import "testing"

// Syllable counts as a dictionary gives them (English: Merriam-Webster's
// hyphenation points; French: spoken syllables, final mute e silent).
var syllableCases = map[string]map[string]int{
	"en": {
		"a": 1, "the": 1, "cat": 1, "yes": 1, "you": 1, "day": 1, "make": 1, "makes": 1,
		"time": 1, "jumped": 1, "called": 1, "loved": 1, "played": 1, "free": 1, "true": 1,
		"sale": 1, "smile": 1, "miles": 1, "goes": 1, "does": 1, "bye": 1, "eye": 1, "through": 1,
		"happy": 2, "table": 2, "tables": 2, "little": 2, "apple": 2, "cycled": 2, "boxes": 2,
		"pages": 2, "places": 2, "wishes": 2, "wanted": 2, "needed": 2, "delayed": 2, "offered": 2,
		"going": 2, "doing": 2, "seeing": 2, "playing": 2, "making": 2, "using": 2, "lovely": 2,
		"statement": 2, "careful": 2, "hopeless": 2, "value": 2, "trial": 2, "nation": 2,
		"social": 2, "special": 2, "minutes": 2, "updates": 2, "confirmed": 2, "before": 2,
		"language": 2, "beyond": 2, "player": 2, "yellow": 2, "centre": 2, "order": 2,
		"parcel": 2, "delivery": 4, "tomorrow": 3, "appointment": 3, "completely": 3,
		"media": 3, "radio": 3, "period": 3, "premium": 3, "actual": 3, "usual": 3,
		"quality": 3, "video": 3, "piano": 3, "curious": 3, "various": 3, "continue": 3,
		"agreement": 3, "tomato": 3, "banana": 3, "important": 3, "customer": 3,
		"information": 4, "available": 4, "conversation": 4, "unfortunately": 5,
		"opportunity": 5, "communication": 5, "organisation": 5,
		"arrangement": 3, "management": 3, "settlement": 3, "implement": 3, "surely": 2,
		"immediately": 5, "achievement": 3, "unless": 2, "useless": 2, "freely": 2,
	},
	"fr": {
		"a": 1, "y": 1, "le": 1, "je": 1, "que": 1, "les": 1, "des": 1, "table": 1, "tables": 1,
		"votre": 1, "notre": 1, "quatre": 1, "parlent": 1, "viennent": 1, "doivent": 1, "oui": 1,
		"nuit": 1, "hier": 1, "vie": 1, "joue": 1, "yeux": 1, "cœur": 1, "type": 1, "moi": 1,
		"merci": 2, "bonjour": 2, "demain": 2, "semaine": 2, "message": 2, "commande": 2,
		"idée": 2, "idées": 2, "créer": 2, "pitié": 2, "naïf": 2, "noël": 2, "payer": 2,
		"crayon": 2, "voyage": 2, "jouer": 2, "louer": 2, "question": 2, "moment": 2,
		"comment": 2, "piano": 2, "patient": 2, "aujourd'hui": 3, "rendez-vous": 3,
		"peut-être": 2, "livraison": 3, "téléphone": 3, "magasin": 3, "réception": 3,
		"samedi": 3, "poésie": 3, "réunion": 3, "étudient": 3, "questionnaire": 3,
		"vendredi": 3, "attention": 3, "également": 4, "rapidement": 4, "aéroport": 4,
		"réalité": 4, "information": 4, "continuer": 4, "immédiatement": 5,
		"disponibilité": 6, "malheureusement": 5, "confirmation": 4, "rembourser": 3,
	},
}

func TestSyllables(t *testing.T) {
	for lang, words := range syllableCases {
		if len(words) < 50 {
			t.Errorf("%s: %d words, want at least 50", lang, len(words))
		}
		for w, want := range words {
			if got := Syllables(lang, w); got != want {
				t.Errorf("Syllables(%s, %q) = %d, want %d", lang, w, got, want)
			}
		}
	}
	for _, s := range []string{"", "123", "—", "'"} {
		if n := Syllables("en", s); n != 0 {
			t.Errorf("Syllables(en, %q) = %d, want 0", s, n)
		}
	}
	if n := Syllables("fr", "PARLENT"); n != 1 {
		t.Errorf("Syllables(fr, PARLENT) = %d, want 1 (case folds)", n)
	}
}

func BenchmarkSyllables(b *testing.B) {
	var words [][2]string
	for lang, ws := range syllableCases {
		for w := range ws {
			words = append(words, [2]string{lang, w})
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w := words[i%len(words)]
		Syllables(w[0], w[1])
	}
}

// TestLettersPlain: letters gives a word of lower-case ASCII letters back
// as it is, without allocating, and reads every other word as before:
// its letters in lower case.
func TestLettersPlain(t *testing.T) {
	for w, want := range map[string]string{
		"hello": "hello", "Hello": "hello", "don't": "dont", "week-end": "weekend", "été": "été",
		"ÉTÉ": "été", "r2d2": "rd", "": "", "123": "", "ß": "ß",
	} {
		if got, ok := letters(w); got != want || ok != (want != "") {
			t.Errorf("letters(%q) = %q, %v; want %q", w, got, ok, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { letters("tomorrow") }); n != 0 {
		t.Errorf("letters of a lower-case ASCII word: %v allocations, want 0", n)
	}
}
