package lint_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// The [serve] table is decoded strictly, with each key's line; file paths
// in it are relative to the presend.toml.
func TestParseConfigServe(t *testing.T) {
	in := "channel = \"sms\"\n\n[serve]\nlisten = \":8443\"\nlog-messages = false\ntls-cert = \"certs/gw.pem\"\ntls-key = \"/etc/presend/gw.key\"\n\n[rules.length]\nenabled = true\n"
	cfg, err := lint.ParseConfig([]byte(in), filepath.Join("etc", "presend.toml"), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	want := []lint.ServeSetting{
		{Key: "listen", Value: ":8443", Line: 4},
		{Key: "log-messages", Value: "false", Line: 5},
		{Key: "tls-cert", Value: filepath.Join("etc", "certs", "gw.pem"), Line: 6},
		{Key: "tls-key", Value: "/etc/presend/gw.key", Line: 7},
	}
	if !reflect.DeepEqual(cfg.Serve, want) {
		t.Errorf("Serve = %+v\nwant %+v", cfg.Serve, want)
	}
	if cfg.Channel != "sms" {
		t.Errorf("channel = %s", cfg.Channel)
	}
	for _, c := range []struct{ in, want string }{
		{"[serve]\nlisten = \":1\"\nport = 8080\n", `p.toml:3:1: unknown key "serve.port"`},
		{"[serve]\nlog-messages = \"yes\"\n", `p.toml:2:16: a TOML string cannot go here: want true or false (key "serve.log-messages")`},
	} {
		_, err := lint.ParseConfig([]byte(c.in), "p.toml", rules.All())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}
