// Package policy holds the platforms' rules as dated data: every fact a rule
// uses (a limit, a window, a set of tags, a keyword list) with the instant it
// took effect, the instant it ended (if it did) and where it comes from.
//
// The facts live in an embedded TOML file (policy.toml), which a user may
// extend or override with a file of the same shape. A Set holds them all; At
// returns the Facts in force at one instant, which rules read through typed
// getters. A message is judged by the facts in force when it is sent.
//
// A fact's period is [from, until): from is inclusive, until exclusive, both
// instants in UTC; a fact with no until is still in force.
package policy

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is the type of a fact's value.
type Kind string

// The kinds of value a fact may hold.
const (
	Int      Kind = "int"      // a non-negative integer
	Duration Kind = "duration" // "24h", "7d", "90m": a positive length of time
	String   Kind = "string"   // one non-empty string
	Strings  Kind = "strings"  // a list of non-empty strings, none twice
	Table    Kind = "table"    // a table of strings keyed by strings
)

var kinds = []Kind{Int, Duration, String, Strings, Table}

// Fact is one platform fact over one period.
type Fact struct {
	ID      string // dotted, lower case: "messenger.window"
	Channel string // the channel it is about: "messenger", "whatsapp", …
	Kind    Kind
	// Value is an int, a time.Duration, a string, a []string or a
	// map[string]string, as Kind says. Callers must not modify it.
	Value      any
	From       time.Time // inclusive, UTC
	Until      time.Time // exclusive, UTC; zero when the fact is still in force
	Source     string    // a URL or a document
	Confidence string    // H (the platform's own docs or a standard), M (several consistent secondary sources), L (one)
	Note       string    // what the fact means, in a sentence

	File string // where it was defined ("" for the embedded file's name)
	Line int    // the line of its [[fact]] header
}

// InForce reports whether the fact applies at t.
func (f *Fact) InForce(t time.Time) bool {
	return !t.Before(f.From) && (f.Until.IsZero() || t.Before(f.Until))
}

