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

// TestCatalogKeyLimit: a key over maxKeyBytes is an error at the value
// under it, in every nested format, before its messages repeat it.
func TestCatalogKeyLimit(t *testing.T) {
	long := strings.Repeat("k", maxKeyBytes)
	leaves := `"a":"x","b":"y"`
	k := strings.Repeat("k", 1000) // YAML allows keys of 1024 characters at most
	nested := k + ":\n " + k + ":\n  " + k + ":\n   " + k + ":\n    " + k + ":\n     a: x\n"
	for _, tt := range []struct{ format, data, want string }{
		{FormatCatalogJSON, `{"` + long + `":{` + leaves + `}}`, "c:1:4106: key \"kkk"},
		{FormatYAML, nested, "c:6:6: key \"kkk"},
		{FormatTOML, "[" + long + "]\na = \"x\"\nb = \"y\"\n", "c:2:5: key \"kkk"},
	} {
		_, err := Read(strings.NewReader(tt.data), "c", tt.format)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !strings.Contains(err.Error(), "bytes) is over presend's limit of 4096 bytes") {
			t.Errorf("%s: err = %.300v", tt.format, err)
		}
	}
	// At the limit, it is read.
	msgs, err := Read(strings.NewReader(`{"`+long[2:]+`":{"a":"x"}}`), "c", FormatCatalogJSON)
	if err != nil || len(msgs) != 1 || len(msgs[0].ID) != maxKeyBytes {
		t.Errorf("a key of %d bytes: %d messages, %v", maxKeyBytes, len(msgs), err)
	}
}
