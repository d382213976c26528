package input

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
)

func TestFrontMatter(t *testing.T) {
	data := "---\nchannel: sms\nlang: fr\nrecipient: \"+33612345678\"\nrecipient_tz: Europe/Paris\n" +
		"sent_at: 2026-11-24T21:45:00+01:00\nauto_reply: true\nquick_replies: [Oui, Non]\n---\n" +
		"Bonjour,\n# presend-disable-next-line spelling\nvotre colis arive.\n"
	msgs, err := readText([]byte(data), "reply.txt")
	if err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if m.Channel != "sms" || m.Lang != "fr" || m.Recipient != "+33612345678" || m.RecipientTZ != "Europe/Paris" ||
		!m.AutoReply || strings.Join(m.QuickReplies, "|") != "Oui|Non" {
		t.Errorf("envelope fields: %+v", m)
	}
	if want := time.Date(2026, 11, 24, 20, 45, 0, 0, time.UTC); !m.SentAt.Equal(want) {
		t.Errorf("sent_at %v, want %v", m.SentAt, want)
	}
	if m.Text != "Bonjour,\nvotre colis arive.\n" {
		t.Errorf("text %q", m.Text)
	}
	// Positions are the file's: the body starts on line 10.
	for off, want := range map[int]lint.Position{0: {Line: 10, Column: 1}, strings.Index(m.Text, "arive"): {Line: 12, Column: 13}} {
		if got := m.Map.Position(off); got != want {
			t.Errorf("offset %d at %v, want %v", off, got, want)
		}
	}
	if len(m.Suppress) != 1 || m.Suppress[0].Line != 11 || m.Suppress[0].FromLine != 12 || m.Suppress[0].ToLine != 12 {
		t.Errorf("suppression lines not the file's: %+v", m.Suppress)
	}
}

func TestFrontMatterCRLFAndEmpty(t *testing.T) {
	msgs, err := readText([]byte("---\r\nchannel: push\r\n---\r\nHello\r\n"), "a.md")
	if err != nil {
		t.Fatal(err)
	}
	if msgs[0].Channel != "push" || msgs[0].Text != "Hello\r\n" || msgs[0].Map.Position(0) != (lint.Position{Line: 4, Column: 1}) {
		t.Errorf("CRLF: %+v", msgs[0])
	}
	msgs, err = readText([]byte("---\n---\nHi"), "a.txt")
	if err != nil || msgs[0].Text != "Hi" {
		t.Errorf("empty front matter: %v %+v", err, msgs)
	}
	// "---" anywhere but the first line is text.
	msgs, err = readText([]byte("Hi\n---\nchannel: sms\n---\n"), "a.txt")
	if err != nil || msgs[0].Channel != "" || !strings.HasPrefix(msgs[0].Text, "Hi\n---") {
		t.Errorf("--- after the first line: %v %+v", err, msgs)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"---\nchanel: sms\n---\nhi\n", `a.txt:2:1: front matter: unknown field "chanel" (did you mean "channel"?)`},
		{"---\nchannel: sms\nauto_reply: yes please\n---\nhi\n", `a.txt:3:13: front matter: "auto_reply" must be true or false, got a string`},
		{"---\nsent_at: tomorrow\n---\nhi\n", `a.txt:2:10: front matter: "sent_at" "tomorrow": want an RFC 3339 time`},
		{"---\nrecipient_tz: Mars/Olympus\n---\nhi\n", `a.txt:2:15: front matter: recipient_tz "Mars/Olympus": unknown IANA time zone`},
		{"---\ntext: hello\n---\nhi\n", `a.txt:2:1: front matter: "text" is the draft itself`},
		{"---\nchannel: sms\nchannel: push\n---\nhi\n", `a.txt:3:1: front matter: "channel" is set twice`},
		{"---\nchannel: [sms\n---\nhi\n", `a.txt:2: front matter: invalid YAML`},
		{"---\n- sms\n---\nhi\n", `a.txt:2:1: front matter: want keys and values (channel: sms), got a list`},
		{"---\nchannel: sms\nhi\n", `a.txt:1:1: front matter opened with "---" is not closed`},
	}
	for _, tt := range tests {
		_, err := readText([]byte(tt.data), "a.txt")
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q: err = %v, want it to start %q", tt.data, err, tt.want)
		}
	}
}
