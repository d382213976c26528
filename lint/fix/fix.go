// Package fix applies the fixes of lint findings to the files the messages
// were read from: drafts, envelopes and every catalog format lint/input
// reads. A fix is a set of edits to a message's text; fix maps each edit back
// into the file through the message's source map and writes its new text
// with the escaping of the string it lands in (a JSON or gettext string, a
// .properties value, each TOML and YAML string style), so that the file
// stays valid and reads back with the fixed text. Keys are never touched:
// only the bytes a message's text was read from are.
//
// [Run] fixes one file to a fixed point: lint, apply the fixes the findings
// offer, read the result back and check it, lint again, and so on for a
// bounded number of passes. A pass whose edits cannot be written in the file
// (a line break in a plain YAML scalar) or do not read back as intended is
// an [*Error] naming the file, line and column, and the file is left as it
// was: a file is fixed whole or not at all.
package fix

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// DefaultMaxPasses bounds the lint-and-fix passes of one file.
const DefaultMaxPasses = 10

// Options choose the fixes to apply.
type Options struct {
	// Unsafe applies suggestions too (fixes that change the wording, whose
	// Safe is false); by default only safe fixes are applied.
	Unsafe bool
	// MaxPasses bounds the passes; 0 means DefaultMaxPasses.
	MaxPasses int
}

// Checked is one lint of a file's messages: the results of the messages
// linted, each with the index in the read messages of the message it is for
// (a message the run does not lint has no result).
type Checked struct {
	Results []lint.Result
	Index   []int
}

// Checker lints the messages read from one version of the file.
type Checker func(msgs []lint.Message) (Checked, error)

// Outcome is what Run did to a file.
type Outcome struct {
	Data    []byte        // the fixed file (the original when nothing applied)
	Results []lint.Result // the lint of Data, as Checker returned it
	Applied int           // fixes applied, over all passes
	Passes  int           // lint passes run
	// Converged is false when fixes still applied after MaxPasses, or a
	// pass brought back the text of an earlier one (two fixes undoing
	// each other): Data is then the last version, every pass of which
	// read back as intended.
	Converged bool
}

// Error is a fix that cannot be written into its file, or a fixed file that
// does not read back as intended. The file is left as it was.
type Error struct {
	File      string
	Line, Col int
	Rule, Fix string // the finding's rule and the fix's title
	Msg       string
}

func (e *Error) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("%s:%d:%d: cannot apply the fixes: %s; the file is left unchanged", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: cannot apply the %s fix %q: %s; the file is left unchanged", e.File, e.Line, e.Col, e.Rule, e.Fix, e.Msg)
}

// Fixable reports whether Run may edit files of format: not a gettext
// template (.pot), whose messages are the msgids, keys of the translations.
func Fixable(format string) bool {
	switch format {
	case input.FormatPOT, "":
		return false
	}
	return true
}

// Run fixes data, the file name of the given format (input's format names),
// to a fixed point: check lints each version as read by input.Parse. The
// returned outcome has the lint of the final version. On an error the
// outcome is that of the original file, unfixed.
func Run(data []byte, name, format string, check Checker, opts Options) (Outcome, error) {
	maxPasses := opts.MaxPasses
	if maxPasses <= 0 {
		maxPasses = DefaultMaxPasses
	}
	bom := bytes.HasPrefix(data, []byte(utf8BOM))
	body := bytes.TrimPrefix(data, []byte(utf8BOM))
	withBOM := func(b []byte) []byte {
		if !bom {
			return b
		}
		return append([]byte(utf8BOM), b...)
	}
	seen := map[uint64]bool{hashOf(body): true}
	var first Outcome
	out := Outcome{Data: data}
	for pass := 1; ; pass++ {
		msgs, err := input.Parse(withBOM(body), name, format)
		if err != nil && pass > 1 {
			return first, &Error{File: name, Line: 1, Col: 1, Msg: "the fixed file does not read: " + err.Error()}
		}
		checked, cerr := check(msgs)
		if err != nil || cerr != nil {
			// Not readable as it is (a JSONL file with a bad line is
			// reported, not fixed): the caller reports the errors.
			if err == nil {
				err = cerr
			}
			return Outcome{Data: data, Results: checked.Results, Passes: 1, Converged: true}, err
		}
		out.Results, out.Passes = checked.Results, pass
		if pass == 1 {
			first = Outcome{Data: data, Results: checked.Results, Passes: 1, Converged: true}
		}
		if !Fixable(format) {
			out.Converged = true
			return out, nil
		}
		p, err := plan(body, name, format, msgs, checked, opts)
		if err != nil {
			return first, err
		}
		if len(p.edits) == 0 {
			out.Converged = true
			out.Data = withBOM(body)
			return out, nil
		}
		if pass > maxPasses {
			out.Data = withBOM(body)
			return out, nil
		}
		next := apply(body, p.edits)
		if err := p.verify(withBOM(next), name, format, msgs); err != nil {
			return first, err
		}
		out.Applied += p.fixes
		body = next
		h := hashOf(body)
		if seen[h] {
			// A cycle: lint this version once more for the results.
			msgs, err := input.Parse(withBOM(body), name, format)
			if err != nil {
				return first, &Error{File: name, Line: 1, Col: 1, Msg: "the fixed file does not read: " + err.Error()}
			}
			checked, err := check(msgs)
			if err != nil {
				return first, err
			}
			out.Results, out.Data, out.Passes = checked.Results, withBOM(body), pass+1
			return out, nil
		}
		seen[h] = true
	}
}

