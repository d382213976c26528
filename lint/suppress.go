package lint

import (
	"fmt"
	"slices"

	"github.com/presend/presend/internal/quote"
)

// UnusedSuppression is the pseudo-rule of the findings Linter.Suppress
// adds for suppressions that suppressed nothing. It is not a registered rule:
// it cannot be configured, but it can be baselined.
const UnusedSuppression = "unused-suppression"

// Suppression silences findings of some rules in one message. Readers fill
// Message.Suppress from comments in drafts (presend-disable,
// presend-disable-next-line); a catalog reader can fill it from its
// configuration (see SuppressRules).
type Suppression struct {
	// Rules are the rule names it silences; none means every rule.
	Rules []string
	// FromLine and ToLine bound, inclusively, the source lines on which the
	// findings it silences start; 0 for both means the whole message.
	FromLine, ToLine int

	// Where the suppression is written, for reporting it when unused: a
	// 1-based line and column in the message's source, and the byte offset
	// in Message.Text where the comment stood (the comment itself is not
	// part of the text). Line 0 means it is not written in the source
	// (configuration): an unused one is reported at the message's first
	// line, and Origin says where it comes from.
	Line, Column int
	Offset       int
	Directive    string // the comment's keyword: presend-disable or presend-disable-next-line
	Origin       string // "" for a comment; otherwise, e.g. "presend.toml [[files]] key welcome"
}

// SuppressRules returns a suppression of rules over a whole message that
// comes from configuration rather than from a comment: origin names it in the
// unused-suppression finding ("presend.toml: [[files]] messages.json key
// welcome"). Catalog readers append it to Message.Suppress.
func SuppressRules(origin string, rules ...string) Suppression {
	return Suppression{Rules: rules, Origin: origin}
}

func (s *Suppression) covers(f *Finding) bool {
	if s.FromLine > 0 && (f.Line < s.FromLine || f.Line > s.ToLine) {
		return false
	}
	return len(s.Rules) == 0 || slices.Contains(s.Rules, f.Rule)
}

// SuppressConfigured applies suppressions written in configuration (a key
// glob of a [[files]] table): it drops the findings they cover and
// re-judges res, but reports no unused-suppression finding, since one glob
// matches many messages and is used when any of them had a finding it
// covered. It returns, per suppression, the rules ("" for all) that covered
// a finding, for the caller to report the unused ones over a whole run.
func (l *Linter) SuppressConfigured(res *Result, sups []Suppression) []map[string]bool {
	changed, used := applySuppressions(res, sups, nil, false)
	if changed {
		l.Judge(res)
	}
	return used
}

// SuppressMessage applies a message's suppressions to its result as presend
// lint and the language server do: the comments (Origin "") with Suppress,
// judged per message, and those written in configuration with
// SuppressConfigured. It returns the configured ones and, per each, the
// rules that covered a finding (see SuppressConfigured).
func (l *Linter) SuppressMessage(res *Result, sups []Suppression) (configured []Suppression, used []map[string]bool) {
	var comments []Suppression
	for _, s := range sups {
		if s.Origin != "" {
			configured = append(configured, s)
		} else {
			comments = append(comments, s)
		}
	}
	l.Suppress(res, comments)
	return configured, l.SuppressConfigured(res, configured)
}

// Suppress applies sups to res (see applySuppressions) and re-judges it
// when that changed its findings. An unused suppression of a rule this
// Linter does not run says so.
func (l *Linter) Suppress(res *Result, sups []Suppression) {
	enabled := func(name string) bool {
		return slices.ContainsFunc(l.rules, func(a activeRule) bool { return a.rule.Name == name })
	}
	if changed, _ := applySuppressions(res, sups, enabled, true); changed {
		l.Judge(res)
	}
}

// applySuppressions drops the findings of res that a suppression covers,
// and, with reportUnused, adds an unused-suppression warning for each
// suppression, or each rule named by one, that covered no finding (a rule
// enabled refuses, when not nil, is said not to run). Findings of the input
// and unused-suppression pseudo-rules are never dropped. It reports whether
// it changed the findings (the caller then re-judges the result) and, per
// suppression, the rules that covered a finding. Findings stay sorted by
// offset.
func applySuppressions(res *Result, sups []Suppression, enabled func(string) bool, reportUnused bool) (bool, []map[string]bool) {
	changed, used, _ := applySuppressionsSteps(res, sups, enabled, reportUnused)
	return changed, used
}

// supIndex holds the suppressions that cover one span (the whole message,
// or one line): those of every rule, and those of each rule named.
type supIndex struct {
	all    []int            // indexes in sups
	byRule map[string][]int // rule → indexes in sups
}

