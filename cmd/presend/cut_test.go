package main

import (
	"strings"
	"testing"
)

// TestFlagErrorsCutLongValues: a 1 MiB flag value or argument is named in
// its error by its first bytes and its length.
func TestFlagErrorsCutLongValues(t *testing.T) {
	long := strings.Repeat("x", 1<<20)
	for _, args := range [][]string{
		{"lint", "--format", long, "a.txt"},
		{"lint", "--now", long, "a.txt"},
		{"lint", "--last-user-message", long, "a.txt"},
		{"lint", "--jobs", long, "a.txt"},
		{"lint", "--stdin-format", long, "-"},
		{"rules", "--format", long},
		{"init", long},
		{"explain", long},
		{long},
	} {
		code, _, errs := presend(t, "", args...)
		if code != exitError || len(errs) > 2000 || !strings.Contains(errs, "xxx…") || !strings.Contains(errs, "1048576 bytes") {
			t.Errorf("%.20q: exit %d, stderr of %d bytes: %.300s", args, code, len(errs), errs)
		}
	}
}
