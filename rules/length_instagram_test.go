package rules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/channel"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestLengthInstagramBytes checks Instagram's limit in bytes of UTF-8 at
// its edges: 1,000 bytes pass and 1,001 do not, whatever the characters;
// 520 "é" (1,040 bytes) are over it; a placeholder counts its width; a
// profile's hard-bytes overrides the policy; before the fact's start
// (2020-03-04) nothing is known.
func TestLengthInstagramBytes(t *testing.T) {
	newLinter := func(hardBytes int) *lint.Linter {
		cfg := linttest.Config()
		prof := channel.Defaults()["instagram"]
		prof.SoftLimit, prof.HardBytes = 0, hardBytes // the byte limit alone
		cfg.Channels = map[string]channel.Profile{"instagram": prof}
		l, err := lint.New(cfg, []*lint.Rule{rules.Length}) // the others take long on a 1,000-letter word
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	policy, own := newLinter(0), newLinter(10)
	boundary := time.Date(2020, 3, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		l    *lint.Linter
		text string
		at   time.Time
		want string // in the finding's message, "" for none
	}{
		{"1000 ASCII bytes", policy, strings.Repeat("e", 1000), time.Time{}, ""},
		{"1001 ASCII bytes", policy, strings.Repeat("e", 1001), time.Time{}, "message is 1001 characters, over the instagram limit of 1000"},
		{"500 é, 1000 bytes", policy, strings.Repeat("é", 500), time.Time{}, ""},
		{"501 é", policy, strings.Repeat("é", 501), time.Time{}, "its 501 characters count as 1002"},
		{"520 é", policy, strings.Repeat("é", 520), time.Time{}, "message is too long for instagram: its 520 characters count as 1040, over the limit of 1000"},
		{"placeholder counted at its width", policy, strings.Repeat("e", 988) + "{{first_name}}", time.Time{}, ""},
		{"placeholder counted at its width, one over", policy, strings.Repeat("e", 989) + "{{first_name}}", time.Time{}, "message is 1001 characters, over the instagram limit of 1000 (its placeholder counted as 12 bytes)"},
		{"hard-bytes overrides", own, "éééééé", time.Time{}, "its 6 characters count as 12, over the limit of 10"},
		{"just before the fact", policy, strings.Repeat("é", 520), boundary.Add(-time.Second), ""},
		{"at the fact's start", policy, strings.Repeat("é", 520), boundary, "count as 1040"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.l.Check(context.Background(), lint.Message{Text: tt.text, Channel: "instagram", Lang: "fr", SentAt: tt.at})
			var got []lint.Finding
			for _, f := range res.Findings {
				if f.Rule == "length" {
					got = append(got, f)
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("want no finding, got %q", got[0].Message)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0].Message, tt.want) || got[0].Severity != lint.Error):
				t.Errorf("want one error containing %q, got %+v", tt.want, got)
			case tt.want != "" && (!strings.Contains(got[0].Detail, " bytes of UTF-8 (") || strings.Contains(got[0].Message, "UTF-8")):
				t.Errorf("the bytes belong in the detail: message %q, detail %q", got[0].Message, got[0].Detail)
			}
		})
	}
}
