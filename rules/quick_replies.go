package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/rivo/uniseg"

	"github.com/presend/presend/lint"
)

// QuickRepliesOptions configure quick-replies.
type QuickRepliesOptions struct {
	MaxQuickReplies     int `toml:"max-quick-replies" doc:"quick replies a Messenger message may carry; 0 takes the policy's messenger.quick-replies.max (13)"`
	MaxTitleChars       int `toml:"max-title-chars" doc:"characters a quick-reply title (or a WhatsApp reply-button title) may hold; 0 takes the policy's messenger.quick-replies.title-max and whatsapp.reply-buttons.title-max (20)"`
	MaxReplyButtons     int `toml:"max-reply-buttons" doc:"reply buttons a WhatsApp message may carry (its quick_replies); 0 takes the policy's whatsapp.reply-buttons.max (3)"`
	MaxButtonTitleChars int `toml:"max-button-title-chars" doc:"characters the title of a Send API template button may hold; 0 takes the policy's messenger.buttons.title-max (20)"`
	MaxTemplateButtons  int `toml:"max-template-buttons" doc:"buttons a Send API button template may hold; 0 takes the policy's messenger.button-template.buttons-max (3)"`
}

// quickReplies is quick-replies' compiled state.
type quickReplies struct {
	dangling map[string]map[string]bool // per language, words a shortened title should not end on
}

// Compile implements lint.Compiler: it validates the numbers.
func (o *QuickRepliesOptions) Compile(lint.CompileEnv) (any, error) {
	if o.MaxQuickReplies < 0 || o.MaxTitleChars < 0 || o.MaxReplyButtons < 0 || o.MaxButtonTitleChars < 0 || o.MaxTemplateButtons < 0 {
		return nil, errors.New("max-quick-replies, max-title-chars, max-reply-buttons, max-button-title-chars and max-template-buttons must be at least 1, or 0 for the policy's limits")
	}
	dangling, err := wordSet("dangling")
	if err != nil {
		return nil, err
	}
	return &quickReplies{dangling: dangling}, nil
}

// QuickReplies checks quick replies and buttons against the platforms' limits.
var QuickReplies = &lint.Rule{
	Name:     "quick-replies",
	Category: lint.Policy,
	Severity: lint.Error,
	Doc: lint.Doc{
		Title: "keep quick replies and buttons within the platform's limits",
		Text: `The Send API rejects a message whose quick replies or buttons break its
limits, and a title cut short or repeated leaves the person guessing. The
rule flags:
- on Messenger, more than max-quick-replies (13) quick replies;
- on Instagram, more than 13 quick replies (the policy's
  instagram.quick-replies.max); a title over 20 characters
  (instagram.quick-replies.title-max) is a warning: Instagram cuts it
  rather than refusing the message;
- on WhatsApp, where quick_replies are reply buttons, more than
  max-reply-buttons (3);
- a quick-reply or reply-button title over max-title-chars (20) characters,
  with a shorter title to use; an empty title; two titles that are the same
  but for case;
- a template button title (buttons) over max-button-title-chars (20)
  characters, or empty, and more than max-template-buttons (3) buttons in a
  button template (template "button").
The limits are policy facts (messenger.quick-replies.*, messenger.buttons.*,
messenger.button-template.*, whatsapp.reply-buttons.*; see presend policy),
judged at the message's send time; an option set to a number wins over them.
Characters are counted as a person sees them: an emoji with modifiers is one.
Other channels have no quick replies: they draw nothing. The quick replies
and buttons have no place in the text, so findings point at the end of the
text, where they show.`,
		Examples: []lint.Example{
			{Lang: "en",
				Env:     &lint.Message{QuickReplies: []string{"Track my parcel please", "Yes", "yes"}},
				GoodEnv: &lint.Message{QuickReplies: []string{"Track parcel", "Yes", "No"}},
				Bad:     "Your order #4821 has shipped. Do you want delivery updates?",
				Good:    "Your order #4821 has shipped. Do you want delivery updates?"},
			{Lang: "fr", Channel: "whatsapp",
				Env:     &lint.Message{QuickReplies: []string{"Lundi", "Mardi", "Mercredi", "Jeudi"}},
				GoodEnv: &lint.Message{QuickReplies: []string{"Lundi", "Mardi", "Mercredi"}},
				Bad:     "Quel jour vous convient pour la livraison de votre commande 4821 ?",
				Good:    "Quel jour vous convient pour la livraison de votre commande 4821 ?"},
			{Lang: "fr", Channel: "instagram",
				Env:     &lint.Message{QuickReplies: []string{"Modifier l'adresse de livraison", "Annuler"}},
				GoodEnv: &lint.Message{QuickReplies: []string{"Changer d'adresse", "Annuler"}},
				Bad:     "Votre colis 4821 arrive demain. Que souhaitez-vous faire ?",
				Good:    "Votre colis 4821 arrive demain. Que souhaitez-vous faire ?"},
		},
	},
	Options: func() any { return &QuickRepliesOptions{} },
	Run:     runQuickReplies,
}

