package lint

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/pelletier/go-toml/v2"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/internal/safefile"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/lint/text"
)

// ConfigFile is the name presend looks for, walking up from a linted file.
const ConfigFile = "presend.toml"

// FailNever is the fail-on level that never blocks on a finding.
const FailNever = Error + 1

// Config is a linter configuration: built-in defaults, overlaid by a
// presend.toml, overlaid by command-line flags.
type Config struct {
	Path             string // the file it was read from, "" for built-in defaults
	Channel          string // default channel for messages that name none
	Lang             string // auto, en or fr
	FailOn           Severity
	MinScore         int
	PlaceholderWidth int
	// Placeholders are more placeholder syntaxes, as RE2 regular
	// expressions, recognised besides the built-in ones.
	Placeholders []string
	// Shared are the lists more than one rule reads (opt-out phrases,
	// link shorteners, brand domains): one list, set once, read the same
	// way by every rule that needs it (see SharedSetter).
	Shared   Shared
	Channels map[string]channel.Profile // full profiles; absent ones keep defaults
	Rules    map[string]RuleConfig
	Files    []FileRule   // [[files]]: which catalog messages to lint, and as what (files.go)
	Phrases  []PhraseRule // [[phrases]]: the user's own phrase rules (phrases.go)
	// Clock gives the time of the check for messages that carry no
	// sent_at; nil means time.Now. Tests and replays set it, so that a
	// verdict does not depend on the day it is computed.
	Clock func() time.Time
	// PolicyDate, when set (policy-date), is the date whose platform facts
	// judge a message that carries no sent_at, instead of the clock's
	// reading: CI on a repository of templates gets the same verdict on any
	// day. A message's sent_at (or --now, which sets it) still wins. It
	// changes which facts are in force, not when the message is sent.
	PolicyDate time.Time
	// PolicyFile (policy-file) is a policy file that adds facts to the
	// built-in policy or overrides them, over each fact's period; relative
	// to the presend.toml it was read from.
	PolicyFile string
	// Policy, when set, is the policy to judge by instead of the built-in
	// one and PolicyFile (for callers that build it once for many
	// Linters, and for tests).
	Policy *policy.Set
	// Exclude (exclude) are doublestar globs of paths, relative to the
	// presend.toml, that folder walks and globs leave out (see Excludes);
	// a file named on the command line is linted all the same.
	Exclude []string
	// Baseline (baseline) is the baseline file presend lint reads when
	// --baseline is not given, relative to the presend.toml; "" for none.
	Baseline string
	// Serve are the keys of the [serve] table, the settings of
	// presend serve, in the order of the schema. presend lint ignores them.
	Serve []ServeSetting

	// channelKeys are the keys each [channels.NAME] table of the file
	// set; nil when the configuration was not read from a file, and then
	// every profile in Channels is taken as set in full.
	channelKeys map[string]map[string]bool
}

// Shared are the lists several rules read, from the top level of
// presend.toml: one list each, so that no rule reads an opt-out or a
// shortener differently from another.
type Shared struct {
	OptOuts      []string // more opt-out phrases, on stems, every language
	Shorteners   []string // more public link shorteners (host names)
	BrandDomains []string // the sender's own domains (host names)
}

func (s Shared) validate() error {
	for _, l := range []struct {
		key   string
		hosts []string
	}{{"shorteners", s.Shorteners}, {"brand-domains", s.BrandDomains}} {
		for _, h := range l.hosts {
			if h == "" || strings.ContainsAny(h, "/ :") {
				return fmt.Errorf("%s: %q: want a host name such as example.com", l.key, h)
			}
		}
	}
	return nil
}

// RuleConfig is one rule's settings.
type RuleConfig struct {
	Enabled  *bool    // nil: the rule's default (on, unless Rule.Off)
	Severity Severity // 0: the rule's own severities
	Options  any      // nil: the rule's defaults; else the type its Options returns
}

