package lint

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/lint/promo"
	"github.com/presend/presend/lint/text"
)

// MaxTextBytes is the largest message Check analyses (1 MiB): far beyond any
// channel's limit, and it keeps byte offsets in 32 bits.
const MaxTextBytes = 1 << 20

// Linter checks messages against a set of rules under one configuration. It
// holds no mutable state but a stem cache and the notices of its rules, and
// is safe for concurrent use.
type Linter struct {
	cfg      Config
	rules    []activeRule
	channels map[string]channel.Profile
	stems    *text.Stemmer
	promo    *promo.Detector
	clock    func() time.Time
	policy   *policy.Set
	// policyLimit names the channels whose hard limit is the policy's
	// <channel>.text-max in force (the configuration does not set it).
	policyLimit map[string]bool
	notices     *notices
	tally       *Tally // what order-dependent rules count across messages
	// placeholders are the configuration's extra placeholder syntaxes.
	placeholders []*regexp.Regexp
	// facts are the per-message facts the enabled rules require, each
	// configured once: how to compute it for a message.
	facts map[Requirement]any
	// scratch holds the per-check Pass and Analysis of finished checks for
	// the next (*scratch): the tokens, sentences and per-token caches are
	// allocated once per goroutine, not once per message. Nothing a check
	// returns points into them (see checkWith).
	scratch sync.Pool
}

// scratch is the working memory of one check.
type scratch struct {
	pass Pass
	text text.Analysis
	// findings collects the rules' findings; the Result gets a copy of
	// its exact length (one allocation instead of one per doubling).
	findings []Finding
}

// maxScratchText is the longest text whose check's buffers go back to the
// pool: a rare long message would otherwise pin its buffers for good.
const maxScratchText = 4 << 10

// notices are a Linter's environment notes, each kept once, in order: a
// plain note, or a note that lists items (noticeList).
type notices struct {
	mu   sync.Mutex
	list []notice
	keys map[string]*noticeList // the lists, by key
}

type notice struct {
	text string
	list *noticeList // nil for a plain note
}

// noticeList gathers the items of one note said about many things (the
// words of one catalog taken for brands), rendered once with all of them.
type noticeList struct {
	items  []string
	render func(items []string) string
}

func (n *notices) add(msg string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !slices.ContainsFunc(n.list, func(x notice) bool { return x.list == nil && x.text == msg }) {
		n.list = append(n.list, notice{text: msg})
	}
}

func (n *notices) addItem(key, item string, render func([]string) string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if l, ok := n.keys[key]; ok {
		if !slices.Contains(l.items, item) {
			l.items = append(l.items, item)
		}
		return
	}
	if n.keys == nil {
		n.keys = map[string]*noticeList{}
	}
	l := &noticeList{items: []string{item}, render: render}
	n.keys[key] = l
	n.list = append(n.list, notice{list: l})
}

// Notices returns what the rules said about the linter's environment (a
// dictionary that is missing, say), each once, in the order first said; a
// note about many items (Pass.NoticeItem) is one note listing them all,
// sorted. They are not findings: they say nothing about a message.
func (l *Linter) Notices() []string {
	l.notices.mu.Lock()
	defer l.notices.mu.Unlock()
	out := make([]string, 0, len(l.notices.list))
	for _, n := range l.notices.list {
		if n.list == nil {
			out = append(out, n.text)
			continue
		}
		items := slices.Clone(n.list.items)
		slices.Sort(items) // the same whatever order the messages ran in
		out = append(out, n.list.render(items))
	}
	return out
}

type activeRule struct {
	rule     *Rule
	severity Severity // 0: keep what the rule reported
	options  any      // the Linter's copy of the rule's options
	compiled any      // what the options' Compile returned
}

