package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/pelletier/go-toml/v2"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/fix"
	"github.com/presend/presend/lint/input"
)

// wordsExt is the extension of the word list the "add to the project's
// words" action creates: not one presend lint reads as messages.
const wordsExt = ".words"

// wordsFile is the list that action creates beside presend.toml when the
// spelling rule names none.
const wordsFile = "presend" + wordsExt

// codeActions offers, for each finding in the range: its fixes (labelled
// safe or suggestion), "disable this rule here", and for a spelling finding
// "add this word to the project's words".
func (s *server) codeActions(ctx context.Context, p protocol.CodeActionParams) []protocol.CodeAction {
	d := s.doc(p.TextDocument.URI)
	if d == nil {
		return nil
	}
	c := s.check(ctx, d)
	out := []protocol.CodeAction{}
	for k, diag := range c.diags {
		i, j := c.at[k][0], c.at[k][1]
		if i < 0 || !overlaps(diag.Range, p.Range) {
			continue
		}
		res, f, m := &c.results[i], &c.results[i].Findings[j], &c.msgs[i]
		for _, fx := range f.Fixes {
			edits, ok := c.fixEdits(d.path, i, f, fx)
			if !ok {
				continue
			}
			out = append(out, protocol.CodeAction{
				Title: fmt.Sprintf("%s: %s", label(fx), fx.Title), Kind: protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag}, IsPreferred: fx.Safe,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: edits}},
			})
		}
		if f.Rule == lint.UnusedSuppression || f.Rule == "input" {
			continue
		}
		if a, ok := c.disableAction(d, res, f, m, diag); ok {
			out = append(out, a)
		}
		if f.Rule == "spelling" && f.Start < f.End && f.End <= len(res.Text) {
			word := res.Text[f.Start:f.End]
			out = append(out, protocol.CodeAction{
				Title: fmt.Sprintf("add %q to the project's words", word), Kind: protocol.QuickFix,
				Diagnostics: []protocol.Diagnostic{diag},
				Command:     &protocol.Command{Title: "add to the project's words", Command: cmdAddWord, Arguments: []any{string(d.uri), word}},
			})
		}
	}
	// Every safe fix at once: for a source.fixAll request (fix on save), or
	// beside the quick fixes when there is more than one.
	all := len(p.Context.Only) == 0
	for _, k := range p.Context.Only {
		all = all || k == protocol.Source || k == codeActionFixAll || k == kindFixAll
	}
	if all {
		if edits, n := c.fixAll(d.path); n > 1 || n == 1 && len(p.Context.Only) > 0 {
			out = append(out, protocol.CodeAction{
				Title: fmt.Sprintf("safe: apply the %d safe fix%s of this file", n, map[bool]string{true: "es"}[n > 1]), Kind: kindFixAll,
				Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: edits}},
			})
		}
	}
	return out
}

// The fix-all code action kinds: LSP's, and presend's under it.
const (
	codeActionFixAll protocol.CodeActionKind = "source.fixAll"
	kindFixAll       protocol.CodeActionKind = "source.fixAll.presend"
)

// overlaps reports whether two ranges share a position (ends included).
func overlaps(a, b protocol.Range) bool {
	return contains(protocol.Range{Start: a.Start, End: a.End}, b.Start) || contains(b, a.Start)
}

// span is an edit of the document: bytes [start, end) become text.
type span struct {
	start, end int
	text       string
}

// docSpans maps a fix of message i (edits to its text) to edits of the
// document, in order, as presend lint --fix would write them: through the
// message's source map, each new text escaped for the string it lands in (a
// quote or a line break in a JSON, YAML, TOML, gettext or .properties
// string). False when the fix cannot be written in the file.
func (c *checked) docSpans(i int, f *lint.Finding, fx lint.Fix) ([]span, bool) {
	mp := c.fixMapper()
	if mp == nil {
		return nil, false
	}
	es, err := mp.Map(&c.msgs[i], f, &fx)
	if err != nil || len(es) == 0 {
		return nil, false
	}
	spans := make([]span, len(es))
	for k, e := range es {
		if e.Start < 0 || e.End < e.Start || e.End > len(c.text) {
			return nil, false
		}
		spans[k] = span{e.Start, e.End, e.Text}
	}
	return spans, true
}

