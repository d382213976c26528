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
	batch := make([]lint.Message, 0, n)
	for lineNo := 1; ; lineNo++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fileError(path, rerr)
		}
		if len(line) == 0 && rerr != nil {
			break
		}
		if lineNo == 1 {
			line = bytes.TrimPrefix(line, []byte(utf8BOM))
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if start, end := trimSpace(line); start != end {
			if !utf8.Valid(line) {
				err := invalidUTF8(line, path)
				var ie *Error
				if errors.As(err, &ie) {
					ie.Line = lineNo
				}
				return err
			}
			m, err := parseLine(line, path, lineNo)
			if err != nil {
				return err
			}
			if batch = append(batch, m); len(batch) == n {
				if err := each(batch); err != nil {
					return err
				}
				batch = make([]lint.Message, 0, n)
			}
		}
		if rerr != nil {
			break
		}
	}
	if len(batch) > 0 {
		return each(batch)
	}
	return nil
}
