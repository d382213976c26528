// Package spell reads Hunspell dictionaries (.aff and .dic files) and checks
// and corrects words with them, without cgo or the hunspell library.
//
// It covers what the Debian en_US and fr dictionaries use: SET encodings
// (UTF-8, ISO8859-1, ISO8859-15), FLAG formats (short, long, num, UTF-8), AF
// flag aliases, PFX and SFX rules with strip strings, conditions,
// continuation classes and cross products, NEEDAFFIX, FORBIDDENWORD,
// ONLYINCOMPOUND, KEEPCASE, NOSUGGEST, FULLSTRIP, ICONV, BREAK, REP, TRY and
// KEY. Compounding (COMPOUNDFLAG, COMPOUNDRULE…) is read but not applied:
// en_US uses it only for ordinal numbers (21st, 112th), which presend never
// spell-checks, and fr does not use it. MAP, morphological fields, AM and
// twofold suffixes are ignored.
//
// A Dict is immutable once loaded and safe for concurrent use. Shared keys
// the dictionaries it loads by the identity of their files (size, modification
// time, inode), so a dictionary edited on disk is read again by the next
// caller (a reload of presend serve sees it), and a load that failed is not
// kept. LoadCached keeps a compiled form on disk, keyed the same way.
package spell

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// flag is an interned affix flag; 0 means none.
type flag uint16

// flagMode is how an .aff file writes flags.
type flagMode uint8

const (
	flagShort flagMode = iota // one character (byte in 8-bit files)
	flagLong                  // two characters
	flagNum                   // decimal numbers separated by commas
	flagUTF8                  // one Unicode character
)

// affix is one PFX or SFX line.
type affix struct {
	flag  flag
	cross bool
	strip string
	add   string
	cond  condition
	cont  []flag // continuation classes, sorted
}

// condition is a Hunspell affix condition: a sequence of characters,
// bracket classes ([abc], [^abc]) and dots, matched at the start of the stem
// (prefixes) or its end (suffixes). Its elements hold no pointer (a
// dictionary has tens of thousands of them, which the collector need not
// scan): each names its characters by offsets in chars.
type condition struct {
	elems []condElem
	chars string // the condition as written
}

type condElem struct {
	any, neg bool
	lo, hi   uint16 // the characters of a class or the one character: chars[lo:hi]
}

func parseCondition(s string) (condition, error) {
	if s == "." || s == "" {
		return condition{}, nil
	}
	if len(s) > math.MaxUint16 {
		return condition{}, fmt.Errorf("condition of %d bytes: too long", len(s))
	}
	c := condition{chars: s}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '.':
			c.elems = append(c.elems, condElem{any: true})
			i += n
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return condition{}, fmt.Errorf("condition %q: unclosed [", s)
			}
			e := condElem{lo: uint16(i + 1), hi: uint16(i + end)} //nolint:gosec // len(s) fits
			if s[i+1] == '^' && end > 1 {
				e.neg, e.lo = true, e.lo+1
			}
			c.elems = append(c.elems, e)
			i += end + 1
		case ']':
			return condition{}, fmt.Errorf("condition %q: unopened ]", s)
		default:
			c.elems = append(c.elems, condElem{lo: uint16(i), hi: uint16(i + n)}) //nolint:gosec // len(s) fits
			i += n
		}
	}
	return c, nil
}

func (c condition) match(e condElem, r rune) bool {
	if e.any {
		return true
	}
	return strings.ContainsRune(c.chars[e.lo:e.hi], r) != e.neg
}

