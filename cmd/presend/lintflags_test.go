package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestServeSharesLintFlags checks that serve and lint describe the flags
// they share the same way: the help of --channel, --lang, --fail-on and
// --min-score is one text (only --config says where each command looks).
func TestServeSharesLintFlags(t *testing.T) {
	flagHelp := func(cmd string) map[string]string {
		code, out, stderr := presend(t, "", cmd, "--help")
		if code != 0 {
			t.Fatalf("%s --help: exit %d, stderr %q", cmd, code, stderr)
		}
		help := map[string]string{}
		for _, m := range regexp.MustCompile(`(?m)^\s+--([a-z-]+) \w*\s+(.*)$`).FindAllStringSubmatch(out, -1) {
			help[m[1]] = m[2]
		}
		return help
	}
	lint, serve := flagHelp("lint"), flagHelp("serve")
	for _, name := range []string{"channel", "lang", "fail-on", "min-score"} {
		if lint[name] == "" || serve[name] != lint[name] {
			t.Errorf("--%s: lint says %q, serve says %q", name, lint[name], serve[name])
		}
	}
	if !strings.Contains(lint["config"], "above each file") || !strings.Contains(serve["config"], "reread on SIGHUP") {
		t.Errorf("--config: lint says %q, serve says %q: each should say where it looks", lint["config"], serve["config"])
	}
}
