package sendapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/input"
)

// WhatsApp Cloud API sends: a POST to /{version}/{phone-number-id}/messages
// (or …/marketing_messages) whose JSON body has "messaging_product":
// "whatsapp" and "to":
//
//	{"messaging_product": "whatsapp", "to": "+33 6 12 34 56 78",
//	 "type": "text", "text": {"body": "Your order shipped."}}
//	{"messaging_product": "whatsapp", "to": "33612345678", "type": "template",
//	 "template": {"name": "order_shipped", "language": {"code": "fr"},
//	   "components": [{"type": "body", "parameters": [{"type": "text", "text": "Marie"}]}]}}
//
// Each is one message under the whatsapp channel, to the person "to"
// names (its digits only, as the webhook's "from" writes the same person:
// "+33 6 12…" and "33612…" are one history):
//
//   - type text (the default when "type" is missing): Text is text.body, a
//     free-form message, which the customer service window bounds;
//   - type template: the send names an approved template, not its text,
//     which presend does not have. Text is what the send does carry: the
//     text of the header and body parameters (text, and the fallback_value
//     of currency and date_time), one per line; ID is the template's name
//     and Lang the primary subtag of its language code (fr_FR gives fr).
//     TemplateCategory is MARKETING when the send goes to
//     …/marketing_messages (ApplyRoute: Meta sends only marketing
//     templates there), else TemplateCategoryUnknown: a template may go
//     out after the window, and promo-under-tag, which judges UTILITY and
//     AUTHENTICATION templates, does not guess. The rules judge what they
//     see: spam or promotion in a parameter, the sending history
//     (frequency, duplicates); what needs the template's whole
//     text (its opt-out footer, its buttons, its structure) is for
//     `presend lint` on the template definition before it is submitted;
//   - type image, video, document, audio or sticker: a free-form media
//     message (Template "image", "video", "file", "audio"; a sticker is an
//     image) whose Text is its caption, "" without one. The customer
//     service window bounds it as it bounds text (Meta refuses it outside:
//     error 131047), and the rules read the caption as any text;
//   - type interactive: a free-form message whose Text is what the person
//     reads, one part per line: the header's text (a text header), the
//     body's text and the footer's text. For reply buttons (interactive
//     type "button"), QuickReplies are the buttons' titles, which
//     quick-replies checks against whatsapp.reply-buttons.*; a list's rows,
//     a URL button's label and a product's items are not read;
//   - any other type (location, contacts, reaction): nothing is read (nil,
//     no error): the gateway forwards it unchecked and counts it
//     (unchecked).
//
// A body that says it is a WhatsApp send but cannot be read as one (a
// "messaging_product" other than "whatsapp", a text send without a
// text.body string, a template without a name, members of the wrong JSON
// type) is refused, as a Send API body lint/input refuses is.

// TemplateCategoryUnknown is the TemplateCategory of a WhatsApp template
// send whose category the send does not tell (one to …/messages): it marks
// the message as an approved template without naming a category.
const TemplateCategoryUnknown = "UNKNOWN"

// whatsappChannel is the channel WhatsApp sends are checked under.
const whatsappChannel = "whatsapp"

type waText struct {
	Body *string `json:"body"`
}

type waFallback struct {
	FallbackValue string `json:"fallback_value"`
}

type waParameter struct {
	Type     string      `json:"type"`
	Text     *string     `json:"text"`
	Currency *waFallback `json:"currency"`
	DateTime *waFallback `json:"date_time"`
}

type waComponent struct {
	Type       string        `json:"type"`
	Parameters []waParameter `json:"parameters"`
}

type waTemplate struct {
	Name     string `json:"name"`
	Language *struct {
		Code string `json:"code"`
	} `json:"language"`
	Components []waComponent `json:"components"`
}

// waMedia is the object of a media send ("image": {"link": …,
// "caption": …}).
type waMedia struct {
	Caption string `json:"caption"`
}

// waPart is an interactive message's header, body or footer.
type waPart struct {
	Type string `json:"type"` // header: text, image, video, document
	Text string `json:"text"`
}

type waInteractive struct {
	Type   string  `json:"type"` // button, list, cta_url, product, product_list, flow…
	Header *waPart `json:"header"`
	Body   *waPart `json:"body"`
	Footer *waPart `json:"footer"`
	Action *struct {
		Buttons []struct {
			Type  string `json:"type"`
			Reply *struct {
				Title string `json:"title"`
			} `json:"reply"`
		} `json:"buttons"`
	} `json:"action"`
}

type waSend struct {
	MessagingProduct string         `json:"messaging_product"`
	To               string         `json:"to"`
	Type             string         `json:"type"`
	Text             *waText        `json:"text"`
	Template         *waTemplate    `json:"template"`
	Image            *waMedia       `json:"image"`
	Video            *waMedia       `json:"video"`
	Document         *waMedia       `json:"document"`
	Audio            *waMedia       `json:"audio"`
	Sticker          *waMedia       `json:"sticker"`
	Interactive      *waInteractive `json:"interactive"`
}

// isWhatsApp says whether the top-level members of a body make it a
// WhatsApp Cloud API body.
func isWhatsApp(top map[string]json.RawMessage) bool {
	_, ok := top["messaging_product"]
	return ok
}

