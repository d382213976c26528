// Package input turns files and streams into lint.Messages whose source maps
// point at the exact line and column where each character of the text was
// written.
//
// Formats, chosen by file extension (case-insensitive):
//
//   - .txt, .md: the whole file is one message.
//   - .jsonl: one envelope (DESIGN.md §3) per non-blank line, or a
//     WhatsApp template definition.
//   - .json: a WhatsApp template definition (name, language, category,
//     components), or an array of them: one message per template
//     (whatsapp.go). A Messenger Send API body (an object with "recipient"
//     and "message"): a text message, or an attachment (a button, generic
//     or other template, an image, a video, an audio clip or a file). Any
//     other .json is a catalog.
//   - .yml/.yaml, .toml, .properties, .po, and .json catalogs: one message
//     per string, ID = its key, Map exact into the catalog (catalog.go).
//
// A message's text may be joined from several strings of its file (the
// cards of a generic template); its source map still points each byte at the
// spot where it was written. A message with nothing to lint (an image) keeps
// its policy fields and has an empty text, mapped to the attachment.
//
// Bad input is an *Error that names the file, the line and, when there is a
// single spot to point at, the column. Text and JSON readers return either
// the message or an error. The JSONL reader returns the envelopes of its good
// lines together with the errors of its bad ones, so that one typo does not
// hide a whole send log; no message is ever half-read.
package input

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint"
)

// The formats accepted by Read.
const (
	FormatText  = "text"  // .txt and .md
	FormatJSONL = "jsonl" // one envelope per line
	FormatJSON  = "json"  // a Send API body, or else a JSON catalog
)