// DefaultConfig is the built-in configuration.
func DefaultConfig() Config {
	return Config{
		Channel:          "messenger",
		Lang:             "auto",
		FailOn:           Error,
		PlaceholderWidth: text.DefaultPlaceholderWidth,
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Channel == "" {
		c.Channel = d.Channel
	}
	if c.Lang == "" {
		c.Lang = d.Lang
	}
	if c.FailOn == 0 {
		c.FailOn = d.FailOn
	}
	if c.PlaceholderWidth == 0 {
		c.PlaceholderWidth = d.PlaceholderWidth
	}
	return c
}

func (c Config) where() string {
	if c.Path == "" {
		return ""
	}
	return c.Path + ": "
}

// ParseFailOn reads a fail-on level: info, warning, error or never.
func ParseFailOn(s string) (Severity, error) {
	if s == "never" {
		return FailNever, nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("unknown fail-on %q (want info, warning, error or never)", quote.V(s))
	}
	return sev, nil
}

// FindConfig walks up from dir to the file system root and returns the first
// presend.toml it finds, or "" when there is none.
func FindConfig(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, ConfigFile)
		st, err := os.Stat(p)
		if err == nil && !st.IsDir() {
			return p, nil
		}
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// maxErrorText bounds the text of an error from elsewhere (a library, a
// rule's options) quoted in a configuration error: it may quote a value.
const maxErrorText = 4 * quote.Max

// maxConfigBytes bounds the size of a presend.toml.
const maxConfigBytes = 16 << 20

// LoadConfig reads and strictly decodes a presend.toml for the given rules.
// It reads at most 16 MiB (--config /dev/null is an empty file).
func LoadConfig(path string, rules []*Rule) (Config, error) {
	data, err := safefile.ReadAny(path, maxConfigBytes)
	if err != nil {
		return Config{}, err
	}
	return ParseConfig(data, path, rules)
}

// ParseConfig strictly decodes a presend.toml: an unknown key, a wrong type
// or a bad value is an error that names the file, the line and the key.
func ParseConfig(data []byte, path string, rules []*Rule) (Config, error) {
	cfg := DefaultConfig()
	cfg.Path = path
	schema := newSchema(rules)
	v := schema.defaults(cfg)
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v.Addr().Interface()); err != nil {
		return Config{}, tomlError(path, data, err)
	}
	if err := schema.read(v, &cfg, data); err != nil {
		return Config{}, err
	}
	// Which channel keys the file set: a platform limit it does not set
	// comes from the policy in force when a message is sent.
	var raw struct {
		Channels map[string]map[string]any `toml:"channels"`
	}
	if err := toml.Unmarshal(data, &raw); err == nil {
		cfg.channelKeys = map[string]map[string]bool{}
		for name, keys := range raw.Channels {
			cfg.channelKeys[name] = map[string]bool{}
			for k := range keys {
				cfg.channelKeys[name][k] = true
			}
		}
	}
	return cfg, nil
}

// tomlError rewrites go-toml's errors as "file:line:col: problem (key k)".
// data is the file, to name the key of a line go-toml could not parse.
func tomlError(path string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for _, e := range strict.Errors {
			row, col := e.Position()
			errs = append(errs, fmt.Errorf("%s:%d:%d: unknown key %q", path, row, col, quote.V(strings.Join(e.Key(), "."))))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		// go-toml names the Go struct (generated here, so unreadable):
		// keep what the user wrote and the type the key wants.
		if m := typeError().FindStringSubmatch(msg); m != nil {
			msg = fmt.Sprintf("a TOML %s cannot go here: want %s", m[1], tomlType(m[2]))
		}
		if noValue().MatchString(msg) {
			// "lang =" with nothing after: go-toml names the line break.
			msg = "nothing after \"=\": give a value (a quoted string, a number, true or false, a [list])"
			if k := keyOfLine(data, row); k != "" {
				msg = fmt.Sprintf("%s has no value: write one after \"=\" (a quoted string, a number, true or false, a [list])", quote.V(k))
			}
		}
		if k := de.Key(); len(k) > 0 {
			return fmt.Errorf("%s:%d:%d: %s (key %q)", path, row, col, quote.CutN(msg, maxErrorText), quote.V(strings.Join(k, ".")))
		}
		return fmt.Errorf("%s:%d:%d: %s", path, row, col, quote.CutN(msg, maxErrorText))
	}
	return fmt.Errorf("%s: %s", path, quote.CutN(strings.TrimPrefix(err.Error(), "toml: "), maxErrorText))
}

