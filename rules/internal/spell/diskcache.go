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
	"unsafe"

	"github.com/presend/presend/internal/safefile"
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
	cacheVersion = 4 // 3: condition classes as strings; 4: conditions as written, elements as offsets
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
	if data, err := safefile.ReadFile(file, 4*maxFile); err == nil {
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

// writeFileAtomic writes data to path through a synced temporary file in
// the same folder, renamed over path (safefile.WriteFile), creating the
// folder first.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return safefile.WriteFile(path, data, 0o600)
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
	e.int(a.maxPfx)
	e.int(a.maxSfx)
	// Totals first, so that the decoder allocates each kind of thing once.
	var nflags, naff, nelem int
	for _, s := range a.sets {
		nflags += len(s)
	}
	for _, m := range []map[string][]*affix{a.prefixes, a.suffixes} {
		for _, l := range m {
			naff += len(l)
			for _, x := range l {
				nflags += len(x.cont)
				nelem += len(x.cond.elems)
			}
		}
	}
	for _, n := range []int{nflags, naff, nelem} {
		e.int(n)
	}
	e.uint(uint64(len(a.sets)))
	for _, s := range a.sets {
		e.flags(s)
	}
	e.affixes(a.prefixes)
	e.affixes(a.suffixes)
	nh := 0
	for _, h := range d.homonyms {
		nh += len(h)
	}
	e.uint(uint64(nh))
	e.uint(uint64(len(d.homonyms)))
	for _, h := range d.homonyms {
		e.uint(uint64(len(h)))
		for _, v := range h {
			e.uint(uint64(v))
		}
	}
	t := &d.words
	e.str(t.blob)
	// The arrays are stored at offsets that are multiples of 8 in the file,
	// so that a little-endian machine uses them in place.
	e.uint(uint64(len(t.ends)))
	e.uint(uint64(len(t.slots)))
	e.align()
	for _, v := range t.ends {
		e.b = binary.LittleEndian.AppendUint32(e.b, v)
	}
	e.align()
	for _, v := range t.vals {
		e.b = binary.LittleEndian.AppendUint32(e.b, v)
	}
	e.align()
	for _, s := range t.slots {
		e.b = binary.LittleEndian.AppendUint64(e.b, s)
	}
	for _, s := range t.bloom {
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
		b = binary.LittleEndian.AppendUint64(b, uint64(x.size))  //nolint:gosec // stored as bits, compared as bits
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
	// The strings of the Dict share data, which no one writes after this.
	dec := decoder{data: data, str0: unsafe.String(unsafe.SliceData(data), len(data)), pos: headerSize} //nolint:gosec // data is the file read for this Dict alone, never modified
	d, err := dec.dict()
	if err != nil {
		return nil, err
	}
	return d, nil
}

// encoder writes the payload: unsigned varints, length-prefixed strings.
type encoder struct{ b []byte }

// align pads the payload to a multiple of 8 bytes from the start of the
// file.
func (e *encoder) align() {
	for (headerSize+len(e.b))%8 != 0 {
		e.b = append(e.b, 0)
	}
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

// int writes a length or a count: never negative.
func (e *encoder) int(n int) {
	e.uint(uint64(n)) //nolint:gosec // lengths and counts are never negative
}
func (e *encoder) byte(v byte) { e.b = append(e.b, v) }
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
			e.uint(uint64(len(x.cond.elems)))
			if len(x.cond.elems) > 0 {
				e.str(x.cond.chars)
			}
			for _, c := range x.cond.elems {
				e.bool(c.any)
				e.bool(c.neg)
				e.uint(uint64(c.lo))
				e.uint(uint64(c.hi))
			}
		}
	}
}

// decoder reads a compiled form. Its strings share the bytes read from the
// file (never written after), and on a little-endian machine its arrays
// do too: a warm load copies little.
type decoder struct {
	data []byte // the whole file
	str0 string // the same bytes
	pos  int
	err  error

	flags0 []flag // preallocated, handed out in turn
	affix0 []affix
	elem0  []condElem
	affixp []*affix // the lists of affix0's pointers, handed out in turn
}

func (d *decoder) fail() { d.err, d.pos = errCorrupt, len(d.data) }

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.fail()
		return 0
	}
	d.pos += n
	return v
}

// count reads a length of at most max and no more than the bytes left
// divided by per, the least each element takes.
func (d *decoder) count(max int, per int) int {
	v := d.uint()
	if v > uint64(max) || v*uint64(per) > uint64(len(d.data)-d.pos) { //nolint:gosec // max, per and the bytes left are never negative
		d.fail()
		return 0
	}
	return int(v) //nolint:gosec // v <= max, an int
}

func (d *decoder) byte() byte {
	if d.pos >= len(d.data) {
		d.fail()
		return 0
	}
	d.pos++
	return d.data[d.pos-1]
}

func (d *decoder) bool() bool { return d.byte() == 1 }

