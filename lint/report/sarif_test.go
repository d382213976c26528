package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// schema is a subset of the SARIF 2.1.0 JSON schema (sarif-schema-2.1.0.json,
// OASIS): for each object presend writes, its required properties, the types
// of the properties it may hold, enums and minimums, and whether other
// properties are allowed (the schema closes every object but property bags).
// The test walks the output against it, so a missing required field, a
// misspelled property or a wrong type fails.
type schema struct {
	typ      string // object, array, string, integer, boolean
	required []string
	anyOf    [][]string // at least one of these required sets
	props    map[string]*schema
	items    *schema
	values   *schema // additionalProperties of a map-like object
	open     bool    // additionalProperties: true
	enum     []string
	min      *int
}

func intMin(n int) *int { return &n }

var (
	sString   = &schema{typ: "string"}
	sStrings  = &schema{typ: "array", items: sString}
	sPropBag  = &schema{typ: "object", open: true, props: map[string]*schema{"tags": sStrings}}
	sLevel    = &schema{typ: "string", enum: []string{"none", "note", "warning", "error"}}
	sMultiMsg = &schema{typ: "object", required: []string{"text"}, props: map[string]*schema{
		"text": sString, "markdown": sString, "properties": sPropBag}}
	sMessage = &schema{typ: "object", anyOf: [][]string{{"text"}, {"id"}}, props: map[string]*schema{
		"text": sString, "markdown": sString, "id": sString, "arguments": sStrings, "properties": sPropBag}}
	sRegion = &schema{typ: "object", anyOf: [][]string{{"startLine"}, {"charOffset"}, {"byteOffset"}}, props: map[string]*schema{
		"startLine":   {typ: "integer", min: intMin(1)},
		"startColumn": {typ: "integer", min: intMin(1)},
		"endLine":     {typ: "integer", min: intMin(1)},
		"endColumn":   {typ: "integer", min: intMin(1)},
		"charOffset":  {typ: "integer", min: intMin(-1)},
		"byteOffset":  {typ: "integer", min: intMin(-1)},
		"properties":  sPropBag,
	}}
	sArtifactLocation = &schema{typ: "object", props: map[string]*schema{
		"uri": sString, "uriBaseId": sString, "index": {typ: "integer", min: intMin(-1)}, "description": sMessage,
		"properties": sPropBag}}
	sPhysical = &schema{typ: "object", anyOf: [][]string{{"address"}, {"artifactLocation"}}, props: map[string]*schema{
		"artifactLocation": sArtifactLocation, "region": sRegion, "contextRegion": sRegion, "properties": sPropBag}}
	sLocation = &schema{typ: "object", props: map[string]*schema{
		"id": {typ: "integer", min: intMin(-1)}, "physicalLocation": sPhysical, "message": sMessage, "properties": sPropBag}}
	sResult = &schema{typ: "object", required: []string{"message"}, props: map[string]*schema{
		"ruleId":              sString,
		"ruleIndex":           {typ: "integer", min: intMin(-1)},
		"level":               sLevel,
		"kind":                {typ: "string", enum: []string{"notApplicable", "pass", "fail", "review", "open", "informational"}},
		"message":             sMessage,
		"locations":           {typ: "array", items: sLocation},
		"partialFingerprints": {typ: "object", values: sString},
		"fingerprints":        {typ: "object", values: sString},
		"properties":          sPropBag,
	}}
	sRule = &schema{typ: "object", required: []string{"id"}, props: map[string]*schema{
		"id": sString, "name": sString,
		"shortDescription": sMultiMsg, "fullDescription": sMultiMsg, "help": sMultiMsg,
		"helpUri": sString,
		"defaultConfiguration": {typ: "object", props: map[string]*schema{
			"enabled": {typ: "boolean"}, "level": sLevel, "properties": sPropBag}},
		"properties": sPropBag,
	}}
	sDriver = &schema{typ: "object", required: []string{"name"}, props: map[string]*schema{
		"name": sString, "version": sString, "semanticVersion": sString, "informationUri": sString,
		"rules": {typ: "array", items: sRule}, "properties": sPropBag,
	}}
	sRun = &schema{typ: "object", required: []string{"tool"}, props: map[string]*schema{
		"tool":       {typ: "object", required: []string{"driver"}, props: map[string]*schema{"driver": sDriver, "properties": sPropBag}},
		"results":    {typ: "array", items: sResult},
		"columnKind": {typ: "string", enum: []string{"utf16CodeUnits", "unicodeCodePoints"}},
		"properties": sPropBag,
	}}
	sLog = &schema{typ: "object", required: []string{"version", "runs"}, props: map[string]*schema{
		"$schema": sString,
		"version": {typ: "string", enum: []string{"2.1.0"}},
		"runs":    {typ: "array", items: sRun},
	}}
)