// noValue matches go-toml's errors for a key with nothing after its "=":
// the line ends (LF or CR), a comment starts ("lang = # en or fr") or the
// file ends.
var noValue = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(unexpected character U\+000[AD] at start of value|unexpected character U\+0023 '#' at start of value|expected value, not end of input)$`)
})

// keyOfLine returns the key written before "=" on line row (1-based) of
// data, under the table a header above it opens ("rules.length.max-chars"
// for "max-chars =" after "[rules.length]"), or "".
func keyOfLine(data []byte, row int) string {
	table := ""
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if i < row-1 {
			if strings.HasPrefix(t, "[") {
				// [table] or [[array of tables]]; a comment may follow.
				h, _, _ := strings.Cut(strings.Trim(t, "[ "), "]")
				table = strings.TrimSpace(h)
			}
			continue
		}
		k, _, ok := strings.Cut(t, "=")
		if !ok {
			return ""
		}
		if k = strings.TrimSpace(k); table != "" {
			k = table + "." + k
		}
		return k
	}
	return ""
}

var typeError = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^cannot decode TOML (\S+) into .* of type (\S+)$`)
})

// tomlType names a Go field type the way a presend.toml user sees it.
func tomlType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"), strings.HasPrefix(goType, "uint"):
		return "an integer"
	case strings.HasPrefix(goType, "float"):
		return "a number"
	case goType == "string":
		return "a string"
	case goType == "bool", goType == "*bool":
		return "true or false"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	}
	return "a table"
}

// schema is the shape of a presend.toml for one set of rules, built with
// reflection so that go-toml's strict decoder checks every key and type and
// reports positions: each rule's table holds enabled, severity and the
// fields of its options struct.
type schema struct {
	typ      reflect.Type
	rules    []*Rule
	chanKeys []string
	ruleType []reflect.Type // the table type per rule
	optType  []reflect.Type // the options struct type per rule (nil: none)
}

type topLevel struct {
	Channel          string   `toml:"channel" doc:"default channel for messages that name none: messenger, instagram, sms, whatsapp, push, email-subject or voice"`
	Lang             string   `toml:"lang" doc:"language of the messages: auto (guess per message), en or fr"`
	FailOn           string   `toml:"fail-on" doc:"lowest severity that blocks a message (exit 1): info, warning, error or never"`
	MinScore         int      `toml:"min-score" doc:"a message scoring under this (0–100) is blocked; 0 turns it off"`
	PlaceholderWidth int      `toml:"placeholder-width" doc:"characters a placeholder such as {{name}} is assumed to take once filled in"`
	Placeholders     []string `toml:"placeholders" doc:"more placeholder syntaxes besides the built-in ones, as regular expressions (RE2): '\\[\\[\\w+\\]\\]' for [[name]]"`
	PolicyDate       string   `toml:"policy-date" doc:"judge messages without sent_at by the platform rules in force on this date (2026-11-24, or an RFC 3339 instant) rather than on the day of the run; \"\" uses the run's clock"`
	PolicyFile       string   `toml:"policy-file" doc:"a policy file (the shape of 'presend policy --source') that adds or overrides platform facts, relative to this file; \"\" for none"`
	OptOuts          []string `toml:"opt-outs" doc:"more opt-out phrases (matched on stems, every language), read by every rule that looks for an opt-out: offer-choice, spammy-content, sms-compliance"`
	Shorteners       []string `toml:"shorteners" doc:"more public link shorteners, added to the built-in list (bit.ly, tinyurl.com…) that spammy-content and sms-compliance read"`
	BrandDomains     []string `toml:"brand-domains" doc:"your own domains, your link shortener included: spammy-content trusts them, sms-compliance reports links elsewhere as info"`
	Exclude          []string `toml:"exclude" doc:"globs of paths (relative to this file, ** across folders) that folder walks leave out, besides .gitignore and hidden files: [\"vendor/**\", \"**/fixtures/**\"]; a file named on the command line is linted all the same"`
	Baseline         string   `toml:"baseline" doc:"baseline file (relative to this file) that presend lint reads when --baseline is not given; \"\" for none"`
}