// New validates cfg against rules and builds a Linter. Rule options are
// copied and compiled here, once; New writes nothing into cfg (its maps,
// slices and options included), so that one Config may build many Linters.
func New(cfg Config, rules []*Rule) (*Linter, error) {
	seen, err := registry(rules)
	if err != nil {
		return nil, err
	}
	cfg = cfg.clone().withDefaults()
	l := &Linter{cfg: cfg, stems: text.NewStemmer(), channels: channel.Defaults(), clock: cfg.Clock, notices: &notices{}, tally: NewTally()}
	if l.clock == nil {
		l.clock = time.Now
	}
	// The promotion detector compiles each language's lists on the first
	// message in that language.
	l.promo = promo.New(l.stems)
	var wg sync.WaitGroup
	errs := unknownRules(cfg, seen)
	errs = append(errs, l.setChannels(cfg)...)
	errs = append(errs, l.setSettings(cfg)...)
	// The policy is read too (the embedded one parsed, once a process)
	// while the rules compile: nothing they compile reads it.
	var policyErrs []error
	wg.Go(func() { policyErrs = l.setPolicy(cfg) })
	env := CompileEnv{Stems: l.stems, Shared: cfg.Shared}
	if cfg.Path != "" {
		env.BaseDir = filepath.Dir(cfg.Path)
	}
	active, cerrs := compileRules(cfg, rules, env)
	wg.Wait()
	errs = append(errs, policyErrs...)
	errs = append(errs, cerrs...)
	l.rules = active
	if l.facts, err = configureFacts(env, l.rules); err != nil {
		errs = append(errs, err)
	}
	custom, perrs := phraseRules(cfg, l.stems, func(name string) bool { return seen[name] })
	errs = append(errs, perrs...)
	for _, r := range custom {
		l.rules = append(l.rules, activeRule{rule: r})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(l.rules, func(i, j int) bool { return l.rules[i].rule.Name < l.rules[j].rule.Name })
	return l, nil
}

// registry checks that every rule has a name and a Run function and that no
// name is registered twice, and returns the names.
func registry(rules []*Rule) (map[string]bool, error) {
	seen := map[string]bool{}
	for _, r := range rules {
		if r == nil || r.Name == "" || r.Run == nil {
			return nil, errors.New("lint: a rule has no name or no Run function")
		}
		if seen[r.Name] {
			return nil, fmt.Errorf("lint: rule %q is registered twice", r.Name)
		}
		seen[r.Name] = true
	}
	return seen, nil
}

// unknownRules reports the rules cfg configures that are not registered.
func unknownRules(cfg Config, seen map[string]bool) []error {
	var errs []error
	for name := range cfg.Rules {
		if !seen[name] {
			errs = append(errs, fmt.Errorf("%sunknown rule %q", cfg.where(), name))
		}
	}
	return errs
}

// setChannels lays the configuration's channel profiles over the defaults.
func (l *Linter) setChannels(cfg Config) []error {
	var errs []error
	for name, p := range cfg.Channels {
		if _, ok := l.channels[name]; !ok {
			errs = append(errs, fmt.Errorf("%sunknown channel %q (want %s)", cfg.where(), name, strings.Join(channel.Names(), ", ")))
			continue
		}
		p.Name = name
		p.SMS = l.channels[name].SMS
		if err := p.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("%schannels.%s: %w", cfg.where(), name, err))
		}
		l.channels[name] = p
	}
	if _, ok := l.channels[cfg.Channel]; !ok {
		errs = append(errs, fmt.Errorf("%sunknown channel %q (want %s)", cfg.where(), cfg.Channel, strings.Join(channel.Names(), ", ")))
	}
	return errs
}

// setSettings checks the top-level settings (Config.check, as ParseConfig
// does, and fail-on) and compiles the placeholder syntaxes.
func (l *Linter) setSettings(cfg Config) []error {
	var errs []error
	cfg.check(func(_, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s%s", cfg.where(), fmt.Sprintf(format, args...)))
	})
	if cfg.FailOn < Info || cfg.FailOn > FailNever {
		errs = append(errs, fmt.Errorf("%sfail-on must be info, warning, error or never", cfg.where()))
	}
	l.placeholders, _ = compilePlaceholders(cfg.Placeholders) // check said what is wrong
	return errs
}

