package spell

import (
	"slices"
	"testing"
)

// TestSuggestIdentical compares the suggestion search with the one it
// replaced (suggest_old_test.go) on the real misspellings of the corpus,
// computed at test time: the same suggestions in the same order, byte for
// byte, and the same verdicts on the words checked on the way.
func TestSuggestIdentical(t *testing.T) {
	limits := map[string]int{"en": 3000, "fr": 400}
	if testing.Short() {
		limits = map[string]int{"en": 300, "fr": 40}
	}
	extra := NewWords("WhatsApp", "SMS", "emoji", "app", "ok", "online", "Wi-Fi")
	for _, c := range agreementDicts {
		t.Run(c.lang, func(t *testing.T) {
			d := loadOrSkip(t, c.dic)
			old := newOldDict(d)
			words := misspelled(t, d)
			// Misspellings made from dictionary words, for French (the
			// corpus is mostly English).
			for _, w := range sample(d, 2000, 3) {
				if len([]rune(w)) >= 4 && !d.Check(w) {
					words = append(words, w)
				}
			}
			words = words[:min(len(words), limits[c.lang])]
			if len(words) < limits[c.lang]/2 {
				t.Fatalf("only %d misspelled words to compare", len(words))
			}
			differ, with := 0, 0
			for i, w := range words {
				got, want := d.SuggestNear(w, extra), old.oldSuggest(w, extra, false)
				if len(want) > 0 {
					with++
				}
				if !slices.Equal(got, want) {
					differ++
					if differ < 10 {
						t.Errorf("SuggestNear(%q) = %q, was %q", w, got, want)
					}
				}
				if i%20 == 0 { // two edits deep: up to 40,000 checks each
					if got, want := d.SuggestWith(w, extra), old.oldSuggest(w, extra, true); !slices.Equal(got, want) {
						differ++
						t.Errorf("SuggestWith(%q) = %q, was %q", w, got, want)
					}
				}
				if r, _ := d.checkCase(w, extra); r != func() result { r, _ := old.oldCheckCase(w, extra); return r }() {
					t.Errorf("checkCase(%q) = %v, differs from the old check", w, r)
				}
			}
			t.Logf("%s: %d words compared, %d with suggestions, %d differ", c.lang, len(words), with, differ)
		})
	}
}

// TestSuggestExtraIdentical: misspellings of extra words (project
// vocabulary), in every capitalisation, get the same suggestions as from
// the old search, which include the extra word.
func TestSuggestExtraIdentical(t *testing.T) {
	d := loadOrSkip(t, "/usr/share/hunspell/en_US.dic")
	old := newOldDict(d)
	extra := NewWords("WhatsApp", "presendo", "émojis", "Wi-Fi", "ok")
	for w, want := range map[string]string{
		"presnedo": "presendo", "Presnedo": "Presendo", "PRESNEDO": "PRESENDO", "presendoo": "presendo",
		"WhatsAp": "WhatsApp", "émoijs": "émojis", "Émoijs": "Émojis", "Wi-Fii": "Wi-Fi", "prsendo": "presendo",
	} {
		got, was := d.SuggestNear(w, extra), old.oldSuggest(w, extra, false)
		if !slices.Equal(got, was) {
			t.Errorf("SuggestNear(%q) = %q, was %q", w, got, was)
		}
		if !slices.Contains(got, want) {
			t.Errorf("SuggestNear(%q) = %q, want %q among them", w, got, want)
		}
	}
}