// Error is a problem with the input. Its text is "file:line:col: msg",
// "file:line: msg" or "file: msg", depending on what is known.
type Error struct {
	File   string // as given: a path, or the name passed to Read ("-" for stdin)
	Line   int    // 1-based; 0 when the problem is not on one line
	Column int    // 1-based, in code points; 0 when there is no single spot
	Msg    string // the problem, without the location
	Err    error  // the underlying error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(e.Column))
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, so errors.Is(err, fs.ErrNotExist) works.
func (e *Error) Unwrap() error { return e.Err }

// maxLibraryText bounds the text of a parser library's error quoted in an
// *Error: it may quote what the file holds.
const maxLibraryText = 4 * quote.Max

// maxErrors bounds the errors reported for one file; the last one says that
// there were more.
const maxErrors = 10

// ReadFile reads the messages of one file; its extension (case-insensitive)
// picks the format:
//
//   - .txt, .md: one message; Text is the file content without a leading UTF-8
//     BOM (columns do not count the BOM), ID is "". Line endings are kept as
//     they are. Invalid UTF-8 is an error at its line and column:
//     "notes.txt:3:7: invalid UTF-8 (byte 0xff)".
//   - .jsonl: one message per envelope line (DESIGN.md §3); lines holding only
//     white space are skipped. Decoding is strict: an unknown or duplicate
//     field, a value of the wrong type, an envelope without "text" and a time
//     that is not RFC 3339 are errors at their line (and column). Up to ten
//     bad lines are reported at once, joined.
//   - .json: a WhatsApp template definition or an array of them (see
//     whatsapp.go; a .jsonl line may be one too), or a Messenger Send API
//     body, an object with "recipient" and
//     "message"; the kinds of message it reads are listed below. Members
//     presend does not use are ignored: the schema is Meta's; those it reads
//     must have the right types. Any other .json is a catalog (catalog.go).
//   - .yml, .yaml, .toml, .properties, .po: a catalog (catalog.go); ICU
//     plural and select messages give one message per branch.
//
// In a Send API body, the recipient must name someone (id,
// one_time_notif_token, notification_messages_token, user_ref, post_id,
// comment_id or phone_number): Recipient is recipient.id (a string or a
// number), OneTimeNotifToken recipient.one_time_notif_token,
// NotificationMessagesToken recipient.notification_messages_token (a
// notification_messages template is an opt-in request: its title is
// OptinRequestTitle). MessagingType and Tag are read as they are,
// QuickReplies from message.quick_replies[].title. The message has exactly
// one of "text" and "attachment":
//
//   - text: Text is message.text.
//   - a button template: Text is payload.text, Buttons the titles of
//     payload.buttons, Template "button".
//   - a generic template: Text is the title and subtitle of each element,
//     in the order written, "\n" between the two and "\n\n" between
//     elements; Buttons the titles of all elements' buttons; Template
//     "generic".
//   - another template: Template is its template_type; Text its payload's
//     title, subtitle and text, those it has ("" for none: media, receipt).
//   - an image, video, audio or file attachment: Template is the type, Text
//     is "": the policy rules still apply to it.
//
// In both JSON formats null counts as an absent field, a leading BOM is
// dropped, and string decoding is exactly encoding/json's: invalid UTF-8
// inside a string and an unpaired surrogate escape (\ud83d alone) each become
// U+FFFD, mapped to the column of the byte or escape they replace.
//
// Source is path, and Map points into the file: for JSON, at the character or
// escape sequence inside the string literal; between the strings of a joined
// text, at the closing quote of the string before; for an empty attachment
// text, at the attachment's opening brace. Any other extension is an error,
// and so is "-": read standard input with Read.
//
// Only regular files are read (symbolic links followed): a named pipe, a
// device or a socket is an error that says what it is, found without
// blocking on it. The size is checked before reading: a draft (.txt, .md)
// over lint.MaxTextBytes, or any other file over 256 MiB, is an error that
// gives its size, and no more than the limit is ever read.
func ReadFile(path string) ([]lint.Message, error) {
	format, err := formatOf(path)
	if err != nil {
		return nil, err
	}
	data, err := safefile.ReadFile(path, maxSize(format))
	if err != nil {
		return nil, fileError(path, err)
	}
	return parse(data, path, format)
}

// maxSize is the largest file ReadFile reads in format, checked before a
// byte is read: a draft holds one message (lint.MaxTextBytes, and a BOM);
// the other formats hold many, and their offsets must fit a segMap's
// 32-bit marks.
func maxSize(format string) int64 {
	if format == FormatText {
		return lint.MaxTextBytes + int64(len(utf8BOM))
	}
	return maxCatalog
}

// Read reads the messages of r in format (FormatText, FormatJSONL or
// FormatJSON) as ReadFile does; it reads r to the end before parsing, and
// at most the size ReadFile allows the format (more is an error). name is
// used as Message.Source and in errors. An unknown format is an error before
// anything is read.
func Read(r io.Reader, name, format string) ([]lint.Message, error) {
	switch format {
	case FormatText, FormatJSONL, FormatJSON, FormatYAML, FormatTOML, FormatProperties, FormatPO, FormatPOT, FormatCatalogJSON:
	default:
		return nil, &Error{File: name, Msg: fmt.Sprintf("unknown format %q (want text, jsonl, json, yaml, toml, properties, po or pot)", quote.V(format))}
	}
	data, err := safefile.ReadAll(r, maxSize(format))
	if err != nil {
		return nil, &Error{File: name, Msg: "read: " + err.Error(), Err: err}
	}
	return parse(data, name, format)
}

func parse(data []byte, name, format string) ([]lint.Message, error) {
	switch format {
	case FormatJSONL:
		return readJSONL(data, name)
	case FormatJSON:
		return readJSON(data, name)
	case FormatYAML, FormatTOML, FormatProperties, FormatPO, FormatPOT, FormatCatalogJSON:
		return readCatalog(data, name, format)
	}
	return readText(data, name)
}

// formatOf picks the format of a file from its extension.
func formatOf(path string) (string, error) {
	if path == "-" {
		return "", &Error{File: path, Msg: "standard input has no file type; read it with Read and a format"}
	}
	if filepath.Base(path) == lint.ConfigFile {
		return "", &Error{File: path, Msg: "this is presend's configuration, not a catalog of messages"}
	}
	ext := filepath.Ext(path)
	if f := FormatByExt(ext); f != "" {
		return f, nil
	}
	if ext == "" {
		return "", &Error{File: path, Msg: "unsupported file type: no extension (want " + supportedExts + ")"}
	}
	return "", &Error{File: path, Msg: fmt.Sprintf("unsupported file type %q (want %s)", quote.V(ext), supportedExts)}
}

// FormatByExt returns the format of a file extension, or "".
func FormatByExt(ext string) string {
	switch strings.ToLower(ext) {
	case ".txt", ".md":
		return FormatText
	case ".jsonl":
		return FormatJSONL
	case ".json":
		return FormatJSON
	case ".yml", ".yaml":
		return FormatYAML
	case ".toml":
		return FormatTOML
	case ".properties":
		return FormatProperties
	case ".po":
		return FormatPO
	case ".pot":
		return FormatPOT
	}
	return ""
}

// supportedExts lists the extensions ReadFile reads, for error messages.
const supportedExts = ".txt, .md, .jsonl, .json, .yml, .yaml, .toml, .properties, .po or .pot"

// fileError names path in a file system error without repeating it.
func fileError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &Error{File: path, Msg: msg, Err: err}
}

// utf8BOM is dropped from the start of every input.
const utf8BOM = "\xef\xbb\xbf"