// limitOf is an option's value when set, else the policy's fact id in
// force (0: none, and nothing to check).
func limitOf(p *lint.Pass, opt int, id string) int {
	if opt > 0 {
		return opt
	}
	return p.Policy.Int(id)
}

func runQuickReplies(p *lint.Pass) {
	o, c := p.Options.(*QuickRepliesOptions), p.Compiled.(*quickReplies)
	m := p.Msg
	at := p.Text.ContentEnd()
	switch p.Channel.Name {
	case "messenger":
		if n, most := len(m.QuickReplies), limitOf(p, o.MaxQuickReplies, "messenger.quick-replies.max"); most > 0 && n > most {
			p.Reportf(at, at, "%d quick replies; Messenger shows at most %d", n, most)
		}
		checkTitles(p, c, at, m.QuickReplies, "quick reply", "quick replies", limitOf(p, o.MaxTitleChars, "messenger.quick-replies.title-max"))
	case "instagram":
		instagramQuickReplies(p, c, at)
		return // Instagram has no button templates
	case "whatsapp":
		if n, most := len(m.QuickReplies), limitOf(p, o.MaxReplyButtons, "whatsapp.reply-buttons.max"); most > 0 && n > most {
			p.Reportf(at, at, "%d reply buttons; WhatsApp allows at most %d", n, most)
		}
		checkTitles(p, c, at, m.QuickReplies, "reply button", "reply buttons", limitOf(p, o.MaxTitleChars, "whatsapp.reply-buttons.title-max"))
	default:
		return
	}
	// Send API templates and their buttons are Messenger's: the same
	// limits apply where a message carries them.
	if n, most := len(m.Buttons), limitOf(p, o.MaxTemplateButtons, "messenger.button-template.buttons-max"); m.Template == "button" && most > 0 && n > most {
		p.Reportf(at, at, "button template has %d buttons; it allows at most %d", n, most)
	}
	checkTitles(p, c, at, m.Buttons, "button", "buttons", limitOf(p, o.MaxButtonTitleChars, "messenger.buttons.title-max"))
}

// instagramQuickReplies checks quick replies on Instagram, by the policy's
// facts in force: more than instagram.quick-replies.max is an error; a
// title over instagram.quick-replies.title-max is cut by Instagram, not
// refused: a warning.
func instagramQuickReplies(p *lint.Pass, c *quickReplies, at int) {
	o := p.Options.(*QuickRepliesOptions)
	titles := p.Msg.QuickReplies
	if most := limitOf(p, o.MaxQuickReplies, "instagram.quick-replies.max"); most > 0 && len(titles) > most {
		p.Reportf(at, at, "%d quick replies; Instagram shows at most %d", len(titles), most)
	}
	checkTitles(p, c, at, titles, "quick reply", "quick replies", 0)
	limit := limitOf(p, o.MaxTitleChars, "instagram.quick-replies.title-max")
	if limit <= 0 {
		return
	}
	for i, t := range titles {
		trimmed := strings.TrimSpace(t)
		if chars := uniseg.GraphemeClusterCount(t); trimmed != "" && chars > limit {
			short := shortTitle(trimmed, limit, c.dangling[p.Text.Lang])
			p.Report(lint.Diagnostic{Start: at, End: at, Severity: lint.Warning,
				Message: fmt.Sprintf("quick reply %d %s is %d characters; Instagram cuts titles after %d", i+1, quoteTitle(t), chars, limit),
				Fixes:   []lint.Fix{{Title: fmt.Sprintf("shorten the title to %s (%d characters)", quoteTitle(short), uniseg.GraphemeClusterCount(short))}}})
		}
	}
}