// setPolicy loads the policy, notes the facts about to end, and marks the
// channels whose hard limit the policy gives (the configuration does not
// set it).
func (l *Linter) setPolicy(cfg Config) []error {
	var errs []error
	if l.policy = cfg.Policy; l.policy == nil {
		var err error
		if l.policy, err = policy.Load(cfg.PolicyFile); err != nil {
			errs = append(errs, fmt.Errorf("%spolicy-file: %w", cfg.where(), err))
		}
	}
	if l.policy != nil {
		l.noticeEnding()
	}
	l.policyLimit = map[string]bool{}
	for name := range l.channels {
		_, set := cfg.Channels[name]
		if set && cfg.channelKeys != nil {
			set = cfg.channelKeys[name]["hard-limit"]
		}
		l.policyLimit[name] = !set
	}
	return errs
}

// compileRules decodes the options of each enabled rule (its own copy: New
// writes nothing into the caller's, and a caller who changes them later
// changes nothing here) and compiles them, in parallel: on the calling
// goroutine and on at most GOMAXPROCS-1 more, each taking the next rule
// to compile, not on a goroutine per rule (each of which paid for growing
// its stack to the depth of a compile, for no more parallelism).
func compileRules(cfg Config, rules []*Rule, env CompileEnv) ([]activeRule, []error) {
	type job struct {
		ar  activeRule
		c   Compiler
		err error
	}
	var (
		jobs    []*job
		compile []*job // the jobs whose options compile
		errs    []error
	)
	for _, r := range rules {
		rc := cfg.Rules[r.Name]
		if !r.On(rc) {
			continue
		}
		opts := cloneOptions(rc.Options)
		if opts == nil && r.Options != nil {
			opts = r.Options()
		}
		if opts != nil && r.Options != nil {
			if want := reflect.TypeOf(r.Options()); reflect.TypeOf(opts) != want {
				errs = append(errs, fmt.Errorf("%srules.%s: options are %T, want %v", cfg.where(), r.Name, opts, want))
				continue
			}
		}
		j := &job{ar: activeRule{rule: r, severity: rc.Severity, options: opts}}
		jobs = append(jobs, j)
		if c, ok := opts.(Compiler); ok {
			j.c = c
			compile = append(compile, j)
		}
	}
	var next atomic.Int32
	work := func() {
		for {
			k := int(next.Add(1)) - 1
			if k >= len(compile) {
				return
			}
			j := compile[k]
			var err error
			if j.ar.compiled, err = j.c.Compile(env); err != nil {
				j.err = fmt.Errorf("%srules.%s: %w", cfg.where(), j.ar.rule.Name, err)
			}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(compile)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	var active []activeRule
	for _, j := range jobs {
		if j.err != nil {
			errs = append(errs, j.err)
			continue
		}
		active = append(active, j.ar)
	}
	return active, errs
}

// configureFacts configures, once, the facts the rules require and
// Promotional, which the Linter itself reads.
func configureFacts(env CompileEnv, rules []activeRule) (map[Requirement]any, error) {
	facts := map[Requirement]any{}
	var errs []error
	add := func(f Requirement) {
		if _, ok := facts[f]; ok || f == nil {
			return
		}
		compute, err := f.configure(env)
		if err != nil {
			errs = append(errs, fmt.Errorf("lint: %w", err))
			return
		}
		facts[f] = compute
	}
	add(Promotional)
	for _, ar := range rules {
		for _, f := range ar.rule.Requires {
			add(f)
		}
	}
	return facts, errors.Join(errs...)
}

// Warm starts, in the background, the work that the first messages would
// otherwise wait for (the spelling dictionaries of both languages), and
// returns at once. Call it when many messages will follow: a large run, a
// server before its first request. Without it that work is done on first use,
// and only for what is used.
func (l *Linter) Warm() {
	for _, ar := range l.rules {
		if w, ok := ar.compiled.(Warmer); ok {
			w.Warm()
		}
	}
}

// compareFindings orders findings as a Result holds them: by start, end,
// then rule.
func compareFindings(x, y Finding) int {
	return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End), strings.Compare(x.Rule, y.Rule))
}