const utf8BOM = "\xef\xbb\xbf"

func hashOf(b []byte) uint64 {
	h := fnv.New64a()
	_, _ = h.Write(b)
	return h.Sum64()
}

// srcEdit replaces data[start:end] with text.
type srcEdit struct {
	start, end int
	text       string
	msg        int // index of the message in the read
	finding    *lint.Finding
	fix        *lint.Fix
}

// planned is one pass's edits of the file, sorted, and what each edited
// message must read as afterwards.
type planned struct {
	edits []srcEdit
	fixes int
	want  map[int]string // message index → its fixed text
	ix    *input.LineIndex
}

// plan picks the fixes of one pass: in the order of the results and of
// their findings (the engine's order), each finding's first allowed fix
// whose edits touch none taken before it in the file. A fix taken later
// would edit text the earlier one changed: the next pass sees it anew.
func plan(data []byte, name, format string, msgs []lint.Message, checked Checked, opts Options) (*planned, error) {
	ctxs, err := newContexts(data, format)
	if err != nil {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: err.Error()}
	}
	ix := input.NewLineIndex(data, format == input.FormatProperties && ctxs.list[0].style == stylePropsL1)
	p := &planned{want: map[int]string{}, ix: ix}
	textEdits := map[int][]lint.Edit{}
	for ri := range checked.Results {
		r := &checked.Results[ri]
		mi := checked.Index[ri]
		m := &msgs[mi]
		if m.Map == nil || r.Text != m.Text {
			continue
		}
		for fi := range r.Findings {
			f := &r.Findings[fi]
			for xi := range f.Fixes {
				fx := &f.Fixes[xi]
				if !fx.Safe && !opts.Unsafe || len(fx.Edits) == 0 {
					continue
				}
				es, err := p.mapFix(ctxs, name, m, mi, f, fx)
				if err != nil {
					return nil, err
				}
				if es == nil || p.clashes(es) {
					break // this finding waits for the next pass
				}
				p.insert(es)
				for _, e := range fx.Edits {
					// Two rules may offer the same edit (a curly
					// apostrophe for SMS and for French typography).
					if !slices.Contains(textEdits[mi], e) {
						textEdits[mi] = append(textEdits[mi], e)
					}
				}
				p.fixes++
				break
			}
		}
	}
	for mi, es := range textEdits {
		want, err := lint.ApplyEdits(msgs[mi].Text, es)
		if err != nil {
			return nil, &Error{File: name, Line: 1, Col: 1, Msg: err.Error()}
		}
		p.want[mi] = want
	}
	return p, nil
}

// mapFix maps the edits of one fix into the file; nil when they are not
// well formed (the fix is skipped).
func (p *planned) mapFix(ctxs *contexts, name string, m *lint.Message, mi int, f *lint.Finding, fx *lint.Fix) ([]srcEdit, error) {
	out := make([]srcEdit, 0, len(fx.Edits))
	for _, e := range fx.Edits {
		if e.Start < 0 || e.End < e.Start || e.End > len(m.Text) {
			return nil, nil
		}
		a, b := m.Map.Position(e.Start), m.Map.Position(e.End)
		start, end := p.ix.Offset(a.Line, a.Column), p.ix.Offset(b.Line, b.Column)
		fail := func(msg string) error {
			return &Error{File: name, Line: a.Line, Col: a.Column, Rule: f.Rule, Fix: fx.Title, Msg: msg}
		}
		if end < start || e.End > e.Start && end == start {
			return nil, fail("its text does not map to one stretch of the file")
		}
		ctx := ctxs.at(start)
		text, err := ctxs.escape(ctx, e.New)
		if err != nil {
			return nil, fail(err.Error() + "; rewrite the string in another style, then run --fix again")
		}
		out = append(out, srcEdit{start: start, end: end, text: text, msg: mi, finding: f, fix: fx})
	}
	slices.SortStableFunc(out, func(a, b srcEdit) int { return a.start - b.start })
	for k := 1; k < len(out); k++ {
		if out[k].start < out[k-1].end || out[k].start == out[k-1].start {
			return nil, nil // a fix's own edits overlap: not well formed
		}
	}
	return out, nil
}

