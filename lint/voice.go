package lint

import "strings"

// Voice is the channel of a script read aloud on a call (text to speech, an
// IVR prompt): nothing is shown, so its profile has no preview, no length a
// screen imposes and no paragraphs (channel.Profile.Spoken).
const Voice = "voice"

// keyChannels are the catalog key parts that name the channel a text is
// written for: login.gov's telephony.authentication_otp.sms and .voice,
// Twilio-style otp.tts, an app's order_shipped.push. Only a whole part
// counts: daily_voice_limit_reached is an error shown on a screen that talks
// about calls, sms_unsupported one that talks about text messages.
var keyChannels = map[string]string{
	"voice": Voice, "tts": Voice, "ivr": Voice, "speech": Voice, "spoken": Voice,
	"sms": "sms", "push": "push", "whatsapp": "whatsapp", "messenger": "messenger", "instagram": "instagram",
}

// keyChannelNotice is said once, the first time a message is checked on
// the channel its key or its markup names.
const keyChannelNotice = "texts whose catalog key names a channel (a part sms, push, whatsapp, messenger or instagram; voice, tts, ivr, speech or spoken for a script read aloud) or that are SSML <speak> markup (voice) are checked on that channel unless their envelope or a [[files]] table with keys names one"

// keyChannel is the channel a message's key or markup names, "" when
// neither does: SSML markup is read aloud, else KeyChannel of its ID.
func keyChannel(m *Message) string {
	if strings.HasPrefix(strings.TrimSpace(m.Text), "<speak") {
		return Voice
	}
	return KeyChannel(m.ID)
}

// KeyChannel is the channel a catalog key (or envelope id) names, split on
// dots with an ICU branch "#one" cut off: the last part, in any case, that
// is a channel's name or names a spoken script ("otp.sms" → sms,
// "ivr.welcome#one" → voice, "otp.TTS" → voice); "" when none does
// ("errors.daily_voice_limit", "settings.sms_unsupported").
func KeyChannel(id string) string {
	id, _, _ = strings.Cut(id, "#")
	ch := ""
	for part := range strings.SplitSeq(id, ".") {
		if c, ok := keyChannels[strings.ToLower(part)]; ok {
			ch = c
		}
	}
	return ch
}
