package spell

import (
	"slices"
	"testing"
)

func TestNoLatin(t *testing.T) {
	for w, want := range map[string]bool{
		"강남스타일": true, "ஜ": true, "Привет": true, "hello": false, "Οh": false, // Greek omicron + Latin h: checked
		"café": false, "": false, "123": false,
	} {
		if got := NoLatin(w); got != want {
			t.Errorf("NoLatin(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestFoldWidth(t *testing.T) {
	for w, want := range map[string]string{"ＣＯＭＭＥＮＴ": "COMMENT", "ＦＡＮＣY": "FANCY", "ｏｋ１２": "ok12", "plain": "plain"} {
		got, folded := FoldWidth(w)
		if got != want || folded != (w != want) {
			t.Errorf("FoldWidth(%q) = %q, %v; want %q", w, got, folded, want)
		}
	}
}

func TestInterjection(t *testing.T) {
	for _, w := range []string{"haha", "Hahaha", "hahah", "HAHAHA", "hehe", "hihi", "hmm", "Hmmmm", "mmm", "Ahhh", "argh", "Aarghh", "aww", "ughhh", "shhh"} {
		if !Interjection(w) {
			t.Errorf("Interjection(%q) = false", w)
		}
	}
	// Typos and words that only look alike stay words to check.
	for _, w := range []string{"ha", "hah", "hahha", "haah", "ham", "harsh", "humm", "ahead", "mm", "awe", "shah", "hoho!", "hähä"} {
		if Interjection(w) {
			t.Errorf("Interjection(%q) = true", w)
		}
	}
}

func TestAmericanForms(t *testing.T) {
	for w, want := range map[string][]string{
		"colour": {"color"}, "Favourite": {"Favorite"}, "behaviour": {"behavior"}, "neighbourhood": {"neighborhood"},
		"centre": {"center"}, "theatres": {"theaters"}, "fibre": {"fiber"},
		"cancelled": {"canceled"}, "travelling": {"traveling"}, "counsellor": {"counselor"}, "fuelled": {"fueled"}, "dialling": {"dialing"},
		"organise": {"organize"}, "realised": {"realized"}, "organisation": {"organization"}, "analyse": {"analyze"},
		"catalogue": {"catalog"}, "licence": {"license"}, "fulfil": {"fulfill"}, "TYRES": {"TIRES"},
		"aeroplane": {"airplane"}, "cheques": {"checks"}, "programme": {"program"},
	} {
		if got := AmericanForms(w); !slices.Contains(got, want[0]) {
			t.Errorf("AmericanForms(%q) = %q, want it to hold %q", w, got, want[0])
		}
	}
	// Short words and "-re" after other letters have no American form: a
	// typo such as "hre" (her, here) must not pass for a British spelling;
	// nor has an l doubled after two vowels: "mailled" is a typo in British
	// English too.
	for _, w := range []string{"hre", "our", "hour", "tour", "are", "fire", "cancel", "mum", "mailled", "failling", "spoilled", "feelling"} {
		if got := AmericanForms(w); len(got) != 0 {
			t.Errorf("AmericanForms(%q) = %q, want none", w, got)
		}
	}
}

func TestEmoticon(t *testing.T) {
	for w, want := range map[string]bool{"xD": true, "XD": true, "xP": true, "xd": false, "xO": false, "xDD": false, "D": false} {
		if got := Emoticon(w); got != want {
			t.Errorf("Emoticon(%q) = %v, want %v", w, got, want)
		}
	}
}