func newSchema(rules []*Rule) *schema {
	s := &schema{rules: rules, chanKeys: channel.Names()}
	top := reflect.TypeOf(topLevel{})
	var fields []reflect.StructField
	for i := range top.NumField() {
		fields = append(fields, top.Field(i))
	}
	var chans []reflect.StructField
	for i, name := range s.chanKeys {
		chans = append(chans, reflect.StructField{
			Name: fmt.Sprintf("C%d", i), Type: reflect.TypeOf(channel.Profile{}),
			Tag: reflect.StructTag(fmt.Sprintf(`toml:%q`, name)),
		})
	}
	fields = append(fields, reflect.StructField{Name: "Channels", Type: reflect.StructOf(chans), Tag: `toml:"channels"`})
	var rs []reflect.StructField
	for i, r := range rules {
		tf := []reflect.StructField{
			{Name: "Enabled", Type: reflect.TypeOf((*bool)(nil)), Tag: `toml:"enabled"`},
			{Name: "Severity", Type: reflect.TypeOf(""), Tag: `toml:"severity"`},
		}
		var ot reflect.Type
		if r.Options != nil {
			ot = reflect.TypeOf(r.Options()).Elem()
			for j := range ot.NumField() {
				f := ot.Field(j)
				if !f.IsExported() || f.Tag.Get("toml") == "" || f.Tag.Get("toml") == "-" {
					continue
				}
				tf = append(tf, reflect.StructField{Name: fmt.Sprintf("O%d", j), Type: f.Type, Tag: f.Tag})
			}
		}
		rt := reflect.StructOf(tf)
		s.ruleType = append(s.ruleType, rt)
		s.optType = append(s.optType, ot)
		rs = append(rs, reflect.StructField{Name: fmt.Sprintf("R%d", i), Type: rt, Tag: reflect.StructTag(fmt.Sprintf(`toml:%q`, r.Name))})
	}
	fields = append(fields, reflect.StructField{Name: "Rules", Type: reflect.StructOf(rs), Tag: `toml:"rules"`})
	fields = append(fields, reflect.StructField{Name: "Files", Type: reflect.TypeOf([]fileRuleTOML(nil)), Tag: `toml:"files"`})
	fields = append(fields, reflect.StructField{Name: "Phrases", Type: reflect.TypeOf([]phraseRuleTOML(nil)), Tag: `toml:"phrases"`})
	fields = append(fields, reflect.StructField{Name: "Serve", Type: reflect.TypeOf(serveTOML{}), Tag: `toml:"serve"`})
	s.typ = reflect.StructOf(fields)
	return s
}

// defaults returns a new value of the schema filled with cfg and every
// rule's and channel's defaults, so absent keys keep them.
func (s *schema) defaults(cfg Config) reflect.Value {
	v := reflect.New(s.typ).Elem()
	v.FieldByName("Channel").SetString(cfg.Channel)
	v.FieldByName("Lang").SetString(cfg.Lang)
	v.FieldByName("FailOn").SetString(cfg.FailOn.String())
	v.FieldByName("MinScore").SetInt(int64(cfg.MinScore))
	v.FieldByName("PlaceholderWidth").SetInt(int64(cfg.PlaceholderWidth))
	v.FieldByName("Placeholders").Set(reflect.ValueOf(slices.Clone(cfg.Placeholders)))
	v.FieldByName("OptOuts").Set(reflect.ValueOf(slices.Clone(cfg.Shared.OptOuts)))
	v.FieldByName("Shorteners").Set(reflect.ValueOf(slices.Clone(cfg.Shared.Shorteners)))
	v.FieldByName("BrandDomains").Set(reflect.ValueOf(slices.Clone(cfg.Shared.BrandDomains)))
	defs := channel.Defaults()
	chans := v.FieldByName("Channels")
	for i, name := range s.chanKeys {
		chans.Field(i).Set(reflect.ValueOf(defs[name]))
	}
	rules := v.FieldByName("Rules")
	for i, r := range s.rules {
		if s.optType[i] == nil {
			continue
		}
		opts := reflect.ValueOf(r.Options()).Elem()
		t := rules.Field(i)
		for j := 2; j < t.NumField(); j++ {
			t.Field(j).Set(opts.Field(fieldIndex(t.Type().Field(j).Name)))
		}
	}
	return v
}

