// Package rules holds presend's rules, one file per rule, each an immutable
// lint.Rule value with its documentation and examples attached.
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
		Readability,
		SendFrequency,
		SentenceLength,
		SpammyContent,
		Spelling,
		TypographyFR,
		WhatsAppTemplate,
	}
}
