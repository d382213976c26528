package input

import (
	"testing"

	"github.com/presend/presend/internal/deptest"
)

// TestDeps: matching .gitignore patterns links presend's copy of go-git's
// matcher, not go-git, whose package reading git configuration brought
// go-billy, gcfg and encoding/gob into every run's start-up.
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "go-git", "go-billy", "gcfg", "encoding/gob")
}
