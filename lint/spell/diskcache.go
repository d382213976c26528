package spell

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The compiled form of a dictionary is cached on disk, so that a run of
// presend reads a dictionary in a few milliseconds rather than parsing its
// Hunspell files (27 ms for en_US, 70 ms with fr). One file per .dic path
// in the cache folder, named after a hash of the path:
//
//	magic "presend-dict\n", format version (u32), the identity of the .dic
//	and .aff files (size, modification time, inode: 6 × u64), payload
//	length (u64), CRC-32C of the payload (u32), payload
//
// A file whose identity differs from the files on disk (a dictionary
// edited, replaced or moved) is stale, one whose checksum or contents do not
// hold is corrupt: both are rebuilt from the Hunspell files and replaced.
// Files are written to a temporary file in the same folder, synced, then
// renamed over the old one, so a reader sees the old or the new file, never
// part of one. When the folder cannot be created or written (read-only,
// no home), the dictionary is loaded from its files as before.

const (
	cacheMagic   = "presend-dict\n"
	cacheVersion = 1
	headerSize   = len(cacheMagic) + 4 + 6*8 + 8 + 4
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// CacheDir returns the folder of compiled dictionaries: $PRESEND_CACHE_DIR
// when set ("off" turns the disk cache off), else presend in the user cache
// folder (~/.cache/presend on Linux). It is "" when there is none, and in
// test binaries without PRESEND_CACHE_DIR, so that tests never write the
// user's cache.
func CacheDir() string {
	if d, ok := os.LookupEnv("PRESEND_CACHE_DIR"); ok {
		if d == "off" {
			return ""
		}
		return d
	}
	if testing.Testing() {
		return ""
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "presend")
}

// LoadCached is Load through the compiled-form cache in dir ("" for
// none): it reads the compiled form when it matches the files, else parses
// the files and writes the compiled form for the next run. Failing to
// write the cache is not an error.
func LoadCached(dir, affPath, dicPath string) (*Dict, error) {
	if dir == "" {
		return Load(affPath, dicPath)
	}
	id := fileID{dic: identify(dicPath), aff: identify(affPath)}
	file := cacheFile(dir, dicPath)
	if data, err := os.ReadFile(file); err == nil {
		if d, err := decodeDict(data, id); err == nil {
			d.Path = dicPath
			return d, nil
		}
	}
	d, err := Load(affPath, dicPath)
	if err != nil {
		return nil, err
	}
	if id.dic.size >= 0 && id.aff.size >= 0 && id == (fileID{dic: identify(dicPath), aff: identify(affPath)}) {
		_ = writeFileAtomic(file, d.encode(id)) // a read-only cache only costs time
	}
	return d, nil
}

// cacheFile is the compiled form's file for a .dic path.
func cacheFile(dir, dicPath string) string {
	if abs, err := filepath.Abs(dicPath); err == nil {
		dicPath = abs
	}
	sum := sha256.Sum256([]byte(dicPath))
	name := strings.TrimSuffix(filepath.Base(dicPath), ".dic")
	return filepath.Join(dir, name+"-"+hex.EncodeToString(sum[:8])+".dict")
}

// writeFileAtomic writes data to path through a synced temporary file in the
// same folder, renamed over path.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".dict-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// encode writes the compiled form of d, for the files of identity id.
func (d *Dict) encode(id fileID) []byte {
	var e encoder
	a := d.aff
	e.byte(byte(a.mode))
	e.str(a.encoding)
	for _, f := range []flag{a.needAffix, a.forbidden, a.onlyInCompound, a.keepCase, a.noSuggest} {
		e.uint(uint64(f))
	}
	e.bool(a.fullStrip)
	e.bool(a.hasBreak)
	e.bool(a.iconvASCII)
	e.str(a.try)
	e.strs(a.key)
	e.pairs(a.rep)
	e.pairs(a.iconv)
	e.strs(a.breaks)
	e.uint(uint64(a.maxPfx))
	e.uint(uint64(a.maxSfx))
	e.uint(uint64(len(a.sets)))
	for _, s := range a.sets {
		e.flags(s)
	}
	e.affixes(a.prefixes)
	e.affixes(a.suffixes)
	e.uint(uint64(len(d.homonyms)))
	for _, h := range d.homonyms {
		e.uint(uint64(len(h)))
		for _, v := range h {
			e.uint(uint64(v))
		}
	}
	t := &d.words
	e.str(t.blob)
	e.uint(uint64(len(t.ends)))
	for i := range t.ends {
		e.b = binary.LittleEndian.AppendUint32(e.b, t.ends[i])
		e.b = binary.LittleEndian.AppendUint32(e.b, t.vals[i])
	}
	e.uint(uint64(len(t.slots)))
	for _, s := range t.slots {
		e.b = binary.LittleEndian.AppendUint64(e.b, s)
	}

	out := make([]byte, 0, headerSize+len(e.b))
	out = append(out, cacheMagic...)
	out = binary.LittleEndian.AppendUint32(out, cacheVersion)
	out = id.append(out)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(e.b)))
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(e.b, crcTable))
	return append(out, e.b...)
}

