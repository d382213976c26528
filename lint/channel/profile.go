// Package channel holds what presend knows about each delivery channel: the
// length and preview limits of a channel profile, and the exact SMS encoding
// and part count of a text (GSM-7 or UCS-2, 3GPP TS 23.038 / 23.040).
//
// The facts come from the shared channel policy (POLICY.md); every number is
// a configurable default, documented at Defaults.
package channel

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Profile holds one channel's limits. Lengths count grapheme clusters
// ("characters"), never bytes or runes. A zero hard or soft limit (characters
// or parts) means "none"; PreviewWidth must be at least 1.
type Profile struct {
	Name         string `toml:"-" doc:"channel name, the key of the profile"`
	HardLimit    int    `toml:"hard-limit" doc:"characters above which the message is blocked (0 = no limit)"`
	SoftLimit    int    `toml:"soft-limit" doc:"characters above which a warning is given (0 = no warning)"`
	PreviewWidth int    `toml:"preview-width" doc:"characters the notification or inbox preview shows"`
	HardBytes    int    `toml:"hard-bytes" doc:"bytes of utf-8 above which the message is blocked, where the platform counts bytes (0 = the policy's <channel>.text-max-bytes: 1000 on instagram, none elsewhere)"`
	HardParts    int    `toml:"hard-parts" doc:"sms only: parts above which the message is blocked (0 = no limit)"`
	SoftParts    int    `toml:"soft-parts" doc:"sms only: parts above which a warning is given (0 = no warning)"`
	Chat         bool   `toml:"chat" doc:"conversational channel, where paragraph-count advice applies"`
	SMS          bool   `toml:"-" doc:"count gsm-7/ucs-2 parts instead of characters"`
	Spoken       bool   `toml:"-" doc:"read aloud on a call: no screen, so no preview, no parts and no paragraphs"`
}

// Defaults returns the built-in profiles, keyed by name. Each call returns a
// fresh map, so callers may change it freely.
//
// Sources (POLICY.md sections; H/M = its confidence grades):
//
//	channel        key            value  source
//	messenger      hard-limit     2000   Messenger Send API: text ≤ 2,000 characters (H)
//	               soft-limit     300    no POLICY number: editorial choice; past ~300 characters
//	                                     a chat message fills the phone screen and reads as a wall
//	               preview-width  50     inbox snippet undocumented (POLICY: "one short line,
//	                                     ~40–60"); 50 matches the Android collapsed notification (M)
//	               chat           true
//	instagram      hard-limit     0      Instagram counts bytes, not characters: hard-bytes
//	               hard-bytes     0      the policy's instagram.text-max-bytes, 1,000 bytes of UTF-8 (M)
//	               soft-limit     300    no POLICY number: same editorial choice as messenger
//	               preview-width  50     inbox snippet undocumented; as messenger
//	               chat           true
//	whatsapp       hard-limit     4096   WhatsApp free-form text ≤ 4,096 (H/M)
//	               soft-limit     300    no POLICY number: same editorial choice as messenger
//	               preview-width  50     Android collapsed notification ~50 (M)
//	               chat           true
//	sms            hard/soft-limit 0     SMS length is governed by parts, not characters
//	               hard-parts     10     no POLICY number: a cap only clearly excessive texts reach
//	                                     (1,530 GSM-7 or 670 UCS-2 characters); each part is billed
//	                                     and providers cap concatenation, so set it to yours
//	               soft-parts     1      one part is 160 GSM-7 / 70 UCS-2 (H); a second part
//	                                     doubles the cost, so warn beyond one
//	               preview-width  50     Android collapsed notification ~50 (M)
//	               chat, sms      true
//	push           hard-limit     160    iOS lock screen ~160 characters (~4 lines); nothing shows
//	                                     beyond (M)
//	               soft-limit     80     iOS banner ~80 (M)
//	               preview-width  50     Android collapsed notification ~50 (M)
//	               chat           false
//	email-subject  hard-limit     78     no POLICY number: RFC 5322 §2.1.1 says header lines
//	                                     SHOULD be at most 78 characters (longer ones get folded);
//	                                     far beyond what any preview shows
//	               soft-limit     50     "≤ 50 advised" (M)
//	               preview-width  40     mobile shows ~33–48 (M); 40 is the middle of that range
//	               chat           false
//	voice          all limits     0      a script read aloud on a call (text to speech, an IVR
//	               preview-width  0      prompt): nothing is shown, so there is no preview, no
//	               spoken         true   length a screen imposes and no paragraph to see
//
// Parts limits are 0 for the non-SMS channels.
//
// The hard limits of messenger and whatsapp are platform facts, dated in the
// policy (lint/policy: messenger.text-max, whatsapp.text-max): a Linter
// takes the one in force when a message is sent, unless the configuration
// sets hard-limit under [channels.NAME]. The numbers here are what a
// profile holds without a policy.
func Defaults() map[string]Profile {
	return map[string]Profile{
		"messenger": {
			Name: "messenger", HardLimit: 2000, SoftLimit: 300, PreviewWidth: 50, Chat: true,
		},
		"instagram": {
			Name: "instagram", SoftLimit: 300, PreviewWidth: 50, Chat: true,
		},
		"whatsapp": {
			Name: "whatsapp", HardLimit: 4096, SoftLimit: 300, PreviewWidth: 50, Chat: true,
		},
		"sms": {
			Name: "sms", PreviewWidth: 50, HardParts: 10, SoftParts: 1, Chat: true, SMS: true,
		},
		"push": {
			Name: "push", HardLimit: 160, SoftLimit: 80, PreviewWidth: 50,
		},
		"email-subject": {
			Name: "email-subject", HardLimit: 78, SoftLimit: 50, PreviewWidth: 40,
		},
		"voice": {
			Name: "voice", Spoken: true,
		},
	}
}

// Names returns the names of the built-in profiles, sorted.
func Names() []string {
	return slices.Sorted(maps.Keys(Defaults()))
}

// Validate checks the profile's numbers and returns every problem found,
// joined, each naming its configuration key (e.g. "soft-limit 3000 is above
// hard-limit 2000"). Negative numbers, a soft limit above a non-zero hard
// limit (characters or parts) and a preview width below 1 (except on a
// spoken channel, which shows nothing) are errors.
func (p Profile) Validate() error {
	var errs []error
	for _, f := range []struct {
		key string
		v   int
	}{
		{"hard-limit", p.HardLimit},
		{"soft-limit", p.SoftLimit},
		{"preview-width", p.PreviewWidth},
		{"hard-bytes", p.HardBytes},
		{"hard-parts", p.HardParts},
		{"soft-parts", p.SoftParts},
	} {
		if f.v < 0 {
			errs = append(errs, fmt.Errorf("%s %d is negative", f.key, f.v))
		}
	}
	if p.HardLimit > 0 && p.SoftLimit > p.HardLimit {
		errs = append(errs, fmt.Errorf("soft-limit %d is above hard-limit %d", p.SoftLimit, p.HardLimit))
	}
	if p.HardParts > 0 && p.SoftParts > p.HardParts {
		errs = append(errs, fmt.Errorf("soft-parts %d is above hard-parts %d", p.SoftParts, p.HardParts))
	}
	if p.PreviewWidth == 0 && !p.Spoken {
		errs = append(errs, errors.New("preview-width 0 is below 1"))
	}
	return errors.Join(errs...)
}
