package main

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// testNow is the fixed time of every test run: no test result depends on
// the day the suite runs.
var testNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func testClock() time.Time { return testNow }

// TestMain fixes the clock of every run() in this package through
// PRESEND_NOW, the variable a user sets for a reproducible run.
func TestMain(m *testing.M) {
	if err := os.Setenv(envNow, testNow.Format(time.RFC3339)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

func TestClockFromEnv(t *testing.T) {
	for _, tc := range []struct {
		v       string
		want    time.Time
		wantErr bool
	}{
		{"2026-03-10T08:00:00Z", time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), false},
		{"2026-03-10T09:00:00+01:00", time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), false},
		{"yesterday", time.Time{}, true},
	} {
		now, err := clock(func(k string) string {
			if k == envNow {
				return tc.v
			}
			return ""
		})
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: error %v, want error %v", tc.v, err, tc.wantErr)
			continue
		}
		if err == nil && !now().Equal(tc.want) {
			t.Errorf("%q: clock reads %v, want %v", tc.v, now(), tc.want)
		}
	}
}
