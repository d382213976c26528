package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/presend/presend/lint"
)

// EachJSONL reads the JSONL file at path a line at a time and hands its
// messages to each, up to n at a time (n ≥ 1), in line order: together, the
// messages ReadFile returns for the file when every line is good. Only one
// line and one batch of messages are in memory at a time, whatever the
// file's size. It stops at the first bad line, with the error ReadFile
// gives for it, or at the first error each returns. A path that is not a
// regular .jsonl file no larger than ReadFile reads is an error before a
// line is read.
func EachJSONL(path string, n int, each func([]lint.Message) error) error {
	batch := make([]lint.Message, 0, n)
	err := EachJSONLLine(path, func(m lint.Message, _ Line) error {
		if batch = append(batch, m); len(batch) == n {
			if err := each(batch); err != nil {
				return err
			}
			batch = make([]lint.Message, 0, n)
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		return each(batch)
	}
	return err
}

// Line is where the line of a message is in its JSONL file: for a caller
// that keeps this, not the message, and reads the line again
// (ParseJSONLLine).
type Line struct {
	Off int64 // the byte offset where it starts (after a byte order mark)
	Len int   // its length in bytes, without the line break
	No  int   // its number, from 1
}

// EachJSONLLine is EachJSONL a message at a time, with where its line is.
func EachJSONLLine(path string, each func(lint.Message, Line) error) error {
	if format, err := formatOf(path); err != nil {
		return err
	} else if format != FormatJSONL {
		return &Error{File: path, Msg: fmt.Sprintf("%s, not jsonl", format)}
	}
	f, err := os.Open(path)
	if err != nil {
		return fileError(path, err)
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	switch {
	case err != nil:
		return fileError(path, err)
	case !st.Mode().IsRegular():
		return &Error{File: path, Msg: "not a regular file"}
	case st.Size() > maxCatalog:
		return &Error{File: path, Msg: fmt.Sprintf("%d bytes, over the %d a file may have", st.Size(), maxCatalog)}
	}
	br := bufio.NewReaderSize(io.LimitReader(f, maxCatalog), 64<<10)
	var off int64
	for lineNo := 1; ; lineNo++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fileError(path, rerr)
		}
		if len(line) == 0 && rerr != nil {
			break
		}
		at := off
		off += int64(len(line))
		if lineNo == 1 {
			trimmed := bytes.TrimPrefix(line, []byte(utf8BOM))
			at += int64(len(line) - len(trimmed))
			line = trimmed
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if start, end := trimSpace(line); start != end {
			m, err := ParseJSONLLine(line, path, lineNo)
			if err != nil {
				return err
			}
			if err := each(m, Line{Off: at, Len: len(line), No: lineNo}); err != nil {
				return err
			}
		}
		if rerr != nil {
			break
		}
	}
	return nil
}

// ParseJSONLLine decodes line lineNo of the JSONL file name (without its
// line break or byte order mark), as ReadFile does, with ReadFile's error
// for a bad line.
func ParseJSONLLine(line []byte, name string, lineNo int) (lint.Message, error) {
	if !utf8.Valid(line) {
		err := invalidUTF8(line, name)
		var ie *Error
		if errors.As(err, &ie) {
			ie.Line = lineNo
		}
		return lint.Message{}, err
	}
	return parseLine(line, name, lineNo)
}
