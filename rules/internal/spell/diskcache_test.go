package spell

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fromCache reports whether d was read from a compiled form: a parsed Dict
// keeps the parser's flag table, a decoded one has none.
func fromCache(d *Dict) bool { return d.flagIDs == nil }

// TestCompiledIdentical loads the real dictionaries through the disk cache
// twice (the first run writes the compiled form, the second reads it) and
// checks that the compiled dictionary gives the same verdicts and the same
// suggestions as the parsed one.
func TestCompiledIdentical(t *testing.T) {
	for _, c := range agreementDicts {
		t.Run(c.lang, func(t *testing.T) {
			parsed := loadOrSkip(t, c.dic)
			dir := t.TempDir()
			first, err := LoadCached(dir, AffPath(c.dic), c.dic)
			if err != nil {
				t.Fatal(err)
			}
			if fromCache(first) {
				t.Fatal("the first load came from an empty cache")
			}
			if _, err := os.Stat(cacheFile(dir, c.dic)); err != nil {
				t.Fatalf("no compiled form written: %v", err)
			}
			d, err := LoadCached(dir, AffPath(c.dic), c.dic)
			if err != nil {
				t.Fatal(err)
			}
			if !fromCache(d) {
				t.Fatal("the second load did not read the compiled form")
			}
			if d.Len() != parsed.Len() || d.Path != c.dic {
				t.Errorf("compiled: %d words, path %q; parsed: %d words", d.Len(), d.Path, parsed.Len())
			}
			words := sample(parsed, 3000, 5)
			corpus, _ := corpusWords(t)
			words = append(words, corpus[:min(len(corpus), 3000)]...)
			for _, w := range words {
				if d.Check(w) != parsed.Check(w) {
					t.Errorf("Check(%q): compiled %v, parsed %v", w, d.Check(w), parsed.Check(w))
				}
			}
			n := 0
			for _, w := range words {
				if len(w) < 4 || parsed.Check(w) {
					continue
				}
				if n++; n > 150 {
					break
				}
				if got, want := d.SuggestNear(w, nil), parsed.SuggestNear(w, nil); !slices.Equal(got, want) {
					t.Errorf("SuggestNear(%q): compiled %q, parsed %q", w, got, want)
				}
			}
		})
	}
}

// smallDict writes the test dictionary's files in dir.
func smallDict(t *testing.T, dir, dic string) (string, string) {
	t.Helper()
	dicPath := filepath.Join(dir, "xx_TEST.dic")
	affPath := AffPath(dicPath)
	writeAtomic(t, affPath, testAff)
	writeAtomic(t, dicPath, dic)
	return affPath, dicPath
}

func TestCompiledStaleAndCorrupt(t *testing.T) {
	src, cache := t.TempDir(), t.TempDir()
	aff, dic := smallDict(t, src, testDic)
	if _, err := LoadCached(cache, aff, dic); err != nil {
		t.Fatal(err)
	}
	d, err := LoadCached(cache, aff, dic)
	if err != nil || !fromCache(d) || !d.Check("reworked") || d.Check("presendo") {
		t.Fatalf("warm load: %v, from cache %v", err, err == nil && fromCache(d))
	}

	// Stale: the .dic changed; the next load reads it and rewrites the cache.
	writeAtomic(t, dic, strings.Replace(testDic, "7\n", "8\npresendo\n", 1))
	d, err = LoadCached(cache, aff, dic)
	if err != nil || fromCache(d) || !d.Check("presendo") {
		t.Fatalf("after an edit: %v; the new word known: %v", err, err == nil && d.Check("presendo"))
	}
	if d, _ = LoadCached(cache, aff, dic); !fromCache(d) || !d.Check("presendo") {
		t.Fatal("the rebuilt compiled form was not written")
	}
	// The .aff counts too.
	writeAtomic(t, aff, testAff+"SFX 3 Y 1\nSFX 3 0 ing .\n")
	if d, _ = LoadCached(cache, aff, dic); fromCache(d) {
		t.Fatal("a compiled form outlived an edit of the .aff file")
	}

	// Corrupt: a flipped byte, a truncated file, garbage.
	file := cacheFile(cache, dic)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"flipped":   append(append([]byte(nil), good[:len(good)-10]...), good[len(good)-10]^0x40),
		"truncated": good[:len(good)/2],
		"garbage":   []byte("not a dictionary"),
		"empty":     nil,
	} {
		if name == "flipped" {
			bad = append(bad, good[len(good)-9:]...)
		}
		if err := os.WriteFile(file, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		d, err := LoadCached(cache, aff, dic)
		if err != nil || fromCache(d) || !d.Check("presendo") || !d.Check("reworked") {
			t.Fatalf("%s: %v", name, err)
		}
		if d, _ := LoadCached(cache, aff, dic); !fromCache(d) {
			t.Errorf("%s: the compiled form was not rebuilt", name)
		}
	}
	if tmp, _ := filepath.Glob(filepath.Join(cache, "*.tmp*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestCompiledUnwritable: a cache folder that cannot be created falls back
// to the files, every time, without an error.
func TestCompiledUnwritable(t *testing.T) {
	src := t.TempDir()
	aff, dic := smallDict(t, src, testDic)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		d, err := LoadCached(filepath.Join(blocker, "presend"), aff, dic)
		if err != nil || fromCache(d) || !d.Check("reworked") {
			t.Fatalf("unwritable cache: %v", err)
		}
	}
}

// TestCompiledMutations decodes compiled forms with random bytes changed
// (and the checksum made right again): each must be refused or give a Dict
// that checks and suggests without panicking.
func TestCompiledMutations(t *testing.T) {
	d := testDict(t)
	id := fileID{dic: identity{size: 1}, aff: identity{size: 2}}
	good := d.encode(id)
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range 1000 {
		b := slices.Clone(good)
		for range 1 + r.IntN(3) {
			b[headerSize+r.IntN(len(b)-headerSize)] = byte(r.IntN(256))
		}
		binary.LittleEndian.PutUint32(b[headerSize-4:], crc32.Checksum(b[headerSize:], crcTable))
		got, err := decodeDict(b, id)
		if err != nil {
			continue
		}
		accepted++
		for _, w := range []string{"work", "reworked", "carried", "wrok", "café", "OpenAI"} {
			got.Check(w)
			got.SuggestNear(w, nil)
		}
	}
	t.Logf("%d of 1000 mutations decoded", accepted)
	if _, err := decodeDict(good, fileID{}); !errors.Is(err, errStale) {
		t.Errorf("another identity: %v, want stale", err)
	}
}

func TestCacheDir(t *testing.T) {
	t.Setenv("PRESEND_CACHE_DIR", "/some/where")
	if got := CacheDir(); got != "/some/where" {
		t.Errorf("PRESEND_CACHE_DIR set: %q", got)
	}
	t.Setenv("PRESEND_CACHE_DIR", "off")
	if got := CacheDir(); got != "" {
		t.Errorf("PRESEND_CACHE_DIR=off: %q", got)
	}
	os.Unsetenv("PRESEND_CACHE_DIR")
	if got := CacheDir(); got != "" {
		t.Errorf("in a test binary without PRESEND_CACHE_DIR: %q, want no disk cache", got)
	}
}
