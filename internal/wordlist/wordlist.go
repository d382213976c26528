// Package wordlist reads the word lists embedded in presend's packages.
//
// One convention holds for every list: a directory DIR of an embedded file
// system holds DIR/NAME.LANG.txt, one file per language of lint.Languages
// (NAME in kebab case), or DIR/NAME.txt for a list that is the same in every
// language (host names, domains). A list has one entry per line; blank lines
// and lines starting with # are ignored; an entry holds no tab and is listed
// once. What an entry means (a phrase matched on stems, a word, "=" for
// "as written") is the reading package's business.
//
// One error policy: a list that is missing or malformed is an error that
// names the file and, for a bad line, its number. Packages return it from
// their Compile or New; nothing panics. A test (TestEmbeddedLists) walks
// every embedded list of the repository and checks the convention.
package wordlist

import (
	"fmt"
	"io/fs"
	"path"
	"unsafe"

	"github.com/presend/presend/lint/text"
)

// Dir is a directory of word lists in a file system, usually an embed.FS.
type Dir struct {
	fsys fs.FS
	dir  string
}

// New returns the lists of directory dir of fsys.
func New(fsys fs.FS, dir string) Dir { return Dir{fsys: fsys, dir: dir} }

// Read reads the list DIR/NAME.LANG.txt, or DIR/NAME.txt when lang is "".
func (d Dir) Read(name, lang string) ([]string, error) {
	file := path.Join(d.dir, FileName(name, lang))
	data, err := fs.ReadFile(d.fsys, file)
	if err != nil {
		return nil, fmt.Errorf("word list %s: %w", file, err)
	}
	// The phrases share the file's memory (ParsePhraseList); data is this
	// call's own copy, never written: a string over it spares a second copy
	// of every list at every start-up, where each fresh page of heap costs
	// a page fault.
	return text.ParsePhraseList(file, unsafe.String(unsafe.SliceData(data), len(data))) //nolint:gosec // data is this call's alone, never modified
}

// ReadLangs reads the list NAME in each of langs, by language.
func (d Dir) ReadLangs(name string, langs []string) (map[string][]string, error) {
	out := make(map[string][]string, len(langs))
	for _, l := range langs {
		list, err := d.Read(name, l)
		if err != nil {
			return nil, err
		}
		out[l] = list
	}
	return out, nil
}

// FileName is the file of list name in lang: NAME.LANG.txt, or NAME.txt
// when lang is "".
func FileName(name, lang string) string {
	if lang == "" {
		return name + ".txt"
	}
	return name + "." + lang + ".txt"
}
