package lint

import "github.com/presend/presend/lint/text"

// WhatsAppTemplate is a WhatsApp message template definition, as teams keep
// it in a repository and post it to Meta's template API (lint/input reads
// it from .json and .jsonl files). Its message's Text joins the texts of its
// components in file order (see lint/input), and each component knows where
// its text stands in it, so that a rule can point at the exact spot.
type WhatsAppTemplate struct {
	Name     string // the template's name
	Language string // as written: en_US, fr, fr_FR
	Category string // MARKETING, UTILITY, AUTHENTICATION, upper-cased
	// ParameterFormat is "POSITIONAL" ({{1}}), "NAMED" ({{first_name}}) or
	// "" when the definition does not say (Meta's default: positional).
	ParameterFormat string
	Components      []TemplateComponent // in file order
}

// TemplateComponent is one member of a template's components array.
type TemplateComponent struct {
	Type string // HEADER, BODY, FOOTER or BUTTONS, upper-cased
	// Format is a HEADER's format (TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION),
	// upper-cased; "" when not given.
	Format string
	// HasText reports a "text" member; Span is then where that text stands
	// in the message's Text. Without text, Span is empty, at the offset
	// where the component's text would have been.
	HasText bool
	Span    text.Span
	Buttons []TemplateButton // a BUTTONS component's buttons, in order
	// AddSecurityRecommendation and CodeExpirationMinutes are the
	// AUTHENTICATION template members of a BODY and a FOOTER (0: not set).
	AddSecurityRecommendation bool
	CodeExpirationMinutes     int
}

// TemplateButton is one button of a BUTTONS component.
type TemplateButton struct {
	Type    string // QUICK_REPLY, URL, PHONE_NUMBER, OTP, COPY_CODE…, upper-cased
	HasText bool
	Span    text.Span // its text in the message's Text (see TemplateComponent.Span)
}

// Component returns the first component of type typ, or nil.
func (t *WhatsAppTemplate) Component(typ string) *TemplateComponent {
	for i := range t.Components {
		if t.Components[i].Type == typ {
			return &t.Components[i]
		}
	}
	return nil
}
