package lint_test

import (
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// TestConfigErrorsCutLongValues: a 1 MiB bad value (or key) in
// presend.toml is named in its error by its first bytes and its length,
// never echoed whole.
func TestConfigErrorsCutLongValues(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	rule := rules.All()[0].Name
	for _, tt := range []struct{ name, toml, want string }{
		{"channel", `channel = "` + long + `"`, `presend.toml:1: unknown channel "xxx`},
		{"lang", `lang = "` + long + `"`, `presend.toml:1: unknown language "xxx`},
		{"fail-on", `fail-on = "` + long + `"`, `presend.toml:1: unknown fail-on "xxx`},
		{"severity", "[rules." + rule + "]\nseverity = \"" + long + `"`, `presend.toml:2: unknown severity "xxx`},
		{"placeholder", `placeholders = ["(` + long + `"]`, `presend.toml:1: placeholder pattern "(xxx`},
		{"unknown key", long + ` = 1`, `presend.toml:1:1: unknown key "xxx`},
		{"unknown table", "[" + long + "]\na = 1", `presend.toml:`},
		{"bad type", `min-score = "` + long + `"`, `presend.toml:1:`},
		{"syntax", `channel = "` + long, `presend.toml:1:`},
		{"files", "[[files]]\npath = \"" + long + "\"\nlang = \"" + long + `"`, `presend.toml:`},
		{"phrases", "[[phrases]]\nname = \"" + long + "\"\nphrases = [\"a\"]\nmessage = \"m\"", `presend.toml:`},
	} {
		_, err := lint.ParseConfig([]byte(tt.toml), "presend.toml", rules.All())
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		msg := err.Error()
		if len(msg) > 2000 || !strings.HasPrefix(msg, tt.want) {
			t.Errorf("%s: error of %d bytes: %.300s", tt.name, len(msg), msg)
		}
		// A value echoed is cut, with its full length.
		if strings.HasSuffix(tt.want, `"xxx`) && !strings.Contains(msg, `xxx…" (1048576 bytes)`) && !strings.Contains(msg, `xxx…" (1048577 bytes)`) {
			t.Errorf("%s: value not cut with its length: %.300s", tt.name, msg)
		}
	}
}
