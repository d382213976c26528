package policy

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// fileTOML is the shape of a policy file.
type fileTOML struct {
	Version string     `toml:"version"`
	Fact    []factTOML `toml:"fact"`
}

type factTOML struct {
	ID         string `toml:"id"`
	Channel    string `toml:"channel"`
	Kind       string `toml:"kind"`
	Value      any    `toml:"value"`
	From       any    `toml:"from"`
	Until      any    `toml:"until"`
	Source     string `toml:"source"`
	Confidence string `toml:"confidence"`
	Note       string `toml:"note"`
}

var (
	idPattern      = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9_-]*)+$`) })
	channelPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]*$`) })
)

// ReadFile reads and strictly validates a policy file.
func ReadFile(path string) ([]Fact, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", fmt.Errorf("policy file: %w", err)
	}
	return Parse(data, path)
}

// Parse strictly decodes and validates a policy file: an unknown key, a
// value of the wrong type or kind, a period whose until is not after its
// from, or two periods of one id that overlap are errors naming the file,
// the line and the problem. It returns the facts and the file's version.
func Parse(data []byte, path string) ([]Fact, string, error) {
	var f fileTOML
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, "", tomlError(path, err)
	}
	heads := headerLines(data)
	var errs []error
	var facts []Fact
	for i, ft := range f.Fact {
		line := 1
		if i < len(heads) {
			line = heads[i]
		}
		next := len(data) + 1
		if i+1 < len(heads) {
			next = heads[i+1]
		}
		at := func(key string) int { return keyLine(data, line, next, key) }
		bad := func(key, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s", path, at(key), fmt.Sprintf(format, args...)))
		}
		fact := Fact{ID: ft.ID, Channel: ft.Channel, Kind: Kind(ft.Kind), Source: ft.Source,
			Confidence: ft.Confidence, Note: ft.Note, File: path, Line: line}
		switch {
		case ft.ID == "":
			bad("", "fact has no id")
		case !idPattern().MatchString(ft.ID):
			bad("id", "id %q: want dotted lower-case words such as \"messenger.window\"", ft.ID)
		}
		switch {
		case ft.Channel == "":
			bad("", "fact %s has no channel", ft.ID)
		case !channelPattern().MatchString(ft.Channel):
			bad("channel", "channel %q: want a lower-case name such as \"messenger\"", ft.Channel)
		}
		if ft.Source == "" {
			bad("", "fact %s has no source (a URL or a document)", ft.ID)
		}
		switch ft.Confidence {
		case "H", "M", "L":
		case "":
			bad("", "fact %s has no confidence (H, M or L)", ft.ID)
		default:
			bad("confidence", "confidence %q: want H, M or L", ft.Confidence)
		}
		if !slices.Contains(kinds, fact.Kind) {
			bad("kind", "kind %q: want int, duration, string, strings or table", ft.Kind)
		} else if ft.Value == nil {
			bad("", "fact %s has no value", ft.ID)
		} else if v, err := value(fact.Kind, ft.Value); err != nil {
			bad("value", "%s: %v", ft.ID, err)
		} else {
			fact.Value = v
		}
		var err error
		if ft.From == nil {
			bad("", "fact %s has no from (the instant it took effect, UTC)", ft.ID)
		} else if fact.From, err = instant(ft.From); err != nil {
			bad("from", "from: %v", err)
		}
		if ft.Until != nil {
			if fact.Until, err = instant(ft.Until); err != nil {
				bad("until", "until: %v", err)
			} else if !fact.From.IsZero() && !fact.Until.After(fact.From) {
				bad("until", "until %s is not after from %s", stamp(fact.Until), stamp(fact.From))
			}
		}
		facts = append(facts, fact)
	}
	if len(errs) > 0 {
		return nil, "", errors.Join(errs...)
	}
	// Two periods of one id must not overlap.
	byID := map[string][]*Fact{}
	for i := range facts {
		byID[facts[i].ID] = append(byID[facts[i].ID], &facts[i])
	}
	for i := range facts {
		a := &facts[i]
		for _, b := range byID[a.ID] {
			if b.Line <= a.Line {
				continue
			}
			if overlap(a, b) {
				errs = append(errs, fmt.Errorf("%s:%d: fact %s overlaps the period of line %d (%s); one id holds one value at a time", path, b.Line, a.ID, a.Line, period(a)))
			}
			if a.Kind != b.Kind {
				errs = append(errs, fmt.Errorf("%s:%d: fact %s is a %s at line %d and a %s here", path, b.Line, a.ID, a.Kind, a.Line, b.Kind))
			}
		}
	}
	if len(errs) > 0 {
		return nil, "", errors.Join(errs...)
	}
	return facts, f.Version, nil
}

func overlap(a, b *Fact) bool {
	aEndsAfterB := a.Until.IsZero() || a.Until.After(b.From)
	bEndsAfterA := b.Until.IsZero() || b.Until.After(a.From)
	return aEndsAfterB && bEndsAfterA
}