func (id fileID) append(b []byte) []byte {
	for _, x := range []identity{id.dic, id.aff} {
		b = binary.LittleEndian.AppendUint64(b, uint64(x.size)) //nolint:gosec // stored as bits, compared as bits
		b = binary.LittleEndian.AppendUint64(b, uint64(x.mtime)) //nolint:gosec // (same)
		b = binary.LittleEndian.AppendUint64(b, x.inode)
	}
	return b
}

var (
	errStale   = errors.New("compiled dictionary: stale")
	errCorrupt = errors.New("compiled dictionary: corrupt")
)

// decodeDict reads a compiled form made for the files of identity id.
func decodeDict(data []byte, id fileID) (*Dict, error) {
	if len(data) < headerSize || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, errCorrupt
	}
	h := data[len(cacheMagic):]
	if binary.LittleEndian.Uint32(h) != cacheVersion {
		return nil, errStale
	}
	if !bytes.Equal(h[4:4+48], id.append(nil)) {
		return nil, errStale
	}
	n := binary.LittleEndian.Uint64(h[52:])
	payload := data[headerSize:]
	if uint64(len(payload)) != n || crc32.Checksum(payload, crcTable) != binary.LittleEndian.Uint32(h[60:]) {
		return nil, errCorrupt
	}
	dec := decoder{b: payload}
	d, err := dec.dict()
	if err != nil {
		return nil, err
	}
	return d, nil
}

// encoder writes the payload: unsigned varints, length-prefixed strings.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) byte(v byte)   { e.b = append(e.b, v) }
func (e *encoder) bool(v bool) {
	if v {
		e.byte(1)
	} else {
		e.byte(0)
	}
}
func (e *encoder) str(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) strs(l []string) {
	e.uint(uint64(len(l)))
	for _, s := range l {
		e.str(s)
	}
}
func (e *encoder) pairs(l [][2]string) {
	e.uint(uint64(len(l)))
	for _, p := range l {
		e.str(p[0])
		e.str(p[1])
	}
}
func (e *encoder) flags(l []flag) {
	e.uint(uint64(len(l)))
	for _, f := range l {
		e.uint(uint64(f))
	}
}

// affixes writes a table of affixes by added string, keys sorted, each
// list in its order (the order affix checks try them in).
func (e *encoder) affixes(m map[string][]*affix) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.str(k)
		e.uint(uint64(len(m[k])))
		for _, x := range m[k] {
			e.uint(uint64(x.flag))
			e.bool(x.cross)
			e.str(x.strip)
			e.flags(x.cont)
			e.uint(uint64(len(x.cond)))
			for _, c := range x.cond {
				e.bool(c.any)
				e.bool(c.neg)
				e.uint(uint64(len(c.runes)))
				for _, r := range c.runes {
					e.uint(uint64(r)) //nolint:gosec // runes of a decoded line: valid, non-negative
				}
			}
		}
	}
}