func fieldIndex(name string) int {
	n := 0
	for _, c := range name[1:] {
		n = n*10 + int(c-'0')
	}
	return n
}

// check validates the settings that ParseConfig reads from a file and New
// takes from Go alike, and reports each problem with its key: ParseConfig
// at the key's line, New after the file's name. It is the one place these
// rules are written. (A Config built in Go has 0 for a placeholder width it
// leaves to the default; New fills defaults in before it checks.)
func (c Config) check(bad func(key, format string, args ...any)) {
	if c.Lang == "" || !SupportedLang(c.Lang) {
		bad("lang", "unknown language %q (want auto, %s)", c.Lang, orList(Languages()))
	}
	if c.MinScore < 0 || c.MinScore > 100 {
		bad("min-score", "min-score %d is outside 0–100", c.MinScore)
	}
	if c.PlaceholderWidth < 1 {
		bad("placeholder-width", "placeholder-width %d must be at least 1", c.PlaceholderWidth)
	}
	if _, err := compilePlaceholders(c.Placeholders); err != nil {
		bad("placeholders", "%v", err)
	}
	if err := c.Shared.validate(); err != nil {
		bad("shorteners", "%v", err)
	}
}

// read copies a decoded schema value into cfg, validating enumerations.
func (s *schema) read(v reflect.Value, cfg *Config, data []byte) error {
	var errs []error
	lines := newTOMLLines(data)
	bad := func(key, format string, args ...any) {
		line := keyLine(lines, key)
		// Values the user wrote are cut (quote.V); so is the text of an
		// error from elsewhere, which may quote one.
		for i, a := range args {
			switch a := a.(type) {
			case string:
				args[i] = quote.V(a)
			case error:
				args[i] = quote.CutN(a.Error(), maxErrorText)
			}
		}
		errs = append(errs, fmt.Errorf("%s:%d: %s (key %q)", cfg.Path, line, fmt.Sprintf(format, args...), quote.V(key)))
	}
	cfg.Channel = v.FieldByName("Channel").String()
	if !slices.Contains(s.chanKeys, cfg.Channel) {
		bad("channel", "unknown channel %q (want %s)", cfg.Channel, strings.Join(s.chanKeys, ", "))
	}
	cfg.Lang = v.FieldByName("Lang").String()
	failOn, err := ParseFailOn(v.FieldByName("FailOn").String())
	if err != nil {
		bad("fail-on", "%v", err)
	}
	cfg.FailOn = failOn
	cfg.MinScore = int(v.FieldByName("MinScore").Int())
	cfg.PlaceholderWidth = int(v.FieldByName("PlaceholderWidth").Int())
	cfg.Placeholders = v.FieldByName("Placeholders").Interface().([]string)
	cfg.Shared = Shared{
		OptOuts:      v.FieldByName("OptOuts").Interface().([]string),
		Shorteners:   v.FieldByName("Shorteners").Interface().([]string),
		BrandDomains: v.FieldByName("BrandDomains").Interface().([]string),
	}
	cfg.check(bad)
	cfg.Exclude = v.FieldByName("Exclude").Interface().([]string)
	for _, g := range cfg.Exclude {
		if g == "" || !doublestar.ValidatePattern(filepath.ToSlash(g)) {
			bad("exclude", "bad glob pattern %q", g)
		}
	}
	if b := v.FieldByName("Baseline").String(); b != "" {
		if !filepath.IsAbs(b) && cfg.Path != "" {
			b = filepath.Join(filepath.Dir(cfg.Path), b)
		}
		cfg.Baseline = b
	}
	cfg.Serve = readServe(v.FieldByName("Serve"), cfg.Path, lines)
	if d := v.FieldByName("PolicyDate").String(); d != "" {
		t, err := policy.ParseInstant(d)
		if err != nil {
			bad("policy-date", "policy-date %v", err)
		}
		cfg.PolicyDate = t
	}
	if f := v.FieldByName("PolicyFile").String(); f != "" {
		if !filepath.IsAbs(f) && cfg.Path != "" {
			f = filepath.Join(filepath.Dir(cfg.Path), f)
		}
		cfg.PolicyFile = f
	}
	cfg.Channels = map[string]channel.Profile{}
	chans := v.FieldByName("Channels")
	for i, name := range s.chanKeys {
		p := chans.Field(i).Interface().(channel.Profile)
		p.Name = name
		if err := p.Validate(); err != nil {
			// Each problem starts with its key ("hard-parts -1 is negative").
			for _, line := range strings.Split(err.Error(), "\n") {
				key, _, _ := strings.Cut(line, " ")
				bad("channels."+name+"."+key, "%s", line)
			}
		}
		cfg.Channels[name] = p
	}
	cfg.Rules = map[string]RuleConfig{}
	rules := v.FieldByName("Rules")
	for i, r := range s.rules {
		t := rules.Field(i)
		var rc RuleConfig
		if e := t.Field(0); !e.IsNil() {
			b := e.Elem().Bool()
			rc.Enabled = &b
		}
		if sev := t.Field(1).String(); sev != "" {
			parsed, err := ParseSeverity(sev)
			if err != nil {
				bad("rules."+r.Name+".severity", "%v", err)
			}
			rc.Severity = parsed
		}
		if s.optType[i] != nil {
			opts := reflect.New(s.optType[i])
			opts.Elem().Set(reflect.ValueOf(r.Options()).Elem())
			for j := 2; j < t.NumField(); j++ {
				opts.Elem().Field(fieldIndex(t.Type().Field(j).Name)).Set(t.Field(j))
			}
			rc.Options = opts.Interface()
			// Options left at their defaults are valid (TestDefaultOptions
			// compiles them), and compiling stems whole word lists: only
			// options the file changed are compiled here, to report their
			// errors at their line. lint.New compiles what it keeps.
			changed := !reflect.DeepEqual(rc.Options, r.Options())
			if c, ok := rc.Options.(Compiler); ok && changed {
				env := CompileEnv{}
				if cfg.Path != "" {
					env.BaseDir = filepath.Dir(cfg.Path)
				}
				if _, err := c.Compile(env); err != nil {
					// Option errors start with the key they are about
					// ("min-ease-en must be…"): point at its line.
					key := "rules." + r.Name
					if first, _, _ := strings.Cut(err.Error(), " "); first != "" && keyLine(lines, key+"."+first) > 1 {
						key += "." + first
					}
					bad(key, "%v", err)
				}
			}
		}
		cfg.Rules[r.Name] = rc
	}
	files, err := readFileRules(cfg.Path, data, v.FieldByName("Files").Interface().([]fileRuleTOML))
	cfg.Files = files
	errs = append(errs, err)
	cfg.Phrases, err = readPhraseRules(cfg.Path, data, v.FieldByName("Phrases").Interface().([]phraseRuleTOML), s.isRule)
	errs = append(errs, err)
	return errors.Join(errs...)
}