// Now returns the Linter's clock reading (Config.Clock, or time.Now): the
// time of a check for a message without sent_at. Callers that date things
// for the Linter (a gateway recording when a person wrote) read it here, so
// that one injected clock governs the whole check.
func (l *Linter) Now() time.Time { return l.clock() }

// PolicyWarning is how long before a fact of the policy ends the Linter
// notes it (Linter.Notices): a platform change is coming.
const PolicyWarning = 30 * 24 * time.Hour

// noticeEnding notes the facts in force at the run's policy date that end
// within PolicyWarning of it.
func (l *Linter) noticeEnding() {
	at := l.PolicyDate()
	for _, f := range l.policy.Ending(at, PolicyWarning) {
		days := int(f.Until.Sub(at).Hours() / 24)
		next := "nothing replaces it"
		if n := l.policy.At(f.Until); n != nil {
			if g, ok := n.Lookup(f.ID); ok {
				next = "then " + g.ValueString()
			}
		}
		l.notices.add(fmt.Sprintf("policy: %s (%s) ends on %s, in %d days: now %s, %s (source: %s)",
			f.ID, f.Channel, policy.Stamp(f.Until), days, f.ValueString(), next, f.Source))
	}
}

// PolicyDate returns the date whose facts judge a message without sent_at:
// the configuration's policy-date, else the clock's reading.
func (l *Linter) PolicyDate() time.Time {
	if !l.cfg.PolicyDate.IsZero() {
		return l.cfg.PolicyDate
	}
	return l.clock()
}

// Policy returns the platform facts the Linter judges by: the built-in
// policy with the configuration's policy-file laid over it.
func (l *Linter) Policy() *policy.Set { return l.policy }

// Config returns the configuration the Linter was built with.
func (l *Linter) Config() Config { return l.cfg }

// Channel returns the effective profile of a channel.
func (l *Linter) Channel(name string) (channel.Profile, bool) {
	p, ok := l.channels[name]
	return p, ok
}

// Rules returns the enabled rules, sorted by name.
func (l *Linter) Rules() []*Rule {
	out := make([]*Rule, len(l.rules))
	for i, r := range l.rules {
		out[i] = r.rule
	}
	return out
}

// Check lints one message on its own: the policy rules read the context the
// message carries (its envelope fields), and the rules that need a sending
// history (send-frequency, duplicate-send) stay silent. It never fails: a
// message that cannot be checked (an unknown channel or language) gets an
// "input" finding that blocks it.
func (l *Linter) Check(ctx context.Context, m Message) Result {
	return l.CheckWith(ctx, m, nil)
}

// CheckWith lints one message against what a history store knows of its
// recipient (nil: nothing known). A message that names no channel is
// judged on the channel the history recorded for the recipient
// (history.View.Channel), else on the configured one. See CheckAndRecord
// for the usual way to get a view and record the send.
func (l *Linter) CheckWith(ctx context.Context, m Message, h *history.View) Result {
	return l.checkWith(ctx, m, h, false)
}

// CheckWithout checks a message that has a history which could not be read
// (the store failed): the rules that need the history abstain rather than
// take it for empty (Pass.HistoryUnavailable), and Result.History says
// HistoryUnavailable.
func (l *Linter) CheckWithout(ctx context.Context, m Message) Result {
	return l.checkWith(ctx, m, nil, true)
}

