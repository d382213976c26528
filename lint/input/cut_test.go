package input

import (
	"strings"
	"testing"
)

// TestErrorsCutLongValues: a 1 MiB field name or value in an envelope or a
// Send API body is named by its first bytes and its length, never echoed
// whole.
func TestErrorsCutLongValues(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, tt := range []struct{ name, format, data, want string }{
		{"unknown field", FormatJSONL, `{"text":"a","` + long + `":1}`, `e:1:13: unknown field "xxx`},
		{"time", FormatJSONL, `{"text":"a","sent_at":"` + long + `"}`, `e:1:23: "sent_at" is not an RFC 3339 time: "xxx`},
		{"attachment", FormatJSON, `{"recipient":{"id":"1"},"message":{"attachment":{"type":"` + long + `"}}}`, `e:1:57: unknown attachment type "xxx`},
		{"po keyword", FormatPO, long + ` "a"`, `e:1:1: unknown keyword "xxx`},
		{"format", long, "", `e: unknown format "xxx`},
	} {
		_, err := Read(strings.NewReader(tt.data), "e", tt.format)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		msg := err.Error()
		if len(msg) > 1000 || !strings.HasPrefix(msg, tt.want) || !strings.Contains(msg, `xxx…" (1048576 bytes)`) {
			t.Errorf("%s: error of %d bytes: %.300s", tt.name, len(msg), msg)
		}
	}
}