// readWhatsApp reads a WhatsApp Cloud API send (see above): nil without
// error for a body that sends nothing presend reads (a read receipt, no
// "to", a location, contacts or a reaction).
func readWhatsApp(body []byte) ([]lint.Message, error) {
	var s waSend
	if err := json.Unmarshal(bytes.TrimPrefix(body, []byte(utf8BOM)), &s); err != nil {
		return nil, waError("the body cannot be read as a WhatsApp Cloud API send: %v", err)
	}
	if s.MessagingProduct != whatsappChannel {
		return nil, waError(`"messaging_product" is %q: the WhatsApp Cloud API takes "whatsapp"`, s.MessagingProduct)
	}
	if s.To == "" {
		return nil, nil // a read receipt or typing indicator: nothing is sent to a person
	}
	m := lint.Message{Source: sourceName, Channel: whatsappChannel, Recipient: waID(s.To)}
	switch strings.ToLower(s.Type) {
	case "", "text":
		if s.Text == nil || s.Text.Body == nil {
			return nil, waError(`a WhatsApp text send has no "text": {"body": "…"}`)
		}
		m.Text = *s.Text.Body
	case "template":
		t := s.Template
		if t == nil || strings.TrimSpace(t.Name) == "" {
			return nil, waError(`a WhatsApp template send has no "template": {"name": "…"}`)
		}
		m.ID, m.TemplateCategory = t.Name, TemplateCategoryUnknown
		if t.Language != nil {
			m.Lang = waLang(t.Language.Code)
		}
		var lines []string
		for _, c := range t.Components {
			switch strings.ToLower(c.Type) {
			case "header", "body":
			default:
				continue // buttons: a payload or a URL suffix, not text the person reads as such
			}
			for _, p := range c.Parameters {
				switch {
				case p.Text != nil:
					lines = append(lines, *p.Text)
				case p.Currency != nil && p.Currency.FallbackValue != "":
					lines = append(lines, p.Currency.FallbackValue)
				case p.DateTime != nil && p.DateTime.FallbackValue != "":
					lines = append(lines, p.DateTime.FallbackValue)
				}
			}
		}
		m.Text = strings.Join(lines, "\n")
	case "image", "video", "document", "audio", "sticker":
		typ := strings.ToLower(s.Type)
		media, kind := s.Image, "image" // a sticker is an image too
		switch typ {
		case "video":
			media, kind = s.Video, "video"
		case "document":
			media, kind = s.Document, "file"
		case "audio":
			media, kind = s.Audio, "audio"
		case "sticker":
			media = s.Sticker
		}
		if media == nil {
			return nil, waError(`a WhatsApp %s send has no "%s": {"link": "…"} or {"id": "…"}`, typ, typ)
		}
		m.Template, m.Text = kind, media.Caption
	case "interactive":
		in := s.Interactive
		if in == nil {
			return nil, waError(`a WhatsApp interactive send has no "interactive": {"type": "…", "body": {"text": "…"}}`)
		}
		var lines []string
		for _, part := range []*waPart{in.Header, in.Body, in.Footer} {
			if part != nil && (part.Type == "" || strings.EqualFold(part.Type, "text")) && part.Text != "" {
				lines = append(lines, part.Text)
			}
		}
		m.Text = strings.Join(lines, "\n")
		if strings.EqualFold(in.Type, "button") && in.Action != nil {
			for _, b := range in.Action.Buttons {
				if b.Reply != nil {
					m.QuickReplies = append(m.QuickReplies, b.Reply.Title)
				}
			}
		}
	default:
		return nil, nil // location, contacts, reaction: forwarded unchecked (see above)
	}
	return []lint.Message{m}, nil
}

func waError(format string, args ...any) error {
	return &input.Error{File: sourceName, Msg: fmt.Sprintf(format, args...)}
}

// waID is the WhatsApp id a "to" names: its digits, as the webhook's "from"
// writes them ("+1 (631) 555-1181" is 16315551181); a "to" without digits
// is kept as it is.
func waID(to string) string {
	var b strings.Builder
	for _, c := range to {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return to
	}
	return b.String()
}

// waLang turns a WhatsApp language code into a message language, as
// lint/input does for template definitions: its primary subtag,
// lower-cased ("en_US" → "en", "fr" → "fr").
func waLang(code string) string {
	lang, _, _ := strings.Cut(strings.ReplaceAll(code, "-", "_"), "_")
	return strings.ToLower(strings.TrimSpace(lang))
}

// ApplyRoute adds to the messages read from a send what its URL tells:
// a WhatsApp template sent to …/marketing_messages is a MARKETING template
// (Meta sends only those there). The gateway, Transport and the sends of a
// batch call it after ReadSendRequest.
func ApplyRoute(u *url.URL, msgs []lint.Message) {
	segs := pathSegments(u.Path)
	if len(segs) == 0 || !strings.EqualFold(segs[len(segs)-1], "marketing_messages") {
		return
	}
	for i := range msgs {
		if msgs[i].Channel == whatsappChannel && msgs[i].TemplateCategory == TemplateCategoryUnknown {
			msgs[i].TemplateCategory = "MARKETING"
		}
	}
}