// validate returns every violation of s in v, each with its JSON path.
func validate(path string, v any, s *schema) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	switch s.typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			bad("want an object, got %T", v)
			return errs
		}
		for _, k := range s.required {
			if _, ok := obj[k]; !ok {
				bad("missing required %q", k)
			}
		}
		if len(s.anyOf) > 0 && !slices.ContainsFunc(s.anyOf, func(set []string) bool {
			for _, k := range set {
				if _, ok := obj[k]; !ok {
					return false
				}
			}
			return true
		}) {
			bad("needs one of %v", s.anyOf)
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch sub := s.props[k]; {
			case sub != nil:
				errs = append(errs, validate(path+"."+k, obj[k], sub)...)
			case s.values != nil:
				errs = append(errs, validate(path+"."+k, obj[k], s.values)...)
			case !s.open:
				bad("property %q is not allowed", k)
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			bad("want an array, got %T", v)
			return errs
		}
		for i, e := range arr {
			errs = append(errs, validate(fmt.Sprintf("%s[%d]", path, i), e, s.items)...)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("want a string, got %T", v)
		} else if len(s.enum) > 0 && !slices.Contains(s.enum, str) {
			bad("%q is not one of %v", str, s.enum)
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int(n)) {
			bad("want an integer, got %v", v)
		} else if s.min != nil && int(n) < *s.min {
			bad("%d is under the minimum %d", int(n), *s.min)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want a boolean, got %T", v)
		}
	}
	return errs
}

func testRules() []*lint.Rule {
	return []*lint.Rule{
		{Name: "length", Category: lint.Shape, Severity: lint.Error, Doc: lint.Doc{Title: "message length within the channel's limits", Text: "Long messages are cut."}},
		{Name: "main-point-early", Category: lint.Shape, Severity: lint.Warning, Doc: lint.Doc{Title: "the main point shows in the preview", Text: "Say it first."}},
		{Name: "spammy-content", Category: lint.Spam, Severity: lint.Warning, Doc: lint.Doc{Title: "spam phrases", Text: "Spam words."}},
	}
}

func writeSARIFFor(t *testing.T, results []lint.Result, opts Options) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, "sarif", results, opts); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	return v
}

func TestSARIFSchema(t *testing.T) {
	for name, results := range map[string][]lint.Result{"fixtures": fixtures(), "none": nil} {
		t.Run(name, func(t *testing.T) {
			v := writeSARIFFor(t, results, Options{Rules: testRules(), Version: "1.2.3", Getenv: env()})
			for _, e := range validate("$", v, sLog) {
				t.Error(e)
			}
		})
	}
	// The validator itself catches what it should.
	bad := map[string]any{"version": "2.0", "runs": []any{map[string]any{"results": []any{
		map[string]any{"level": "fatal", "locations": []any{map[string]any{"physicalLocation": map[string]any{
			"artifactLocation": map[string]any{"uri": "a"}, "region": map[string]any{"startLine": 0.0}}}}}}}}}
	got := strings.Join(validate("$", bad, sLog), "\n")
	for _, want := range []string{`$.version: "2.0" is not one of`, `$.runs[0]: missing required "tool"`,
		`$.runs[0].results[0]: missing required "message"`, `.level: "fatal" is not one of`,
		`.region.startLine: 0 is under the minimum 1`} {
		if !strings.Contains(got, want) {
			t.Errorf("validator missed %q in:\n%s", want, got)
		}
	}
}