func (ix *supIndex) add(i int, s *Suppression, steps *int) {
	if len(s.Rules) == 0 {
		ix.all = append(ix.all, i)
		return
	}
	if ix.byRule == nil {
		ix.byRule = map[string][]int{}
	}
	for _, r := range s.Rules {
		*steps++
		ix.byRule[r] = append(ix.byRule[r], i)
	}
}

// applySuppressionsSteps is applySuppressions, and the steps it took: its
// work is linear in the findings and the rule names of the suppressions
// (FuzzSuppressions bounds it). Suppressions are indexed by the span they
// cover (the whole message, or one line) and by rule, and each index entry
// is marked used once per rule, so that a draft of many comments and many
// findings does not cost their product.
func applySuppressionsSteps(res *Result, sups []Suppression, enabled func(string) bool, reportUnused bool) (bool, []map[string]bool, int) {
	if len(sups) == 0 {
		return false, nil, 0
	}
	steps := 0
	used := make([]map[string]bool, len(sups)) // per suppression: the rules that matched ("" for any)
	use := func(i int, rule string) {
		steps++
		if used[i] == nil {
			used[i] = map[string]bool{}
		}
		used[i][rule] = true
	}
	var whole supIndex
	lines := map[int]*supIndex{} // suppressions of one line (next-line comments)
	var ranged []int             // any other span: checked one by one (readers make none)
	for i := range sups {
		steps++
		s := &sups[i]
		switch {
		case s.FromLine <= 0:
			whole.add(i, s, &steps)
		case s.FromLine == s.ToLine:
			ix := lines[s.FromLine]
			if ix == nil {
				ix = &supIndex{}
				lines[s.FromLine] = ix
			}
			ix.add(i, s, &steps)
		default:
			ranged = append(ranged, i)
		}
	}
	type markKey struct {
		ix   *supIndex
		rule string
	}
	marked := map[markKey]bool{}
	// cover reports whether ix covers findings of rule, marking what does
	// the first time.
	cover := func(ix *supIndex, rule string) bool {
		steps++
		if ix == nil || len(ix.all) == 0 && len(ix.byRule[rule]) == 0 {
			return false
		}
		if k := (markKey{ix, rule}); !marked[k] {
			marked[k] = true
			for _, i := range ix.all {
				use(i, "")
			}
			for _, i := range ix.byRule[rule] {
				use(i, rule)
			}
		}
		return true
	}
	kept := res.Findings[:0:0]
	changed := false
	for _, f := range res.Findings {
		steps++
		drop := false
		if f.Rule != "input" && f.Rule != UnusedSuppression {
			drop = cover(&whole, f.Rule)
			drop = cover(lines[f.Line], f.Rule) || drop
			for _, i := range ranged {
				steps++
				if sups[i].covers(&f) {
					drop = true
					if len(sups[i].Rules) == 0 {
						use(i, "")
					} else {
						use(i, f.Rule)
					}
				}
			}
		}
		if drop {
			changed = true
			continue
		}
		kept = append(kept, f)
	}
	for i := range sups {
		if !reportUnused {
			break
		}
		s := &sups[i]
		names := s.Rules
		if len(names) == 0 {
			names = []string{""}
		}
		for _, name := range names {
			steps++
			if used[i][name] {
				continue
			}
			f := unusedFinding(res, s, name)
			if name != "" && enabled != nil && !enabled(name) {
				f.Message += fmt.Sprintf(": no rule %q is enabled", quote.V(name))
			}
			kept = append(kept, f)
			changed = true
		}
	}
	if !changed {
		return false, used, steps
	}
	slices.SortStableFunc(kept, compareFindings)
	res.Findings = kept
	return true, used, steps
}

func unusedFinding(res *Result, s *Suppression, rule string) Finding {
	what := "every rule"
	if rule != "" {
		what = quote.Cut(rule) // as the draft spells it, however long
	}
	f := Finding{Rule: UnusedSuppression, Severity: Warning, Start: s.Offset, End: s.Offset,
		Line: s.Line, Column: max(s.Column, 1)}
	switch {
	case s.Origin != "":
		f.Message = fmt.Sprintf("%s suppresses %s, which reported nothing here", s.Origin, what)
	case s.Directive != "":
		f.Message = fmt.Sprintf("%s %s suppresses nothing", s.Directive, what)
	default:
		f.Message = fmt.Sprintf("suppression of %s suppresses nothing", what)
	}
	if f.Line == 0 {
		f.Line = max(res.Line, 1)
		f.Start, f.End = 0, 0
	}
	f.EndLine, f.EndColumn = f.Line, f.Column
	return f
}

// Judge recomputes the score and verdict of res from its findings under the
// Linter's configuration: after a driver has dropped findings
// (suppressions, a baseline) or added some.
func (l *Linter) Judge(res *Result) {
	res.Score, res.Verdict = l.cfg.judge(res.Findings)
}
