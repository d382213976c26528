package sendapi

import (
	"bytes"
	"encoding/json"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// members returns the members of a body that must be a JSON object, as
// topMembers does, without its reflection: a valid body whose member
// names are plain (printable ASCII, no escape) is split here, its raw
// values sharing body's bytes; any other body, valid or not, goes to
// topMembers, whose errors are the ones a client sees. The two agree on
// every body (TestMembersAgree, FuzzMembers): the same names, the last of
// a repeated name winning, the same raw values.
func members(body []byte) (map[string]json.RawMessage, error) {
	if top, ok := scanMembers(body); ok {
		return top, nil
	}
	return topMembers(body)
}

// scanMembers splits the top-level object of body into its members; ok is
// false when body is not valid JSON, not an object, or has a member name
// that is not plain.
func scanMembers(body []byte) (map[string]json.RawMessage, bool) {
	if !json.Valid(body) {
		return nil, false
	}
	i := skipSpace(body)
	if i == len(body) || body[i] != '{' {
		return nil, false
	}
	top := make(map[string]json.RawMessage, 8)
	i++
	for {
		i += skipSpace(body[i:])
		if body[i] == '}' {
			return top, true
		}
		// body is valid: a name, ':', a value, then ',' or '}'.
		i++ // '"'
		start := i
		for body[i] != '"' {
			if c := body[i]; c == '\\' || c < 0x20 || c > 0x7e {
				return nil, false
			}
			i++
		}
		name := string(body[start:i])
		i++ // '"'
		i += skipSpace(body[i:])
		i++ // ':'
		i += skipSpace(body[i:])
		end := skipValue(body, i)
		top[name] = body[i:end:end]
		i = end + skipSpace(body[end:])
		if body[i] == ',' {
			i++
		}
	}
}

// skipValue returns the offset just past the JSON value that starts at
// body[i], in a body known to be valid JSON.
func skipValue(body []byte, i int) int {
	depth := 0
	for ; i < len(body); i++ {
		switch c := body[i]; c {
		case '"':
			for i++; body[i] != '"'; i++ {
				if body[i] == '\\' {
					i++ // the escaped byte, never the closing quote
				}
			}
			if depth == 0 {
				return i + 1
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // the end of the enclosing object
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i // the end of a number, true, false or null
			}
		}
	}
	return i
}

// parseLimit is the largest body handed to input.Parse: input reads up to
// 256 MiB of a JSON or JSONL source, and input.Parse reads it as
// input.Read does, without copying it first. A larger body (a gateway
// configured with a MaxBody that large) goes through input.Read, whose
// error for an oversized source the clients have always seen.
const parseLimit = 64 << 20

// parse reads the messages of one body, or of one part of one, in format
// (input.FormatJSON or input.FormatJSONL), as input.Read does.
func parse(data []byte, format string) ([]lint.Message, error) {
	if len(data) <= parseLimit {
		return input.Parse(data, sourceName, format)
	}
	return input.Read(bytes.NewReader(data), sourceName, format)
}
