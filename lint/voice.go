package lint

import "strings"

// Voice is the channel of a script read aloud on a call (text to speech, an
// IVR prompt): nothing is shown, so its profile has no preview, no length a
// screen imposes and no paragraphs (channel.Profile.Spoken).
const Voice = "voice"

// spokenKeyParts are the catalog key parts that name a script read aloud:
// login.gov's telephony.authentication_otp.voice, Twilio-style otp.tts,
// ivr.welcome. Any whole part counts: daily_voice_limit_reached is an error
// shown on a screen that talks about calls.
var spokenKeyParts = map[string]bool{"voice": true, "tts": true, "ivr": true, "speech": true, "spoken": true}

// leafChannels are the channels a catalog key's last part may name: the
// text itself is written for it (telephony.otp.sms, order_shipped.push).
// Elsewhere in a key these words name a topic, not where the text goes
// (sms.errors.invalid_number is shown on a screen, about SMS).
var leafChannels = map[string]bool{"sms": true, "push": true, "whatsapp": true, "messenger": true, "instagram": true}

// keyChannelNotice is said once, the first time a message is checked on
// the channel its key or its markup names.
const keyChannelNotice = "texts whose catalog key names a channel (a last part sms, push, whatsapp, messenger or instagram; a part voice, tts, ivr, speech or spoken for a script read aloud) or that are SSML <speak> markup (voice) are checked on that channel unless their envelope or a [[files]] table with keys names one"

// keyChannel is the channel a message's key or markup names, "" when
// neither does: SSML markup is read aloud, else KeyChannel of its ID.
func keyChannel(m *Message) string {
	if strings.HasPrefix(strings.TrimSpace(m.Text), "<speak") {
		return Voice
	}
	return KeyChannel(m.ID)
}

// KeyChannel is the channel a catalog key (or envelope id) names, split on
// dots with an ICU branch "#one" cut off, in any case: voice when a part
// names a spoken script ("ivr.welcome#one", "otp.TTS"), else the channel
// its last part names ("otp.sms" → sms); "" when none does
// ("errors.daily_voice_limit", "settings.sms_unsupported", "sms.errors.invalid").
func KeyChannel(id string) string {
	id, _, _ = strings.Cut(id, "#")
	last := ""
	for part := range strings.SplitSeq(id, ".") {
		last = strings.ToLower(part)
		if spokenKeyParts[last] {
			return Voice
		}
	}
	if leafChannels[last] {
		return last
	}
	return ""
}
