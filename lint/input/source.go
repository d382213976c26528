package input

import (
	"fmt"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint"
)

// ReadSource reads the file at path as ReadFile does (the same checks and
// size limits) and returns its bytes and format, for a caller that edits
// the file (presend lint --fix) and reads its versions with Parse.
func ReadSource(path string) ([]byte, string, error) {
	format, err := formatOf(path)
	if err != nil {
		return nil, "", err
	}
	data, err := safefile.ReadFile(path, maxSize(format))
	if err != nil {
		return nil, "", fileError(path, err)
	}
	return data, format, nil
}

// Parse reads the messages of data, a whole file in format, as Read does.
func Parse(data []byte, name, format string) ([]lint.Message, error) {
	switch format {
	case FormatText, FormatJSONL, FormatJSON, FormatYAML, FormatTOML, FormatProperties, FormatPO, FormatPOT, FormatCatalogJSON:
	default:
		return nil, &Error{File: name, Msg: fmt.Sprintf("unknown format %q", quote.V(format))}
	}
	if int64(len(data)) > maxSize(format) {
		return nil, &Error{File: name, Msg: fmt.Sprintf("%d bytes, over presend's limit of %d for this format", len(data), maxSize(format))}
	}
	return parse(data, name, format)
}