func TestSARIFContent(t *testing.T) {
	v := writeSARIFFor(t, fixtures(), Options{Rules: testRules(), Version: "1.2.3", Getenv: env()})
	var log sarifLog
	data, _ := json.Marshal(v)
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "presend" || d.Version != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver = %+v", d)
	}
	// The given rules first, in order, then the rules that reported but were
	// not given (paragraphs is not in testRules).
	var ids []string
	for _, r := range d.Rules {
		ids = append(ids, r.ID)
	}
	want := []string{"length", "main-point-early", "spammy-content", "typography-fr", "sentence-length"}
	if !slices.Equal(ids, want) {
		t.Errorf("rules = %v, want %v", ids, want)
	}
	if r := d.Rules[0]; r.ShortDescription.Text != "message length within the channel's limits" ||
		!strings.Contains(r.Help.Text, "presend explain length") || r.DefaultConfiguration.Level != "error" {
		t.Errorf("rule 0 = %+v", r)
	}
	n := 0
	for _, r := range fixtures() {
		n += len(r.Findings)
	}
	if len(run.Results) != n {
		t.Fatalf("%d results, want %d (one per finding)", len(run.Results), n)
	}
	for _, res := range run.Results {
		if res.RuleIndex == nil || d.Rules[*res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s points at rule %v", res.RuleID, res.RuleIndex)
			continue
		}
		if len(res.PartialFingerprints[fingerprintKey]) != 16 {
			t.Errorf("fingerprint = %v", res.PartialFingerprints)
		}
	}
	first := run.Results[0]
	loc := first.Locations[0].PhysicalLocation
	if first.RuleID != "main-point-early" || first.Level != "warning" || loc.ArtifactLocation.URI != "drafts/fr-wall.txt" ||
		loc.Region != (sarifRegion{1, 1, 1, 91}) || !strings.Contains(first.Message.Text, "\nfix: move") {
		t.Errorf("first result = %+v", first)
	}
	levels := map[string]bool{}
	for _, res := range run.Results {
		levels[res.Level] = true
	}
	if !levels["error"] || !levels["warning"] || !levels["note"] {
		t.Errorf("levels = %v, want error, warning and note", levels)
	}
}

func TestSARIFPaths(t *testing.T) {
	tests := []struct{ base, source, want string }{
		{"", "drafts/a b.txt", "drafts/a%20b.txt"},
		{"", "./drafts/a.txt", "drafts/a.txt"},
		{"/repo", "/repo/drafts/a.txt", "drafts/a.txt"},
		{"", "/tmp/x#1.txt", "file:///tmp/x%231.txt"},
		{".", "drafts/a.txt", "drafts/a.txt"},
		{"/repo", "/elsewhere/b.txt", "../elsewhere/b.txt"},
	}
	for _, tt := range tests {
		if got := fileURI(newPaths(tt.base).rel(tt.source)); got != tt.want {
			t.Errorf("uri(%q, %q) = %q, want %q", tt.base, tt.source, got, tt.want)
		}
	}
}

