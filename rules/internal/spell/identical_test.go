package spell

import (
	"fmt"
	"hash/fnv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint/linttest/golden"
)

// The suggestion search was rewritten without a string per candidate; the
// old search, kept for a while as a frozen copy, gave the same answers on
// the inputs below. Its answers are recorded in testdata/suggest/*.golden
// (written by the current search once it was proven identical to the old
// one), and these tests hold the search to them: any change of a
// suggestion, of their order or of a verdict fails. After a deliberate
// change, `go test ./rules/internal/spell -run Suggest -update` (never
// with -short) rewrites the files: review every changed line.

// verdictNames names the verdicts of checkCase in the golden files.
var verdictNames = [...]string{miss: "miss", found: "found", forbidden: "forbidden"}

// suggestLine is one golden line: the word's key, the verdict of
// checkCase, SuggestNear's suggestions and, when asked, SuggestWith's.
// It returns how many suggestions SuggestNear made too.
func suggestLine(d *Dict, key, w string, extra Words, twoEdits bool) (string, int) {
	r, _ := d.checkCase(w, extra)
	near := d.SuggestNear(w, extra)
	line := key + "\t" + verdictNames[r] + "\t" + strings.Join(near, "|")
	if twoEdits {
		line += "\t" + strings.Join(d.SuggestWith(w, extra), "|")
	}
	return line, len(near)
}

// corpusKey stands for a word of the corpus in the golden files: the
// corpus texts stay out of the repository, so a word read from them is
// recorded only as a hash (enough to see that the inputs changed), and
// `go test -run TestSuggestGolden -v` prints it beside any difference.
func corpusKey(w string) string {
	h := fnv.New32a()
	_, _ = h.Write([]byte(w))
	return fmt.Sprintf("#%08x", h.Sum32())
}

// compareGolden compares lines with the golden file at path, line by line.
// A partial run (-short) compares the first len(lines) lines only, and
// cannot rewrite the file.
func compareGolden(t *testing.T, path string, lines, words []string, partial bool) {
	t.Helper()
	if *golden.Update {
		if partial {
			t.Fatalf("%s: -update needs the full run (without -short)", path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if !partial && len(want) != len(lines) {
		t.Errorf("%s: %d lines, the search gave %d (run go test -update and review the diff)", path, len(want), len(lines))
	}
	differ := 0
	for i, got := range lines {
		if i < len(want) && got == want[i] {
			continue
		}
		differ++
		if differ <= 10 {
			w := ""
			if i < len(want) {
				w = want[i]
			}
			t.Errorf("%s:%d: word %q\n got  %q\n want %q", path, i+1, words[i], got, w)
		}
	}
	if differ > 0 {
		t.Errorf("%s: %d of %d lines differ (run go test -update and review the diff)", path, differ, len(lines))
	}
}

// TestSuggestGolden asks for suggestions for the real misspellings of the
// corpus, read at test time, and for misspellings made from dictionary
// words (for French: the corpus is mostly English): the same suggestions
// in the same order, byte for byte, and the same verdicts as recorded.
// SuggestWith (two edits deep: up to 40,000 checks each) is asked for one
// word in twenty.
func TestSuggestGolden(t *testing.T) {
	limits := map[string]int{"en": 3000, "fr": 400}
	partial := testing.Short()
	if partial {
		limits = map[string]int{"en": 300, "fr": 40}
	}
	extra := NewWords("WhatsApp", "SMS", "emoji", "app", "ok", "online", "Wi-Fi")
	for _, c := range agreementDicts {
		t.Run(c.lang, func(t *testing.T) {
			d := loadOrSkip(t, c.dic)
			words := misspelled(t, d)
			fromCorpus := len(words)
			for _, w := range sample(d, 2000, 3) {
				if len([]rune(w)) >= 4 && !d.Check(w) {
					words = append(words, w)
				}
			}
			words = words[:min(len(words), limits[c.lang])]
			if len(words) < limits[c.lang]/2 {
				t.Fatalf("only %d misspelled words to compare", len(words))
			}
			lines := make([]string, len(words))
			with := 0
			for i, w := range words {
				key := w // made from the dictionary: recorded as it is
				if i < fromCorpus {
					key = corpusKey(w)
				}
				var n int
				lines[i], n = suggestLine(d, key, w, extra, i%20 == 0)
				if n > 0 {
					with++
				}
			}
			compareGolden(t, filepath.Join("testdata", "suggest", c.lang+".golden"), lines, words, partial)
			t.Logf("%s: %d words compared (%d from the corpus), %d with suggestions", c.lang, len(words), min(fromCorpus, len(words)), with)
		})
	}
}

// TestSuggestExtraGolden: misspellings of extra words (project
// vocabulary), in every capitalisation, get the recorded suggestions,
// which include the extra word.
func TestSuggestExtraGolden(t *testing.T) {
	d := loadOrSkip(t, "/usr/share/hunspell/en_US.dic")
	extra := NewWords("WhatsApp", "presendo", "émojis", "Wi-Fi", "ok")
	cases := map[string]string{
		"presnedo": "presendo", "Presnedo": "Presendo", "PRESNEDO": "PRESENDO", "presendoo": "presendo",
		"WhatsAp": "WhatsApp", "émoijs": "émojis", "Émoijs": "Émojis", "Wi-Fii": "Wi-Fi", "prsendo": "presendo",
	}
	words := slices.Sorted(maps.Keys(cases))
	lines := make([]string, len(words))
	for i, w := range words {
		lines[i], _ = suggestLine(d, w, w, extra, false)
		if got := d.SuggestNear(w, extra); !slices.Contains(got, cases[w]) {
			t.Errorf("SuggestNear(%q) = %q, want %q among them", w, got, cases[w])
		}
	}
	compareGolden(t, filepath.Join("testdata", "suggest", "extra.golden"), lines, words, false)
}