func period(f *Fact) string {
	if f.Until.IsZero() {
		return "from " + stamp(f.From)
	}
	return stamp(f.From) + " to " + stamp(f.Until)
}

// stamp renders an instant: a date alone at midnight UTC.
func stamp(t time.Time) string {
	t = t.UTC()
	if t.Equal(t.Truncate(24 * time.Hour)) {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// Stamp renders an instant as the policy's listings do: "2026-04-27" at
// midnight UTC, RFC 3339 otherwise; "" for the zero time.
func Stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return stamp(t)
}

// value checks a decoded TOML value against a kind.
func value(k Kind, v any) (any, error) {
	switch k {
	case Int:
		n, ok := v.(int64)
		if !ok {
			return nil, fmt.Errorf("value must be an integer (kind int), not %s", tomlName(v))
		}
		if n < 0 || n > 1<<31 {
			return nil, fmt.Errorf("value %d is out of range (0 to 2147483648)", n)
		}
		return int(n), nil
	case Duration:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("value must be a string such as \"24h\" or \"7d\" (kind duration), not %s", tomlName(v))
		}
		d, err := ParseDuration(s)
		if err != nil {
			return nil, err
		}
		if d <= 0 {
			return nil, fmt.Errorf("duration %q must be positive", s)
		}
		return d, nil
	case String:
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("value must be a string (kind string), not %s", tomlName(v))
		}
		if strings.TrimSpace(s) == "" {
			return nil, errors.New("value is empty")
		}
		return s, nil
	case Strings:
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("value must be an array of strings (kind strings), not %s", tomlName(v))
		}
		out := make([]string, 0, len(list))
		for i, x := range list {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("value[%d] must be a string, not %s", i, tomlName(x))
			}
			if strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("value[%d] is empty", i)
			}
			if slices.Contains(out, s) {
				return nil, fmt.Errorf("value[%d] %q is listed twice", i, s)
			}
			out = append(out, s)
		}
		return out, nil
	case Table:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("value must be a table of strings (kind table), not %s", tomlName(v))
		}
		out := make(map[string]string, len(m))
		for key, x := range m {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("value.%s must be a string, not %s", key, tomlName(x))
			}
			out[key] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown kind %q", k)
}

func tomlName(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case string:
		return "a string"
	case bool:
		return "true or false"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time, toml.LocalDate, toml.LocalDateTime, toml.LocalTime:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

// instant reads from or until: a TOML offset date-time (any offset, kept
// as the instant it names), a TOML local date (midnight UTC), or a string
// holding either. A local date-time without an offset is refused: it names
// no instant.
func instant(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case toml.LocalDate:
		return time.Date(t.Year, time.Month(t.Month), t.Day, 0, 0, 0, 0, time.UTC), nil
	case toml.LocalDateTime:
		return time.Time{}, errors.New("a date-time without an offset names no instant: add Z (UTC), as in 2026-04-27T00:00:00Z")
	case string:
		return ParseInstant(t)
	}
	return time.Time{}, fmt.Errorf("want a date (2026-04-27) or an instant (2026-04-27T00:00:00Z), not %s", tomlName(v))
}

// ParseInstant reads a date (2026-04-27, midnight UTC) or an RFC 3339
// instant.
func ParseInstant(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: want a date (2026-04-27) or an instant (2026-04-27T00:00:00Z)", s)
	}
	return t.UTC(), nil
}

// headerLines returns the line of each [[fact]] header, in order.
func headerLines(data []byte) []int {
	var out []int
	for i, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if c := strings.Index(t, "#"); c >= 0 {
			t = strings.TrimSpace(t[:c])
		}
		if strings.ReplaceAll(t, " ", "") == "[[fact]]" {
			out = append(out, i+1)
		}
	}
	return out
}

// keyLine finds the line where key is set between the header at line from
// and the next header (exclusive), or from itself.
func keyLine(data []byte, from, next int, key string) int {
	if key == "" {
		return from
	}
	lines := strings.Split(string(data), "\n")
	for n := from + 1; n < next && n <= len(lines); n++ {
		k, _, ok := strings.Cut(strings.TrimSpace(lines[n-1]), "=")
		if ok && strings.Trim(strings.TrimSpace(k), `"`) == key {
			return n
		}
	}
	return from
}

// tomlError rewrites go-toml's errors as "file:line:col: problem".
func tomlError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for _, e := range strict.Errors {
			row, col := e.Position()
			errs = append(errs, fmt.Errorf("%s:%d:%d: unknown key %q (a fact has id, channel, kind, value, from, until, source, confidence and note)", path, row, col, strings.Join(e.Key(), ".")))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		if k := de.Key(); len(k) > 0 {
			return fmt.Errorf("%s:%d:%d: %s (key %q)", path, row, col, msg, strings.Join(k, "."))
		}
		return fmt.Errorf("%s:%d:%d: %s", path, row, col, msg)
	}
	return fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "toml: "))
}
