package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/lint/text"
)

// The policy facts whatsapp-template reads (lint/policy/policy.toml).
const (
	factWACategories       = "whatsapp.template.categories"
	factWAHeaderMax        = "whatsapp.template.header-max"
	factWAHeaderVarsMax    = "whatsapp.template.header-variables-max"
	factWABodyMax          = "whatsapp.template.body-max"
	factWAFooterMax        = "whatsapp.template.footer-max"
	factWAFooterVarsMax    = "whatsapp.template.footer-variables-max"
	factWAButtonsMax       = "whatsapp.template.buttons-max"
	factWAQuickRepliesMax  = "whatsapp.template.quick-replies-max"
	factWAURLButtonsMax    = "whatsapp.template.url-buttons-max"
	factWAPhoneButtonsMax  = "whatsapp.template.phone-buttons-max"
	factWAButtonTextMax    = "whatsapp.template.button-text-max"
	factWAAuthCategories   = "whatsapp.template.auth.categories"
	factWAAuthButtonTypes  = "whatsapp.template.auth.button-types"
	factWAAuthCodeExpiry   = "whatsapp.template.auth.code-expiration-max"
	factWAFreeFormReplyMax = "whatsapp.reply-buttons.max"
)

// Component and button types, and categories, as Meta's template API
// spells them (the names of its JSON schema, not platform facts).
const (
	waHeader, waBody, waFooter, waButtons = "HEADER", "BODY", "FOOTER", "BUTTONS"
	waQuickReply, waURL, waPhone          = "QUICK_REPLY", "URL", "PHONE_NUMBER"
	waNamed                               = "NAMED"
)

// WhatsAppTemplate checks the structure of WhatsApp template definitions
// against the limits Meta enforces when a template is created.
var WhatsAppTemplate = &lint.Rule{
	Name:     "whatsapp-template",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "keep a WhatsApp template definition within the structure Meta accepts",
		Text: `A WhatsApp template definition (the JSON posted to Meta's template API,
read from .json and .jsonl files: see the README) is checked by Meta when it
is created, and one that breaks its structure rules is rejected. The rule
reads the limits from the policy in force when the template is checked
(presend policy --channel whatsapp lists them with their dates and
sources; a policy-file can override them):
- a text header of at most whatsapp.template.header-max (60) characters
  with at most whatsapp.template.header-variables-max (1) variable;
- a body of at most whatsapp.template.body-max (1,024) characters that
  neither starts nor ends with a variable and has no two variables side by
  side (only spaces between them);
- a footer of at most whatsapp.template.footer-max (60) characters with no
  variable (whatsapp.template.footer-variables-max, 0);
- positional variables numbered {{1}}, {{2}}… in order of first use, in
  each component; named variables ({{first_name}}) only with
  parameter_format NAMED, and numbered ones not with it;
- at most whatsapp.template.buttons-max (10) buttons, of which at most
  whatsapp.template.quick-replies-max (10) quick replies,
  whatsapp.template.url-buttons-max (2) URL buttons and
  whatsapp.template.phone-buttons-max (1) phone-number button, each with a
  text of at most whatsapp.template.button-text-max (20) characters. (A
  free-form interactive message, sent inside the service window, allows
  only whatsapp.reply-buttons.max (3) reply buttons: quick-replies checks
  those.)
- one BODY, and no component twice; a category among
  whatsapp.template.categories;
- the fixed shape of an AUTHENTICATION template: Meta writes its body
  ("{{1}} is your verification code", with an optional security
  recommendation), so it has no header, no body or footer text of its own,
  and exactly one button, of a type in whatsapp.template.auth.button-types
  (OTP), which no other category may use; its footer's
  code_expiration_minutes is at most
  whatsapp.template.auth.code-expiration-max (90).
Characters are counted as written (code points), variables included. Each
finding points at the text it is about (a component without text: where its
text would be) and says what Meta does. A promotional UTILITY template is not
rejected but re-categorised as MARKETING: promo-under-tag says so.`,
		Examples: []lint.Example{
			{Lang: "en", Channel: "whatsapp",
				Env:     waBodyEnv(waExampleBadEN),
				GoodEnv: waBodyEnv(waExampleGoodEN),
				Bad:     waExampleBadEN, Good: waExampleGoodEN},
			{Lang: "fr", Channel: "whatsapp",
				Env:     waBodyEnv(waExampleBadFR),
				GoodEnv: waBodyEnv(waExampleGoodFR),
				Bad:     waExampleBadFR, Good: waExampleGoodFR},
		},
	},
	Run: runWhatsAppTemplate,
}