func (l *Linter) checkWith(ctx context.Context, m Message, h *history.View, unavailable bool) Result {
	res := Result{Source: m.Source, ID: m.ID, Text: m.Text, Channel: m.Channel, Lang: m.Lang}
	if res.Channel == "" && h != nil {
		// The channel the person's messages came on, as the history
		// recorded it (the webhook tap marks Instagram conversations).
		res.Channel = h.Channel
	}
	if res.Channel == "" && spokenScript(&m) {
		// A key or markup that names a script read aloud chooses the
		// voice channel over the configured default; an envelope, a
		// [[files]] table or the history that names a channel wins.
		res.Channel = Voice
		l.notices.add(voiceNotice)
	}
	if res.Channel == "" {
		res.Channel = l.cfg.Channel
	}
	lang := m.Lang
	if lang == "" {
		lang = l.cfg.Lang
	}
	prof, ok := l.channels[res.Channel]
	// The facts in force when the message is sent judge it; the time of
	// the check stands for a message that does not say.
	now, judged := m.SentAt, m.SentAt
	if now.IsZero() {
		now, judged = l.clock(), l.cfg.PolicyDate
		if judged.IsZero() {
			judged = now // one reading of the clock for both
		}
	}
	facts := l.policy.At(judged)
	if l.policyLimit[res.Channel] {
		if v := facts.Int(res.Channel + ".text-max"); v > 0 {
			prof.HardLimit = v
		}
	}
	var input []Finding
	if len(m.Text) > MaxTextBytes {
		res.Score, res.Verdict = 0, VerdictBlock
		res.Text = ""
		res.Findings = []Finding{{Rule: "input", Severity: Error, Line: 1, Column: 1, EndLine: 1, EndColumn: 1,
			Message: fmt.Sprintf("message is %d bytes, over presend's limit of %d; it was not checked", len(m.Text), MaxTextBytes)}}
		return res
	}
	if !ok {
		input = append(input, Finding{Rule: "input", Severity: Error,
			Message: fmt.Sprintf("unknown channel %q (want %s)", res.Channel, strings.Join(channel.Names(), ", "))})
		prof = l.channels[l.cfg.Channel]
	}
	if !SupportedLang(lang) {
		input = append(input, Finding{Rule: "input", Severity: Error, Message: unknownLang(lang)})
	}
	// The Pass and Analysis come from the pool and go back when the check
	// is done. What the Result keeps of them is copied out or is a string
	// (immutable, never pooled memory); the findings are a slice of their
	// own, never reused.
	sc, _ := l.scratch.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer l.release(sc, len(m.Text))
	a := text.AnalyzeInto(&sc.text, m.Text, text.Options{Lang: lang, PlaceholderWidth: l.cfg.PlaceholderWidth, Stems: l.stems,
		Placeholders: l.placeholders, Literal: m.Literal})
	res.Lang = a.Lang
	cut := text.Cut{Split: -1, End: len(m.Text)} // read aloud: nothing is cut
	if !prof.Spoken {
		cut = a.Preview(prof.PreviewWidth)
		res.Preview, res.PreviewEnd, res.PreviewWidth = cut.Text, cut.End, prof.PreviewWidth
	}
	// One Pass serves every rule in turn; findings accumulate in it. It
	// holds the message and its SMS encoding, which rules read through
	// pointers: one allocation for the three.
	p := &sc.pass
	*p = Pass{msg: m, Text: a, Channel: prof, Preview: cut, Now: now, History: h, HistoryUnavailable: unavailable, patterns: l.placeholders,
		Policy: facts, PolicyDate: judged,
		findings: append(sc.findings[:0], input...), detector: l.promo, stems: l.stems, notices: l.notices, computers: l.facts, counter: l.counterFor(ctx)}
	p.Msg = &p.msg
	if prof.SMS {
		// A file's final line break is not sent: count up to the content's end.
		p.sms = channel.SMS(m.Text[:a.ContentEnd()], smsSpans(a.Placeholders()), a.PlaceholderWidth())
		p.SMS = &p.sms
		res.Segments, res.Encoding = p.sms.Parts, string(p.sms.Encoding)
	}
	for _, ar := range l.rules {
		if ctx.Err() != nil {
			p.findings = append(p.findings, Finding{Rule: "input", Severity: Error, Message: "check cancelled: " + ctx.Err().Error()})
			break
		}
		from := len(p.findings)
		p.Options, p.Compiled, p.rule = ar.options, ar.compiled, ar.rule
		ar.rule.Run(p)
		p.summarize()
		if ar.severity != 0 {
			for i := from; i < len(p.findings); i++ {
				p.findings[i].Severity = ar.severity
			}
		}
	}
	sc.findings = p.findings
	var findings []Finding // nil when there are none, as before the pool
	if len(p.findings) > 0 {
		findings = slices.Clone(p.findings)
	}
	slices.SortStableFunc(findings, compareFindings)
	if m.Map != nil {
		for i := range findings {
			f := &findings[i]
			s, e := m.Map.Position(f.Start), m.Map.Position(f.End)
			f.Line, f.Column, f.EndLine, f.EndColumn = s.Line, s.Column, e.Line, e.Column
		}
	} else if len(findings) > 0 {
		// The text is its own source; its map stays on the stack.
		var marks [8]mark
		sm := newLineMap(m.Text, 1, marks[:0])
		for i := range findings {
			f := &findings[i]
			s, e := sm.Position(f.Start), sm.Position(f.End)
			f.Line, f.Column, f.EndLine, f.EndColumn = s.Line, s.Column, e.Line, e.Column
		}
	}
	res.Line = 1
	if m.Map != nil {
		res.Line = m.Map.Position(0).Line
	}
	res.Findings = findings
	res.Score, res.Verdict = l.cfg.judge(findings)
	res.SentAt = m.SentAt
	if a.LangGuess {
		// A guessed language presend has no word lists for (German,
		// Spanish…) is what the result says, not the en or fr it was
		// analysed as.
		if code, _ := a.OtherLang(); code != "" {
			res.Lang = code
		}
	}
	if unavailable {
		res.History = HistoryUnavailable
	}
	if h != nil {
		// What a history store records of the message: only needed when
		// there is one.
		res.Promotional = p.Promo().Promotional
		res.Fingerprint, res.SimHash, res.FingerprintWords = a.Fingerprint()
	}
	return res
}

