package spell

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
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

// Two presend versions on one machine keep one compiled form each: the
// file's name holds the format version, and loading never touches the
// other version's file (they rewrote one file in turn on every run).
func TestCompiledPerVersion(t *testing.T) {
	c := agreementDicts[0]
	loadOrSkip(t, c.dic)
	dir := t.TempDir()
	file := cacheFile(dir, c.dic)
	if want := ".v" + strconv.Itoa(cacheVersion) + ".dict"; !strings.HasSuffix(file, want) {
		t.Fatalf("cache file %s: want the format version in its name (%s)", file, want)
	}
	other := strings.TrimSuffix(file, ".v"+strconv.Itoa(cacheVersion)+".dict") + ".v" + strconv.Itoa(cacheVersion-1) + ".dict"
	if err := os.WriteFile(other, []byte("presend-dict\nan older format"), 0o600); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := LoadCached(dir, AffPath(c.dic), c.dic); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := os.ReadFile(other); err != nil || string(b) != "presend-dict\nan older format" {
		t.Errorf("the other version's file was changed: %q %v", b, err)
	}
	if d, _ := LoadCached(dir, AffPath(c.dic), c.dic); !fromCache(d) {
		t.Error("this version's compiled form was not read back")
	}
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
// (and the checksums made right again): each must be refused or give a Dict
// that checks and suggests without panicking (a bad index found in a lookup
// is recovered inside the Dict's methods).
func TestCompiledMutations(t *testing.T) {
	d := testDict(t)
	id := fileID{dic: identity{size: 1}, aff: identity{size: 2}}
	good := d.encode(id)
	gd, err := decodeDict(good, id)
	if err != nil {
		t.Fatal(err)
	}
	lay := gd.words.chk.lay
	r := rand.New(rand.NewPCG(1, 2))
	accepted := 0
	for range 1000 {
		b := slices.Clone(good)
		for range 1 + r.IntN(3) {
			b[headerSize+r.IntN(len(b)-headerSize)] = byte(r.IntN(256))
		}
		reseal(b, lay)
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

// reseal makes a compiled form's checksums right again after its bytes
// were changed, for a file of layout lay.
func reseal(b []byte, lay layout) {
	h := b[len(cacheMagic):]
	small := int(binary.LittleEndian.Uint64(h[60:]))
	binary.LittleEndian.PutUint32(h[68:], crc(b[headerSize:headerSize+small]))
	for k := range lay.nblocks() {
		lo, hi := lay.block(k)
		binary.LittleEndian.PutUint32(b[lay.sums+4*k:], crc(b[lo:hi]))
	}
	binary.LittleEndian.PutUint32(h[72:], crc(b[lay.sums:]))
}

// bigDict writes, in dir, a dictionary of n made-up words (the test .aff's
// suffixes on every fifth), large enough that its word table spans many
// blocks, and returns its files and words.
func bigDict(t *testing.T, dir string, n int) (aff, dic string, words []string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", n)
	for i := range n {
		w := ""
		for x := i + 26*26; x > 0; x /= 26 {
			w += string(rune('a' + x%26))
		}
		words = append(words, w)
		if i%5 == 0 {
			b.WriteString(w + "/2\n")
		} else {
			b.WriteString(w + "\n")
		}
	}
	dic = filepath.Join(dir, "xx_BIG.dic")
	aff = AffPath(dic)
	writeAtomic(t, aff, testAff)
	writeAtomic(t, dic, b.String())
	return aff, dic, words
}

// checkAll checks that d gives want's verdicts on the words, on the words
// with a suffix and on words that are not there.
func checkAll(t *testing.T, name string, d, want *Dict, words []string) {
	t.Helper()
	bad := 0
	for _, w := range words {
		for _, v := range []string{w, w + "s", w + "ed", w + "q", "q" + w} {
			if got, exp := d.Check(v), want.Check(v); got != exp && bad < 5 {
				bad++
				t.Errorf("%s: Check(%q) = %v, want %v", name, v, got, exp)
			}
		}
	}
}

// TestCompiledBadBlock: a byte changed in the middle of the word table is
// not read when the compiled form is loaded, but when a lookup first reads
// its block; from then on the Dict answers from the parsed files, every
// verdict stays right, and the compiled form is rewritten.
func TestCompiledBadBlock(t *testing.T) {
	src, cache := t.TempDir(), t.TempDir()
	aff, dic, words := bigDict(t, src, 20000)
	parsed, err := LoadCached(cache, aff, dic)
	if err != nil {
		t.Fatal(err)
	}
	file := cacheFile(cache, dic)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	d0, err := decodeDict(good, fileID{dic: identify(dic), aff: identify(aff)})
	if err != nil {
		t.Fatal(err)
	}
	lay := d0.words.chk.lay
	if lay.nblocks() < 50 {
		t.Fatalf("the word table spans %d blocks: too few to test", lay.nblocks())
	}
	for _, at := range []struct {
		name string
		off  int
	}{
		{"words", lay.blob + (lay.ends-lay.blob)/2},
		{"ends", lay.ends + 4*len(words)/3},
		{"slots", lay.slots + (lay.bloom-lay.slots)/2},
	} {
		bad := slices.Clone(good)
		bad[at.off] ^= 0x21
		writeAtomic(t, file, string(bad))
		d, err := LoadCached(cache, aff, dic)
		if err != nil || !fromCache(d) || d.m.alt.Load() != nil {
			t.Fatalf("%s: the load read the bad block: %v", at.name, err)
		}
		checkAll(t, at.name, d, parsed, words)
		if alt := d.m.alt.Load(); alt == nil || alt == acceptAll {
			t.Errorf("%s: the bad block was not found (or the files not read): %v", at.name, alt)
		}
		if d.Suggest("wrok") == nil {
			t.Errorf("%s: no suggestion after the bad block", at.name)
		}
		if rebuilt, err := os.ReadFile(file); err != nil || slices.Equal(rebuilt, bad) {
			t.Errorf("%s: the compiled form was not rewritten: %v", at.name, err)
		}
		d2, err := LoadCached(cache, aff, dic)
		if err != nil || !fromCache(d2) {
			t.Fatalf("%s: the rewritten compiled form: %v", at.name, err)
		}
		d2.words.chk.all() // panics on a bad block
	}
}

// TestCompiledTruncatedWhileMapped: a compiled form cut short while a
// process has it mapped makes its pages fault; the Dict recovers from the
// fault, answers from the parsed files, and nothing crashes.
func TestCompiledTruncatedWhileMapped(t *testing.T) {
	src, cache := t.TempDir(), t.TempDir()
	aff, dic, words := bigDict(t, src, 20000)
	parsed, err := LoadCached(cache, aff, dic)
	if err != nil {
		t.Fatal(err)
	}
	d, err := LoadCached(cache, aff, dic)
	if err != nil || !fromCache(d) {
		t.Fatalf("not read from the compiled form: %v", err)
	}
	if !d.Check(words[7]) || d.m.alt.Load() != nil {
		t.Fatal("a good compiled form was not used")
	}
	// In place, as no writer of ours does: the mapping sees it.
	if err := os.Truncate(cacheFile(cache, dic), int64(d.words.chk.lay.blob)+blockSize); err != nil {
		t.Fatal(err)
	}
	checkAll(t, "truncated", d, parsed, words)
	for _, w := range []string{"wrok", words[100] + "x"} {
		if got, want := d.SuggestNear(w, nil), parsed.SuggestNear(w, nil); !slices.Equal(got, want) {
			t.Errorf("SuggestNear(%q) = %q, want %q", w, got, want)
		}
	}
	if alt := d.m.alt.Load(); runtime.GOOS != "windows" && (alt == nil || alt == acceptAll) {
		t.Errorf("no fault recovered from (a mapping expected on %s): %v", runtime.GOOS, alt)
	}
}

// TestCompiledUnaligned: a compiled form in memory at an address that is
// not a multiple of 8 cannot be used in place: it is copied, so it is
// checked whole when loaded, and a bad block anywhere refuses it, where the
// same bytes aligned load and are checked as they are read.
func TestCompiledUnaligned(t *testing.T) {
	src, cache := t.TempDir(), t.TempDir()
	aff, dic, words := bigDict(t, src, 5000)
	parsed, err := LoadCached(cache, aff, dic)
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(cacheFile(cache, dic))
	if err != nil {
		t.Fatal(err)
	}
	id := fileID{dic: identify(dic), aff: identify(aff)}
	odd := append([]byte{0}, good...)[1:]
	got, err := decodeDict(odd, id)
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, "unaligned", got, parsed, words)
	lay := got.words.chk.lay
	odd[lay.blob+100] ^= 1
	if _, err := decodeDict(odd, id); !errors.Is(err, errCorrupt) {
		t.Errorf("unaligned with a bad block: %v, want corrupt", err)
	}
	aligned := slices.Clone(odd)
	if _, err := decodeDict(aligned, id); err != nil {
		t.Errorf("aligned with a bad block, refused at load: %v (checked as read)", err)
	}
}