// fixMapper returns the mapper of fixes into this version of the document,
// nil when the file cannot be fixed (a .pot template). It is made once,
// on the first code action that needs it.
func (c *checked) fixMapper() *fix.Mapper {
	c.mapOnce.Do(func() {
		c.mapper, _ = fix.NewMapper([]byte(c.text), c.path, c.format)
	})
	return c.mapper
}

// applySpans applies sorted, non-overlapping spans to the document text.
func (c *checked) applySpans(spans []span) string {
	var doc strings.Builder
	last := 0
	for _, sp := range spans {
		doc.WriteString(c.text[last:sp.start])
		doc.WriteString(sp.text)
		last = sp.end
	}
	doc.WriteString(c.text[last:])
	return doc.String()
}

// textEdits turns spans into LSP edits in the client's encoding.
func (c *checked) textEdits(spans []span) []protocol.TextEdit {
	edits := make([]protocol.TextEdit, len(spans))
	for k, sp := range spans {
		edits[k] = protocol.TextEdit{Range: protocol.Range{Start: c.lines.position(sp.start), End: c.lines.position(sp.end)}, NewText: sp.text}
	}
	return edits
}

// fixEdits turns a fix (edits to the message text) into edits of the
// document, and checks them: the edited document must read back with the
// same message, fixed. A fix the file cannot hold (a line break in a plain
// YAML scalar) is not offered.
func (c *checked) fixEdits(path string, i int, f *lint.Finding, fx lint.Fix) ([]protocol.TextEdit, bool) {
	spans, ok := c.docSpans(i, f, fx)
	if !ok {
		return nil, false
	}
	m := &c.msgs[i]
	want, err := lint.ApplyEdits(m.Text, fx.Edits)
	if err != nil || !readsAs(path, c.applySpans(spans), c.format, m.ID, c.nth(i), want) {
		return nil, false
	}
	return c.textEdits(spans), true
}

// fixAll gathers the safe fixes of the whole document that can be applied
// together: in text order, each finding's first safe fix that touches no
// edit taken before it. The edited document must read back with every
// message fixed; when it does not, the fixes are checked one by one (each
// reading the file again) and those that work alone are tried together.
// It returns the edits and the number of fixes.
func (c *checked) fixAll(path string) ([]protocol.TextEdit, int) {
	edits, n, ok := c.gatherSafe(path, false)
	if !ok {
		edits, n, ok = c.gatherSafe(path, true)
	}
	if !ok {
		return nil, 0
	}
	return edits, n
}

func (c *checked) gatherSafe(path string, checkEach bool) ([]protocol.TextEdit, int, bool) {
	var taken []span
	perMsg := map[int][]lint.Edit{}
	n := 0
	clash := func(a span) bool {
		for _, b := range taken {
			if a.start < b.end && b.start < a.end || a.start == b.start {
				return true
			}
		}
		return false
	}
	for _, at := range c.at {
		i, j := at[0], at[1]
		if i < 0 {
			continue
		}
		f := &c.results[i].Findings[j]
		for _, fx := range f.Fixes {
			if !fx.Safe {
				continue
			}
			spans, ok := c.docSpans(i, f, fx)
			if !ok || slices.ContainsFunc(spans, clash) {
				continue
			}
			if checkEach {
				if _, ok := c.fixEdits(path, i, f, fx); !ok {
					continue
				}
			}
			taken = append(taken, spans...)
			perMsg[i] = append(perMsg[i], fx.Edits...)
			n++
			break
		}
	}
	if n == 0 {
		return nil, 0, true
	}
	slices.SortFunc(taken, func(x, y span) int { return x.start - y.start })
	msgs, err := read(path, c.applySpans(taken), c.format)
	if err != nil {
		return nil, 0, false
	}
	for i, edits := range perMsg {
		want, err := lint.ApplyEdits(c.msgs[i].Text, edits)
		if err != nil || !hasMessage(msgs, c.msgs[i].ID, c.nth(i), want) {
			return nil, 0, false
		}
	}
	return c.textEdits(taken), n, true
}

