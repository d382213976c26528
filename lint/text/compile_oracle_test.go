package text

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/internal/corpustest"
)

// refCompileTable is compileTable as it was before it built its groups
// without Go maps and placed every phrase once (the oracle of
// TestCompileTableOracle): byFirst, the map it returns besides the table,
// is what FirstWords and MaxWords read then.
func refCompileTable(stems *Stemmer, lang string, list []string, exact bool) (*phraseTable, map[uint32][]phrase, error) {
	// ends[i] is where phrase i's words end in words (and hashes).
	ends := make([]int32, len(list))
	words := make([]string, 0, 2*len(list)) // most listed phrases have one or two words
	multi := 0
	for i, p := range list {
		n := len(words)
		words = stems.appendPhraseWords(words, lang, p, exact)
		if len(words) == n {
			return nil, nil, fmt.Errorf("phrase %q has no words", p)
		}
		if len(words)-n > 1 {
			multi++
		}
		ends[i] = int32(len(words))
	}
	hashes := make([]uint32, len(words))
	for i, w := range words {
		hashes[i] = tokenHash(w)
	}
	start := func(i int) int32 {
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}

	// Group by first word: group[i] is phrase i's first word's index in
	// firsts, in order of first appearance.
	byFirst := make(map[uint32][]phrase, len(list))
	firstIdx := make(map[uint32]int32, len(list))
	group := make([]int32, len(list))
	firstKeys := make([]uint64, 0, len(list))
	counts := make([]int32, 0, len(list))
	for i := range list {
		h := hashes[start(i)]
		g, ok := firstIdx[h]
		if !ok {
			g = int32(len(firstKeys))
			firstIdx[h] = g
			firstKeys = append(firstKeys, uint64(h))
			counts = append(counts, 0)
		}
		group[i] = g
		counts[g]++
	}
	// The phrases, grouped: each group a window of one array, in list
	// order within a group. The windows of words are taken once words
	// has stopped growing.
	grouped := make([]phrase, len(list))
	starts := make([]int32, len(counts))
	at := int32(0)
	for g, c := range counts {
		starts[g] = at
		at += c
	}
	fill := slices.Clone(starts)
	for i, p := range list {
		g := group[i]
		lo, hi := start(i), ends[i]
		grouped[fill[g]] = phrase{text: p, stems: words[lo:hi:hi], hashes: hashes[lo:hi:hi]}
		fill[g]++
	}
	t := &phraseTable{firsts: make([]firstWord, len(counts))}
	pairKeys := make([]uint64, 0, multi)
	pairIdx := make(map[uint64]int32, multi)
	pairOf := group // reused: phrase i of grouped → its pair's index, -1 for one word
	pairCounts := make([]int32, 0, multi)
	for g := range counts {
		lo, hi := starts[g], starts[g]+counts[g]
		ws := grouped[lo:hi:hi]
		byFirst[uint32(firstKeys[g])] = ws
		t.filter.Add(ws[0].stems[0])
		f := &t.firsts[g]
		nsingle := 0
		for j := range ws {
			if len(ws[j].hashes) == 1 {
				nsingle++
				pairOf[int(lo)+j] = -1
				continue
			}
			f.longer = true
			k := pairKey(uint32(firstKeys[g]), ws[j].hashes[1])
			n, ok := pairIdx[k]
			if !ok {
				n = int32(len(pairKeys))
				pairIdx[k] = n
				pairKeys = append(pairKeys, k)
				pairCounts = append(pairCounts, 0)
			}
			pairOf[int(lo)+j] = n
			pairCounts[n]++
		}
		if nsingle == len(ws) {
			f.single = ws
		} else if nsingle > 0 {
			f.single = make([]phrase, 0, nsingle)
			for _, p := range ws {
				if len(p.hashes) == 1 {
					f.single = append(f.single, p)
				}
			}
		}
	}
	if len(pairKeys) > 0 {
		longer := make([]phrase, 0, multi)
		t.pairLists = make([][]phrase, len(pairKeys))
		at := 0
		for n, c := range pairCounts {
			t.pairLists[n] = longer[at : at : at+int(c)]
			at += int(c)
		}
		for i, n := range pairOf {
			if n >= 0 {
				t.pairLists[n] = append(t.pairLists[n], grouped[i])
			}
		}
	}
	t.first, t.pairs = newHashIndex(firstKeys), newHashIndex(pairKeys)
	return t, byFirst, nil
}

