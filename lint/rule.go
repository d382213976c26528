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

// Compiler is implemented by options that validate themselves or precompute
// something (word lists into stem sets) once, when the Linter is built.
type Compiler interface {
	Compile(stems *text.Stemmer) error
}

// Warmer is implemented by options that can start, in the background, work
// the first messages would otherwise wait for (reading a dictionary). See
// Linter.Warm.
type Warmer interface {
	Warm()
}

// BaseDirSetter is implemented by options that hold file paths: before
// Compile, the Linter tells them the folder of the presend.toml the options
// came from, so that relative paths start there, not in the working
// directory. Options built in Go (no file) are not told.
type BaseDirSetter interface {
	SetBaseDir(dir string)
}

// Pass is what a rule sees while it checks one message.
type Pass struct {
	Msg     *Message
	Text    *text.Analysis
	Channel channel.Profile
	Preview text.Cut
	SMS     *channel.SMSInfo // nil unless the channel counts SMS parts
	Options any              // the rule's options (the type its Options returns)

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
	notices  *notices
	detector *promo.Detector
	stems    *text.Stemmer
	patterns []*regexp.Regexp // the configuration's placeholder syntaxes
	promo    *promo.Result
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
// computed on first use and shared by every rule.
func (p *Pass) Promo() promo.Result {
	if p.promo == nil {
		r := p.detector.Detect(p.Text)
		p.promo = &r
	}
	return *p.promo
}

// Notice records something about the linter's environment rather than the
// message, once per Linter: a missing dictionary, say. It does not count
// against the message; Linter.Notices returns them for the caller to show.
func (p *Pass) Notice(msg string) {
	if p.notices != nil {
		p.notices.add(msg)
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
	Fixes      []Fix
}

// Report records a finding.
func (p *Pass) Report(d Diagnostic) {
	sev := d.Severity
	if sev == 0 {
		sev = p.rule.Severity
	}
	n := len(p.Text.Text)
	start, end := clamp(d.Start, 0, n), clamp(d.End, 0, n)
	if end < start {
		end = start
	}
	p.findings = append(p.findings, Finding{
		Rule: p.rule.Name, Severity: sev, Message: d.Message,
		Start: start, End: end, Fixes: d.Fixes,
	})
}

// Reportf records a finding at the rule's default severity.
func (p *Pass) Reportf(start, end int, format string, args ...any) {
	p.Report(Diagnostic{Start: start, End: end, Message: fmt.Sprintf(format, args...)})
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }
