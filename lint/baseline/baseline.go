// Package baseline records the findings a repository already has, so that
// CI fails only on new ones.
//
// A baseline is a JSON file of entries, one per distinct finding:
//
//	{"version": 2, "entries": [
//	  {"file": "drafts/promo.txt", "id": "", "rule": "length", "hash": "3f1c…", "count": 1}]}
//
// An entry is keyed by the file (relative to the baseline's folder, with
// forward slashes), the message id inside it (envelope id, catalog key; ""
// for drafts), the rule and a hash of the finding, never by line number.
// The hash (version 2) covers the rule and, when the finding lies on one
// line, the text it points at with white space collapsed: never the
// finding's message, so a release that rewords a finding keeps a baseline
// matching. Edits elsewhere in the file leave an entry matching; rewording
// the flagged words or moving the finding into another message does not.
// Count is how many such findings there were: matching is a multiset, so a
// third identical finding where the baseline has two is new. Version 1
// files, whose hashes also covered the message with its numbers blanked,
// are still read and matched with their own hash.
package baseline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint"
)

// Version is the version of the baseline file format Write writes; Load
// also reads version 1.
const Version = 2

// Entry is one distinct finding of a baseline.
type Entry struct {
	File  string `json:"file"`
	ID    string `json:"id"`
	Rule  string `json:"rule"`
	Hash  string `json:"hash"`
	Count int    `json:"count"`
}

type file struct {
	Version int     `json:"version"`
	Entries []Entry `json:"entries"`
}