// Find returns the phrases of the message's language found in tokens
// [from, to) of a, in order, longest first at a given start, without overlaps.
// Commas and other inner punctuation are skipped; sentence-ending punctuation

// builtinLists reads the phrase lists of the repository (rules', the
// spam signals', the promotion detector's) from their folders, a leading
// "=" (spam's phrases matched as written) dropped.
func builtinLists(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, dir := range []string{"../../rules/lexicon", "../../rules/internal/spam/lists", "../promo/lexicon"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txt") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			list, err := ParsePhraseList(path, string(data))
			if err != nil {
				return err
			}
			for i, p := range list {
				list[i] = strings.TrimPrefix(p, "=")
			}
			out[path] = list
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 50 {
		t.Fatalf("%d lists read, want the repository's (more than 50)", len(out))
	}
	return out
}

// refFirstWords is FirstWords over refCompileTable's byFirst.
func refFirstWords(byFirst map[uint32][]phrase) map[string]bool {
	out := map[string]bool{}
	for _, list := range byFirst {
		for _, p := range list {
			out[p.stems[0]] = true
		}
	}
	return out
}

func phraseTexts(list []phrase) []string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.text + "|" + strings.Join(p.stems, " ")
	}
	return out
}

// TestCompileTableOracle: compileTable builds the index refCompileTable
// built (the same phrases for every first word and first pair, in the
// same order; the same filter, first words and longest phrase), and the
// two sets find the same matches, with Find and with At at every token,
// on the corpus texts and on random texts made of the lists' words. The
// lists: every built-in list in both languages, stemmed and exact (matched
// all together), and random lists of a few words, whose phrases share
// first words and pairs.
func TestCompileTableOracle(t *testing.T) {
	stems := NewStemmer()
	lists := builtinLists(t)
	r := rand.New(rand.NewPCG(17, 23))
	var vocab []string
	for _, l := range lists {
		for _, p := range l {
			vocab = append(vocab, strings.Fields(p)...)
		}
	}
	var merged []string
	for _, l := range lists {
		merged = append(merged, l...)
	}
	lists["all built-in"] = merged
	small := []string{"a", "b", "c", "your", "pour", "free", "offre", "the", "x"}
	for n := range 40 {
		var l []string
		for range r.IntN(60) {
			var w []string
			for range 1 + r.IntN(4) {
				if r.IntN(3) == 0 {
					w = append(w, vocab[r.IntN(len(vocab))])
				} else {
					w = append(w, small[r.IntN(len(small))])
				}
			}
			l = append(l, strings.Join(w, " "))
		}
		lists[fmt.Sprintf("random %d", n)] = l
	}
	texts := corpustest.Texts(t, corpustest.Dir())
	if len(texts) > 1500 {
		texts = texts[:1500]
	}
	for range 500 {
		var w []string
		for range 1 + r.IntN(30) {
			switch r.IntN(6) {
			case 0:
				w = append(w, ".")
			case 1:
				w = append(w, small[r.IntN(len(small))]+",")
			default:
				w = append(w, vocab[r.IntN(len(vocab))])
			}
		}
		texts = append(texts, strings.Join(w, " "))
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range lists {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		for _, lang := range []string{"en", "fr"} {
			for _, exact := range []bool{false, true} {
				list := lists[name]
				got, err := compileTable(stems, lang, list, exact)
				if err != nil {
					t.Fatalf("%s %s: %v", name, lang, err)
				}
				want, byFirst, err := refCompileTable(stems, lang, list, exact)
				if err != nil {
					t.Fatalf("%s %s: ref: %v", name, lang, err)
				}
				where := fmt.Sprintf("%s %s exact=%v", name, lang, exact)
				compareTables(t, where, got, want, byFirst)
				gs, ws := setOf(lang, got, exact), setOf(lang, want, exact)
				gotFirst := map[string]bool{}
				for w := range gs.FirstWords() {
					if gotFirst[w] {
						t.Fatalf("%s: FirstWords gives %q twice", where, w)
					}
					gotFirst[w] = true
				}
				if wantFirst := refFirstWords(byFirst); !mapsEqual(gotFirst, wantFirst) {
					t.Fatalf("%s: FirstWords %v, want %v", where, gotFirst, wantFirst)
				}
				wantMax := 0
				for _, l := range byFirst {
					for _, p := range l {
						wantMax = max(wantMax, len(p.stems))
					}
				}
				if gs.MaxWords() != wantMax {
					t.Fatalf("%s: MaxWords %d, want %d", where, gs.MaxWords(), wantMax)
				}
				if strings.HasSuffix(name, ".txt") {
					continue // matched as part of "all built-in": the same code, 100 times faster
				}
				for _, s := range texts {
					a := Analyze(s, Options{Lang: lang, Stems: stems})
					if g, w := gs.Find(a, 0, len(a.Tokens)), ws.Find(a, 0, len(a.Tokens)); !slices.Equal(g, w) {
						t.Fatalf("%s: Find(%q) = %v, want %v", where, s, g, w)
					}
					for i := range a.Tokens {
						gm, gok := gs.At(a, i, len(a.Tokens))
						wm, wok := ws.At(a, i, len(a.Tokens))
						if gm != wm || gok != wok {
							t.Fatalf("%s: At(%q, %d) = %v %v, want %v %v", where, s, i, gm, gok, wm, wok)
						}
					}
				}
			}
		}
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// compareTables fails unless got and want index the same phrases the same
// way: per first word (byFirst's keys), its phrases of one word in order
// and whether longer ones start there; per first pair (want's pair keys),
// its phrases in order; the same filter; and every phrase in all once.
func compareTables(t *testing.T, where string, got, want *phraseTable, byFirst map[uint32][]phrase) {
	t.Helper()
	if got.filter != want.filter {
		t.Fatalf("%s: filters differ", where)
	}
	if len(got.firsts) != len(want.firsts) || len(got.pairLists) != len(want.pairLists) {
		t.Fatalf("%s: %d first words and %d pairs, want %d and %d", where, len(got.firsts), len(got.pairLists), len(want.firsts), len(want.pairLists))
	}
	n := 0
	for h, list := range byFirst {
		n += len(list)
		gi, wi := got.first.get(uint64(h)), want.first.get(uint64(h))
		if gi < 0 || wi < 0 {
			t.Fatalf("%s: first word %x: index %d, want %d", where, h, gi, wi)
		}
		g, w := got.firsts[gi], want.firsts[wi]
		if g.longer != w.longer || !slices.Equal(phraseTexts(g.single), phraseTexts(w.single)) || (g.single == nil) != (w.single == nil) {
			t.Fatalf("%s: first word %x: %v %v, want %v %v", where, h, phraseTexts(g.single), g.longer, phraseTexts(w.single), w.longer)
		}
		if got.first.get(uint64(h)^1<<40) != want.first.get(uint64(h)^1<<40) {
			t.Fatalf("%s: a key never added found", where)
		}
	}
	if len(got.all) != n {
		t.Fatalf("%s: %d phrases in all, want %d", where, len(got.all), n)
	}
	for j, k := range want.pairs.keys {
		if k == 0 {
			continue
		}
		gi := got.pairs.get(k)
		if gi < 0 {
			t.Fatalf("%s: pair %x missing", where, k)
		}
		if g, w := phraseTexts(got.pairLists[gi]), phraseTexts(want.pairLists[want.pairs.idx[j]]); !slices.Equal(g, w) {
			t.Fatalf("%s: pair %x: %v, want %v", where, k, g, w)
		}
	}
}

// setOf returns a set of one language whose table is t, compiled.
func setOf(lang string, t *phraseTable, exact bool) *PhraseSet {
	lt := &lazyTable{lang: lang, exact: exact}
	lt.once.Do(func() { lt.t = t })
	ps := &PhraseSet{byLang: map[string]*lazyTable{lang: lt}, exact: exact}
	ps.en, ps.fr = ps.byLang["en"], ps.byLang["fr"]
	return ps
}

// TestCheckPhrasesOracle: checkPhrases, which CompilePhrases runs instead
// of compiling every language at once, refuses exactly the lists
// compileTable refuses, with the same error, in English, French and a
// language read through Analyze: on every built-in list and on random
// phrases of words, punctuation, spaces and placeholders.
func TestCheckPhrasesOracle(t *testing.T) {
	stems := NewStemmer()
	r := rand.New(rand.NewPCG(17, 29))
	pieces := []string{"a", "offre", "l'", "’", "-", ".", "!", ",", " ", "  ", "{{name}}", "%s", "…", "?!", "é", "42", "€", "#", "=", "\u00a0", "'", "x.y"}
	check := func(lang string, list []string) {
		t.Helper()
		_, want := compileTable(stems, lang, list, false)
		got := stems.checkPhrases(lang, list)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("%s %q: checkPhrases %v, compileTable %v", lang, list, got, want)
		}
	}
	for _, list := range builtinLists(t) {
		for _, lang := range []string{"en", "fr", "de"} {
			check(lang, list)
		}
	}
	for n := range 20_000 {
		list := []string{"ok", corpustest.Glue(r, pieces, r.IntN(4))}
		check([]string{"en", "fr", "de"}[n%3], list)
	}
}

// TestPhraseSetCompilesOnFirstUse: a set compiles a language's phrases on
// the first message in that language, not before: an English message
// stems none of the French list's words; then a French one finds its
// phrase. A list that cannot compile is still refused by CompilePhrases.
func TestPhraseSetCompilesOnFirstUse(t *testing.T) {
	stems := NewStemmer()
	ps, err := CompilePhrases(stems, map[string][]string{"en": {"book now"}, "fr": {"réservez maintenant zzyzxfr"}})
	if err != nil {
		t.Fatal(err)
	}
	stemmed := func(lang, w string) bool {
		stems.lists.mu.Lock()
		defer stems.lists.mu.Unlock()
		_, ok := stems.lists.m[map[string]int{"en": 0, "fr": 1}[lang]][w]
		return ok
	}
	a := Analyze("Book now, seats are going", Options{Lang: "en", Stems: stems})
	if got := ps.Find(a, 0, len(a.Tokens)); len(got) != 1 || got[0].Phrase != "book now" {
		t.Fatalf("en: %v, want book now", got)
	}
	if stemmed("fr", "zzyzxfr") {
		t.Fatal("an English message compiled the French phrases")
	}
	a = Analyze("Réservez maintenant zzyzxfr !", Options{Lang: "fr", Stems: stems})
	if got := ps.Find(a, 0, len(a.Tokens)); len(got) != 1 || got[0].Phrase != "réservez maintenant zzyzxfr" {
		t.Fatalf("fr: %v, want the French phrase", got)
	}
	if !stemmed("fr", "zzyzxfr") {
		t.Fatal("a French message did not compile the French phrases")
	}
	if _, err := CompilePhrases(stems, map[string][]string{"en": {"fine"}, "fr": {"bien", " - "}}); err == nil || err.Error() != `phrase " - " has no words` {
		t.Fatalf("a phrase of punctuation: %v", err)
	}
}
