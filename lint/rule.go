package lint

import (
	"fmt"
	"regexp"
	"time"

	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/lint/promo"
	"github.com/presend/presend/lint/text"
)

// Rule categories.
const (
	Shape   = "shape"
	Policy  = "policy"
	Spam    = "spam"
	Clarity = "clarity"
)

// Rule is one check: an immutable value with its documentation attached.
type Rule struct {
	Name     string   // kebab-case and stable: users name it in presend.toml
	Category string   // shape, policy, spam or clarity
	Severity Severity // default severity of its findings
	Doc      Doc
	// Options returns a fresh pointer to the rule's options struct, filled
	// with defaults, or nil when the rule has none. Fields carry `toml` and
	// `doc` tags; `presend init` prints them.
	Options func() any
	// Requires are the per-message facts the rule reads (Fact.Of), such as
	// Promotional: the Linter configures each once, and a Pass computes
	// each at most once per message, for every rule that reads it.
	Requires []Requirement
	// Run inspects p.Msg and p.Text and calls p.Report.
	Run func(p *Pass)
	// Off says the rule is off by default: it runs only where the
	// configuration turns it on ([rules.NAME] enabled = true). For rules
	// that only some senders need (a legal duty in some places).
	Off bool
}

// On reports whether the rule runs under rc: as rc.Enabled says, else
// unless the rule is off by default.
func (r *Rule) On(rc RuleConfig) bool {
	if rc.Enabled != nil {
		return *rc.Enabled
	}
	return !r.Off
}

// Doc documents a rule. Examples are executed by the rules' tests: each Bad
// text must draw a finding from the rule and each Good text none.
type Doc struct {
	Title    string // one line, lower case, no period
	Text     string // what the rule checks and why, with its defaults
	Examples []Example
}

// Example is a bad message and its better version in one language.
type Example struct {
	Lang    string // en or fr
	Channel string // "" for the default channel
	Bad     string // "" for a rule that never fires in Lang: Good then shows a text it leaves alone
	Good    string
	// Env, when set, is the envelope both texts are sent with (its Text,
	// Lang and Channel are ignored): the policy rules judge the context.
	Env *Message
	// GoodEnv, when set, is the envelope the Good text is sent with instead
	// of Env: for rules whose fix lies in the envelope (the messaging type,
	// the quick replies) rather than in the text.
	GoodEnv *Message
	// Sent are messages sent before, to the same recipient: both texts are
	// checked as the last line of a send log that starts with them.
	Sent []Message
}

// CompileEnv is what a rule's options are compiled with: once per Linter.
type CompileEnv struct {
	// Stems is the Linter's stem cache; nil when the options are only
	// validated (ParseConfig reports their errors at their line).
	Stems *text.Stemmer
	// BaseDir is the folder of the presend.toml the options came from:
	// relative paths in the options start there, not in the working
	// directory. "" for options built in Go.
	BaseDir string
	// Shared are the lists every rule reads the same way (Config.Shared):
	// the top-level opt-outs, shorteners and brand domains.
	Shared Shared
}

// Compiler is implemented by options that validate themselves or precompute
// something once per Linter (word lists into stem sets, dictionary paths,
// a detector). Compile must not write into its receiver, which is what the
// user wrote: it returns the compiled state as a new value, which the
// Linter gives the rule in every Pass as Pass.Compiled (nil when there is
// nothing to precompute), as go/analysis hands an analyzer its results.
type Compiler interface {
	Compile(env CompileEnv) (any, error)
}

// Warmer is implemented by compiled state (what Compiler.Compile returns)
// that can start, in the background, work the first messages would
// otherwise wait for (reading a dictionary). See Linter.Warm.
type Warmer interface {
	Warm()
}

// Pass is what a rule sees while it checks one message.
type Pass struct {
	Msg     *Message
	Text    *text.Analysis
	Channel channel.Profile
	Preview text.Cut
	SMS     *channel.SMSInfo // nil unless the channel counts SMS parts
	// Options are the rule's options (the type its Options returns): the
	// Linter's own copy of what the user wrote, read-only.
	Options any
	// Compiled is what the options' Compile returned when the Linter was
	// built (nil for options that compile to nothing), read-only: rules
	// that keep state across messages keep it safe for concurrent use.
	Compiled any

	// Now is when the message is sent: Msg.SentAt, or the time of the check
	// when the message does not say.
	Now time.Time
	// Policy are the platform facts in force when the message is sent
	// (at PolicyDate): rules read their limits, windows and tag sets here.
	Policy *policy.Facts
	// PolicyDate is the instant Policy holds at: the message's sent_at,
	// else the configuration's policy-date, else Now.
	PolicyDate time.Time
	// History is what the store knows of the recipient before this message,
	// or nil when the message is checked without a store (a draft, or a
	// message with no recipient). Rules that need it stay silent when nil.
	History *history.View
	// HistoryUnavailable is true when the message has a history that could
	// not be read (the store failed, and the message goes out or is judged
	// without it). History is nil then, but not because nothing was sent:
	// rules that need the history abstain rather than take it for empty.
	HistoryUnavailable bool

	rule     *Rule
	findings []Finding
	// The current rule's findings so far, and those past the cap.
	reported, dropped, droppedAt int
	droppedWorst                 Severity
	notices                      *notices
	counter                      Counter // see Pass.Counter
	detector                     *promo.Detector
	stems                        *text.Stemmer
	patterns                     []*regexp.Regexp // the configuration's placeholder syntaxes
	// computers are the Linter's configured facts; facts are the ones
	// computed for this message so far (a message needs a few: a slice
	// in the Pass, where a map cost an allocation per message).
	computers map[Requirement]any
	facts     []factValue
	factBuf   [4]factValue
	msg       Message         // what Msg points to
	sms       channel.SMSInfo // what SMS points to, on an SMS channel
}

