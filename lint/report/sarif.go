package report

import (
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/baseline"
)

// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/), the
// subset GitHub code scanning reads. Structs, not maps, keep the field
// order stable.

const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	informationURI = "https://github.com/presend/presend"
	// rulesURI is the README's rule list; each rule's help also names
	// `presend explain RULE`.
	rulesURI = informationURI + "#rules"
	// fingerprintKey names presend's finding hash in partialFingerprints:
	// the same hash baselines use, stable across edits on other lines.
	fingerprintKey = "presendFindingHash/v2"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      sarifText       `json:"fullDescription"`
	Help                 sarifText       `json:"help"`
	HelpURI              string          `json:"helpUri"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           sarifRuleProps  `json:"properties"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Category string   `json:"category,omitempty"`
	Tags     []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           *int              `json:"ruleIndex,omitempty"` // nil: a rule not in the table
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          *sarifResultProps `json:"properties,omitempty"`
}

type sarifResultProps struct {
	ID      string   `json:"id,omitempty"`     // envelope id or catalog key
	Detail  string   `json:"detail,omitempty"` // Finding.Detail, as plain text
	Verdict string   `json:"verdict"`
	Score   int      `json:"score"`
	Fixes   []string `json:"fixes,omitempty"` // fix titles
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

// sarifArtifact is an artifactLocation: a URI reference for a file, or,
// for standard input, which has none, no uri and a description.
type sarifArtifact struct {
	URI         string     `json:"uri,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// pseudoRules describes the findings that no registered rule reports.
var pseudoRules = map[string]lint.Rule{
	"input": {Name: "input", Severity: lint.Error, Doc: lint.Doc{
		Title: "the message could not be checked",
		Text:  "presend could not check the message as written: an unknown channel or language, a message over 1 MiB, or a cancelled check. Fix the input; the message is blocked until then.",
	}},
	lint.UnusedSuppression: {Name: lint.UnusedSuppression, Severity: lint.Warning, Doc: lint.Doc{
		Title: "a suppression that suppresses nothing",
		Text:  "A presend-disable or presend-disable-next-line comment, or a suppression in presend.toml, named a rule that reported nothing where it applies. Remove it, or fix the rule name, so that it does not hide a future finding.",
	}},
}

// sarifTable is a run's rule table: the rule descriptors in order, and each
// rule's index among them. It is read-only once built.
type sarifTable struct {
	rules []sarifRule
	index map[string]int
}

func (t *sarifTable) add(r *lint.Rule) {
	if _, ok := t.index[r.Name]; ok {
		return
	}
	t.index[r.Name] = len(t.rules)
	t.rules = append(t.rules, toSARIFRule(r))
}

func newTable(rules []*lint.Rule) *sarifTable {
	t := &sarifTable{rules: []sarifRule{}, index: map[string]int{}}
	for _, r := range rules {
		if r != nil {
			t.add(r)
		}
	}
	return t
}

// streamTable is the table of a Stream, fixed before any result: the rules,
// then the pseudo-rules.
func streamTable(rules []*lint.Rule) *sarifTable {
	t := newTable(rules)
	for _, name := range []string{"input", lint.UnusedSuppression} {
		pr := pseudoRules[name]
		t.add(&pr)
	}
	return t
}

// writeTable is the table of Write, which has every result: the rules, then
// the rule of any finding not among them, in the order they come.
func writeTable(rules []*lint.Rule, results []lint.Result) *sarifTable {
	t := newTable(rules)
	for i := range results {
		for j := range results[i].Findings {
			f := &results[i].Findings[j]
			if _, ok := t.index[f.Rule]; !ok {
				pr, known := pseudoRules[f.Rule]
				if !known {
					pr = lint.Rule{Name: f.Rule, Severity: f.Severity, Doc: lint.Doc{Title: f.Rule}}
				}
				t.add(&pr)
			}
		}
	}
	return t
}

// sarifDocument is one SARIF run with the table's rules, its results
// streamed one per finding.
func sarifDocument(t *sarifTable, opts Options) *document {
	drv := sarifDriver{Name: "presend", Version: opts.Version, InformationURI: informationURI, Rules: t.rules}
	run := sarifRun{Tool: sarifTool{Driver: drv}, Results: []sarifResult{}, ColumnKind: "unicodeCodePoints"}
	return newDocument(sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// result is the SARIF result of finding f of r. A rule not in the table has
// no ruleIndex.
func (t *sarifTable) result(r *lint.Result, f *lint.Finding, ps paths) sarifResult {
	res := sarifResult{
		RuleID:  f.Rule,
		Level:   sarifLevel(f.Severity),
		Message: sarifMessageOf(f),
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
			ArtifactLocation: sarifArtifactOf(ps, r.Source),
			Region:           sarifRegionOf(f),
		}}},
		PartialFingerprints: map[string]string{fingerprintKey: baseline.Hash(r, f)},
		Properties:          &sarifResultProps{ID: r.ID, Detail: f.Detail, Verdict: string(r.Verdict), Score: r.Score},
	}
	if i, ok := t.index[f.Rule]; ok {
		res.RuleIndex = &i
	}
	for _, fix := range f.Fixes {
		res.Properties.Fixes = append(res.Properties.Fixes, fix.Title)
	}
	return res
}

// sarifArtifactOf returns the artifactLocation of a result's source. A
// message read from standard input without --stdin-name ("-"), or one with
// no source at all (""), has no file: its uri is "-", a valid relative
// reference that names none, with the description "standard input".
// GitHub code scanning refuses a whole upload when a result's location has
// no uri. Any other source, a --stdin-name included, is a file path.
func sarifArtifactOf(ps paths, source string) sarifArtifact {
	if source == "-" || source == "" {
		return sarifArtifact{URI: "-", Description: &sarifText{Text: "standard input"}}
	}
	return sarifArtifact{URI: fileURI(ps.rel(source))}
}

func toSARIFRule(r *lint.Rule) sarifRule {
	title := r.Doc.Title
	if title == "" {
		title = r.Name
	}
	text := r.Doc.Text
	if text == "" {
		text = title
	}
	help := text + "\n\nRun `presend explain " + r.Name + "` for its options and examples."
	sr := sarifRule{
		ID:                   r.Name,
		Name:                 r.Name,
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: text},
		Help:                 sarifText{Text: help, Markdown: help},
		HelpURI:              rulesURI,
		DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(r.Severity)},
		Properties:           sarifRuleProps{Category: r.Category, Tags: []string{"presend"}},
	}
	if r.Category != "" {
		sr.Properties.Tags = append(sr.Properties.Tags, r.Category)
	}
	return sr
}

// sarifMessageOf is the result's message (SARIF 2.1.0 §3.11). Its text is
// the plain message, then the fix titles: GitHub code scanning shows the
// text, and its first sentence as the alert's title, so the technical
// detail stays out of it. A finding with a detail also gets the markdown
// form (§3.11.4, which a viewer that renders Markdown shows in place of
// the text): the message, the detail as a paragraph of its own, and the
// fixes. The detail is in the result's property bag as well
// (properties.detail), for tools that read neither.
func sarifMessageOf(f *lint.Finding) sarifText {
	m := sarifText{Text: sarifMessage(f)}
	if f.Detail == "" {
		return m
	}
	var b strings.Builder
	b.WriteString(markdownEscape(messageOrRule(f)))
	b.WriteString("\n\n")
	b.WriteString(markdownEscape(f.Detail))
	for _, fix := range f.Fixes {
		b.WriteString("\n\nfix: " + markdownEscape(fix.Title))
	}
	m.Markdown = b.String()
	return m
}

func messageOrRule(f *lint.Finding) string {
	if f.Message == "" {
		return f.Rule
	}
	return f.Message
}

// markdownEscaper backslash-escapes the characters that GitHub Flavored
// Markdown would read as markup, so that a message or detail quoting the
// writer's text ("*", "_", "<b>", "[x]") is shown as written.
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "{", `\{`, "}", `\}`,
	"[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`,
	"#", `\#`, "|", `\|`, "~", `\~`,
)

func markdownEscape(s string) string { return markdownEscaper.Replace(s) }

// sarifMessage is the finding's message, and its fix titles after it.
func sarifMessage(f *lint.Finding) string {
	msg := messageOrRule(f)
	if len(f.Fixes) == 0 {
		return msg
	}
	var b strings.Builder
	b.WriteString(msg)
	for _, fix := range f.Fixes {
		b.WriteString("\nfix: " + fix.Title)
	}
	return b.String()
}

func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

// sarifRegionOf returns the finding's region; SARIF wants 1-based lines and
// columns, and an end not before the start.
func sarifRegionOf(f *lint.Finding) sarifRegion {
	g := sarifRegion{StartLine: max(f.Line, 1), StartColumn: max(f.Column, 1), EndLine: f.EndLine, EndColumn: f.EndColumn}
	if g.EndLine < g.StartLine || (g.EndLine == g.StartLine && g.EndColumn < g.StartColumn) {
		g.EndLine, g.EndColumn = g.StartLine, g.StartColumn
	}
	return g
}
