package input

import (
	"testing"

	"github.com/presend/presend/lint"
)

func TestMatchKey(t *testing.T) {
	tests := []struct {
		glob, key string
		want      bool
	}{
		{"*.messages.**", "fr.messages.welcome", true},
		{"*.messages.**", "fr.messages.a.b", true},
		{"*.messages.**", "fr.labels.ok", false},
		{"**", "a", true},
		{"messages.*", "messages.a.b", false},
		{"messages.**.sms", "messages.sms", true},
		{"messages.**.sms", "messages.a.b.sms", true},
		{"messages.sms_*", "messages.sms_reminder", true},
		{"messages.s?s", "messages.sms", true},
		{"steps[*]", "steps[2]", true},
		{"a", "ab", false},
	}
	for _, tt := range tests {
		if got := MatchKey(tt.glob, tt.key); got != tt.want {
			t.Errorf("MatchKey(%q, %q) = %v", tt.glob, tt.key, got)
		}
	}
}

func TestSelect(t *testing.T) {
	msgs := []lint.Message{
		{ID: "fr.messages.welcome", Text: "a"},
		{ID: "fr.messages.inbox#one", Text: "b"},
		{ID: "fr.labels.ok", Text: "c"},
		{ID: "fr.messages.internal.x", Text: "d"},
	}
	rules := []lint.FileRule{
		{Paths: []string{"other/*.yml"}, Channel: "push", Dir: "/repo"},
		{Paths: []string{"locales/**/*.yml"}, Keys: []string{"*.messages.**"}, ExcludeKeys: []string{"*.messages.internal.**"},
			Channel: "sms", Lang: "fr", Dir: "/repo"},
	}
	got, _ := Select(msgs, "/repo/locales/fr.yml", rules)
	if len(got) != 2 || got[0].ID != "fr.messages.welcome" || got[1].ID != "fr.messages.inbox#one" {
		t.Fatalf("got %+v", got)
	}
	for _, m := range got {
		if m.Channel != "sms" || m.Lang != "fr" {
			t.Errorf("%s: channel %q, lang %q", m.ID, m.Channel, m.Lang)
		}
	}
	// A file no rule is about keeps all its messages.
	if got, _ := Select(msgs, "/repo/drafts/x.yml", rules); len(got) != len(msgs) {
		t.Errorf("unmatched file: %d messages", len(got))
	}
	// A German catalog is left out, unless a rule says its language.
	de := []lint.Message{{ID: "de.hi", Lang: "de", Text: "Hallo"}}
	if got, _ := Select(de, "/repo/de.yml", nil); len(got) != 0 {
		t.Errorf("de.yml: %+v", got)
	}
	if got, _ := Select(de, "/repo/de.yml", []lint.FileRule{{Paths: []string{"de.yml"}, Lang: "en", Dir: "/repo"}}); len(got) != 1 {
		t.Errorf("de.yml with lang: %+v", got)
	}
	// JSONL envelopes keep their language, supported or not: the linter
	// reports it.
	if got, _ := Select(de, "/repo/log.jsonl", nil); len(got) != 1 {
		t.Errorf("jsonl: %+v", got)
	}
}

// A [[files]] table without keys gives the file's default channel, which a
// key naming a spoken script overrides (the linter then checks it on
// voice); a table that lists keys decides for the keys it selects.
func TestSelectSpokenKeys(t *testing.T) {
	msgs := func() []lint.Message {
		return []lint.Message{
			{ID: "en.telephony.otp.sms", Text: "a"},
			{ID: "en.telephony.otp.voice", Text: "b"},
			{ID: "fr.telephony.otp.tts#one", Text: "c"},
		}
	}
	fileDefault := []lint.FileRule{{Paths: []string{"telephony/*.yml"}, Channel: "sms", Dir: "/repo"}}
	got, _ := Select(msgs(), "/repo/telephony/en.yml", fileDefault)
	want := []string{"sms", "", ""}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, m := range got {
		if m.Channel != want[i] {
			t.Errorf("file default: %s: channel %q, want %q", m.ID, m.Channel, want[i])
		}
	}
	byKey := []lint.FileRule{{Paths: []string{"telephony/*.yml"}, Keys: []string{"**"}, Channel: "sms", Dir: "/repo"}}
	got, _ = Select(msgs(), "/repo/telephony/en.yml", byKey)
	for _, m := range got {
		if m.Channel != "sms" {
			t.Errorf("table with keys: %s: channel %q, want sms", m.ID, m.Channel)
		}
	}
}
