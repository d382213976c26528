package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/presend/presend/internal/quote"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func runExplain(e *env, args []string) int {
	fs := newFlags(e, "explain", "explain RULE")
	if code, done := parse(e, fs, args); done {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "presend explain: name one rule (see 'presend rules')")
		return exitError
	}
	var r *lint.Rule
	var names []string
	for _, x := range rules.All() {
		names = append(names, x.Name)
		if x.Name == fs.Arg(0) {
			r = x
		}
	}
	if r == nil {
		fmt.Fprintf(e.stderr, "presend explain: unknown rule %q (rules: %s)\n", quote.V(fs.Arg(0)), strings.Join(names, ", "))
		return exitError
	}
	w := e.stdout
	fmt.Fprintf(w, "%s: %s\n", r.Name, r.Doc.Title)
	fmt.Fprintf(w, "category %s, default severity %s\n\n", r.Category, r.Severity)
	fmt.Fprintf(w, "%s\n", strings.TrimSpace(r.Doc.Text))
	if r.Options != nil {
		docs, err := lint.OptionDocs(r.Options())
		if err != nil {
			fail(e, err)
			return exitError
		}
		if len(docs) > 0 {
			fmt.Fprintf(w, "\nOptions ([rules.%s] in presend.toml, shown with defaults):\n", r.Name)
			for _, d := range docs {
				fmt.Fprintf(w, "  %s = %s\n      %s\n", d.Key, d.Value, d.Doc)
			}
		}
	}
	for _, ex := range r.Doc.Examples {
		where := ex.Lang
		if ex.Channel != "" {
			where += ", " + ex.Channel
		}
		fmt.Fprintln(w)
		for _, m := range ex.Sent {
			fmt.Fprintf(w, "Sent before: %s\n%s\n", envelope(&m), indent(m.Text))
		}
		if ex.Env != nil {
			fmt.Fprintf(w, "Sent with: %s\n", envelope(ex.Env))
		}
		fmt.Fprintf(w, "Bad (%s):\n%s\n", where, indent(ex.Bad))
		if ex.GoodEnv != nil {
			fmt.Fprintf(w, "Good sent with: %s\n", envelope(ex.GoodEnv))
		}
		fmt.Fprintf(w, "Good (%s):\n%s\n", where, indent(ex.Good))
	}
	return exitOK
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// envelope lists the envelope fields of m that are set, as in a JSONL line.
func envelope(m *lint.Message) string {
	var parts []string
	add := func(k, v string) {
		if v != "" {
			parts = append(parts, k+"="+v)
		}
	}
	add("recipient", m.Recipient)
	add("messaging_type", m.MessagingType)
	add("tag", m.Tag)
	if len(m.QuickReplies) > 0 {
		add("quick_replies", strings.Join(m.QuickReplies, "|"))
	}
	if len(m.Buttons) > 0 {
		add("buttons", strings.Join(m.Buttons, "|"))
	}
	add("template", m.Template)
	if m.Automated {
		add("automated", "true")
	}
	if m.AutoReply {
		add("auto_reply", "true")
	}
	if !m.SentAt.IsZero() {
		add("sent_at", m.SentAt.Format(time.RFC3339))
	}
	if !m.LastUserMessageAt.IsZero() {
		add("last_user_message_at", m.LastUserMessageAt.Format(time.RFC3339))
	}
	add("one_time_notif_token", m.OneTimeNotifToken)
	add("template_category", m.TemplateCategory)
	add("last_user_message_referral", m.LastUserMessageReferral)
	add("notification_messages_token", m.NotificationMessagesToken)
	add("optin_request_title", m.OptinRequestTitle)
	if len(parts) == 0 {
		return "(no envelope fields)"
	}
	return strings.Join(parts, " ")
}
