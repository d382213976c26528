package rules

import (
	"strings"

	"github.com/presend/presend/lint"
)

// spokenKeyParts are the catalog key parts that name a text read aloud on a
// phone call (text to speech, an IVR prompt) rather than shown on a screen:
// login.gov's telephony.authentication_otp.voice, Twilio-style otp.tts.
// Only a whole part counts: daily_voice_limit_reached is an error shown on a
// screen that talks about calls.
var spokenKeyParts = map[string]bool{"voice": true, "tts": true, "ivr": true, "speech": true, "spoken": true}

// spokenNotice is said once when a rule skips a spoken script.
const spokenNotice = "texts whose key names a spoken script (a part voice, tts, ivr, speech or spoken, or SSML <speak>) are read aloud on a call, not shown: length, paragraphs, preview-truncation and main-point-early skip them"

// spoken reports whether p's message is a script read aloud on a call: a
// catalog key (or envelope id) with a part in spokenKeyParts, or SSML
// markup. Such a text has no preview, no SMS parts and no paragraphs on a
// screen, so the rules about how a message looks skip it; spelling,
// sentence length and readability still apply (a listener cannot re-read).
func spoken(p *lint.Pass) bool {
	ok := spokenKey(p.Msg.ID) || strings.HasPrefix(strings.TrimSpace(p.Msg.Text), "<speak")
	if ok {
		p.Notice(spokenNotice)
	}
	return ok
}

// spokenKey reports whether a catalog key, split on dots (an ICU branch
// "#one" cut off), has a part that names a spoken script.
func spokenKey(id string) bool {
	id, _, _ = strings.Cut(id, "#")
	for part := range strings.SplitSeq(id, ".") {
		if spokenKeyParts[strings.ToLower(part)] {
			return true
		}
	}
	return false
}