// release returns a check's scratch to the pool, once nothing the check
// returns refers to the memory it dropped (the Pass's message, facts and
// findings are let go of here).
func (l *Linter) release(sc *scratch, textLen int) {
	if textLen > maxScratchText {
		return
	}
	clear(sc.pass.factBuf[:])
	sc.pass = Pass{}
	clear(sc.findings) // their strings and fixes belong to the result
	sc.findings = sc.findings[:0]
	if cap(sc.findings) > 64 {
		sc.findings = nil
	}
	l.scratch.Put(sc)
}

func smsSpans(ps []text.Span) []channel.Span {
	if len(ps) == 0 {
		return nil
	}
	out := make([]channel.Span, len(ps))
	for i, p := range ps {
		out[i] = channel.Span{Start: p.Start, End: p.End}
	}
	return out
}

// Score weights: what one finding of each severity takes off 100. Further
// findings of the same rule take a quarter as much each, up to twice the
// weight, so one noisy rule cannot sink a message alone.
var penalty = [...]float64{Info: 2, Warning: 10, Error: 30}

// judge scores findings and decides the verdict: block when a finding is at
// or above fail-on or the score is under min-score; warn when a warning or an
// error remains; pass otherwise.
func (c Config) judge(fs []Finding) (int, Verdict) {
	// Per rule: its worst severity and its number of findings. Messages
	// draw few findings from few rules, so a slice beats a map here.
	type acc struct {
		rule  string
		worst Severity
		n     int
	}
	var buf [8]acc
	per := buf[:0]
	for _, f := range fs {
		k := slices.IndexFunc(per, func(a acc) bool { return a.rule == f.Rule })
		if k < 0 {
			per = append(per, acc{rule: f.Rule})
			k = len(per) - 1
		}
		per[k].n++
		per[k].worst = max(per[k].worst, f.Severity)
	}
	total := 0.0
	for _, a := range per {
		w := penalty[a.worst]
		total += min(w+float64(a.n-1)*w/4, 2*w)
	}
	score := max(0, 100-int(total+0.5))
	verdict := VerdictPass
	for _, f := range fs {
		switch {
		case f.Severity >= c.FailOn:
			verdict = VerdictBlock
		case f.Severity >= Warning && verdict == VerdictPass:
			verdict = VerdictWarn
		}
	}
	if score < c.MinScore {
		verdict = VerdictBlock
	}
	return score, verdict
}
