package wordlist

import (
	"bufio"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// kebab is a list name: lower-case words and digits joined by hyphens.
var kebab = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Check checks the word lists at the root of fsys (the .txt files) against
// the convention: NAME.LANG.txt with NAME in kebab case and LANG one of
// langs, or NAME.txt; a per-language list in every language and not also
// language-independent; every list readable by Read; no entry twice in a
// list. It returns one error per problem, naming the file and line.
func Check(fsys fs.FS, langs []string) []error {
	var errs []error
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return []error{err}
	}
	perLang := map[string][]string{} // name → its languages
	plain := map[string]bool{}       // names of NAME.txt
	for _, e := range entries {
		base, ok := strings.CutSuffix(e.Name(), ".txt")
		if e.IsDir() || !ok {
			continue
		}
		name, lang, hasLang := strings.Cut(base, ".")
		switch {
		case !kebab.MatchString(name):
			errs = append(errs, fmt.Errorf("%s: name %q is not kebab-case (want NAME.LANG.txt or NAME.txt)", e.Name(), name))
			continue
		case hasLang && !slices.Contains(langs, lang):
			errs = append(errs, fmt.Errorf("%s: language %q is not one of %s", e.Name(), lang, strings.Join(langs, ", ")))
			continue
		case hasLang:
			perLang[name] = append(perLang[name], lang)
		default:
			plain[name] = true
		}
		if _, err := New(fsys, ".").Read(name, lang); err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, duplicates(fsys, e.Name())...)
	}
	for _, name := range slices.Sorted(maps.Keys(perLang)) {
		if plain[name] {
			errs = append(errs, fmt.Errorf("%s: the list is also per language (%s)", FileName(name, ""), FileName(name, perLang[name][0])))
		}
		for _, l := range langs {
			if !slices.Contains(perLang[name], l) {
				errs = append(errs, fmt.Errorf("%s is missing: %s exists in %s", FileName(name, l), name, strings.Join(perLang[name], ", ")))
			}
		}
	}
	return errs
}

// duplicates reports the entries of file that are listed twice.
func duplicates(fsys fs.FS, file string) []error {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return []error{err}
	}
	var errs []error
	seen := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if first, ok := seen[l]; ok {
			errs = append(errs, fmt.Errorf("%s:%d: %q is listed again (first at line %d)", file, n, l, first))
			continue
		}
		seen[l] = n
	}
	return errs
}