// nth returns how many messages before msgs[i] have its ID (the envelopes
// of a send log have none).
func (c *checked) nth(i int) int {
	n := 0
	for _, m := range c.msgs[:i] {
		if m.ID == c.msgs[i].ID {
			n++
		}
	}
	return n
}

// readsAs reports whether text, read as the file at path, has as its nth
// message with key id one whose text is want.
func readsAs(path, text, format, id string, nth int, want string) bool {
	msgs, err := read(path, text, format)
	return err == nil && hasMessage(msgs, id, nth, want)
}

// hasMessage reports whether the nth message of msgs with key id has the
// text want.
func hasMessage(msgs []lint.Message, id string, nth int, want string) bool {
	for _, m := range msgs {
		if m.ID != id {
			continue
		}
		if nth == 0 {
			return m.Text == want
		}
		nth--
	}
	return false
}

// disableAction silences the finding's rule where it stands: in a draft, a
// presend-disable-next-line comment above the finding's line; in a catalog,
// a suppress entry for the message's key in presend.toml (a command: the
// server edits presend.toml, which may not be open).
func (c *checked) disableAction(d *document, res *lint.Result, f *lint.Finding, m *lint.Message, diag protocol.Diagnostic) (protocol.CodeAction, bool) {
	title := fmt.Sprintf("disable %s here", f.Rule)
	switch {
	case c.format == input.FormatText:
		line := min(max(f.Line, 1), len(c.lines.starts))
		start := c.lines.presendOffset(line, 1)
		end := c.lines.lineEnd(line - 1)
		cur := c.text[start:end]
		indent := cur[:len(cur)-len(strings.TrimLeft(cur, " \t"))]
		comment := "# presend-disable-next-line " + f.Rule
		if strings.EqualFold(filepath.Ext(d.path), ".md") {
			comment = "<!-- presend-disable-next-line " + f.Rule + " -->"
		}
		nl := "\n"
		if strings.HasSuffix(c.text[start:min(end+1, len(c.text))], "\r") || strings.Contains(c.text, "\r\n") {
			nl = "\r\n"
		}
		insert := indent + comment + nl
		// The comment must be read as one: the message keeps its text.
		if !readsAs(d.path, c.text[:start]+insert+c.text[start:], c.format, m.ID, 0, m.Text) {
			return protocol.CodeAction{}, false
		}
		pos := c.lines.position(start)
		return protocol.CodeAction{Title: title + " (comment)", Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{diag},
			Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentURI][]protocol.TextEdit{d.uri: {{Range: protocol.Range{Start: pos, End: pos}, NewText: insert}}}}}, true
	case res.ID != "" && c.format != input.FormatJSONL:
		key, _, _ := strings.Cut(res.ID, "#") // an ICU variant goes with its key
		return protocol.CodeAction{Title: fmt.Sprintf("disable %s for key %s (presend.toml)", f.Rule, key), Kind: protocol.QuickFix,
			Diagnostics: []protocol.Diagnostic{diag},
			Command:     &protocol.Command{Title: title, Command: cmdSuppress, Arguments: []any{string(d.uri), key, f.Rule}}}, true
	}
	return protocol.CodeAction{}, false
}