// matchPrefix reports whether the condition matches the start of s.
func (c condition) matchPrefix(s string) bool {
	for _, e := range c.elems {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !c.match(e, r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// matchSuffix reports whether the condition matches the end of s.
func (c condition) matchSuffix(s string) bool {
	for i := len(c.elems) - 1; i >= 0; i-- {
		r, n := utf8.DecodeLastRuneInString(s)
		if n == 0 || !c.match(c.elems[i], r) {
			return false
		}
		s = s[:len(s)-n]
	}
	return true
}

// matchPrefixBytes is matchPrefix for a stem being built.
func (c condition) matchPrefixBytes(s []byte) bool {
	for _, e := range c.elems {
		r, n := utf8.DecodeRune(s)
		if n == 0 || !c.match(e, r) {
			return false
		}
		s = s[n:]
	}
	return true
}

// matchSuffixBytes is matchSuffix for a stem being built.
func (c condition) matchSuffixBytes(s []byte) bool {
	for i := len(c.elems) - 1; i >= 0; i-- {
		r, n := utf8.DecodeLastRune(s)
		if n == 0 || !c.match(c.elems[i], r) {
			return false
		}
		s = s[:len(s)-n]
	}
	return true
}

// aff is a parsed .aff file.
type aff struct {
	mode    flagMode
	flagIDs map[string]flag
	names   []string // flag id → as written
	aliases [][]flag // AF, 1-based in files
	sets    [][]flag // interned flag sets
	setIDs  map[string]uint32

	needAffix, forbidden, onlyInCompound, keepCase, noSuggest flag

	prefixes map[string][]*affix // by added string
	suffixes map[string][]*affix // by added string
	maxPfx   int                 // longest added prefix, bytes
	maxSfx   int
	// pfxBits and sfxBits filter the lookups in prefixes and suffixes:
	// most of the strings an affix check tries are no affix at all.
	pfxBits, sfxBits *affixBits

	fullStrip  bool
	try        string
	key        []string
	rep        [][2]string
	iconv      [][2]string
	iconvASCII bool              // some ICONV pattern is plain ASCII
	iconvRep   *strings.Replacer // nil without ICONV
	iconvBytes *[256]bool        // a byte of each ICONV pattern: a word with none is left as is
	breaks     []string
	hasBreak   bool // BREAK was given (else the default - ^- -$)
	encoding   string
}

// ParseError is a syntax error in a dictionary file, with its position.
type ParseError struct {
	File string
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

func (e *ParseError) Unwrap() error { return e.Err }

// decodeLine converts a line of an 8-bit file to UTF-8.
func decodeLine(b []byte, enc string) (string, error) {
	switch enc {
	case "", "UTF-8":
		if !utf8.Valid(b) {
			return "", fmt.Errorf("invalid UTF-8")
		}
		return string(b), nil
	case "ISO8859-1", "ISO-8859-1", "LATIN1":
		return latin(b, nil), nil
	case "ISO8859-15", "ISO-8859-15":
		return latin(b, iso15), nil
	}
	return "", fmt.Errorf("unsupported encoding %q (want UTF-8, ISO8859-1 or ISO8859-15)", enc)
}

var iso15 = map[byte]rune{0xA4: '€', 0xA6: 'Š', 0xA8: 'š', 0xB4: 'Ž', 0xB8: 'ž', 0xBC: 'Œ', 0xBD: 'œ', 0xBE: 'Ÿ'}

func latin(b []byte, over map[byte]rune) string {
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	for _, c := range b {
		if r, ok := over[c]; ok {
			sb.WriteRune(r)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}

// parseAff reads an .aff file; name is used in errors.
func parseAff(r io.Reader, name string) (*aff, error) {
	a := &aff{
		flagIDs:  map[string]flag{},
		names:    []string{""},
		setIDs:   map[string]uint32{},
		prefixes: map[string][]*affix{},
		suffixes: map[string][]*affix{},
	}
	a.sets = append(a.sets, nil) // set 0 is empty
	a.setIDs[""] = 0
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	fail := func(format string, args ...any) error {
		return &ParseError{File: name, Line: line, Err: fmt.Errorf(format, args...)}
	}
	// Tables announce their length ("REP 90"); pending counts the lines left.
	type table struct {
		kind  string // PFX SFX REP ICONV AF BREAK KEY…
		flag  flag
		cross bool
		left  int
	}
	var cur *table
	for sc.Scan() {
		line++
		raw := sc.Bytes()
		if line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}
		s, err := decodeLine(raw, a.encoding)
		if err != nil {
			return nil, fail("%v", err)
		}
		f := strings.Fields(s)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if cur != nil && cur.left > 0 && f[0] == cur.kind {
			cur.left--
			if err := a.tableLine(cur.kind, cur.flag, cur.cross, f); err != nil {
				return nil, fail("%v", err)
			}
			continue
		}
		cur = nil
		switch f[0] {
		case "SET":
			if len(f) < 2 {
				return nil, fail("SET needs an encoding")
			}
			enc := strings.ToUpper(f[1])
			if _, err := decodeLine(nil, enc); err != nil {
				return nil, fail("%v", err)
			}
			a.encoding = enc
		case "FLAG":
			if len(f) < 2 {
				return nil, fail("FLAG needs a format")
			}
			switch f[1] {
			case "long":
				a.mode = flagLong
			case "num":
				a.mode = flagNum
			case "UTF-8":
				a.mode = flagUTF8
			default:
				return nil, fail("unknown FLAG format %q (want long, num or UTF-8)", f[1])
			}
		case "NEEDAFFIX", "PSEUDOROOT", "FORBIDDENWORD", "ONLYINCOMPOUND", "KEEPCASE", "NOSUGGEST":
			if len(f) < 2 {
				return nil, fail("%s needs a flag", f[0])
			}
			fl, err := a.parseFlags(f[1])
			if err != nil || len(fl) != 1 {
				return nil, fail("%s: bad flag %q", f[0], f[1])
			}
			switch f[0] {
			case "NEEDAFFIX", "PSEUDOROOT":
				a.needAffix = fl[0]
			case "FORBIDDENWORD":
				a.forbidden = fl[0]
			case "ONLYINCOMPOUND":
				a.onlyInCompound = fl[0]
			case "KEEPCASE":
				a.keepCase = fl[0]
			case "NOSUGGEST":
				a.noSuggest = fl[0]
			}
		case "FULLSTRIP":
			a.fullStrip = true
		case "TRY":
			if len(f) > 1 {
				a.try = f[1]
			}
		case "KEY":
			if len(f) > 1 {
				a.key = strings.Split(f[1], "|")
			}
		case "PFX", "SFX":
			if len(f) < 4 {
				return nil, fail("%s header needs a flag, a cross-product Y/N and a count", f[0])
			}
			fl, err := a.parseFlags(f[1])
			if err != nil || len(fl) != 1 {
				return nil, fail("%s: bad flag %q", f[0], f[1])
			}
			n, err := strconv.Atoi(f[3])
			if err != nil || n < 0 {
				return nil, fail("%s %s: bad count %q", f[0], f[1], f[3])
			}
			cur = &table{kind: f[0], flag: fl[0], cross: f[2] == "Y", left: n}
		case "REP", "ICONV", "OCONV", "AF", "BREAK", "MAP", "AM", "PHONE", "CHECKCOMPOUNDPATTERN", "COMPOUNDRULE":
			if len(f) < 2 {
				return nil, fail("%s needs a count", f[0])
			}
			n, err := strconv.Atoi(f[1])
			if err != nil || n < 0 {
				return nil, fail("%s: bad count %q", f[0], f[1])
			}
			if f[0] == "BREAK" {
				a.hasBreak = true
			}
			cur = &table{kind: f[0], left: n}
		default:
			// Other directives (WORDCHARS, LANG, COMPOUND*, MAP…) do not
			// change what the checker accepts for en_US and fr.
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fail("%v", err)
	}
	if a.key == nil {
		a.key = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}
	}
	if !a.hasBreak {
		a.breaks = []string{"-", "^-", "-$"}
	}
	for _, p := range a.iconv {
		if isASCII(p[0]) {
			a.iconvASCII = true
		}
	}
	a.compileIconv()
	a.indexAffixes()
	return a, nil
}

// affixBits has a bit set for the length, first and last byte of each
// added affix string (a hash of them), so that a lookup of a string that is
// no affix mostly stops at a bit test.
type affixBits [1024]uint64

func affixBit(s string) uint32 {
	x := uint32(len(s)) << 16 //nolint:gosec // affixes are short; a wrapped length only sets another bit
	if s != "" {
		x |= uint32(s[0])<<8 | uint32(s[len(s)-1])
	}
	return (x * 0x9E3779B1) >> 16
}

func (b *affixBits) set(s string) {
	i := affixBit(s)
	b[i/64] |= 1 << (i % 64)
}

// may reports whether s may be an added affix string.
func (b *affixBits) may(s string) bool {
	i := affixBit(s)
	return b[i/64]&(1<<(i%64)) != 0
}

// indexAffixes fills pfxBits and sfxBits from prefixes and suffixes.
func (a *aff) indexAffixes() {
	a.pfxBits, a.sfxBits = new(affixBits), new(affixBits)
	for add := range a.prefixes {
		a.pfxBits.set(add)
	}
	for add := range a.suffixes {
		a.sfxBits.set(add)
	}
}

// tableLine reads one line of a counted table.
func (a *aff) tableLine(kind string, fl flag, cross bool, f []string) error {
	switch kind {
	case "PFX", "SFX":
		if len(f) < 4 {
			return fmt.Errorf("%s line needs a flag, strip, affix and condition", kind)
		}
		x := &affix{flag: fl, cross: cross}
		if f[2] != "0" {
			x.strip = f[2]
		}
		add := f[3]
		if i := strings.IndexByte(add, '/'); i >= 0 {
			cont, err := a.parseFlagField(add[i+1:])
			if err != nil {
				return fmt.Errorf("%s %s: %w", kind, f[1], err)
			}
			x.cont = cont
			add = add[:i]
		}
		if add != "0" {
			x.add = add
		}
		cond := "."
		if len(f) > 4 {
			cond = f[4]
		}
		c, err := parseCondition(cond)
		if err != nil {
			return fmt.Errorf("%s %s: %w", kind, f[1], err)
		}
		x.cond = c
		if kind == "PFX" {
			a.prefixes[x.add] = append(a.prefixes[x.add], x)
			a.maxPfx = max(a.maxPfx, len(x.add))
		} else {
			a.suffixes[x.add] = append(a.suffixes[x.add], x)
			a.maxSfx = max(a.maxSfx, len(x.add))
		}
	case "REP", "ICONV":
		if len(f) < 3 {
			return fmt.Errorf("%s line needs two strings", kind)
		}
		p := [2]string{strings.ReplaceAll(f[1], "_", " "), strings.ReplaceAll(f[2], "_", " ")}
		if kind == "REP" {
			a.rep = append(a.rep, p)
		} else {
			a.iconv = append(a.iconv, [2]string{f[1], f[2]})
		}
	case "AF":
		fl, err := a.parseFlags(f[1])
		if err != nil {
			return fmt.Errorf("AF: %w", err)
		}
		slices.Sort(fl)
		a.aliases = append(a.aliases, fl)
	case "BREAK":
		a.breaks = append(a.breaks, f[1])
	}
	return nil
}

// parseFlagField reads the flags of a .dic entry or continuation class:
// an AF alias number when aliases are defined, else flags.
func (a *aff) parseFlagField(s string) ([]flag, error) {
	if len(a.aliases) > 0 {
		if n, err := strconv.Atoi(s); err == nil {
			if n < 1 || n > len(a.aliases) {
				return nil, fmt.Errorf("flag alias %d out of range 1–%d", n, len(a.aliases))
			}
			return a.aliases[n-1], nil
		}
	}
	fl, err := a.parseFlags(s)
	if err != nil {
		return nil, err
	}
	slices.Sort(fl)
	return slices.Compact(fl), nil
}

// parseFlags splits a flag string in the file's FLAG format.
func (a *aff) parseFlags(s string) ([]flag, error) {
	out, err := a.splitFlags(s)
	if err == nil && slices.Contains(out, 0) {
		err = fmt.Errorf("more than %d distinct flags", math.MaxUint16)
	}
	return out, err
}

func (a *aff) splitFlags(s string) ([]flag, error) {
	var out []flag
	switch a.mode {
	case flagNum:
		for p := range strings.SplitSeq(s, ",") {
			if _, err := strconv.Atoi(p); err != nil {
				return nil, fmt.Errorf("bad numeric flag %q", p)
			}
			out = append(out, a.intern(p))
		}
	case flagLong:
		rs := []rune(s)
		if len(rs)%2 != 0 {
			return nil, fmt.Errorf("long flags %q have an odd length", s)
		}
		for i := 0; i < len(rs); i += 2 {
			out = append(out, a.intern(string(rs[i:i+2])))
		}
	default: // short and UTF-8: one character each (8-bit files were decoded)
		for _, r := range s {
			out = append(out, a.intern(string(r)))
		}
	}
	return out, nil
}

func (a *aff) intern(name string) flag {
	if id, ok := a.flagIDs[name]; ok {
		return id
	}
	n := len(a.names)
	if n > math.MaxUint16 {
		return 0 // parseFlags reports it
	}
	id := flag(n)
	a.flagIDs[name] = id
	a.names = append(a.names, name)
	return id
}

// set interns a sorted flag set and returns its id.
func (a *aff) set(fl []flag) uint32 {
	if len(fl) == 0 {
		return 0
	}
	var buf [64]byte
	k := buf[:0]
	for _, f := range fl {
		k = binary.LittleEndian.AppendUint16(k, uint16(f))
	}
	if id, ok := a.setIDs[string(k)]; ok {
		return id
	}
	n := len(a.sets)
	if uint(n) >= uint(multi) {
		return 0 // more distinct flag sets than lines in any real file
	}
	id := uint32(n)
	a.sets = append(a.sets, fl)
	a.setIDs[string(k)] = id
	return id
}

func has(set []flag, f flag) bool {
	if f == 0 {
		return false
	}
	_, ok := slices.BinarySearch(set, f)
	return ok
}

// compileIconv builds the replacer of the ICONV table and the filter
// before it: one byte of each pattern, its first non-ASCII one (the first
// byte of a plain ASCII pattern). A word holds every pattern it contains, so
// a word with none of these bytes contains no pattern, and the replacer,
// which allocates for every word, is not called.
func (a *aff) compileIconv() {
	a.iconvRep, a.iconvBytes = nil, nil
	var pairs []string
	var sig [256]bool
	for _, p := range a.iconv {
		pairs = append(pairs, p[0], p[1])
		if p[0] == "" {
			continue
		}
		k := strings.IndexFunc(p[0], func(r rune) bool { return r >= utf8.RuneSelf })
		if k < 0 {
			k = 0
		}
		sig[p[0][k]] = true
	}
	if len(pairs) > 0 {
		a.iconvRep = strings.NewReplacer(pairs...)
		a.iconvBytes = &sig
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