// TestSARIFStdin checks the location of a message read from standard input:
// its artifactLocation has the uri "-", which names no file, and the
// description "standard input", and keeps its region; with --stdin-name the
// name is a path like any other. Every location has a non-empty uri, which
// GitHub code scanning requires.
func TestSARIFStdin(t *testing.T) {
	finding := lint.Finding{Rule: "length", Severity: lint.Error, Message: "message is 198 characters, over the limit 160",
		Line: 2, Column: 3, EndLine: 2, EndColumn: 9}
	results := []lint.Result{
		{Source: "-", Line: 2, Verdict: lint.VerdictBlock, Score: 40, Findings: []lint.Finding{finding}},
		{Source: "outbox.jsonl", ID: "c1", Line: 2, Verdict: lint.VerdictBlock, Score: 40, Findings: []lint.Finding{finding}},
		{Source: "", Line: 2, Verdict: lint.VerdictBlock, Score: 40, Findings: []lint.Finding{finding}}, // names nothing
	}
	for _, base := range []string{"", "/repo"} {
		v := writeSARIFFor(t, results, Options{Rules: testRules(), BaseDir: base, Getenv: env()})
		for _, e := range validate("$", v, sLog) {
			t.Errorf("base %q: %s", base, e)
		}
		res := v["runs"].([]any)[0].(map[string]any)["results"].([]any)
		var got []string
		for _, r := range res {
			loc := r.(map[string]any)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			b, _ := json.Marshal(loc)
			got = append(got, string(b))
		}
		// With a base folder, the stdin name is made relative to it, as any
		// other path is.
		named := fmt.Sprintf(`{"artifactLocation":{"uri":%q},"region":{"endColumn":9,"endLine":2,"startColumn":3,"startLine":2}}`,
			fileURI(newPaths(base).rel("outbox.jsonl")))
		stdin := `{"artifactLocation":{"description":{"text":"standard input"},"uri":"-"},"region":{"endColumn":9,"endLine":2,"startColumn":3,"startLine":2}}`
		want := []string{stdin, named, stdin}
		if !slices.Equal(got, want) {
			t.Errorf("base %q: locations\n%s\nwant\n%s", base, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// GitHub code scanning refuses an upload with a location without
		// a uri: every location has one, and none is empty.
		var uris []string
		collectURIs(v, &uris)
		if len(uris) != len(results) || slices.Contains(uris, "") {
			t.Errorf("base %q: uris %q", base, uris)
		}
	}
}

// collectURIs appends the value of every "uri" member in v.
func collectURIs(v any, uris *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if s, ok := e.(string); ok && k == "uri" {
				*uris = append(*uris, s)
			}
			collectURIs(e, uris)
		}
	case []any:
		for _, e := range v {
			collectURIs(e, uris)
		}
	}
}

func TestGitHub(t *testing.T) {
	results := fixtures()
	results = append(results, lint.Result{Source: "odd,name:1.txt", Verdict: lint.VerdictWarn, Findings: []lint.Finding{{
		Rule: "paragraphs", Severity: lint.Warning, Message: "100% wall\r\nof text", Line: 2, Column: 1, EndLine: 2, EndColumn: 5,
	}}})
	var buf bytes.Buffer
	if err := Write(&buf, "github", results, Options{Getenv: env()}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	for _, want := range []string{
		"::warning file=drafts/fr-wall.txt,line=1,col=1,endLine=1,endColumn=91,title=presend main-point-early::preview cuts at 50 characters, before the main point at 85%0Afix: move \"Votre commande n° 4411 est bloquée\" to the start",
		"::error file=drafts/fr-wall.txt,line=1,col=1,endLine=3,endColumn=121,title=presend length::message is 198 characters, over the limit 160 for a first contact",
		"::notice file=drafts/fr-wall.txt,line=3,col=37,endLine=3,endColumn=38,title=presend typography-fr::missing narrow no-break space before \":\"%0Afix: insert U+202F before \":\"%0Afix: insert U+00A0 before \":\"",
		"::warning file=campaigns/black-friday.jsonl,line=3,col=14,endLine=3,endColumn=52,title=presend spammy-content::#bf-2: 3 spam phrases",
		"::warning file=odd%2Cname%3A1.txt,line=2,col=1,endLine=2,endColumn=5,title=presend paragraphs::100%25 wall%0D%0Aof text",
	} {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, want) }) {
			t.Errorf("no line starts with\n%s\nin\n%s", want, buf.String())
		}
	}
	if last := lines[len(lines)-1]; last != "presend: 5 messages, 7 findings: 2 pass, 2 warn, 1 block" {
		t.Errorf("summary = %q", last)
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, "::") {
			t.Errorf("line is not a workflow command: %q", l)
		}
	}
}