// Hash returns the hash of finding f of result r (version 2): 16 hex
// digits of the SHA-256 of the rule and the flagged text when it lies on one
// line. It does not depend on the finding's message, is stable across edits
// on other lines and serves SARIF's partialFingerprints too.
func Hash(r *lint.Result, f *lint.Finding) string {
	h := sha256.New()
	h.Write([]byte("v2\x00"))
	h.Write([]byte(f.Rule))
	h.Write([]byte{0})
	if f.Line == f.EndLine && f.Start >= 0 && f.Start <= f.End && f.End <= len(r.Text) {
		h.Write([]byte(normalize(r.Text[f.Start:f.End], false)))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// HashV1 is the hash of version 1 baselines: it also covered the finding's
// message with digits blanked, so a reworded finding no longer matched.
func HashV1(r *lint.Result, f *lint.Finding) string {
	h := sha256.New()
	h.Write([]byte(f.Rule))
	h.Write([]byte{0})
	h.Write([]byte(normalize(f.Message, true)))
	h.Write([]byte{0})
	if f.Line == f.EndLine && f.Start >= 0 && f.Start <= f.End && f.End <= len(r.Text) {
		h.Write([]byte(normalize(r.Text[f.Start:f.End], false)))
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// normalize collapses runs of white space to one space, trims, and with
// digits turns each run of digits into "0".
func normalize(s string, digits bool) string {
	var b strings.Builder
	b.Grow(len(s))
	space, digit := false, false
	for _, c := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(c):
			if !space {
				b.WriteByte(' ')
			}
			space, digit = true, false
		case digits && c >= '0' && c <= '9':
			if !digit {
				b.WriteByte('0')
			}
			space, digit = false, true
		default:
			b.WriteRune(c)
			space, digit = false, false
		}
	}
	return b.String()
}

type key struct{ file, id, rule, hash string }

// Baseline is a loaded baseline, ready to filter results. It is not safe
// for concurrent use: Filter consumes its counts.
type Baseline struct {
	dir  string                                   // the baseline file's folder, absolute
	cwd  string                                   // the working folder when it was loaded ("" if unknown)
	hash func(*lint.Result, *lint.Finding) string // of the file's version

	mu   sync.Mutex  // guards left: Filter runs from the goroutines linting files
	left map[key]int // recorded findings not yet seen by Filter
}

// Rel returns the file name of a result's source as a baseline stores it:
// relative to dir, with forward slashes. Standard input ("-") and sources
// that cannot be made relative are kept as they are, with forward slashes.
func Rel(dir, source string) string {
	cwd, _ := os.Getwd()
	return RelFrom(cwd, dir, source)
}

// RelFrom is Rel for a relative source under the working folder cwd, for
// callers that name many files: filepath.Abs asks the system for the working
// folder each time (see lint.AbsFrom).
func RelFrom(cwd, dir, source string) string {
	if source == "-" || source == "" {
		return source
	}
	if rel, err := filepath.Rel(dir, lint.AbsFrom(cwd, source)); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(source)
}

// Rel is the package's Rel against the baseline's folder, from the working
// folder it was loaded in.
func (b *Baseline) Rel(source string) string { return RelFrom(b.cwd, b.dir, source) }

func absDir(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.Dir(abs), nil
}

// Entries returns the baseline entries of results for a baseline file at
// path: sorted by file, id, rule and hash.
func Entries(path string, results []lint.Result) ([]Entry, error) {
	dir, err := absDir(path)
	if err != nil {
		return nil, err
	}
	counts := map[key]int{}
	cwd, _ := os.Getwd()
	for i := range results {
		r := &results[i]
		name := RelFrom(cwd, dir, r.Source)
		for j := range r.Findings {
			counts[key{name, r.ID, r.Findings[j].Rule, Hash(r, &r.Findings[j])}]++
		}
	}
	out := make([]Entry, 0, len(counts))
	for k, n := range counts {
		out = append(out, Entry{File: k.file, ID: k.id, Rule: k.rule, Hash: k.hash, Count: n})
	}
	slices.SortFunc(out, func(a, b Entry) int {
		return strings.Compare(a.File+"\x00"+a.ID+"\x00"+a.Rule+"\x00"+a.Hash, b.File+"\x00"+b.ID+"\x00"+b.Rule+"\x00"+b.Hash)
	})
	return out, nil
}

// Write records the findings of results in a baseline file at path,
// replacing it atomically (safefile.WriteFile): an interrupted write leaves
// the old baseline, never a part of the new one.
func Write(path string, results []lint.Result) error {
	entries, err := Entries(path, results)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(file{Version: Version, Entries: entries}, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if err := safefile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	return nil
}

// maxFile bounds the size of a baseline file read by Load.
const maxFile = 1 << 28

// Load reads a baseline file of at most 256 MiB.
func Load(path string) (*Baseline, error) {
	data, err := safefile.ReadAny(path, maxFile)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	dir, err := absDir(path)
	if err != nil {
		return nil, err
	}
	cwd, _ := os.Getwd()
	b := &Baseline{dir: dir, cwd: cwd, left: map[key]int{}}
	if err := b.parse(data, path); err != nil {
		return nil, err
	}
	return b, nil
}

// parse reads the file's entries straight into b.left, one at a time: the
// entries are not kept as a list besides (that, and decoding the whole file
// at once, cost 32 bytes of memory per byte of the file; FuzzLoad bounds
// it). The format is the strict one of the file type: unknown fields are
// errors.
func (b *Baseline) parse(data []byte, path string) error {
	fail := func(err error) error { return fmt.Errorf("baseline %s: %w", path, err) }
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := expectDelim(dec, '{'); err != nil {
		return fail(err)
	}
	version := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		switch name, _ := tok.(string); name {
		case "version":
			if err := dec.Decode(&version); err != nil {
				return fail(err)
			}
		case "entries":
			if err := b.parseEntries(dec, path); err != nil {
				return err
			}
		default:
			return fail(fmt.Errorf("json: unknown field %q", quote.V(name)))
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fail(err)
	}
	switch version {
	case Version:
		b.hash = Hash
	case 1:
		b.hash = HashV1
	default:
		return fmt.Errorf("baseline %s: version %d, want 1 or %d", path, version, Version)
	}
	return nil
}

// parseEntries reads the entries array (or null) into b.left.
func (b *Baseline) parseEntries(dec *json.Decoder, path string) error {
	fail := func(err error) error { return fmt.Errorf("baseline %s: %w", path, err) }
	tok, err := dec.Token()
	if err != nil {
		return fail(err)
	}
	if tok == nil {
		return nil // "entries": null
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fail(fmt.Errorf("entries must be an array, got %v", tok))
	}
	for dec.More() {
		var e Entry
		if err := dec.Decode(&e); err != nil {
			return fail(err)
		}
		if e.Count < 1 {
			return fmt.Errorf("baseline %s: entry %s %s has count %d", path, quote.Cut(e.File), quote.Cut(e.Rule), e.Count)
		}
		k := key{e.File, e.ID, e.Rule, e.Hash}
		if e.Count > math.MaxInt-b.left[k] {
			return fmt.Errorf("baseline %s: entry %s %s: count over %d", path, quote.Cut(e.File), quote.Cut(e.Rule), math.MaxInt)
		}
		b.left[k] += e.Count
	}
	_, err = dec.Token() // the closing bracket: More said there is no element
	if err != nil {
		return fail(err)
	}
	return nil
}

// expectDelim reads the next token, which must be delim.
func expectDelim(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != delim {
		return fmt.Errorf("want %q, got %v", string(delim), tok)
	}
	return nil
}

// Filter drops from res the findings the baseline records, as many of each
// as its count allows, and reports whether it dropped any: the caller then
// re-judges the result. It is safe for concurrent use; the keys name the
// file, so results of different files never compete for one entry.
func (b *Baseline) Filter(res *lint.Result) bool {
	name := b.Rel(res.Source)
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := res.Findings[:0:0]
	for i := range res.Findings {
		f := &res.Findings[i]
		k := key{name, res.ID, f.Rule, b.hash(res, f)}
		if b.left[k] > 0 {
			b.left[k]--
			continue
		}
		kept = append(kept, *f)
	}
	if len(kept) == len(res.Findings) {
		return false
	}
	res.Findings = kept
	return true
}

// Fixed returns how many recorded findings of the given files (as Rel
// names them) were not seen by Filter: fixed since the baseline was written.
func (b *Baseline) Fixed(files map[string]bool) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for k, left := range b.left {
		if files[k.file] {
			n += left
		}
	}
	return n
}

// Dir returns the folder the baseline's file names are relative to.
func (b *Baseline) Dir() string { return b.dir }