// executeCommand runs one of the server's commands, then lints the open
// documents again under the configuration it changed.
func (s *server) executeCommand(ctx context.Context, p protocol.ExecuteCommandParams) error {
	args := make([]string, len(p.Arguments))
	for k, a := range p.Arguments {
		str, ok := a.(string)
		if !ok {
			return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: argument %d is not a string", p.Command, k+1))
		}
		args[k] = str
	}
	var path string
	if len(args) > 0 {
		var ok bool
		if path, ok = pathOf(args[0]); !ok {
			return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: %q is not a file URI", p.Command, args[0]))
		}
	}
	var err error
	switch {
	case p.Command == cmdAddWord && len(args) == 2:
		err = s.addWord(path, args[1])
	case p.Command == cmdSuppress && len(args) == 3:
		err = s.suppressKey(path, args[1], args[2])
	default:
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("unknown command %s with %d arguments", p.Command, len(args)))
	}
	if err != nil {
		return err
	}
	s.reload(ctx)
	return nil
}

// configFor returns the presend.toml that governs the file at path and its
// content; when there is none, the one to create: in the workspace folder
// if the file lies in it, else beside the file.
func (s *server) configFor(path string) (cfgPath string, data []byte, err error) {
	cfgPath, err = lint.FindConfig(filepath.Dir(path))
	if err != nil {
		return "", nil, err
	}
	if cfgPath != "" {
		data, err = os.ReadFile(cfgPath)
		return cfgPath, data, err
	}
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	dir := filepath.Dir(path)
	if rel, err := filepath.Rel(root, path); root != "" && err == nil && !strings.HasPrefix(rel, "..") {
		dir = root
	}
	return filepath.Join(dir, lint.ConfigFile), nil, nil
}

var spellingHeader = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^[ \t]*\[[ \t]*rules[ \t]*\.[ \t]*"?spelling"?[ \t]*\][ \t]*(#.*)?\r?$`)
})

// addWord adds word to the project's word list: the spelling rule's
// words-file, set (to presend.words beside presend.toml) if it is not.
func (s *server) addWord(path, word string) error {
	if word == "" || strings.ContainsAny(word, " \t\r\n#") {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%q is not one word", word))
	}
	cfgPath, data, err := s.configFor(path)
	if err != nil {
		return err
	}
	var raw struct {
		Rules struct {
			Spelling struct {
				WordsFile string `toml:"words-file"`
			} `toml:"spelling"`
		} `toml:"rules"`
	}
	if err := toml.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("%s: %w", cfgPath, err)
	}
	list := raw.Rules.Spelling.WordsFile
	newConfig := ""
	if list == "" {
		list = wordsFile
		setting := "words-file = " + tomlString(list) + "\n"
		text := string(data)
		if loc := spellingHeader().FindStringIndex(text); loc != nil {
			at := loc[1]
			if at < len(text) && text[at] == '\n' {
				at++
			} else {
				setting = "\n" + setting
			}
			text = text[:at] + setting + text[at:]
		} else {
			if text != "" && !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			if text != "" {
				text += "\n"
			}
			text += "[rules.spelling]\n" + setting
		}
		newConfig = text
	}
	path = list
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(cfgPath), path)
	}
	old, err := os.ReadFile(path)
	existed := err == nil
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	listed := false
	for _, line := range strings.Split(string(old), "\n") {
		l, _, _ := strings.Cut(line, "#")
		listed = listed || slices.Contains(strings.Fields(l), word)
	}
	if !listed {
		text := string(old)
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if err := writeFile(path, []byte(text+word+"\n")); err != nil {
			return err
		}
	}
	if newConfig == "" {
		return nil
	}
	// The list exists now: the new configuration must read.
	if _, err := lint.ParseConfig([]byte(newConfig), cfgPath, s.opts.Rules); err != nil {
		if !existed {
			_ = os.Remove(path)
		}
		return fmt.Errorf("setting words-file in %s: %w", cfgPath, err)
	}
	return writeFile(cfgPath, []byte(newConfig))
}

