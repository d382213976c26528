package lint

import (
	"fmt"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // recipient_tz is checked against the embedded zones, not the machine's

	"github.com/presend/presend/lint/locale/region"
	"github.com/presend/presend/lint/text"
)

// Message is one outbound message to check, with the context that policy rules
// read. Only Text is required; the other fields come from the JSONL envelope, a
// Send API body, CLI flags or the caller.
type Message struct {
	// ID identifies the message inside its source (envelope id, catalog key).
	ID string
	// Source names where the message came from (a file path, "-" for stdin).
	Source string
	// Map turns byte offsets in Text into positions in Source. Nil means the
	// text is its own source: line 1, column 1 is the first byte of Text.
	Map SourceMap

	Channel string // messenger, instagram, sms, whatsapp, push, email-subject, voice; "" uses the config's default
	Lang    string // en, fr; "" or "auto" guesses from the text
	Text    string
	// Pieces are the strings a Send API template's Text was joined from,
	// in order: the member each came from ("text", "title", "subtitle")
	// and its bytes in Text. Nil for a text message.
	Pieces []Piece
	// Literal lists byte spans of Text that are characters as written and
	// never part of a placeholder: the text an ICU catalog quoted
	// ('{'SAVE10'}' reads "{SAVE10}", which is no placeholder).
	Literal []text.Span

	Recipient string
	// RecipientKind says how a Send API body named the recipient: "" for
	// an id (a PSID) or an envelope, "phone_number", "user_ref" (checkbox or chat plugin),
	// "post_id" or "comment_id" (a private reply to a post or comment).
	// For the last three, Recipient is "user_ref:…", "post_id:…" or
	// "comment_id:…": a key for the history, not a PSID.
	RecipientKind string
	MessagingType string // RESPONSE, UPDATE, MESSAGE_TAG
	Tag           string
	QuickReplies  []string // quick-reply titles (WhatsApp: reply-button titles)
	Buttons       []string // button titles of Send API button and generic templates
	// Template is the Send API attachment the message carries: "button",
	// "generic" (or another template_type), "image", "video", "audio",
	// "file"; "" for a plain text message.
	Template          string
	Automated         bool
	AutoReply         bool
	SentAt            time.Time
	LastUserMessageAt time.Time // zero: the recipient never wrote
	OneTimeNotifToken string
	TemplateCategory  string
	// RecipientTZ (an IANA zone, "America/New_York") and RecipientRegion
	// (ISO 3166-2, "US-FL") say where the recipient is when the phone
	// number does not tell, or tells wrong: they override what lint/locale
	// reads from an E.164 Recipient. See ValidateRecipientTZ and
	// ValidateRecipientRegion.
	RecipientTZ     string
	RecipientRegion string
	// ProgramFirstMessage marks the first message of a recurring SMS
	// program, which must carry the program's disclosures (CTIA).
	ProgramFirstMessage bool
	// WhatsApp is the WhatsApp template definition the message was read
	// from (lint/input), nil for any other message: Text joins its
	// components' texts, and the rules that check a template's structure
	// read it here.
	WhatsApp *WhatsAppTemplate
	// LastUserMessageReferral is the source of the referral that came with
	// the person's last message: "ADS" when it was their first message
	// after a Click-to-Messenger or Click-to-Direct ad, which opens a
	// window of up to 7 days. "" when it came with none.
	LastUserMessageReferral string
	// NotificationMessagesToken is a Marketing Messages subscription token
	// (Send API recipient.notification_messages_token): the message is a
	// paid Marketing Message from 2026-02-10, a free recurring
	// notification before.
	NotificationMessagesToken string
	// OptinRequestTitle, when set, says the message is a Marketing
	// Messages opt-in request (a notification_messages template) with
	// this title.
	OptinRequestTitle string

	// Suppress silences findings of some rules (see Linter.Suppress): from
	// presend-disable comments in drafts, or from configuration.
	Suppress []Suppression
}

// Position is a 1-based line and column in a message's source. Columns count
// Unicode code points, not bytes.
type Position struct {
	Line   int
	Column int
}

// SourceMap maps a byte offset in Message.Text (0 <= off <= len(Text)) to the
// position in the source file where that byte was written. Implementations
// must be safe for concurrent use.
type SourceMap interface {
	Position(off int) Position
}

// Piece is one string of a Send API template's text: its member name
// ("text", "title", "subtitle") and where it stands in Message.Text.
type Piece struct {
	Name string
	Span text.Span
}

// Titles returns the button and quick-reply titles of m, one per line, as
// the rules that read them with or beside the text take them.
func (m *Message) Titles() string {
	return strings.Join(append(slices.Clone(m.Buttons), m.QuickReplies...), "\n")
}

// ValidateRecipientTZ checks a recipient_tz: an IANA time zone name that
// the embedded zone data knows ("Europe/Paris"). "Local" and "" are refused:
// the machine's zone is not the recipient's.
func ValidateRecipientTZ(s string) error {
	if s == "" || s == "Local" || strings.EqualFold(s, "local") {
		return fmt.Errorf("recipient_tz %q: want an IANA time zone name such as Europe/Paris or America/New_York", s)
	}
	if _, err := time.LoadLocation(s); err != nil {
		return fmt.Errorf("recipient_tz %q: unknown IANA time zone (want a name such as Europe/Paris or America/New_York)", s)
	}
	return nil
}

// ValidateRecipientRegion checks a recipient_region: an ISO 3166-2 code,
// upper case ("US-FL", "CA-ON", "FR-75").
func ValidateRecipientRegion(s string) error {
	if !region.Valid(s) {
		return fmt.Errorf("recipient_region %q: want an ISO 3166-2 code such as US-FL, CA-QC or FR-IDF", s)
	}
	return nil
}