func (d *decoder) str() string {
	n := d.count(math.MaxInt32, 1)
	s := d.str0[d.pos : d.pos+n]
	d.pos += n
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

func (d *decoder) u16() uint16 {
	v := d.uint()
	if v > math.MaxUint16 {
		d.fail()
		return 0
	}
	return uint16(v)
}

func (d *decoder) flag() flag {
	v := d.uint()
	if v > math.MaxUint16 {
		d.fail()
		return 0
	}
	return flag(v)
}

func (d *decoder) flags() []flag {
	n := d.count(len(d.flags0), 1)
	if n == 0 {
		return nil
	}
	out := d.flags0[:n:n]
	d.flags0 = d.flags0[n:]
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
		k := d.count(len(d.affix0), 5)
		list := d.affixp[:k:k]
		d.affixp = d.affixp[k:]
		for i := range list {
			x := &d.affix0[i]
			x.add = add
			x.flag = d.flag()
			x.cross = d.bool()
			x.strip = d.str()
			x.cont = d.flags()
			if c := d.count(len(d.elem0), 4); c > 0 {
				x.cond.chars = d.str()
				x.cond.elems = d.elem0[:c:c]
				d.elem0 = d.elem0[c:]
				for j := range x.cond.elems {
					e := &x.cond.elems[j]
					e.any, e.neg = d.bool(), d.bool()
					e.lo, e.hi = d.u16(), d.u16()
					if e.lo > e.hi || int(e.hi) > len(x.cond.chars) {
						d.fail()
					}
				}
			}
			list[i] = x
		}
		d.affix0 = d.affix0[k:]
		if d.err != nil {
			return nil, 0
		}
		m[add] = list
	}
	return m, longest
}

// align skips the padding to the next multiple of 8.
func (d *decoder) align() {
	for d.pos%8 != 0 && d.pos < len(d.data) {
		d.pos++
	}
}

// u32s reads n fixed-width values.
func (d *decoder) u32s(n int) []uint32 {
	d.align()
	if n > (len(d.data)-d.pos)/4 {
		d.fail()
		return nil
	}
	b := d.data[d.pos : d.pos+4*n]
	d.pos += 4 * n
	if n > 0 && nativeLE && uintptr(unsafe.Pointer(&b[0]))%4 == 0 { //nolint:gosec // an alignment test
		return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n) //nolint:gosec // aligned, little-endian, read-only, kept alive by the slice
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

// u64s reads n fixed-width values.
func (d *decoder) u64s(n int) []uint64 {
	if n > (len(d.data)-d.pos)/8 {
		d.fail()
		return nil
	}
	b := d.data[d.pos : d.pos+8*n]
	d.pos += 8 * n
	if n > 0 && nativeLE && uintptr(unsafe.Pointer(&b[0]))%8 == 0 { //nolint:gosec // an alignment test
		return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n) //nolint:gosec // aligned, little-endian, read-only, kept alive by the slice
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return out
}

// nativeLE is whether this machine is little-endian, as the stored arrays.
var nativeLE = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

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
	d.flags0 = make([]flag, d.count(math.MaxInt32, 1))
	d.affix0 = make([]affix, d.count(math.MaxInt32, 5))
	d.affixp = make([]*affix, len(d.affix0))
	d.elem0 = make([]condElem, d.count(math.MaxInt32, 4))
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
	dict.verdicts.Max = maxVerdicts
	hpool := make([]uint32, d.count(math.MaxInt32, 1))
	dict.homonyms = make([][]uint32, d.count(math.MaxInt32, 1))
	for i := range dict.homonyms {
		h := hpool[:d.count(len(hpool), 1)]
		hpool = hpool[len(h):]
		for j := range h {
			v := d.uint()
			if v >= uint64(nsets) { //nolint:gosec // a count
				d.fail()
			}
			h[j] = uint32(v) //nolint:gosec // checked above
		}
		dict.homonyms[i] = h[:len(h):len(h)]
	}
	t := &dict.words
	t.blob = d.str()
	n := d.count(int(multi), 8)
	ns := d.count(math.MaxInt32, 8)
	t.ends = d.u32s(n)
	t.vals = d.u32s(n)
	d.align()
	t.slots = d.u64s(ns)
	t.bloom = d.u64s(bloomBits / 64)
	if d.err != nil || d.pos != len(d.data) || ns <= n || ns&(ns-1) != 0 {
		return nil, errCorrupt
	}
	prev := uint32(0)
	for i, end := range t.ends {
		v := t.vals[i]
		if end < prev || int(end) > len(t.blob) {
			return nil, errCorrupt
		}
		if v&multi != 0 && int(v&^multi) >= len(dict.homonyms) || v&multi == 0 && int(v) >= nsets {
			return nil, errCorrupt
		}
		prev = end
	}
	if n > 0 && int(prev) != len(t.blob) {
		return nil, errCorrupt
	}
	used := 0
	for _, s := range t.slots {
		if s != 0 {
			if e := uint32(s); e == 0 || int(e) > n { //nolint:gosec // the low half: a word index
				return nil, errCorrupt
			}
			used++
		}
	}
	if used != n {
		return nil, errCorrupt
	}
	a.compileIconv()
	a.indexAffixes()
	return dict, nil
}