// decoder reads a payload; past the first error every read returns zero
// values and err says why.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() { d.err, d.b = errCorrupt, nil }

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length of at most max (and no more than bytes left, times
// per, the least each element takes).
func (d *decoder) count(max int, per int) int {
	v := d.uint()
	if v > uint64(max) || v*uint64(per) > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) bool() bool { return d.byte() == 1 }

func (d *decoder) str() string {
	n := d.count(math.MaxInt32, 1)
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) strs() []string {
	n := d.count(1<<20, 1)
	var out []string
	for range n {
		out = append(out, d.str())
	}
	return out
}

func (d *decoder) pairs() [][2]string {
	n := d.count(1<<20, 2)
	var out [][2]string
	for range n {
		out = append(out, [2]string{d.str(), d.str()})
	}
	return out
}

func (d *decoder) flag() flag {
	v := d.uint()
	if v > math.MaxUint16 {
		d.fail()
	}
	return flag(v)
}

func (d *decoder) flags() []flag {
	n := d.count(math.MaxUint16+1, 1)
	if n == 0 {
		return nil
	}
	out := make([]flag, n)
	for i := range out {
		out[i] = d.flag()
	}
	return out
}

func (d *decoder) affixes() (map[string][]*affix, int) {
	n := d.count(1<<24, 2)
	m := make(map[string][]*affix, n)
	longest := 0
	for range n {
		add := d.str()
		longest = max(longest, len(add))
		k := d.count(1<<24, 5)
		list := make([]*affix, k)
		store := make([]affix, k)
		for i := range list {
			x := &store[i]
			x.add = add
			x.flag = d.flag()
			x.cross = d.bool()
			x.strip = d.str()
			x.cont = d.flags()
			if c := d.count(1<<16, 3); c > 0 {
				x.cond = make(condition, c)
				for j := range x.cond {
					e := &x.cond[j]
					e.any, e.neg = d.bool(), d.bool()
					if r := d.count(1<<16, 1); r > 0 {
						e.runes = make([]rune, r)
						for ri := range e.runes {
							v := d.uint()
							if v > math.MaxInt32 {
								d.fail()
							}
							e.runes[ri] = rune(v)
						}
					}
				}
			}
			list[i] = x
		}
		if d.err != nil {
			return nil, 0
		}
		m[add] = list
	}
	return m, longest
}


// dict reads the whole payload and checks that every index in it is in
// range, so that a Dict from a corrupt file that passed the checksum still
// cannot panic.
func (d *decoder) dict() (*Dict, error) {
	a := &aff{}
	a.mode = flagMode(d.byte())
	a.encoding = d.str()
	a.needAffix, a.forbidden, a.onlyInCompound, a.keepCase, a.noSuggest = d.flag(), d.flag(), d.flag(), d.flag(), d.flag()
	a.fullStrip, a.hasBreak, a.iconvASCII = d.bool(), d.bool(), d.bool()
	a.try = d.str()
	a.key = d.strs()
	a.rep = d.pairs()
	a.iconv = d.pairs()
	a.breaks = d.strs()
	a.maxPfx = d.count(1<<16, 0)
	a.maxSfx = d.count(1<<16, 0)
	nsets := d.count(math.MaxInt32, 1)
	a.sets = make([][]flag, nsets)
	for i := range a.sets {
		a.sets[i] = d.flags()
	}
	var lp, ls int
	a.prefixes, lp = d.affixes()
	a.suffixes, ls = d.affixes()
	if d.err != nil || lp > a.maxPfx || ls > a.maxSfx {
		return nil, errCorrupt
	}
	dict := &Dict{aff: a}
	dict.homonyms = make([][]uint32, d.count(math.MaxInt32, 1))
	for i := range dict.homonyms {
		h := make([]uint32, d.count(math.MaxInt32, 1))
		for j := range h {
			v := d.uint()
			if v >= uint64(nsets) {
				d.fail()
			}
			h[j] = uint32(v) //nolint:gosec // checked above
		}
		dict.homonyms[i] = h
	}
	t := &dict.words
	t.blob = d.str()
	n := d.count(int(multi), 8)
	if d.err != nil {
		return nil, d.err
	}
	t.ends, t.vals = make([]uint32, n), make([]uint32, n)
	prev := uint32(0)
	for i := range n {
		end, v := binary.LittleEndian.Uint32(d.b[8*i:]), binary.LittleEndian.Uint32(d.b[8*i+4:])
		if end < prev || int(end) > len(t.blob) {
			return nil, errCorrupt
		}
		if v&multi != 0 && int(v&^multi) >= len(dict.homonyms) || v&multi == 0 && int(v) >= nsets {
			return nil, errCorrupt
		}
		t.ends[i], t.vals[i], prev = end, v, end
	}
	if n > 0 && int(prev) != len(t.blob) {
		return nil, errCorrupt
	}
	d.b = d.b[8*n:]
	ns := d.count(math.MaxInt32, 8)
	if d.err != nil || ns <= n || ns&(ns-1) != 0 {
		return nil, errCorrupt
	}
	t.slots = make([]uint64, ns)
	used := 0
	for i := range t.slots {
		s := binary.LittleEndian.Uint64(d.b[8*i:])
		if s != 0 {
			if e := uint32(s); e == 0 || int(e) > n {
				return nil, errCorrupt
			}
			used++
		}
		t.slots[i] = s
	}
	d.b = d.b[8*ns:]
	if used != n || len(d.b) != 0 {
		return nil, errCorrupt
	}
	t.fillBloom()
	var pairs []string
	for _, p := range a.iconv {
		pairs = append(pairs, p[0], p[1])
	}
	if len(pairs) > 0 {
		a.iconvRep = strings.NewReplacer(pairs...)
	}
	a.indexAffixes()
	return dict, nil
}
