// Command wordmap is the floor presend's speed is measured against
// (scripts/vale-corpus.sh): the least a spelling check of the same files
// must do. It reads Hunspell .dic files into a Go map of their words (the
// affix rules ignored), then reads every file under the folders given,
// splits the text into words (runs of letters, apostrophes inside) and
// looks each word up once, as written and else in lower case. It prints
// the number of files, words and words not in the map.
//
//	wordmap -dic /usr/share/hunspell/en_US.dic -dic /usr/share/hunspell/fr.dic FOLDER...
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

type dics []string

func (d *dics) String() string     { return strings.Join(*d, ",") }
func (d *dics) Set(v string) error { *d = append(*d, v); return nil }

func main() {
	var files dics
	flag.Var(&files, "dic", "a Hunspell .dic file (repeatable)")
	flag.Parse()
	words := map[string]struct{}{}
	for _, f := range files {
		if err := load(words, f); err != nil {
			fmt.Fprintln(os.Stderr, "wordmap:", err)
			os.Exit(2)
		}
	}
	var nfiles, nwords, unknown int
	for _, dir := range flag.Args() {
		root, err := os.OpenRoot(dir)
		if err != nil {
			fmt.Fprintln(os.Stderr, "wordmap:", err)
			os.Exit(2)
		}
		files := root.FS()
		err = fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(files, path)
			if err != nil {
				return err
			}
			nfiles++
			for w := range splitWords(string(data)) {
				nwords++
				if _, ok := words[w]; ok {
					continue
				}
				if _, ok := words[strings.ToLower(w)]; !ok {
					unknown++
				}
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "wordmap:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("%d files, %d words, %d not in the dictionaries\n", nfiles, nwords, unknown)
}

// load adds the words of a .dic file (its first line is a count; each
// other line is word/FLAGS) to words.
func load(words map[string]struct{}, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // the word count
	for sc.Scan() {
		w, _, _ := strings.Cut(sc.Text(), "/")
		if w = strings.TrimSpace(w); w != "" {
			words[w] = struct{}{}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// splitWords yields the runs of letters of s, with an apostrophe between
// two letters kept inside ("don't", "aujourd'hui").
func splitWords(s string) func(func(string) bool) {
	return func(yield func(string) bool) {
		start := -1
		for i, r := range s {
			letter := unicode.IsLetter(r)
			if !letter && (r == '\'' || r == '’') && start >= 0 {
				if next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):]); unicode.IsLetter(next) {
					continue
				}
			}
			switch {
			case letter && start < 0:
				start = i
			case !letter && start >= 0:
				if !yield(s[start:i]) {
					return
				}
				start = -1
			}
		}
		if start >= 0 {
			yield(s[start:])
		}
	}
}
