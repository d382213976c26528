package input

import (
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
	return EachJSONLBlock(path, 64<<10, func(b JSONLBlock) error {
		return b.Each(path, each)
	})
}

// JSONLBlock is a run of whole lines of a JSONL file, read and not parsed:
// for a reader that hands the parsing to other goroutines (Each).
type JSONLBlock struct {
	Data []byte // the lines, each with its line break (the file's last may have none)
	Off  int64  // where Data starts in the file (after a byte order mark)
	No   int    // the number of its first line, from 1
}

// EachJSONLBlock reads the JSONL file at path in blocks of whole lines, of
// about size bytes each (a longer line makes a block of its own), and hands
// each to each, in file order. A block's Data is its own: each may keep it,
// and hand it to another goroutine. It checks the path as EachJSONL does,
// and stops at the first error each returns.
func EachJSONLBlock(path string, size int, each func(JSONLBlock) error) error {
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
	r := io.LimitReader(f, maxCatalog)
	size = max(size, 1)
	var rest []byte // read after the last line break handed out
	off, no, eof := int64(0), 1, false
	for !eof {
		// A new array for each block: the one handed out is the caller's.
		data := append(make([]byte, 0, max(size, 2*len(rest))), rest...)
		for len(data) < cap(data) && !eof {
			n, rerr := r.Read(data[len(data):cap(data)])
			data = data[:len(data)+n]
			switch {
			case errors.Is(rerr, io.EOF):
				eof = true
			case rerr != nil:
				return fileError(path, rerr)
			}
		}
		cut := len(data)
		if !eof {
			cut = bytes.LastIndexByte(data, '\n') + 1
			if cut == 0 { // one line longer than the block: read on
				rest = data
				continue
			}
		}
		data, rest = data[:cut:cut], data[cut:]
		if off == 0 {
			trimmed := bytes.TrimPrefix(data, []byte(utf8BOM))
			off += int64(len(data) - len(trimmed))
			data = trimmed
		}
		if len(data) > 0 {
			if err := each(JSONLBlock{Data: data, Off: off, No: no}); err != nil {
				return err
			}
		}
		off += int64(len(data))
		no += bytes.Count(data, []byte{'\n'})
	}
	return nil
}

// Each calls each for the message of every non-blank line of the block
// from file name, in order, with where its line is. It stops at the first
// bad line, with the error ReadFile gives for it, or at the first error
// each returns.
func (b JSONLBlock) Each(name string, each func(lint.Message, Line) error) error {
	return b.EachOrBad(name, each, func(err error, _ Line) error { return err })
}

// EachOrBad is Each that goes on past a bad line: it hands bad the error
// ReadFile gives for it, and stops only at the first error that each or bad
// returns.
func (b JSONLBlock) EachOrBad(name string, each func(lint.Message, Line) error, bad func(error, Line) error) error {
	data, off := b.Data, b.Off
	for no := b.No; len(data) > 0; no++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		at := off
		off += int64(len(line)) + 1
		if start, end := trimSpace(line); start != end {
			where := Line{Off: at, Len: len(line), No: no}
			m, err := ParseJSONLLine(line, name, no)
			if err != nil {
				err = bad(err, where)
			} else {
				err = each(m, where)
			}
			if err != nil {
				return err
			}
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