// clashes reports whether an edit of es overlaps one already taken (the
// same edit twice, from one text read through two keys, does not). The
// taken edits are sorted by start and do not overlap, so only the
// neighbours of each new edit need a look.
func (p *planned) clashes(es []srcEdit) bool {
	for _, a := range es {
		i, _ := slices.BinarySearchFunc(p.edits, a.start, func(e srcEdit, start int) int { return e.start - start })
		for _, j := range []int{i - 1, i, i + 1} {
			if j < 0 || j >= len(p.edits) {
				continue
			}
			b := p.edits[j]
			if a.start == b.start && a.end == b.end && a.text == b.text {
				continue
			}
			if a.start < b.end && b.start < a.end || a.start == b.start || a.start == a.end && b.start < a.start && a.start < b.end {
				return true
			}
		}
	}
	return false
}

// insert adds edits that clash with none taken, keeping the order by start;
// an edit already taken (the same text through two keys) is not added again.
func (p *planned) insert(es []srcEdit) {
	for _, e := range es {
		i, found := slices.BinarySearchFunc(p.edits, e.start, func(x srcEdit, start int) int { return x.start - start })
		if found && p.edits[i].end == e.end && p.edits[i].text == e.text {
			continue
		}
		p.edits = slices.Insert(p.edits, i, e)
	}
}

// apply applies sorted, non-overlapping edits to data.
func apply(data []byte, edits []srcEdit) []byte {
	var b bytes.Buffer
	b.Grow(len(data) + 64)
	last := 0
	for _, e := range edits {
		b.Write(data[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(data[last:])
	return b.Bytes()
}

// verify reads the fixed file back: it must parse, hold as many messages
// under the same keys, each fixed message with its fixed text and every
// other one unchanged. The first message that does not is named.
func (p *planned) verify(next []byte, name, format string, before []lint.Message) error {
	after, err := input.Parse(next, name, format)
	if err == nil && len(after) == len(before) {
		bad := -1
		for i := range before {
			want, fixed := p.want[i]
			if !fixed {
				want = before[i].Text
			}
			if after[i].ID != before[i].ID || !sameText(after[i].Text, want) {
				bad = i
				break
			}
		}
		if bad < 0 {
			return nil
		}
		return p.blame(bad, name, "the fixed file would not read back with the fixed text")
	}
	// Find the first message whose edits alone break the file.
	var edited []int
	for _, e := range p.edits {
		if !slices.Contains(edited, e.msg) {
			edited = append(edited, e.msg)
		}
	}
	slices.Sort(edited)
	for _, mi := range edited {
		var alone []srcEdit
		for _, e := range p.edits {
			if e.msg == mi {
				alone = append(alone, e)
			}
		}
		data := apply(p.ix.Data(), alone)
		if bytes.HasPrefix(next, []byte(utf8BOM)) {
			data = append([]byte(utf8BOM), data...)
		}
		got, perr := input.Parse(data, name, format)
		if perr != nil {
			return p.blame(mi, name, "the fixed file would not read: "+perr.Error())
		}
		if len(got) != len(before) || !sameText(got[mi].Text, p.want[mi]) {
			return p.blame(mi, name, "the fixed file would not read back with the fixed text")
		}
	}
	if err != nil {
		return &Error{File: name, Line: 1, Col: 1, Msg: "the fixed file would not read: " + err.Error()}
	}
	return &Error{File: name, Line: 1, Col: 1, Msg: "the fixed file would not read back with the same messages"}
}

// blame returns the error for the first edit of message mi.
func (p *planned) blame(mi int, name, msg string) error {
	for _, e := range p.edits {
		if e.msg == mi {
			line, col := p.ix.Pos(e.start)
			return &Error{File: name, Line: line, Col: col, Rule: e.finding.Rule, Fix: e.fix.Title, Msg: msg}
		}
	}
	return &Error{File: name, Line: 1, Col: 1, Msg: msg}
}

// sameText compares texts as read back, line breaks normalised: a CRLF file
// keeps its line endings where the fix wrote a line break.
func sameText(a, b string) bool {
	if a == b {
		return true
	}
	return strings.ReplaceAll(a, "\r\n", "\n") == strings.ReplaceAll(b, "\r\n", "\n")
}
