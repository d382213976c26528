// Package resultjson is the shape of a result in presend's JSON output
// (DESIGN.md §3): the "results" elements of presend lint --format json and
// the answers of the gateway and lint/sendapi. It is apart from lint/report
// so that a library user of the Send API middleware links no terminal
// styling.
package resultjson

import (
	"time"

	"github.com/presend/presend/lint"
)

// Version is the version of the JSON output (DESIGN.md §3). Fields may be
// added within a version; none is renamed or removed.
const Version = 1

// The JSON output is built from structs, not maps, so that the field order is
// the one in DESIGN.md and stays stable.

// Report is the whole JSON output.
type Report struct {
	Version int      `json:"version"`
	Results []Result `json:"results"`
}

// Result is one message's result object.
type Result struct {
	Source   string       `json:"source"`
	ID       string       `json:"id,omitempty"`
	Line     int          `json:"line"`
	Channel  string       `json:"channel"`
	Lang     string       `json:"lang"`
	Score    int          `json:"score"`
	Verdict  lint.Verdict `json:"verdict"`
	Preview  string       `json:"preview"`
	Segments *int         `json:"segments,omitempty"` // SMS only
	Encoding *string      `json:"encoding,omitempty"` // SMS only
	Findings []Finding    `json:"findings"`
	// History is "unavailable" for a message checked without the history
	// it has (the store failed, fail mode open).
	History string `json:"history,omitempty"`
}

// Finding is one finding of a Result.
type Finding struct {
	Rule      string        `json:"rule"`
	Severity  lint.Severity `json:"severity"` // MarshalText: an invalid severity fails loudly
	Message   string        `json:"message"`
	Detail    string        `json:"detail,omitempty"`
	Line      int           `json:"line"`
	Column    int           `json:"column"`
	EndLine   int           `json:"end_line"`
	EndColumn int           `json:"end_column"`
	Start     int           `json:"start"`
	End       int           `json:"end"`
	Fixes     []Fix         `json:"fixes"`
	// RetryAfter (RFC 3339) is when the message may be sent instead
	// (quiet-hours); absent when the finding says nothing of it.
	RetryAfter string `json:"retry_after,omitempty"`
}

// Fix is one fix of a Finding.
type Fix struct {
	Title string `json:"title"`
	Safe  bool   `json:"safe"` // lint.Fix.Safe: apply without asking, or a suggestion
	Edits []Edit `json:"edits"`
}

// Edit is one edit of a Fix, in byte offsets of the message text.
type Edit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Marshal renders one result as the result object of the JSON output
// (one element of "results"), compact and without a trailing newline: the
// gateway's answer for a single message, and the "presend" member of its
// errors.
func Marshal(r *lint.Result) ([]byte, error) {
	b, err := AppendJSON(nil, r)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// Of is the result object of r in the JSON output.
func Of(r *lint.Result) Result {
	out := Result{
		Source:   r.Source,
		ID:       r.ID,
		Line:     r.Line,
		Channel:  r.Channel,
		Lang:     r.Lang,
		Score:    r.Score,
		Verdict:  r.Verdict,
		Preview:  r.Preview,
		Findings: make([]Finding, 0, len(r.Findings)),
		History:  r.History,
	}
	if r.Segments > 0 {
		segments, encoding := r.Segments, r.Encoding
		out.Segments, out.Encoding = &segments, &encoding
	}
	for _, f := range r.Findings {
		jf := Finding{
			Rule:      f.Rule,
			Severity:  f.Severity,
			Message:   f.Message,
			Detail:    f.Detail,
			Line:      f.Line,
			Column:    f.Column,
			EndLine:   f.EndLine,
			EndColumn: f.EndColumn,
			Start:     f.Start,
			End:       f.End,
			Fixes:     make([]Fix, 0, len(f.Fixes)),
		}
		if !f.RetryAfter.IsZero() {
			jf.RetryAfter = f.RetryAfter.Format(time.RFC3339)
		}
		for _, fix := range f.Fixes {
			jfix := Fix{Title: fix.Title, Safe: fix.Safe, Edits: make([]Edit, 0, len(fix.Edits))}
			for _, e := range fix.Edits {
				jfix.Edits = append(jfix.Edits, Edit{Start: e.Start, End: e.End, Text: e.New})
			}
			jf.Fixes = append(jf.Fixes, jfix)
		}
		out.Findings = append(out.Findings, jf)
	}
	return out
}
