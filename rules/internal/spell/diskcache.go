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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/presend/presend/internal/safefile"
)

// The compiled form of a dictionary is cached on disk, so that a run of
// presend reads a dictionary in a few milliseconds rather than parsing its
// Hunspell files (27 ms for en_US, 70 ms with fr). One file per .dic path
// in the cache folder, named after a hash of the path:
//
//	header: magic "presend-dict\n", format version (u32), the identity of
//	  the .dic and .aff files (size, modification time, inode: 6 × u64),
//	  file length (u64), length of the small part (u64), CRC-32C of the
//	  small part (u32), CRC-32C of the block sums (u32)
//	small part: the affix tables, flag sets, homonyms and the sizes of the
//	  word table (varints)
//	word table: the words' bytes, then their ends, values, hash slots and
//	  bloom bits (fixed width, little-endian, at offsets that are multiples
//	  of 8)
//	block sums: a CRC-32C of the word table's bytes in each 4 KiB block of
//	  the file
//
// The file is mapped, not read (mapFile): one message looks up a few dozen
// words and touches a few dozen of the file's 600 pages, where reading and
// checking the whole file cost 23 % of a one-message run. So the checks are
// split: the header, the lengths and layout, the small part and the block
// sums are checked when the file is loaded (a truncated file is refused
// there); a block of the word table is checked against its sum the first
// time a lookup reads it (blockCheck), and every index read from the table
// is range-checked before use. A block whose sum does not hold, or a page
// that faults (the file truncated while mapped), panics inside the Dict's
// methods, which recover: the dictionary is then read from its Hunspell
// files, the compiled form rewritten, and the call answered from the
// parsed dictionary (Dict.guard). No verdict is ever computed from bytes
// that did not pass their checksum. The cost of laziness: a corrupt block
// that no lookup reads is never noticed, and costs nothing either.
//
// A file whose identity differs from the files on disk (a dictionary
// edited, replaced or moved) is stale, one whose checksum or contents do not
// hold is corrupt: both are rebuilt from the Hunspell files and replaced.
// Files are written to a temporary file in the same folder, synced, then
// renamed over the old one, so a reader sees the old or the new file, never
// part of one, and a mapped file is never written in place. When the folder
// cannot be created or written (read-only, no home), the dictionary is
// loaded from its files as before.

const (
	cacheMagic   = "presend-dict\n"
	cacheVersion = 5 // 3: condition classes as strings; 4: conditions as written, elements as offsets; 5: mapped, block sums
	headerSize   = len(cacheMagic) + 4 + 6*8 + 8 + 8 + 4 + 4
	blockSize    = 4096 // a page: what a lookup faults in
)

