package main

import (
	"testing"

	"github.com/presend/presend/internal/deptest"
)

// TestStartupDeps keeps out of the binary packages whose initialisation
// every run would pay for code presend does not use: go-git's configuration
// reader and what it brings (encoding/gob alone took about 1 ms of each
// start); internal/gitignore has the pattern matcher presend needs. And
// encoding/xml, which only libphonenumber's metadata builder (not copied
// into internal/phonenumbers) used. And client_golang's prometheus/collectors,
// whose constructors only wrap package prometheus's: it compiles regular
// expressions at init and links database/sql, whose init registers drivers'
// machinery (lint/gateway's newRegistry calls package prometheus directly).
func TestStartupDeps(t *testing.T) {
	deptest.Forbid(t, "encoding/gob", "encoding/xml", "go-git", "go-billy", "gcfg",
		"client_golang/prometheus/collectors")
	deptest.ForbidExact(t, "database/sql")
}
