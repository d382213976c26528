package phonenumbers

// This file is presend's, not upstream's: see README.md in this folder.

import (
	"regexp"
	"sync"
)

var metadataOnce sync.Once

// metadata returns the active metadata container, loading the embedded
// metadata on first use (upstream loads it in init, which every program
// linking the package paid at start-up, whether it parsed a number or not).
func metadata() *metadataContainer {
	metadataOnce.Do(initMetadata)
	return currentMetadata
}

// lazyRegexp returns a function that compiles pattern on its first call and
// then returns the same read-only Regexp: upstream's package-level patterns,
// compiled at first use rather than at start-up.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}