// ValueString renders the value as the policy file writes it: 24h as "24h",
// 7 days as "7d", a list comma-separated, a table as k=v pairs sorted by key.
func (f *Fact) ValueString() string {
	switch v := f.Value.(type) {
	case int:
		return strconv.Itoa(v)
	case time.Duration:
		return FormatDuration(v)
	case string:
		return v
	case []string:
		return strings.Join(v, ", ")
	case map[string]string:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + v[k]
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(f.Value)
}

// FormatDuration writes a duration as the policy file does: whole days over
// two as "7d", whole hours as "24h" or "48h", else Go's notation.
func FormatDuration(d time.Duration) string {
	day := 24 * time.Hour
	switch {
	case d > 2*day && d%day == 0:
		return strconv.FormatInt(int64(d/day), 10) + "d"
	case d > 0 && d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// ParseDuration reads a duration as the policy file writes it: Go's
// notation ("24h", "90m", "1h30m") or whole days ("7d").
func ParseDuration(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 || days > 100000 {
			return 0, fmt.Errorf("duration %q: want a whole number of days such as \"7d\", or Go's notation such as \"24h\"", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want Go's notation such as \"24h\" or \"90m\", or whole days such as \"7d\"", s)
	}
	return d, nil
}

// Set is every fact of a policy over time, with the facts in force in each
// period between two boundaries precomputed: At is a binary search.
// A Set is immutable and safe for concurrent use.
type Set struct {
	version string
	facts   []Fact      // sorted by id, then from
	bounds  []time.Time // every distinct from and until, sorted
	periods []*Facts    // periods[i]: in force in [bounds[i-1], bounds[i]); periods[0] before bounds[0]
}

// Facts are the facts in force at one instant, keyed by id.
type Facts struct {
	from, until time.Time // the period they hold for ([from, until); zero: unbounded)
	byID        map[string]*Fact
	sorted      []*Fact // by id
}

// NewSet builds a Set from a base list of facts and the lists that
// override it, in order: a fact of a later list replaces, over its period,
// the facts of the same id from the lists before it (a base fact is cut
// around it, or dropped when it falls inside). A later fact must keep the
// kind of the id it overrides. Each list must already be valid on its own
// (Parse checks that).
func NewSet(version string, base []Fact, overrides ...[]Fact) (*Set, error) {
	facts := slices.Clone(base)
	for _, over := range overrides {
		var errs []string
		kindOf := map[string]*Fact{}
		for i := range facts {
			kindOf[facts[i].ID] = &facts[i]
		}
		byID := map[string][]Fact{}
		for _, f := range over {
			if prev, ok := kindOf[f.ID]; ok && prev.Kind != f.Kind {
				errs = append(errs, fmt.Sprintf("%s:%d: fact %s is a %s (%s:%d), not a %s", f.File, f.Line, f.ID, prev.Kind, prev.File, prev.Line, f.Kind))
			}
			byID[f.ID] = append(byID[f.ID], f)
		}
		if len(errs) > 0 {
			return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
		}
		var kept []Fact
		for _, f := range facts {
			kept = append(kept, cut(f, byID[f.ID])...)
		}
		kept = append(kept, over...)
		facts = kept
	}
	slices.SortStableFunc(facts, func(a, b Fact) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return a.From.Compare(b.From)
	})
	s := &Set{version: version, facts: facts}
	seen := map[time.Time]bool{}
	for _, f := range facts {
		for _, t := range []time.Time{f.From, f.Until} {
			if !t.IsZero() && !seen[t] {
				seen[t] = true
				s.bounds = append(s.bounds, t)
			}
		}
	}
	slices.SortFunc(s.bounds, time.Time.Compare)
	s.periods = make([]*Facts, len(s.bounds)+1)
	for i := range s.periods {
		p := &Facts{byID: map[string]*Fact{}}
		if i > 0 {
			p.from = s.bounds[i-1]
		}
		if i < len(s.bounds) {
			p.until = s.bounds[i]
		}
		at := p.from
		if i == 0 {
			if len(s.bounds) == 0 {
				at = time.Time{}
			} else {
				at = s.bounds[0].Add(-time.Nanosecond)
			}
		}
		for j := range s.facts {
			f := &s.facts[j]
			if f.InForce(at) {
				p.byID[f.ID] = f
				p.sorted = append(p.sorted, f)
			}
		}
		s.periods[i] = p
	}
	return s, nil
}

// cut returns what remains of f outside the periods of over.
func cut(f Fact, over []Fact) []Fact {
	rest := []Fact{f}
	for _, o := range over {
		var next []Fact
		for _, r := range rest {
			// The part of r before o, and the part after it.
			if r.From.Before(o.From) {
				b := r
				if b.Until.IsZero() || b.Until.After(o.From) {
					b.Until = o.From
				}
				next = append(next, b)
			}
			if !o.Until.IsZero() && (r.Until.IsZero() || r.Until.After(o.Until)) {
				a := r
				if a.From.Before(o.Until) {
					a.From = o.Until
				}
				next = append(next, a)
			}
		}
		rest = next
	}
	return rest
}

// Version is the version string of the policy file the Set was built from.
func (s *Set) Version() string { return s.version }

// All returns every fact of the Set over all time, sorted by id then from.
func (s *Set) All() []Fact { return slices.Clone(s.facts) }

// At returns the facts in force at t.
func (s *Set) At(t time.Time) *Facts {
	i := sort.Search(len(s.bounds), func(i int) bool { return s.bounds[i].After(t) })
	return s.periods[i]
}

// History returns every period of one fact id, in order.
func (s *Set) History(id string) []Fact {
	var out []Fact
	for _, f := range s.facts {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// Ending returns the facts in force at t whose period ends within d after
// t, sorted by id.
func (s *Set) Ending(t time.Time, d time.Duration) []Fact {
	var out []Fact
	for _, f := range s.At(t).sorted {
		if !f.Until.IsZero() && f.Until.Sub(t) <= d {
			out = append(out, *f)
		}
	}
	return out
}

// Lookup returns the fact id in force, if any. A nil Facts holds none.
func (fs *Facts) Lookup(id string) (*Fact, bool) {
	if fs == nil {
		return nil, false
	}
	f, ok := fs.byID[id]
	return f, ok
}

// All returns the facts in force, sorted by id.
func (fs *Facts) All() []*Fact {
	if fs == nil {
		return nil
	}
	return slices.Clone(fs.sorted)
}

// Int returns an int fact, or 0 when none is in force.
func (fs *Facts) Int(id string) int {
	f, _ := fs.Lookup(id)
	if f == nil {
		return 0
	}
	v, _ := f.Value.(int)
	return v
}

// Duration returns a duration fact, or 0 when none is in force.
func (fs *Facts) Duration(id string) time.Duration {
	f, _ := fs.Lookup(id)
	if f == nil {
		return 0
	}
	v, _ := f.Value.(time.Duration)
	return v
}

// String returns a string fact, or "" when none is in force.
func (fs *Facts) String(id string) string {
	f, _ := fs.Lookup(id)
	if f == nil {
		return ""
	}
	v, _ := f.Value.(string)
	return v
}

// Strings returns a list fact, or nil when none is in force. The caller
// must not modify it.
func (fs *Facts) Strings(id string) []string {
	f, _ := fs.Lookup(id)
	if f == nil {
		return nil
	}
	v, _ := f.Value.([]string)
	return v
}

// Table returns a table fact, or nil when none is in force. The caller
// must not modify it.
func (fs *Facts) Table(id string) map[string]string {
	f, _ := fs.Lookup(id)
	if f == nil {
		return nil
	}
	v, _ := f.Value.(map[string]string)
	return v
}

// Since returns when the fact id in force took effect (zero when none is).
func (fs *Facts) Since(id string) time.Time {
	f, _ := fs.Lookup(id)
	if f == nil {
		return time.Time{}
	}
	return f.From
}

//go:embed policy.toml
var embedded []byte

// EmbeddedFile is the name errors give the embedded policy file.
const EmbeddedFile = "policy.toml (built in)"

//go:generate go test -run ^TestEmbeddedFacts$ -update .

// parseEmbedded builds the built-in policy from embedded_facts.go: the
// facts Parse reads from policy.toml, generated as Go (TestEmbeddedFacts
// fails when they differ), so that a run does not decode and validate
// 28 KB of TOML at every start (a sixth of building a Linter, and
// 300 KB of heap: a fresh page of heap is a page fault).
var parseEmbedded = sync.OnceValues(func() (*Set, error) {
	return NewSet(embeddedVersion, embeddedFacts())
})

// Embedded returns the built-in policy, parsed once. It never changes.
func Embedded() (*Set, error) { return parseEmbedded() }

// EmbeddedSource returns the built-in policy file's text.
func EmbeddedSource() []byte { return slices.Clone(embedded) }

// Load returns the built-in policy overridden by the user's policy file at
// path ("" for none), strictly validated.
func Load(path string) (*Set, error) {
	base, err := Embedded()
	if err != nil {
		return nil, err
	}
	if path == "" {
		return base, nil
	}
	user, _, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return NewSet(base.Version()+"+"+path, base.facts, user)
}
