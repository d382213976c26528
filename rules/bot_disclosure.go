package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/presend/presend/lint"
)

// BotDisclosureOptions configure bot-disclosure.
type BotDisclosureOptions struct {
	LapseHours int      `toml:"lapse-hours" doc:"hours of silence after which a conversation has lapsed and the next automated message says again that it is automated; 0 takes the policy's messenger.bot-disclosure.lapse (24 hours)"`
	Phrases    []string `toml:"phrases" doc:"more phrases that say a message is automated (your bot's name, say), added to the built-in english and french ones; matched as whole words, case ignored"`
}

// builtinDisclosures are phrases that say a message is automated.
var builtinDisclosures = []string{
	// English
	"bot", "chatbot", "chat bot", "automated", "automatic reply", "automatic message", "auto-reply",
	"virtual assistant", "digital assistant", "AI assistant", "artificial intelligence", "not a human", "not a person",
	// French
	"robot", "agent conversationnel", "assistant virtuel", "assistante virtuelle", "assistant automatique",
	"message automatique", "réponse automatique", "automatisé", "automatisée", "intelligence artificielle",
}

// Compile implements lint.Compiler: it builds the disclosure matcher.
func (o *BotDisclosureOptions) Compile(lint.CompileEnv) (any, error) {
	if o.LapseHours < 0 {
		return nil, errors.New("lapse-hours must be at least 1, or 0 for the policy's value")
	}
	alts := make([]string, 0, len(builtinDisclosures)+len(o.Phrases))
	for _, ph := range append(append([]string(nil), builtinDisclosures...), o.Phrases...) {
		ph = strings.TrimSpace(ph)
		if ph == "" {
			return nil, errors.New("phrases: an empty phrase")
		}
		alts = append(alts, regexp.QuoteMeta(strings.ReplaceAll(ph, "’", "'")))
	}
	// Whole words: no letter or digit on either side (\b knows only ASCII).
	return &botDisclosure{disclosure: regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}])(?:` + strings.Join(alts, "|") + `)(?:[^\p{L}\p{N}]|$)`)}, nil
}

// botDisclosure is the rule's compiled state: the disclosure phrases as
// one whole-word pattern.
type botDisclosure struct {
	disclosure *regexp.Regexp
}

// BotDisclosure flags automated messages that do not say they are
// automated where a person would otherwise take them for a person's.
var BotDisclosure = &lint.Rule{
	Name:     "bot-disclosure",
	Category: lint.Policy,
	Severity: lint.Error,
	Off:      true,
	Doc: lint.Doc{
		Title: "say that an automated conversation is automated",
		Text: `Off by default: turn it on ([rules.bot-disclosure] enabled = true) when
the law requires your bot to say what it is. Meta's Messenger policy asks
for it "where the law requires it" and names California and Germany:
California's B.O.T. Act (SB 1001, Business and Professions Code §17940–
17943, in force since 2019-07-01) makes it unlawful to use a bot to talk to
a person in California without disclosing it, to sell something or sway a
vote; in Germany, the Medienstaatsvertrag (§18(3), 2020) requires
automated accounts on social networks to be labelled as such. presend
cannot know where the person is, hence the opt-in.