// TestSARIFStreamTable: a streamed SARIF run lists its rules, then the
// pseudo-rules, before any result; a result of a rule in that table points
// at it, one of a rule outside it has a ruleId and no ruleIndex.
func TestSARIFStreamTable(t *testing.T) {
	var buf bytes.Buffer
	s, err := NewStream(&buf, "sarif", Options{Rules: testRules(), Getenv: env()})
	if err != nil {
		t.Fatal(err)
	}
	r := lint.Result{Source: "a.txt", Verdict: lint.VerdictWarn, Findings: []lint.Finding{
		{Rule: "length", Severity: lint.Error, Message: "long", Line: 1, Column: 1},
		{Rule: "mystery", Severity: lint.Warning, Message: "?", Line: 1, Column: 2},
		{Rule: "input", Severity: lint.Error, Message: "bad", Line: 1, Column: 1},
	}}
	if err := s.Add(&r, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"id": "unused-suppression"`) {
		t.Fatal("the rule table was not written before the first result")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, r.ID)
	}
	if want := []string{"length", "main-point-early", "spammy-content", "input", "unused-suppression"}; !slices.Equal(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	want := map[string]int{"length": 0, "mystery": -1, "input": 3}
	for _, res := range run.Results {
		got := -1
		if res.RuleIndex != nil {
			got = *res.RuleIndex
		}
		if got != want[res.RuleID] {
			t.Errorf("%s: ruleIndex %d, want %d (-1: none)", res.RuleID, got, want[res.RuleID])
		}
	}
}

// TestSARIFDetail: a finding's technical detail reaches SARIF without
// entering the plain text GitHub shows as the alert: the text is the
// message and the fixes, the markdown (which a Markdown viewer shows in
// place of the text) adds the detail as its own paragraph, escaped, and the
// result's property bag carries it as "detail". A finding without a detail
// has neither. Write and Stream agree.
func TestSARIFDetail(t *testing.T) {
	results := fixtures()
	results[2].Findings[1].Detail = "UCS-2 because of U+2013 and U+2019: 102 UTF-16 units > 70 per part; *not* 160"
	check := func(t *testing.T, v map[string]any) {
		t.Helper()
		for _, e := range validate("$", v, sLog) {
			t.Error(e)
		}
		var details int
		for _, r := range v["runs"].([]any)[0].(map[string]any)["results"].([]any) {
			res := r.(map[string]any)
			msg := res["message"].(map[string]any)
			props := res["properties"].(map[string]any)
			text, _ := msg["text"].(string)
			md, hasMD := msg["markdown"]
			d, hasD := props["detail"]
			if strings.Contains(text, "UTF-16") {
				t.Errorf("message text carries the detail: %q", text)
			}
			if res["ruleId"] != "length" || !strings.HasPrefix(text, "2 SMS parts") {
				if hasMD || hasD {
					t.Errorf("%s: a finding without a detail has markdown %v, detail %v", res["ruleId"], md, d)
				}
				continue
			}
			details++
			wantText := "2 SMS parts in UCS-2 because of \"–\" and \"’\"; 1 part in GSM-7\nfix: replace \"–\" with \"-\" and \"’\" with \"'\""
			if text != wantText {
				t.Errorf("text = %q, want %q", text, wantText)
			}
			wantMD := "2 SMS parts in UCS-2 because of \"–\" and \"’\"; 1 part in GSM-7\n\n" +
				"UCS-2 because of U+2013 and U+2019: 102 UTF-16 units \\> 70 per part; \\*not\\* 160\n\n" +
				"fix: replace \"–\" with \"-\" and \"’\" with \"'\""
			if md != wantMD {
				t.Errorf("markdown = %q, want %q", md, wantMD)
			}
			if d != results[2].Findings[1].Detail {
				t.Errorf("properties.detail = %v", d)
			}
		}
		if details != 1 {
			t.Errorf("%d results with the detail, want 1", details)
		}
	}
	t.Run("write", func(t *testing.T) {
		check(t, writeSARIFFor(t, results, Options{Rules: testRules(), Getenv: env()}))
	})
	t.Run("stream", func(t *testing.T) {
		var buf bytes.Buffer
		s, err := NewStream(&buf, "sarif", Options{Rules: testRules(), Getenv: env()})
		if err != nil {
			t.Fatal(err)
		}
		for i := range results {
			if err := s.Add(&results[i], ""); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		var v map[string]any
		if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		check(t, v)
	})
}