// checkTitles flags empty, long and repeated titles, reporting at offset at.
// A limit of 0 leaves lengths to the caller.
func checkTitles(p *lint.Pass, c *quickReplies, at int, titles []string, one, many string, limit int) {
	first := map[string]int{} // folded title → index of its first use
	for i, t := range titles {
		n := i + 1
		trimmed := strings.TrimSpace(t)
		if trimmed == "" {
			p.Reportf(at, at, "%s %d has an empty title", one, n)
			continue
		}
		if chars := uniseg.GraphemeClusterCount(t); limit > 0 && chars > limit {
			short := shortTitle(trimmed, limit, c.dangling[p.Text.Lang])
			p.Report(lint.Diagnostic{Start: at, End: at,
				Message: fmt.Sprintf("%s %d %s is %d characters; titles allow %d", one, n, quoteTitle(t), chars, limit),
				Fixes:   []lint.Fix{{Title: fmt.Sprintf("shorten the title to %s (%d characters)", quoteTitle(short), uniseg.GraphemeClusterCount(short))}}})
		}
		key := strings.ToLower(trimmed)
		k, ok := first[key]
		if !ok {
			first[key] = i
			continue
		}
		if prev := strings.TrimSpace(titles[k]); prev != trimmed {
			p.Reportf(at, at, "%s %d %s and %d %s differ only in case; the person cannot tell them apart", many, k+1, quoteTitle(prev), n, quoteTitle(trimmed))
		} else {
			p.Reportf(at, at, "%s %d and %d are both %s; the person cannot tell them apart", many, k+1, n, quoteTitle(trimmed))
		}
	}
}

// quoteTitle quotes a title as %q does, but keeps the joiners and variation
// selectors of emoji as they are, so "👨‍👩‍👧" reads as itself.
func quoteTitle(s string) string {
	return emojiJoiners.Replace(strconv.Quote(s))
}

var emojiJoiners = strings.NewReplacer(`\u200d`, "\u200d", `\ufe0f`, "\ufe0f", `\ufe0e`, "\ufe0e")

// shortTitle cuts s to at most limit characters (grapheme clusters): at the
// last space or hyphen when that keeps at least half of them, inside a word
// otherwise. It then drops the punctuation and the words such as "the" or
// "votre" (dangling, lower case) the cut leaves at the end.
func shortTitle(s string, limit int, dangling map[string]bool) string {
	g := uniseg.NewGraphemes(s)
	end, boundary, n := 0, -1, 0
	for g.Next() {
		start, stop := g.Positions()
		sep := g.Str() == " " || g.Str() == "-"
		if n == limit {
			if !sep && boundary >= 0 && uniseg.GraphemeClusterCount(s[:boundary]) >= limit/2 {
				end = boundary
			}
			break
		}
		if sep {
			boundary = start
		}
		end, n = stop, n+1
	}
	const trim = " ,.;:!?-–—"
	out := strings.TrimRight(s[:end], trim)
	for {
		i := strings.LastIndexAny(out, " -")
		if i <= 0 || !dangling[strings.ReplaceAll(strings.ToLower(out[i+1:]), "’", "'")] {
			return out
		}
		out = strings.TrimRight(out[:i], trim)
	}
}