// The documented examples: a body that starts with a variable and holds two
// side by side, and its fix.
const (
	waExampleBadEN  = "{{1}}, your order {{2}} {{3}} has shipped and arrives on {{4}}."
	waExampleGoodEN = "Hello {{1}}, your order {{2}} has shipped and arrives on {{3}}."
	waExampleBadFR  = "{{1}}, votre commande {{2}} {{3}} est expédiée et arrive le {{4}}."
	waExampleGoodFR = "Bonjour {{1}}, votre commande {{2}} est expédiée et arrive le {{3}}."
)

// waBodyEnv is the envelope of a documented example: a UTILITY template
// whose body is body.
func waBodyEnv(body string) *lint.Message {
	const cat = "UTILITY"
	return &lint.Message{Channel: "whatsapp", TemplateCategory: cat, WhatsApp: &lint.WhatsAppTemplate{
		Name: "example", Category: cat,
		Components: []lint.TemplateComponent{{Type: waBody, HasText: true, Span: text.Span{End: len(body)}}},
	}}
}

// templateFacts returns the platform facts in force when the template is
// judged (the Pass's policy: sent_at, else policy-date, else the run's
// clock).
func templateFacts(p *lint.Pass) *policy.Facts { return p.Policy }

// waChecker holds what one run of whatsapp-template needs.
type waChecker struct {
	p     *lint.Pass
	facts *policy.Facts
	t     *lint.WhatsAppTemplate
}

// limit returns the int fact id in force; ok is false when none is, and
// the check it governs is skipped.
func (c *waChecker) limit(id string) (n int, ok bool) {
	f, ok := c.facts.Lookup(id)
	if !ok {
		return 0, false
	}
	n, ok = f.Value.(int)
	return n, ok
}

// authentication reports whether the template is of a category with Meta's
// fixed authentication shape.
func (c *waChecker) authentication() bool {
	return slices.Contains(c.facts.Strings(factWAAuthCategories), c.t.Category)
}

// reject reports a template Meta refuses at creation.
func (c *waChecker) reject(s text.Span, format string, args ...any) {
	c.p.Reportf(s.Start, s.End, "Meta rejects this template: %s", fmt.Sprintf(format, args...))
}

func runWhatsAppTemplate(p *lint.Pass) {
	t := p.Msg.WhatsApp
	if t == nil || !spansFit(t, len(p.Msg.Text)) {
		return
	}
	c := &waChecker{p: p, facts: templateFacts(p), t: t}
	c.checkShape()
	for i := range t.Components {
		comp := &t.Components[i]
		switch comp.Type {
		case waHeader:
			c.checkText(comp, "header", factWAHeaderMax, factWAHeaderVarsMax)
		case waBody:
			c.checkText(comp, "body", factWABodyMax, "")
			c.checkBodyVariables(comp)
		case waFooter:
			c.checkText(comp, "footer", factWAFooterMax, factWAFooterVarsMax)
		case waButtons:
			c.checkButtons(comp)
		}
	}
	if c.authentication() {
		c.checkAuthentication()
	}
}

// spansFit reports whether every span of t lies inside a text of n bytes:
// a caller that changed the message's text without its structure (an
// editor applying a fix) gets no finding rather than a wrong one.
func spansFit(t *lint.WhatsAppTemplate, n int) bool {
	fits := func(s text.Span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= n }
	for _, c := range t.Components {
		if !fits(c.Span) {
			return false
		}
		for _, b := range c.Buttons {
			if !fits(b.Span) {
				return false
			}
		}
	}
	return true
}

// checkShape checks the category and that each component comes once, with
// one BODY.
func (c *waChecker) checkShape() {
	t := c.t
	at := text.Span{}
	if len(t.Components) > 0 {
		at = t.Components[0].Span
	}
	if cats := c.facts.Strings(factWACategories); len(cats) > 0 && !slices.Contains(cats, t.Category) {
		c.reject(at, "category %q is not one of %s", t.Category, strings.Join(cats, ", "))
	}
	seen := map[string]bool{}
	for _, comp := range t.Components {
		if seen[comp.Type] && slices.Contains([]string{waHeader, waBody, waFooter, waButtons}, comp.Type) {
			c.reject(comp.Span, "a second %s component; a template has at most one", comp.Type)
		}
		seen[comp.Type] = true
	}
	if !seen[waBody] {
		c.reject(at, "the template has no BODY component, which every template needs")
	}
}

