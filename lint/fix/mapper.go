package fix

import (
	"bytes"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// SourceEdit is an edit of a fix mapped into its file: bytes
// [Start, End) of the file become Text, the new text escaped for the string
// it lands in.
type SourceEdit struct {
	Start, End int
	Text       string
}

// Mapper maps fixes of the messages read from one file into edits of that
// file, as Run does: through each message's source map, with the escaping
// of the string style each edit lands in. An editor offers with it the
// same edits that --fix writes. A Mapper is for one version of the file.
type Mapper struct {
	name string
	ctxs *contexts
	p    *planned
	bom  int // bytes of a UTF-8 byte order mark before the text
}

// NewMapper returns the mapper of data, the file name of the given format
// (input's format names). A file that cannot be fixed (a .pot template, a
// YAML or TOML file that does not parse) is an error.
func NewMapper(data []byte, name, format string) (*Mapper, error) {
	if !Fixable(format) {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: "presend does not fix " + format + " files"}
	}
	m := &Mapper{name: name}
	if bytes.HasPrefix(data, []byte(utf8BOM)) {
		m.bom = len(utf8BOM)
		data = data[m.bom:]
	}
	ctxs, err := newContexts(data, format)
	if err != nil {
		return nil, &Error{File: name, Line: 1, Col: 1, Msg: err.Error()}
	}
	m.ctxs = ctxs
	m.p = &planned{ix: input.NewLineIndex(data, ctxs.list[0].style == stylePropsL1)}
	return m, nil
}

// Map returns the edits of fx, a fix of a finding f on msg, a message read
// from the mapper's file, sorted by start. It returns nil and no error when
// the fix is not well formed (an edit outside the text, edits that
// overlap), and an [*Error] when an edit cannot be written into the file
// (its text maps to no single stretch of it, or the string's style cannot
// hold the new text).
func (m *Mapper) Map(msg *lint.Message, f *lint.Finding, fx *lint.Fix) ([]SourceEdit, error) {
	if msg.Map == nil || len(fx.Edits) == 0 {
		return nil, nil
	}
	es, err := m.p.mapFix(m.ctxs, m.name, msg, 0, f, fx)
	if err != nil || es == nil {
		return nil, err
	}
	out := make([]SourceEdit, len(es))
	for k, e := range es {
		out[k] = SourceEdit{Start: e.start + m.bom, End: e.end + m.bom, Text: e.text}
	}
	return out, nil
}
