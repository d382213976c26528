package report

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/presend/presend/lint"
)

// jsonVersion is the version of the JSON output (DESIGN.md §3). Fields may be
// added within a version; none is renamed or removed.
const jsonVersion = 1

// The JSON output is built from structs, not maps, so that the field order is
// the one in DESIGN.md and stays stable.

type jsonReport struct {
	Version int          `json:"version"`
	Results []jsonResult `json:"results"`
}

type jsonResult struct {
	Source   string        `json:"source"`
	ID       string        `json:"id,omitempty"`
	Line     int           `json:"line"`
	Channel  string        `json:"channel"`
	Lang     string        `json:"lang"`
	Score    int           `json:"score"`
	Verdict  lint.Verdict  `json:"verdict"`
	Preview  string        `json:"preview"`
	Segments *int          `json:"segments,omitempty"` // SMS only
	Encoding *string       `json:"encoding,omitempty"` // SMS only
	Findings []jsonFinding `json:"findings"`
	// History is "unavailable" for a message checked without the history
	// it has (the store failed, fail mode open).
	History string `json:"history,omitempty"`
}

type jsonFinding struct {
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
	Fixes     []jsonFix     `json:"fixes"`
	// RetryAfter (RFC 3339) is when the message may be sent instead
	// (quiet-hours); absent when the finding says nothing of it.
	RetryAfter string `json:"retry_after,omitempty"`
}

type jsonFix struct {
	Title string     `json:"title"`
	Safe  bool       `json:"safe"` // lint.Fix.Safe: apply without asking, or a suggestion
	Edits []jsonEdit `json:"edits"`
}

type jsonEdit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// jsonDocument is version 1 of the JSON output, streamed result by result:
// 2-space indent, a trailing newline, arrays never null.
func jsonDocument() *document {
	return newDocument(jsonReport{Version: jsonVersion, Results: []jsonResult{}})
}

// MarshalResult renders one result as the result object of the JSON output
// (one element of "results"), compact and without a trailing newline: the
// gateway's answer for a single message, and the "presend" member of its
// errors.
func MarshalResult(r *lint.Result) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(toJSON(r)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func toJSON(r *lint.Result) jsonResult {
	out := jsonResult{
		Source:   r.Source,
		ID:       r.ID,
		Line:     r.Line,
		Channel:  r.Channel,
		Lang:     r.Lang,
		Score:    r.Score,
		Verdict:  r.Verdict,
		Preview:  r.Preview,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		History:  r.History,
	}
	if r.Segments > 0 {
		segments, encoding := r.Segments, r.Encoding
		out.Segments, out.Encoding = &segments, &encoding
	}
	for _, f := range r.Findings {
		jf := jsonFinding{
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
			Fixes:     make([]jsonFix, 0, len(f.Fixes)),
		}
		if !f.RetryAfter.IsZero() {
			jf.RetryAfter = f.RetryAfter.Format(time.RFC3339)
		}
		for _, fix := range f.Fixes {
			jfix := jsonFix{Title: fix.Title, Safe: fix.Safe, Edits: make([]jsonEdit, 0, len(fix.Edits))}
			for _, e := range fix.Edits {
				jfix.Edits = append(jfix.Edits, jsonEdit{Start: e.Start, End: e.End, Text: e.New})
			}
			jf.Fixes = append(jf.Fixes, jfix)
		}
		out.Findings = append(out.Findings, jf)
	}
	return out
}