// suppressKey silences rule for the catalog message key of the file at
// path, in the suppress table of the [[files]] table that selects it, or
// in a new [[files]] table for the file.
func (s *server) suppressKey(path, key, rule string) error {
	cfgPath, data, err := s.configFor(path)
	if err != nil {
		return err
	}
	cfg := lint.DefaultConfig()
	if data != nil {
		if cfg, err = lint.ParseConfig(data, cfgPath, s.opts.Rules); err != nil {
			return err
		}
	}
	text := string(data)
	entry := tomlString(key) + " = [" + tomlString(rule) + "]"
	var r *lint.FileRule
	for k := range cfg.Files {
		if input.MatchesPath("", cfg.Files[k], path) && input.SelectsKey(cfg.Files[k], key) {
			r = &cfg.Files[k]
			break
		}
	}
	if r == nil {
		rel, err := filepath.Rel(filepath.Dir(cfgPath), path)
		if err != nil {
			return err
		}
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		if text != "" {
			text += "\n"
		}
		text += "[[files]]\npaths = [" + tomlString(filepath.ToSlash(rel)) + "]\nsuppress = { " + entry + " }\n"
	} else if text, err = addSuppress(text, *r, key, rule, entry); err != nil {
		return fmt.Errorf("%s:%d: %w", cfgPath, r.Line, err)
	}
	// The new configuration must read, and silence the rule for the key.
	after, err := lint.ParseConfig([]byte(text), cfgPath, s.opts.Rules)
	if err != nil {
		return fmt.Errorf("editing %s: %w", cfgPath, err)
	}
	ok := false
	for _, fr := range after.Files {
		if input.MatchesPath("", fr, path) && input.SelectsKey(fr, key) {
			ok = slices.Contains(fr.Suppress[key], rule)
			break
		}
	}
	if !ok {
		return fmt.Errorf("editing %s: the suppression of %s for %s did not take", cfgPath, rule, key)
	}
	return writeFile(cfgPath, []byte(text))
}

// addSuppress adds the entry to the suppress table of r, written inline on
// one line (or adds that line after the [[files]] header).
func addSuppress(text string, r lint.FileRule, key, rule, entry string) (string, error) {
	lines := strings.SplitAfter(text, "\n")
	if r.SuppressLine == r.Line || r.SuppressLine < 1 || r.SuppressLine > len(lines) {
		// No suppress key: one after the header.
		at := r.Line
		lines = slices.Insert(lines, at, "suppress = { "+entry+" }\n")
		return strings.Join(lines, ""), nil
	}
	line := lines[r.SuppressLine-1]
	open := strings.IndexByte(line, '{')
	if open < 0 || !strings.Contains(line[open:], "}") {
		return "", fmt.Errorf("suppress is not an inline table on one line: add %s to it by hand", entry)
	}
	if _, ok := r.Suppress[key]; ok {
		re := regexp.MustCompile(`(?:` + regexp.QuoteMeta(tomlString(key)) + `|'` + regexp.QuoteMeta(key) + `'|` + regexp.QuoteMeta(key) + `)\s*=\s*\[`)
		loc := re.FindStringIndex(line)
		if loc == nil {
			return "", fmt.Errorf("cannot find the key %q in the suppress table: add %s by hand", key, rule)
		}
		sep := ", "
		if strings.HasPrefix(strings.TrimSpace(line[loc[1]:]), "]") {
			sep = ""
		}
		lines[r.SuppressLine-1] = line[:loc[1]] + tomlString(rule) + sep + line[loc[1]:]
		return strings.Join(lines, ""), nil
	}
	sep := ", "
	if strings.HasPrefix(strings.TrimSpace(line[open+1:]), "}") {
		sep = " "
	}
	lines[r.SuppressLine-1] = line[:open+1] + " " + entry + sep + strings.TrimLeft(line[open+1:], " ")
	return strings.Join(lines, ""), nil
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// writeFile replaces a file atomically, keeping its mode (0644 for a new
// one).
func writeFile(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
