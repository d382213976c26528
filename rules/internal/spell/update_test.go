package spell

// The -update flag is one for all of presend's tests (see package golden):
// this package defines it too, so that `go test ./... -update` runs here.
import _ "github.com/presend/presend/lint/linttest/golden"
