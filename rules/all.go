// Package rules holds presend's rules, one file per rule, each an immutable
// lint.Rule value with its documentation and examples attached; All returns
// them sorted by name, the explicit registry the CLI, the gateway and a
// library user pass to lint.New.
//
// Rules depend on the lint framework and its libraries, never the other way
// round. What one rule alone needs stays in its file; what several rules read
// about one message is a lint.Fact (lint.Promotional, the opt-outs of
// optout.go), computed at most once per message. The engines only rules use
// live under rules/internal: spam (spammy-content's signals) and spell
// (spelling's Hunspell reader). Word lists are embedded under lexicon/ and
// read with internal/wordlist.
package rules

import "github.com/presend/presend/lint"

// All returns every built-in rule, sorted by name. Each call returns a new
// slice; the rules themselves are shared and immutable.
func All() []*lint.Rule {
	return []*lint.Rule{
		AutoReplyETA,
		BotDisclosure,
		DuplicateSend,
		Length,
		MainPointEarly,
		MarketingMessage,
		MessageTag,
		MessagingWindow,
		OfferChoice,
		OneTimeNotification,
		Paragraphs,
		PreviewTruncation,
		PromoUnderTag,
		QuickReplies,
		QuietHours,
		Readability,
		SendFrequency,
		SentenceLength,
		SMSCompliance,
		SpammyContent,
		Spelling,
		TypographyFR,
		WhatsAppTemplate,
	}
}
