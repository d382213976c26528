package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/sendapi/sendapitest"
)

// The gateway's other tests judge sends at gwNow, after 2026-04-27; these
// judge the retirement itself, on both sides of the date.

// retiredTags are the tags Meta retired on 2026-04-27, each with a text it
// allowed until then.
var retiredTags = []struct{ tag, text string }{
	{"POST_PURCHASE_UPDATE", shipped},
	{"ACCOUNT_UPDATE", "Your account email address was changed today. If this was not you, reply here."},
	{"CONFIRMED_EVENT_UPDATE", "Your workshop on Saturday now starts at 10am, in room B."},
}

// retiredMessage is the start of message-tag's finding on a retired tag.
func retiredMessage(tag string) string {
	return "tag " + tag + " was retired on 2026-04-27 and is rejected"
}

// Through the proxy, a send tagged with a retired tag goes out on a clock
// before 2026-04-27 (00:00 UTC) and is refused from then on, with
// message-tag's finding naming the date; a person's HUMAN_AGENT reply
// within 7 days of their message, the tag still in use, goes out on both
// sides of the date.
func TestRetiredTagsThroughProxy(t *testing.T) {
	for _, c := range []struct {
		name    string
		now     time.Time
		retired bool
	}{
		{"six weeks before", time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), false},
		{"the last second before", sendapitest.TagsRetired.Add(-time.Second), false},
		{"the day of the retirement", sendapitest.TagsRetired, true},
		{"gwNow", gwNow, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			up := newUpstream(t)
			srv, gw := newGateway(t, gateway.Options{Linter: linterFunc(sendapitest.LinterAt(t, c.now))}, up)
			url := gw.URL + "/v21.0/me/messages?access_token=x"
			for i, rt := range retiredTags {
				r := post(t, url, taggedBody(fmt.Sprint("900", i), rt.tag, rt.text))
				if !c.retired {
					if r.Status != http.StatusOK {
						t.Errorf("%s at %s: %d %s, want it sent", rt.tag, c.now.Format(time.RFC3339), r.Status, r.Body)
					}
					continue
				}
				if r.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s at %s: %d %s, want 422", rt.tag, c.now.Format(time.RFC3339), r.Status, r.Body)
					continue
				}
				e := decodeError(t, r)
				res := decodeResult(t, e.Error.Presend)
				if e.Error.Subcode != gateway.SubcodeBlocked || strings.Join(res.errorRules(), ",") != "message-tag" ||
					!strings.HasPrefix(res.message("message-tag"), retiredMessage(rt.tag)) || !strings.Contains(e.Error.Message, retiredMessage(rt.tag)) {
					t.Errorf("%s at %s: %s, want blocked by message-tag alone: %q", rt.tag, c.now.Format(time.RFC3339), r.Body, retiredMessage(rt.tag))
				}
			}
			sent := len(retiredTags)
			if c.retired {
				sent = 0
			}
			if n := len(up.received()); n != sent {
				t.Errorf("the upstream got %d tagged sends, want %d", n, sent)
			}

			// The tag that stays: a person's reply, 3 days after they wrote.
			if err := srv.Store().RecordInbound(t.Context(), "900009", c.now.Add(-3*24*time.Hour)); err != nil {
				t.Fatal(err)
			}
			human := taggedBody("900009", "HUMAN_AGENT", "Hi Anna, I checked with the depot: your parcel left this morning and arrives Thursday.")
			if r := post(t, url, human); r.Status != http.StatusOK {
				t.Errorf("HUMAN_AGENT at %s: %d %s, want it sent", c.now.Format(time.RFC3339), r.Status, r.Body)
			}
		})
	}
}

// /v1/check judges an envelope at its sent_at: on one gateway at gwNow, a
// POST_PURCHASE_UPDATE send dated the day before the retirement passes,
// and one dated at the retirement or after is blocked, with the policy's
// message; the checks run in one batch and one at a time.
func TestRetiredTagBySentAt(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	cases := []struct {
		sentAt  time.Time
		retired bool
	}{
		{time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), false},
		{sendapitest.TagsRetired.Add(-time.Minute), false},
		{sendapitest.TagsRetired, true},
		{gwNow.Add(-time.Hour), true},
	}
	envelope := func(i int, sentAt time.Time) string {
		b, _ := json.Marshal(map[string]string{
			"id": fmt.Sprint("e", i), "channel": "messenger", "recipient": fmt.Sprint("91000", i),
			"messaging_type": "MESSAGE_TAG", "tag": "POST_PURCHASE_UPDATE", "sent_at": sentAt.Format(time.RFC3339), "text": shipped,
		})
		return string(b)
	}
	judge := func(how string, i int, res resultObject) {
		t.Helper()
		c := cases[i]
		switch {
		case !c.retired && res.Verdict != "pass":
			t.Errorf("%s, sent at %s: %s %v, want pass", how, c.sentAt.Format(time.RFC3339), res.Verdict, res.rules())
		case c.retired && (res.Verdict != "block" || strings.Join(res.errorRules(), ",") != "message-tag" ||
			!strings.HasPrefix(res.message("message-tag"), retiredMessage("POST_PURCHASE_UPDATE"))):
			t.Errorf("%s, sent at %s: %+v, want blocked by message-tag: %q", how, c.sentAt.Format(time.RFC3339), res, retiredMessage("POST_PURCHASE_UPDATE"))
		}
	}
	var all []string
	for i, c := range cases {
		env := envelope(i, c.sentAt)
		all = append(all, env)
		r := post(t, gw.URL+"/v1/check", env)
		if r.Status != http.StatusOK {
			t.Fatalf("check: %d %s", r.Status, r.Body)
		}
		judge("one envelope", i, decodeResult(t, []byte(r.Body)))
	}
	r := post(t, gw.URL+"/v1/check", `{"messages":[`+strings.Join(all, ",")+`]}`)
	if r.Status != http.StatusOK {
		t.Fatalf("batch: %d %s", r.Status, r.Body)
	}
	res := decodeBatch(t, r)
	if len(res) != len(cases) {
		t.Fatalf("batch: %d results, want %d", len(res), len(cases))
	}
	for i := range cases {
		judge("batch", i, res[i])
	}
}

// The tests' passing send is valid at gwNow: a RESPONSE to a person who
// wrote an hour before draws no finding at all, on the proxy and on
// /v1/check; before the person wrote, messaging-window blocks it.
func TestPassingFixtureValidAtGwNow(t *testing.T) {
	up := newUpstream(t)
	srv, gw := newGateway(t, gateway.Options{}, up)
	c := post(t, gw.URL+"/v1/check", passing("920001"))
	if res := decodeResult(t, []byte(c.Body)); res.Verdict != "block" || strings.Join(res.errorRules(), ",") != "messaging-window" {
		t.Errorf("before the person wrote: %s", c.Body)
	}
	wrote(t, srv.Store(), "920001")
	c = post(t, gw.URL+"/v1/check", passing("920001"))
	if res := decodeResult(t, []byte(c.Body)); c.Status != http.StatusOK || res.Verdict != "pass" || len(res.Findings) != 0 {
		t.Errorf("/v1/check: %d %s, want pass without findings", c.Status, c.Body)
	}
	if r := post(t, gw.URL+"/v21.0/me/messages?access_token=x", passing("920001")); r.Status != http.StatusOK || len(up.received()) != 1 {
		t.Errorf("proxy: %d %s", r.Status, r.Body)
	}
}