// crcTable is made on first use: its tables take a quarter of a millisecond
// to compute, which a run that reads no dictionary (presend version, explain)
// need not pay at start-up.
var crcTable = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// crc is the CRC-32C of b.
func crc(b []byte) uint32 { return crc32.Checksum(b, crcTable()) }

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
	if data, err := mapFile(file, 4*maxFile); err == nil {
		if d, err := decodeDict(data, id); err == nil {
			d.Path = dicPath
			d.m.aff, d.m.dic, d.m.file = affPath, dicPath, file
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

// cacheFile is the compiled form's file for a .dic path. Its name holds
// the format version, so that two presend versions on one machine (an
// editor's language server and a newer CLI) each keep their own file
// instead of rewriting one another's on every run.
func cacheFile(dir, dicPath string) string {
	if abs, err := filepath.Abs(dicPath); err == nil {
		dicPath = abs
	}
	sum := sha256.Sum256([]byte(dicPath))
	name := strings.TrimSuffix(filepath.Base(dicPath), ".dic")
	return filepath.Join(dir, name+"-"+hex.EncodeToString(sum[:8])+".v"+strconv.Itoa(cacheVersion)+".dict")
}

// writeFileAtomic writes data to path through a synced temporary file in
// the same folder, renamed over path (safefile.WriteFile), creating the
// folder first.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil { //nolint:gosec // the cache folder (CacheDir): the user's or $PRESEND_CACHE_DIR
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
	e.int(len(t.blob))
	e.int(len(t.ends))
	e.int(len(t.slots))
	small := e.b
	lay := layoutOf(headerSize+len(small), len(t.blob), len(t.ends), len(t.slots))
	out := make([]byte, lay.size)
	copy(out[headerSize:], small)
	copy(out[lay.blob:], t.blob)
	for i, v := range t.ends {
		binary.LittleEndian.PutUint32(out[lay.ends+4*i:], v)
	}
	for i, v := range t.vals {
		binary.LittleEndian.PutUint32(out[lay.vals+4*i:], v)
	}
	for i, v := range t.slots {
		binary.LittleEndian.PutUint64(out[lay.slots+8*i:], v)
	}
	for i, v := range t.bloom {
		binary.LittleEndian.PutUint64(out[lay.bloom+8*i:], v)
	}
	for k := range lay.nblocks() {
		lo, hi := lay.block(k)
		binary.LittleEndian.PutUint32(out[lay.sums+4*k:], crc(out[lo:hi]))
	}
	h := out[:0] // the header, written in place
	h = append(h, cacheMagic...)
	h = binary.LittleEndian.AppendUint32(h, cacheVersion)
	h = id.append(h)
	h = binary.LittleEndian.AppendUint64(h, uint64(lay.size)) //nolint:gosec // a size
	h = binary.LittleEndian.AppendUint64(h, uint64(len(small)))
	h = binary.LittleEndian.AppendUint32(h, crc(small))
	_ = binary.LittleEndian.AppendUint32(h, crc(out[lay.sums:]))
	return out
}

// layout is where the word table's arrays and the block sums lie in a
// compiled form: offsets in the file.
type layout struct {
	blob, ends, vals, slots, bloom, sums, size int
}

func align8(n int) int { return (n + 7) &^ 7 }

// layoutOf lays out a word table of blobLen bytes, n words and ns slots
// after a small part ending at smallEnd.
func layoutOf(smallEnd, blobLen, n, ns int) layout {
	var l layout
	l.blob = align8(smallEnd)
	l.ends = align8(l.blob + blobLen)
	l.vals = l.ends + 4*n
	l.slots = align8(l.vals + 4*n)
	l.bloom = l.slots + 8*ns
	l.sums = l.bloom + bloomBits/8
	l.size = l.sums + 4*l.nblocks()
	return l
}

// nblocks is the number of blocks the word table spans.
func (l layout) nblocks() int { return (l.sums-1)/blockSize - l.blob/blockSize + 1 }

// block is the part of the word table in its k-th block.
func (l layout) block(k int) (lo, hi int) {
	b := l.blob/blockSize + k
	return max(l.blob, b*blockSize), min(l.sums, (b+1)*blockSize)
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

// decodeDict reads a compiled form made for the files of identity id: the
// header, layout, small part and block sums are checked now, the word
// table's blocks when a lookup first reads them (see the top of this file).
// data is the file's bytes, mapped or read, never written after.
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
	size, smallLen := binary.LittleEndian.Uint64(h[52:]), binary.LittleEndian.Uint64(h[60:])
	if size != uint64(len(data)) || smallLen > size-uint64(headerSize) {
		return nil, errCorrupt // truncated, or not ours
	}
	smallEnd := headerSize + int(smallLen) //nolint:gosec // below len(data)
	if crc(data[headerSize:smallEnd]) != binary.LittleEndian.Uint32(h[68:]) {
		return nil, errCorrupt
	}
	// The small part is copied: its strings (affixes, REP, TRY) are used
	// everywhere, the copy is small, and it never faults.
	small := bytes.Clone(data[:smallEnd])
	dec := decoder{data: small, str0: unsafe.String(unsafe.SliceData(small), len(small)), pos: headerSize} //nolint:gosec // small is this Dict's alone, never modified
	d, err := dec.dict()
	if err != nil {
		return nil, err
	}
	blobLen := dec.count(math.MaxInt32, 0)
	n := dec.count(int(multi), 0)
	ns := dec.count(math.MaxInt32, 0)
	if dec.err != nil || dec.pos != len(small) || ns <= n || ns&(ns-1) != 0 {
		return nil, errCorrupt
	}
	lay := layoutOf(smallEnd, blobLen, n, ns)
	if lay.size != len(data) {
		return nil, errCorrupt
	}
	sums := data[lay.sums:]
	if crc(sums) != binary.LittleEndian.Uint32(h[72:]) {
		return nil, errCorrupt
	}
	c := &blockCheck{data: data, lay: lay, sums: make([]uint32, lay.nblocks()), nsets: len(d.sets), nhom: len(d.homonyms)}
	c.ok = make([]atomic.Uint64, (len(c.sums)+63)/64)
	for k := range c.sums {
		c.sums[k] = binary.LittleEndian.Uint32(sums[4*k:])
	}
	t := &d.words
	t.chk = c
	t.blob = unsafe.String(unsafe.SliceData(data[lay.blob:]), blobLen)            //nolint:gosec // read-only, never unmapped
	aligned := nativeLE && uintptr(unsafe.Pointer(unsafe.SliceData(data)))%8 == 0 //nolint:gosec // an alignment test
	if !aligned {
		// The arrays are copied: check all of it now.
		for k := range c.sums {
			if !c.verify(k) {
				return nil, errCorrupt
			}
		}
	}
	t.ends = u32s(data[lay.ends:], n, aligned)
	t.vals = u32s(data[lay.vals:], n, aligned)
	t.slots = u64s(data[lay.slots:], ns, aligned)
	t.bloom = u64s(data[lay.bloom:], bloomBits/64, aligned)
	// The bloom bits are read by almost every lookup: checked now.
	for k := range c.sums {
		if lo, hi := lay.block(k); hi > lay.bloom && lo < lay.sums && !c.verify(k) {
			return nil, errCorrupt
		}
	}
	d.m = &mapped{id: id}
	return d, nil
}

// blockCheck checks a compiled form's word table a block at a time, the
// first time a lookup reads the block, against the sums written with it.
// It is safe for concurrent use (two goroutines may check one block).
type blockCheck struct {
	data        []byte // the whole file
	lay         layout
	sums        []uint32
	ok          []atomic.Uint64 // bit k: block k checked and good
	nsets, nhom int             // the bounds of the values
}

// verify checks block k, and remembers it when good.
func (c *blockCheck) verify(k int) bool {
	lo, hi := c.lay.block(k)
	if crc(c.data[lo:hi]) != c.sums[k] {
		return false
	}
	c.ok[k/64].Or(1 << (k % 64))
	return true
}

// need makes sure that the n bytes at file offset off were checked, and
// panics with errCorrupt when they do not hold (recovered by Dict.guard).
func (c *blockCheck) need(off, n int) {
	first := c.lay.blob / blockSize
	for b := off / blockSize; b <= (off+n-1)/blockSize; b++ {
		k := b - first
		if c.ok[k/64].Load()&(1<<(k%64)) == 0 && !c.verify(k) {
			panic(errCorrupt)
		}
	}
}

// slot makes sure slot j was checked.
func (c *blockCheck) slot(j int) { c.need(c.lay.slots+8*j, 8) }

// word makes sure word i (its end, the one before, its bytes and its
// value) was checked and is in range.
func (c *blockCheck) word(t *wordTable, i int) {
	if i < 0 || i >= len(t.ends) {
		panic(errCorrupt)
	}
	if i > 0 {
		c.need(c.lay.ends+4*(i-1), 8)
	} else {
		c.need(c.lay.ends, 4)
	}
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	end := t.ends[i]
	if start > end || int(end) > len(t.blob) {
		panic(errCorrupt)
	}
	if end > start {
		c.need(c.lay.blob+int(start), int(end-start))
	}
	c.need(c.lay.vals+4*i, 4)
	if v := t.vals[i]; v&multi != 0 && int(v&^multi) >= c.nhom || v&multi == 0 && int(v) >= c.nsets {
		panic(errCorrupt)
	}
}

// all checks every block (a caller about to read the whole table).
func (c *blockCheck) all() {
	for k := range c.sums {
		if c.ok[k/64].Load()&(1<<(k%64)) == 0 && !c.verify(k) {
			panic(errCorrupt)
		}
	}
}

// encoder writes the payload: unsigned varints, length-prefixed strings.
type encoder struct{ b []byte }

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

// u32s is the n little-endian values at the start of b: b itself when
// aligned on a little-endian machine, else a copy.
func u32s(b []byte, n int, inPlace bool) []uint32 {
	if n == 0 {
		return nil
	}
	if inPlace {
		return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n) //nolint:gosec // aligned, little-endian, read-only, never unmapped
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}

// u64s is u32s for 8-byte values.
func u64s(b []byte, n int, inPlace bool) []uint64 {
	if n == 0 {
		return nil
	}
	if inPlace {
		return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n) //nolint:gosec // aligned, little-endian, read-only, never unmapped
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
	if d.err != nil {
		return nil, errCorrupt
	}
	a.compileIconv()
	a.indexAffixes()
	return dict, nil
}

// mapped is what a Dict read from a compiled form needs to recover from a
// bad block or a fault: where the dictionary's files and the compiled form
// are, and the Dict parsed from the files once that happened.
type mapped struct {
	aff, dic, file string // "" when decoded without LoadCached (tests)
	id             fileID
	once           sync.Once
	alt            atomic.Pointer[Dict]
}

// acceptAll stands in for a dictionary whose compiled form went bad and
// whose files can no longer be read: it flags nothing rather than
// everything.
var acceptAll = &Dict{aff: &aff{}}

// recovered is the Dict to answer from after the panic r, caught in a
// method of a Dict read from a compiled form: r is errCorrupt (a block did
// not hold) or a fault in the mapping (the file truncated under it). Any
// other panic goes on.
func (m *mapped) recovered(r any) *Dict {
	_, fault := r.(interface{ Addr() uintptr })
	if err, ok := r.(error); !fault && (!ok || !errors.Is(err, errCorrupt)) {
		panic(r)
	}
	m.once.Do(func() {
		d, err := Load(m.aff, m.dic)
		if err != nil {
			m.alt.Store(acceptAll)
			return
		}
		d.Path = m.dic
		if m.file != "" && m.id == (fileID{dic: identify(m.dic), aff: identify(m.aff)}) {
			_ = writeFileAtomic(m.file, d.encode(m.id)) // replaced by rename: the mapping keeps the old file
		}
		m.alt.Store(d)
	})
	return m.alt.Load()
}
