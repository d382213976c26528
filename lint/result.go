package lint

import (
	"time"

	"github.com/presend/presend/lint/history"
)

// Finding is one problem a rule reported, with its place in the message text
// (Start, End: byte offsets) and in the source file (1-based Line, Column,
// EndLine, EndColumn).
type Finding struct {
	Rule     string
	Severity Severity
	Message  string
	// Detail is the technical explanation behind Message, for those who
	// ask (JSON's "detail", the editor's hover, the text format's
	// --verbose): the numbers and terms (UCS-2, UTF-16 units, a
	// readability formula) that the plain message leaves out. "" for none.
	Detail    string
	Start     int
	End       int
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Fixes     []Fix
	// RetryAfter, when not zero, is the earliest time the message may be
	// sent instead: quiet-hours sets it on a send outside the recipient's
	// sending window.
	RetryAfter time.Time
}

// Fix is one way to mend a finding: a set of non-overlapping edits to the
// message text.
type Fix struct {
	Title string
	Edits []Edit
	// Safe says the fix is mechanical and keeps the meaning (typography,
	// a GSM-7 replacement for a character, a paragraph split at a sentence
	// boundary): a tool may apply it without asking. A fix that changes the
	// wording (a spelling choice, a deleted filler, an added STOP line) is a
	// suggestion and leaves Safe false, the default.
	Safe bool
}

// Edit replaces Text[Start:End] with New.
type Edit struct {
	Start int
	End   int
	New   string
}

// Result is the outcome of checking one message.
type Result struct {
	Source  string
	ID      string
	Line    int // line in Source where the message starts
	Channel string
	Lang    string
	Text    string

	Score   int
	Verdict Verdict

	// Preview is what the channel's preview shows, ending in "…" when cut.
	Preview string
	// PreviewWidth is the channel's preview width in characters
	// (graphemes); 0 on a channel with no preview (voice).
	PreviewWidth int
	// PreviewEnd is the byte offset in Text where the preview stops
	// (len(Text) when the whole message shows).
	PreviewEnd int

	// SMS only (Segments is 0 on other channels).
	Segments int
	Encoding string

	Findings []Finding

	// History is HistoryUnavailable when the message has a sending history
	// that could not be read, so that it was checked without it; "" when it
	// was checked against its history or has none. A note, not a finding.
	History string

	// What a history store records of the message (see sendOf): filled
	// in when the message was checked against a history.
	SentAt           time.Time // the message's sent_at (zero if it has none)
	Promotional      bool      // the promotional-content detector's verdict
	Fingerprint      uint64    // text.Analysis.Fingerprint: exact
	SimHash          uint64    // text.Analysis.Fingerprint: near
	FingerprintWords int       // tokens in the fingerprint

	// Recorded is the send CheckAndRecord stored, or the reservation
	// Admitter.Admit made, nil if none.
	Recorded *history.Send
}
