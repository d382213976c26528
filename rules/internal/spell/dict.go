package spell

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/presend/presend/internal/readmap"
	"github.com/presend/presend/internal/safefile"
)

// Dict is a loaded Hunspell dictionary. It is immutable and safe for
// concurrent use.
type Dict struct {
	*aff
	// words maps a dictionary word to its flag set id, or, with the high
	// bit set, to an index in homonyms for words listed more than once.
	words    wordTable
	homonyms [][]uint32
	Path     string // the .dic file
	// m is set when the word table is a mapped compiled form, checked as
	// it is read (see diskcache.go); nil for a parsed dictionary.
	m *mapped

	// verdicts caches the dictionary's verdict per converted word (see
	// known), up to maxVerdicts; the one part of a Dict that changes after
	// loading. Once warm it is read without a lock.
	verdicts readmap.Map[bool]
}

// multi marks a value of Dict.words that indexes homonyms, not one flag set.
const multi uint32 = 1 << 31

// maxFile bounds the size of an .aff or .dic file Load reads (the largest
// Hunspell dictionaries are a few tens of MiB).
const maxFile = 1 << 28

// Load reads a dictionary from its .aff and .dic files: regular files of at
// most 256 MiB.
func Load(affPath, dicPath string) (*Dict, error) {
	aff, err := safefile.ReadFile(affPath, maxFile)
	if err != nil {
		return nil, err
	}
	dic, err := safefile.ReadFile(dicPath, maxFile)
	if err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(aff), affPath, bytes.NewReader(dic), dicPath)
}

// Parse reads a dictionary from readers; the names are used in errors.
func Parse(affR io.Reader, affName string, dicR io.Reader, dicName string) (*Dict, error) {
	a, err := parseAff(affR, affName)
	if err != nil {
		return nil, err
	}
	d := &Dict{aff: a, Path: dicName}
	d.verdicts.Max = maxVerdicts
	words, err := d.readDic(dicR, dicName)
	if err != nil {
		return nil, err
	}
	d.words = newWordTable(words)
	return d, nil
}

func (d *Dict) readDic(r io.Reader, name string) (map[string]uint32, error) {
	var words map[string]uint32
	hint := sizeHint(r) / 2 // a word takes two bytes at least ("a\n")
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	fail := func(format string, args ...any) error {
		return &ParseError{File: name, Line: line, Err: fmt.Errorf(format, args...)}
	}
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
			s := strings.TrimSpace(string(raw))
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return nil, fail("the first line must be the number of words, not %q", s)
			}
			// The count is a hint: a map sized by it alone would let a
			// few bytes ("2000000000") allocate gigabytes.
			words = make(map[string]uint32, min(n, hint))
			continue
		}
		s, err := decodeLine(raw, d.encoding)
		if err != nil {
			return nil, fail("%v", err)
		}
		if s == "" || s[0] == '\t' || s[0] == '#' && line < 3 {
			continue
		}
		word, fl, err := d.splitEntry(s)
		if err != nil {
			return nil, fail("%v", err)
		}
		if word == "" {
			continue
		}
		d.add(words, word, d.set(fl))
	}
	if err := sc.Err(); err != nil {
		return nil, fail("%v", err)
	}
	if words == nil {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("empty dictionary")}
	}
	return words, nil
}

// sizeHint is how many bytes r has left when it says (a bytes.Reader or a
// strings.Reader, as Load gives), else a small number.
func sizeHint(r io.Reader) int {
	if l, ok := r.(interface{ Len() int }); ok {
		return l.Len()
	}
	return 1 << 12
}

// splitEntry splits "word/FLAGS morph…" (a slash in the word is written \/).
func (d *Dict) splitEntry(s string) (string, []flag, error) {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		// Morphological fields follow white space; words have none.
		s = s[:i]
	}
	// The word is s less the backslash of each "\/", built in one pass
	// (cutting the backslashes out one by one copied the rest of the line
	// each time: quadratic on a line of them).
	var b []byte
	escaped := false
	start := 0
	word := func(end int) string {
		if !escaped {
			return s[:end]
		}
		return string(append(b, s[start:end]...))
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && s[i+1] == '/' {
				b = append(b, s[start:i]...)
				escaped = true
				start = i + 1
				i++ // the slash is part of the word
			}
		case '/':
			if i == 0 {
				continue // a word that starts with a slash
			}
			fl, err := d.parseFlagField(s[i+1:])
			return word(i), fl, err
		}
	}
	return word(len(s)), nil, nil
}