// variable is one {{…}} of a component's text, with its span in the
// message's Text.
type variable struct {
	name string // what is between the braces, trimmed
	span text.Span
}

// waVariable matches a template variable: {{1}}, {{first_name}}. It
// compiles on first use, not in every process's initialisation.
var waVariable = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`) })

// variables returns the variables of a component's text, in order.
func (c *waChecker) variables(comp *lint.TemplateComponent) []variable {
	if !comp.HasText {
		return nil
	}
	s := c.p.Msg.Text[comp.Span.Start:comp.Span.End]
	var vs []variable
	for _, m := range waVariable().FindAllStringSubmatchIndex(s, -1) {
		vs = append(vs, variable{name: s[m[2]:m[3]], span: text.Span{Start: comp.Span.Start + m[0], End: comp.Span.Start + m[1]}})
	}
	return vs
}

func positional(name string) bool {
	_, err := strconv.Atoi(name)
	return err == nil
}

// checkText checks a header, body or footer text: its length, how many
// variables it holds (varsFact "" for no limit), and their numbering.
func (c *waChecker) checkText(comp *lint.TemplateComponent, what, maxFact, varsFact string) {
	if !comp.HasText {
		return
	}
	s := c.p.Msg.Text[comp.Span.Start:comp.Span.End]
	if limit, ok := c.limit(maxFact); ok {
		if n := utf8.RuneCountInString(s); n > limit {
			cut := comp.Span.Start + len(firstRunes(s, limit))
			c.reject(text.Span{Start: cut, End: comp.Span.End}, "the %s is %d characters, over the %d a template %s may hold", what, n, limit, what)
		}
	}
	vs := c.variables(comp)
	if limit, ok := c.limit(varsFact); ok && varsFact != "" && len(vs) > limit {
		extra := vs[limit]
		switch limit {
		case 0:
			c.reject(extra.span, "variable %s in the %s; a template %s takes no variable", c.text(extra.span), what, what)
		default:
			c.reject(extra.span, "the %s holds %d variables; a template %s takes at most %d", what, len(vs), what, limit)
		}
	}
	c.checkNumbering(vs, what)
}

// checkNumbering checks that variables are of the kind the template's
// parameter_format says and, when positional, numbered 1, 2… in order of
// first use.
func (c *waChecker) checkNumbering(vs []variable, what string) {
	named := c.t.ParameterFormat == waNamed
	next := 1
	for _, v := range vs {
		switch {
		case named && positional(v.name):
			c.reject(v.span, "numbered variable %s in a template whose parameter_format is NAMED", c.text(v.span))
			return
		case !named && !positional(v.name):
			c.reject(v.span, "named variable %s in a template without parameter_format NAMED (Meta reads variables as numbered by default)", c.text(v.span))
			return
		case named:
			continue
		}
		n, _ := strconv.Atoi(v.name)
		switch {
		case n < next: // a variable used again
		case n == next:
			next++
		default:
			c.reject(v.span, "variable %s comes where {{%d}} is expected in the %s; variables are numbered {{1}}, {{2}}… in order", c.text(v.span), next, what)
			return
		}
	}
}

// checkBodyVariables checks where the body's variables stand: not first,
// not last, never two side by side.
func (c *waChecker) checkBodyVariables(comp *lint.TemplateComponent) {
	vs := c.variables(comp)
	if len(vs) == 0 {
		return
	}
	s := c.p.Msg.Text
	if strings.TrimSpace(s[comp.Span.Start:vs[0].span.Start]) == "" {
		c.reject(vs[0].span, "the body starts with variable %s; start it with words", c.text(vs[0].span))
	}
	if last := vs[len(vs)-1]; strings.TrimSpace(s[last.span.End:comp.Span.End]) == "" {
		c.reject(last.span, "the body ends with variable %s; end it with words or punctuation", c.text(last.span))
	}
	for i := 1; i < len(vs); i++ {
		a, b := vs[i-1], vs[i]
		if strings.TrimFunc(s[a.span.End:b.span.Start], unicode.IsSpace) == "" {
			c.reject(text.Span{Start: a.span.Start, End: b.span.End}, "variables %s and %s are side by side; put words between them", c.text(a.span), c.text(b.span))
		}
	}
}

// checkButtons checks the number of buttons, of each type, and their texts.
func (c *waChecker) checkButtons(comp *lint.TemplateComponent) {
	count := map[string]int{}
	textMax, hasTextMax := c.limit(factWAButtonTextMax)
	authTypes := c.facts.Strings(factWAAuthButtonTypes)
	for i, b := range comp.Buttons {
		n := i + 1
		count[b.Type]++
		if limit, ok := c.limit(factWAButtonsMax); ok && n == limit+1 {
			c.reject(b.Span, "%d buttons; a template holds at most %d", len(comp.Buttons), limit)
		}
		for _, k := range []struct{ typ, fact, what string }{
			{waQuickReply, factWAQuickRepliesMax, "quick-reply buttons"},
			{waURL, factWAURLButtonsMax, "URL buttons"},
			{waPhone, factWAPhoneButtonsMax, "phone-number buttons"},
		} {
			if limit, ok := c.limit(k.fact); ok && b.Type == k.typ && count[b.Type] == limit+1 {
				msg := fmt.Sprintf("%d %s; a template holds at most %d", countType(comp.Buttons, k.typ), k.what, limit)
				if free, ok := c.limit(factWAFreeFormReplyMax); ok && k.typ == waQuickReply {
					msg += fmt.Sprintf(" (a free-form interactive message, %d)", free)
				}
				c.reject(b.Span, "%s", msg)
			}
		}
		if !c.authentication() && slices.Contains(authTypes, b.Type) {
			c.reject(b.Span, "button %d is of type %s, which only an AUTHENTICATION template may have", n, b.Type)
		}
		if !b.HasText || !hasTextMax {
			continue
		}
		s := c.p.Msg.Text[b.Span.Start:b.Span.End]
		if k := utf8.RuneCountInString(s); k > textMax {
			cut := b.Span.Start + len(firstRunes(s, textMax))
			c.reject(text.Span{Start: cut, End: b.Span.End}, "button %d's text is %d characters, over the %d a template button may hold", n, k, textMax)
		}
	}
}

func countType(bs []lint.TemplateButton, typ string) int {
	n := 0
	for _, b := range bs {
		if b.Type == typ {
			n++
		}
	}
	return n
}

// checkAuthentication checks the fixed shape of an AUTHENTICATION template.
func (c *waChecker) checkAuthentication() {
	types := c.facts.Strings(factWAAuthButtonTypes)
	buttons := 0
	var at text.Span
	for _, comp := range c.t.Components {
		at = comp.Span
		switch comp.Type {
		case waHeader:
			c.reject(comp.Span, "an AUTHENTICATION template has no header")
		case waBody:
			if comp.HasText {
				c.reject(comp.Span, "an AUTHENTICATION template's body is Meta's own (\"{{1}} is your verification code\"), not a text of yours; drop the text and set add_security_recommendation if you want the security note")
			}
		case waFooter:
			if comp.HasText {
				c.reject(comp.Span, "an AUTHENTICATION template's footer is Meta's own; drop the text and set code_expiration_minutes")
			}
			if limit, ok := c.limit(factWAAuthCodeExpiry); ok && (comp.CodeExpirationMinutes > limit || comp.CodeExpirationMinutes < 0) {
				c.reject(comp.Span, "code_expiration_minutes is %d; it must be 1 to %d", comp.CodeExpirationMinutes, limit)
			}
		case waButtons:
			for _, b := range comp.Buttons {
				buttons++
				if len(types) > 0 && !slices.Contains(types, b.Type) {
					c.reject(b.Span, "an AUTHENTICATION template's button must be of type %s, not %s", strings.Join(types, " or "), b.Type)
				}
			}
			if buttons > 1 {
				c.reject(comp.Buttons[1].Span, "an AUTHENTICATION template has %d buttons; it has exactly one (%s)", buttons, strings.Join(types, " or "))
			}
		}
	}
	if buttons == 0 && len(types) > 0 {
		c.reject(text.Span{Start: at.End, End: at.End}, "an AUTHENTICATION template has no button; it needs one of type %s", strings.Join(types, " or "))
	}
}

// text returns the text of s in the message.
func (c *waChecker) text(s text.Span) string { return c.p.Msg.Text[s.Start:s.End] }

// firstRunes returns the first n code points of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}
