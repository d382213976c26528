package lint

import "strings"

// Voice is the channel of a script read aloud on a call (text to speech, an
// IVR prompt): nothing is shown, so its profile has no preview, no length a
// screen imposes and no paragraphs (channel.Profile.Spoken).
const Voice = "voice"

// spokenKeyParts are the catalog key parts that name a text read aloud on a
// phone call rather than shown on a screen: login.gov's
// telephony.authentication_otp.voice, Twilio-style otp.tts. Only a whole part
// counts: daily_voice_limit_reached is an error shown on a screen that talks
// about calls.
var spokenKeyParts = map[string]bool{"voice": true, "tts": true, "ivr": true, "speech": true, "spoken": true}

// voiceNotice is said once, the first time a message is checked as a
// spoken script because of its key or its markup.
const voiceNotice = "texts whose key names a spoken script (a part voice, tts, ivr, speech or spoken) or that are SSML <speak> markup are checked on channel voice (read aloud: no preview, SMS parts or paragraphs) unless their envelope or a [[files]] table with keys names a channel"

// spokenScript reports whether m is a script read aloud on a call: its
// catalog key (or envelope id) has a part in spokenKeyParts, or its text is
// SSML markup.
func spokenScript(m *Message) bool {
	return SpokenKey(m.ID) || strings.HasPrefix(strings.TrimSpace(m.Text), "<speak")
}

// SpokenKey reports whether a catalog key, split on dots (an ICU branch
// "#one" cut off), has a part that names a spoken script: voice, tts, ivr,
// speech or spoken, in any case ("otp.voice", "ivr.welcome#one"; not
// "daily_voice_limit").
func SpokenKey(id string) bool {
	id, _, _ = strings.Cut(id, "#")
	for part := range strings.SplitSeq(id, ".") {
		if spokenKeyParts[strings.ToLower(part)] {
			return true
		}
	}
	return false
}