func (d *Dict) add(words map[string]uint32, word string, set uint32) {
	old, ok := words[word]
	switch {
	case !ok:
		words[word] = set
	case old&multi != 0:
		i := old &^ multi
		d.homonyms[i] = append(d.homonyms[i], set)
	default:
		n := len(d.homonyms)
		if uint(n) >= uint(multi) {
			return // more homonyms than lines in any real file: keep the first
		}
		d.homonyms = append(d.homonyms, []uint32{old, set})
		words[word] = uint32(n) | multi
	}
}

// homonym returns the flags of the i-th homonym of the entry v (a value
// of d.words), and false past the last one.
func (d *Dict) homonym(v uint32, i int) ([]flag, bool) {
	if v&multi == 0 {
		return d.sets[v], i == 0
	}
	h := d.homonyms[v&^multi]
	if i >= len(h) {
		return nil, false
	}
	return d.sets[h[i]], true
}

// Len is the number of dictionary entries (homonyms count once).
func (d *Dict) Len() int { return d.words.len() }

// eachWord calls f with each dictionary word and its value (a flag set id
// or multi|homonym index), in no particular order.
func (d *Dict) eachWord(f func(w string, v uint32)) {
	if d.words.chk != nil {
		d.words.chk.all()
	}
	for i := range d.words.len() {
		f(d.words.word(i), d.words.vals[i])
	}
}

// SearchPath is where dictionaries are looked for when none is named:
// $DICPATH (a list of folders), then the system locations.
func SearchPath() []string {
	var dirs []string
	if p := os.Getenv("DICPATH"); p != "" {
		dirs = append(dirs, filepath.SplitList(p)...)
	}
	return append(dirs, "/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell", "/usr/local/share/hunspell")
}

// Find returns the .dic path of the first dictionary found in dirs for one
// of names ("en_US", "en_GB"…, without extension), with its .aff beside
// it, or "" when there is none.
func Find(dirs, names []string) string {
	for _, dir := range dirs {
		for _, n := range names {
			dic := filepath.Join(dir, n+".dic")
			if fileExists(dic) && fileExists(AffPath(dic)) {
				return dic
			}
		}
	}
	return ""
}

// AffPath returns the .aff file that goes with a .dic file.
func AffPath(dic string) string { return strings.TrimSuffix(dic, ".dic") + ".aff" }

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// cache is the process-wide dictionary cache used by Shared: dictionaries
// are large (fr: 84,000 entries, a few MB once loaded) and immutable, so
// every Linter of a process shares one copy per file version. An entry is
// keyed by the .dic path and checked against the identity of both files
// (size, modification time, inode): a dictionary edited on disk is read
// again by the next Linter (a SIGHUP reload of the gateway sees it), and the
// old version is dropped once its users let go. A failed load is not kept:
// the next caller tries again.
var cache = struct {
	mu      sync.Mutex
	entries map[string]*cached // absolute .dic path → its latest version
}{entries: map[string]*cached{}}

type cached struct {
	id   fileID
	once sync.Once
	d    *Dict
	err  error
}

// fileID identifies one version of a dictionary's two files.
type fileID struct {
	dic, aff identity
}

type identity struct {
	size  int64
	mtime int64
	inode uint64
}

func identify(path string) identity {
	st, err := os.Stat(path) //nolint:gosec // a dictionary file the configuration names: reading it is the point
	if err != nil {
		return identity{size: -1}
	}
	return identity{size: st.Size(), mtime: st.ModTime().UnixNano(), inode: inodeOf(st)}
}

// Shared loads the dictionary whose .dic file is dicPath (its .aff beside
// it), through the compiled form cached on disk in CacheDir (see
// LoadCached), on first use and returns the same *Dict to every later caller in the
// process while the files do not change, concurrently safe.
func Shared(dicPath string) (*Dict, error) {
	if abs, err := filepath.Abs(dicPath); err == nil {
		dicPath = abs
	}
	id := fileID{dic: identify(dicPath), aff: identify(AffPath(dicPath))}
	cache.mu.Lock()
	c := cache.entries[dicPath]
	if c == nil || c.id != id {
		c = &cached{id: id}
		cache.entries[dicPath] = c
	}
	cache.mu.Unlock()
	c.once.Do(func() { c.d, c.err = LoadCached(CacheDir(), AffPath(dicPath), dicPath) })
	if c.err != nil {
		cache.mu.Lock()
		if cache.entries[dicPath] == c {
			delete(cache.entries, dicPath) // not kept: the next caller reads the files again
		}
		cache.mu.Unlock()
	}
	return c.d, c.err
}