// keyLine finds the line where a dotted key is set, for errors found after
// decoding: the line of its last part after the table header of the rest.
func keyLine(lines tomlLines, key string) int {
	parts := strings.Split(key, ".")
	last := parts[len(parts)-1]
	table := strings.Join(parts[:len(parts)-1], ".")
	inTable := table == ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			h := strings.Trim(t, "[] ")
			inTable = h == table
			if h == key {
				return i + 1
			}
			continue
		}
		if inTable {
			k, _, ok := strings.Cut(t, "=")
			if ok && strings.Trim(strings.TrimSpace(k), `"`) == last {
				return i + 1
			}
		}
	}
	return 1
}

// compilePlaceholders compiles the placeholder patterns of a configuration.
// A pattern must not match the empty string: it would mark nothing, or
// everything.
func compilePlaceholders(pats []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("placeholder pattern %q: %s", quote.V(p), quote.CutN(err.Error(), maxErrorText))
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("placeholder pattern %q matches the empty string", quote.V(p))
		}
		for _, w := range []string{"a", "hello", "Bonjour", "42"} {
			if re.FindString(w) == w {
				return nil, fmt.Errorf("placeholder pattern %q matches the plain word %q: every such word would be a placeholder", quote.V(p), w)
			}
		}
		out = append(out, re)
	}
	return out, nil
}