An automated message (automated or auto_reply true) on Messenger or
Instagram must say that it is automated ("I'm the Lumière bot", "message
automatique") when, as far as the envelope and the sending history can
tell:
- it starts a thread: no earlier message to the person is known;
- the conversation lapsed: neither side wrote for lapse-hours (the policy's
  messenger.bot-disclosure.lapse, 24 hours: Meta gives no figure, presend
  takes the standard window's);
- the conversation passes from a person to automation: the previous
  message to the person was not automated.
Later automated messages of the same stretch need not repeat it. The
built-in phrases are English and French (bot, chatbot, automated, virtual
assistant; robot, assistant virtuel, message automatique, réponse
automatique…), matched as whole words; phrases adds your own. A message
with no recipient has no history and draws nothing. The finding points at
the first line and offers to open the message with a disclosure.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env: &lint.Message{Recipient: "psid-bot-en", Automated: true, MessagingType: "RESPONSE",
					SentAt: exampleTime(0), LastUserMessageAt: exampleTime(-time.Minute)},
				Bad:  "Hi! Your order #4821 left our warehouse this morning and arrives Thursday.",
				Good: "Hi, I'm the Lumière bot. Your order #4821 left our warehouse this morning and arrives Thursday."},
			{Lang: "fr",
				Env: &lint.Message{Recipient: "psid-bot-fr", Automated: true, MessagingType: "RESPONSE",
					SentAt: exampleTime(0), LastUserMessageAt: exampleTime(-time.Minute)},
				Sent: []lint.Message{{Recipient: "psid-bot-fr", MessagingType: "RESPONSE", Lang: "fr",
					SentAt: exampleTime(-10 * time.Minute), LastUserMessageAt: exampleTime(-11 * time.Minute),
					Text: "Bonjour, c'est Julie du service client. Je vous passe notre suivi de commande."}},
				Bad:  "Votre commande n° 4821 a quitté notre entrepôt ce matin et arrivera jeudi.",
				Good: "Message automatique : votre commande n° 4821 a quitté notre entrepôt ce matin et arrivera jeudi."},
		},
	},
	Options: func() any { return &BotDisclosureOptions{} },
	Run:     runBotDisclosure,
}

func runBotDisclosure(p *lint.Pass) {
	m := p.Msg
	if !m.Automated && !m.AutoReply {
		return
	}
	switch p.Channel.Name {
	case "messenger", "instagram":
	default:
		return
	}
	h := p.History
	if h == nil {
		return // no recipient: nothing says where the message stands in a conversation
	}
	o := p.Options.(*BotDisclosureOptions)
	c, _ := p.Compiled.(*botDisclosure)
	if c == nil {
		return // not compiled: lint.New compiles every rule's options
	}
	lapse := time.Duration(o.LapseHours) * time.Hour
	if lapse == 0 {
		lapse = factsOf(p).Duration("messenger.bot-disclosure.lapse")
	}
	var plain, why string
	if len(h.Sends) == 0 {
		plain = "it is the first message to this person"
		why = "it starts the thread (no earlier message to this person is known)"
	} else {
		prev := h.Sends[len(h.Sends)-1]
		last := prev.At
		if in := p.LastUserMessage(); in.After(last) {
			last = in
		}
		switch silent := p.Now.Sub(last); {
		case lapse > 0 && silent > lapse:
			plain = fmt.Sprintf("the conversation was quiet for %s", humanDuration(silent))
			why = fmt.Sprintf("the conversation was silent for %s, over the lapse of %s", durationOver(silent, lapse), humanDuration(lapse))
		case !prev.Automated:
			plain = "a person wrote the previous message"
			why = fmt.Sprintf("the previous message to this person (%s, %s before) was written by a person: the conversation passes to automation",
				refOrEarlier(prev.Ref), humanDuration(max(0, p.Now.Sub(prev.At))))
		}
	}
	if why == "" || c.disclosure.MatchString(strings.ReplaceAll(p.Text.Text, "’", "'")) {
		return
	}
	start := 0
	if len(p.Text.Tokens) > 0 {
		start = int(p.Text.Tokens[0].Start)
	}
	notice := "Automated message: "
	if p.Text.Lang == "fr" {
		notice = "Message automatique : "
	}
	p.Report(lint.Diagnostic{Start: 0, End: firstLineEnd(p.Text),
		Message: fmt.Sprintf("automated message does not say it is automated, and %s; say so (\"I'm the [Page] bot\")", plain),
		Detail:  fmt.Sprintf("%s; the law requires an automated conversation to say it is one in some places (California, Germany)", why),
		Fixes:   []lint.Fix{{Title: fmt.Sprintf("open with %q", strings.TrimSpace(notice)), Edits: []lint.Edit{{Start: start, End: start, New: notice}}}}})
}