// factValue is a fact computed for the message a Pass checks.
type factValue struct {
	f Requirement
	v any
}

// PromoOf classifies another text of the message than its body, such as its
// button and quick-reply titles, analysed in the message's language.
func (p *Pass) PromoOf(s string) promo.Result {
	return p.detector.Detect(p.Analyze(s, nil))
}

// Analyze analyses another text of the message than its body (its titles,
// or its body followed by them) as the body was: in the message's language,
// with the configuration's placeholder syntaxes and width and the Linter's
// stem cache. literal are the spans of s that are characters as written
// (see Message.Literal).
func (p *Pass) Analyze(s string, literal []text.Span) *text.Analysis {
	return text.Analyze(s, text.Options{Lang: p.Text.Lang, Stems: p.stems, Placeholders: p.patterns,
		PlaceholderWidth: p.Text.PlaceholderWidth(), Literal: literal})
}

// Promo returns the promotional-content classification of the message,
// computed on first use and shared by every rule: Promotional.Of(p).
func (p *Pass) Promo() promo.Result { return Promotional.Of(p) }

// Notice records something about the linter's environment rather than the
// message, once per Linter: a missing dictionary, say. It does not count
// against the message; Linter.Notices returns them for the caller to show.
func (p *Pass) Notice(msg string) {
	if p.notices != nil {
		p.notices.add(msg)
	}
}

// NoticeItem adds item to the notice of key, said once per Linter with
// every item gathered under key: render writes it from the items, sorted
// (one or many). A run over a large catalog says one line about its brand
// names, not one line per name.
func (p *Pass) NoticeItem(key, item string, render func(items []string) string) {
	if p.notices != nil {
		p.notices.addItem(key, item, render)
	}
}

// LastUserMessage returns when the person last wrote: the later of the
// message's last_user_message_at and the history's last inbound time, or
// zero when neither knows of a message.
func (p *Pass) LastUserMessage() time.Time {
	t := p.Msg.LastUserMessageAt
	if p.History != nil && p.History.LastInbound.After(t) {
		t = p.History.LastInbound
	}
	return t
}

// Diagnostic is what a rule reports: a byte span of the message text, a
// message, and optional fixes. Severity 0 means the rule's default.
type Diagnostic struct {
	Start, End int
	Severity   Severity
	Message    string
	Detail     string // the technical explanation (Finding.Detail)
	Fixes      []Fix
	// RetryAfter is the earliest time the message may be sent instead
	// (Finding.RetryAfter); zero for none.
	RetryAfter time.Time
}

// Report records a finding.
func (p *Pass) Report(d Diagnostic) {
	sev := d.Severity
	if sev == 0 {
		sev = p.rule.Severity
	}
	if p.reported >= MaxFindingsPerRule {
		// Past the cap the finding is only counted: one summary stands
		// for the rest (see Linter.Check), so that a 1 MiB text of typos
		// does not make 140,000 findings and a 40 MB answer.
		if p.dropped == 0 {
			p.droppedAt = clamp(d.Start, 0, len(p.Text.Text))
		}
		p.dropped++
		p.droppedWorst = max(p.droppedWorst, sev)
		return
	}
	p.reported++
	n := len(p.Text.Text)
	start, end := clamp(d.Start, 0, n), clamp(d.End, 0, n)
	if end < start {
		end = start
	}
	p.findings = append(p.findings, Finding{
		Rule: p.rule.Name, Severity: sev, Message: d.Message, Detail: d.Detail,
		Start: start, End: end, Fixes: d.Fixes, RetryAfter: d.RetryAfter,
	})
}

// Reportf records a finding at the rule's default severity.
func (p *Pass) Reportf(start, end int, format string, args ...any) {
	p.Report(Diagnostic{Start: start, End: end, Message: fmt.Sprintf(format, args...)})
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// MaxFindingsPerRule is the most findings one rule reports on one message;
// the rest are summed up in one more finding of the rule, at the place of
// the first one left out, with the worst severity among them. Scores and
// verdicts are the same as with every finding: a rule's penalty stops
// growing after a few findings, and the summary keeps the worst severity.
const MaxFindingsPerRule = 100

// summarize adds, after a rule ran, the finding that stands for those past
// MaxFindingsPerRule, and resets the counts for the next rule.
func (p *Pass) summarize() {
	if p.dropped > 0 {
		p.findings = append(p.findings, Finding{Rule: p.rule.Name, Severity: p.droppedWorst,
			Start: p.droppedAt, End: p.droppedAt,
			Message: fmt.Sprintf("%d more %s findings not shown: presend reports at most %d per rule and message", p.dropped, p.rule.Name, MaxFindingsPerRule)})
	}
	p.reported, p.dropped, p.droppedAt, p.droppedWorst = 0, 0, 0, 0
}
