package gateway_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
)

func instagramEvent(igsid string, at time.Time, event string) string {
	return fmt.Sprintf(`{"object":"instagram","entry":[{"id":"17841400000000001","time":%d,"messaging":[{"sender":{"id":%q},"recipient":{"id":"17841400000000001"},"timestamp":%d,%s}]}]}`,
		at.UnixMilli(), igsid, at.UnixMilli(), event)
}

// Which events open the ad window (a message or postback that came from a
// Click-to-Messenger / Click-to-Direct ad), and which only the 24-hour
// one; and which mark the conversation as Instagram's.
func TestWebhookAdReferral(t *testing.T) {
	store := history.NewMemory(history.Limits{})
	_, gw := newGateway(t, gateway.Options{Store: store}, nil)
	at := gwNow.Add(-time.Hour).Truncate(time.Millisecond)
	const ads = `"ad_id":"6045","source":"ADS","type":"OPEN_THREAD","ads_context_data":{"ad_title":"Aurora lamp","post_id":"1"}`
	cases := []struct {
		id, body string
		ad       bool
		channel  string
	}{
		{"m-message-ad", messengerEvent("m-message-ad", at, `"message":{"mid":"m","text":"is it in stock?","referral":{`+ads+`}}`), true, ""},
		{"m-message-beside", messengerEvent("m-message-beside", at, `"message":{"mid":"m","text":"hi"},"referral":{"source":"ADS","type":"OPEN_THREAD"}`), true, ""},
		{"m-postback-ad", messengerEvent("m-postback-ad", at, `"postback":{"title":"Get Started","payload":"GO","referral":{`+ads+`}}`), true, ""},
		{"m-context-only", messengerEvent("m-context-only", at, `"message":{"mid":"m","text":"hi","referral":{"ads_context_data":{"ad_title":"x"}}}`), true, ""},
		{"m-referral-alone", messengerEvent("m-referral-alone", at, `"referral":{`+ads+`}`), false, ""},
		{"m-shortlink", messengerEvent("m-shortlink", at, `"message":{"mid":"m","text":"hi","referral":{"source":"SHORTLINK","type":"OPEN_THREAD"}}`), false, ""},
		{"m-null", messengerEvent("m-null", at, `"message":{"mid":"m","text":"hi","referral":{"source":"SHORTLINK","ads_context_data":null}}`), false, ""},
		{"m-plain", messengerEvent("m-plain", at, `"message":{"mid":"m","text":"hi"}`), false, ""},
		{"ig-ad", instagramEvent("ig-ad", at, `"message":{"mid":"m","text":"hi","referral":{`+ads+`}}`), true, "instagram"},
		{"ig-plain", instagramEvent("ig-plain", at, `"message":{"mid":"m","text":"hi"}`), false, "instagram"},
		{"ig-object-last", fmt.Sprintf(`{"entry":[{"id":"1784","time":%d,"messaging":[{"sender":{"id":"ig-object-last"},"timestamp":%d,"reaction":{"mid":"m","action":"react"}}]}],"object":"instagram"}`,
			at.UnixMilli(), at.UnixMilli()), false, "instagram"},
	}
	for _, c := range cases {
		if r := post(t, gw.URL+"/webhook", c.body); r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.id, r.Status, r.Body)
		}
		v, err := store.View(t.Context(), c.id, "", gwNow)
		if err != nil {
			t.Fatal(err)
		}
		if !v.LastInbound.Equal(at) {
			t.Errorf("%s: inbound at %v, want %v", c.id, v.LastInbound, at)
		}
		if got := !v.AdInbound.IsZero(); got != c.ad || (c.ad && !v.AdInbound.Equal(at)) {
			t.Errorf("%s: ad inbound %v, want ad=%v at %v", c.id, v.AdInbound, c.ad, at)
		}
		if v.Channel != c.channel {
			t.Errorf("%s: channel %q, want %q", c.id, v.Channel, c.channel)
		}
	}

	// After an ad's referral event alone (an existing thread), the
	// person's first message is the ad-opened one, though it carries no
	// referral; a reaction is not a message, and a later message does not
	// move it. After a link's referral, a message opens nothing more.
	first := at.Add(10 * time.Minute)
	post(t, gw.URL+"/webhook", messengerEvent("m-referral-alone", at.Add(time.Minute), `"reaction":{"mid":"m","action":"react","reaction":"love"}`))
	post(t, gw.URL+"/webhook", messengerEvent("m-referral-alone", first, `"message":{"mid":"m","text":"is it in stock?"}`))
	post(t, gw.URL+"/webhook", messengerEvent("m-referral-alone", first.Add(time.Minute), `"message":{"mid":"m","text":"in brass?"}`))
	post(t, gw.URL+"/webhook", messengerEvent("m-shortlink", first, `"message":{"mid":"m","text":"hello"}`))
	if v, _ := store.View(t.Context(), "m-referral-alone", "", gwNow); !v.AdInbound.Equal(first) {
		t.Errorf("first message after an ad click: ad inbound %v, want %v", v.AdInbound, first)
	}
	if v, _ := store.View(t.Context(), "m-shortlink", "", gwNow); !v.AdInbound.IsZero() {
		t.Errorf("a message after a link's referral: ad inbound %v, want none", v.AdInbound)
	}
}

// The ad window end to end: a person's first message after an ad, then an
// ordinary one; an UPDATE six days after the ad goes out (its 24-hour
// window long shut), one seven days and a minute after it is blocked.
func TestWebhookAdWindowThroughProxy(t *testing.T) {
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{}, up)
	send := gw.URL + "/v21.0/me/messages?access_token=x"
	update := func(psid string) string {
		return sendBody(psid, "UPDATE", "The brass Aurora lamp you asked about is back in stock.")
	}
	for _, c := range []struct {
		psid string
		adAt time.Time
		pass bool
	}{
		{"400001", gwNow.Add(-6 * 24 * time.Hour), true},
		{"400002", gwNow.Add(-7*24*time.Hour - time.Minute), false},
	} {
		post(t, gw.URL+"/webhook", messengerEvent(c.psid, c.adAt, `"message":{"mid":"m1","text":"is the lamp in stock?","referral":{"source":"ADS","type":"OPEN_THREAD","ad_id":"6045"}}`))
		post(t, gw.URL+"/webhook", messengerEvent(c.psid, c.adAt.Add(2*time.Hour), `"message":{"mid":"m2","text":"thanks"}`))
		r := post(t, send, update(c.psid))
		switch {
		case c.pass && r.Status != http.StatusOK:
			t.Errorf("%s, ad %v before: %d %s, want it sent", c.psid, gwNow.Sub(c.adAt), r.Status, r.Body)
		case !c.pass && (r.Status != http.StatusUnprocessableEntity || !decodeResult(t, decodeError(t, r).Error.Presend).has("messaging-window")):
			t.Errorf("%s, ad %v before: %d %s, want blocked by messaging-window", c.psid, gwNow.Sub(c.adAt), r.Status, r.Body)
		}
	}
	// Back to an existing thread from an ad, then a message without
	// referral: the 7 days run from that message.
	post(t, gw.URL+"/webhook", messengerEvent("400004", gwNow.Add(-6*24*time.Hour), `"referral":{"source":"ADS","type":"OPEN_THREAD","ad_id":"6045"}`))
	post(t, gw.URL+"/webhook", messengerEvent("400004", gwNow.Add(-6*24*time.Hour+time.Minute), `"message":{"mid":"m1","text":"is the lamp in stock?"}`))
	if r := post(t, send, update("400004")); r.Status != http.StatusOK {
		t.Errorf("ad click then a message, 6 days: %d %s, want it sent", r.Status, r.Body)
	}
	// Without the ad, six days is far outside the window.
	post(t, gw.URL+"/webhook", messengerEvent("400003", gwNow.Add(-6*24*time.Hour), `"message":{"mid":"m1","text":"is the lamp in stock?"}`))
	if r := post(t, send, update("400003")); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("no ad, 6 days: %d %s, want blocked", r.Status, r.Body)
	}
	if n := len(up.received()); n != 2 {
		t.Errorf("upstream got %d sends, want 2", n)
	}
}

// longReply is over Instagram's 1,000 bytes and well under Messenger's
// 2,000 characters.
var longReply = "Bonjour Élodie, voici le détail de votre réservation à l'hôtel Étoile : " +
	strings.Repeat("chambre double côté jardin, petit-déjeuner compris, arrivée après 15 h, départ avant 11 h ; ", 11) +
	"à très bientôt !"

// The gateway tells Instagram conversations apart: from the webhook's
// object, and from the account id a send's path names.
func TestInstagramConversations(t *testing.T) {
	if n := len(longReply); n <= 1000 || len([]rune(longReply)) >= 2000 {
		t.Fatalf("longReply is %d bytes, %d characters", n, len([]rune(longReply)))
	}
	up := newUpstream(t)
	_, gw := newGateway(t, gateway.Options{AccountChannels: map[string]string{"17841400000000009": "instagram"}}, up)
	// Blocked by Instagram's limit in bytes, an error: the result says
	// which channel judged it.
	instagramLength := func(r response) bool {
		if r.Status != http.StatusUnprocessableEntity {
			return false
		}
		res := decodeResult(t, decodeError(t, r).Error.Presend)
		for _, f := range res.Findings {
			if f.Rule == "length" && f.Severity == "error" && strings.Contains(f.Detail, "bytes of UTF-8") {
				return res.Channel == "instagram"
			}
		}
		return false
	}
	at := gwNow.Add(-time.Minute)
	for _, id := range []string{"ig-500001", "ig-500002"} {
		post(t, gw.URL+"/webhook", instagramEvent(id, at, `"message":{"mid":"m","text":"détails ?"}`))
	}
	for _, id := range []string{"500003", "500004", "500005"} {
		post(t, gw.URL+"/webhook", messengerEvent(id, at, `"message":{"mid":"m","text":"détails ?"}`))
	}

	// Recorded by the webhook: the Instagram person's conversation.
	if r := post(t, gw.URL+"/v21.0/me/messages", sendBody("ig-500001", "RESPONSE", longReply)); !instagramLength(r) {
		t.Errorf("Instagram conversation: %d %s, want blocked by Instagram's length in bytes", r.Status, r.Body)
	}
	if r := post(t, gw.URL+"/v21.0/me/messages", sendBody("500003", "RESPONSE", longReply)); r.Status != http.StatusOK {
		t.Errorf("Messenger conversation: %d %s, want it sent", r.Status, r.Body)
	}
	// Named by the send's account id, for a person the webhook did not
	// mark; a page's id is not in the map.
	if r := post(t, gw.URL+"/v21.0/17841400000000009/messages", sendBody("500004", "RESPONSE", longReply)); !instagramLength(r) {
		t.Errorf("send through the Instagram account: %d %s, want blocked by Instagram's length in bytes", r.Status, r.Body)
	}
	if r := post(t, gw.URL+"/v21.0/1040000000000/messages", sendBody("500005", "RESPONSE", longReply)); r.Status != http.StatusOK {
		t.Errorf("send through a page: %d %s, want it sent", r.Status, r.Body)
	}
	// A short reply goes out on Instagram.
	if r := post(t, gw.URL+"/v21.0/me/messages", sendBody("ig-500002", "RESPONSE", "Votre chambre est prête à partir de 15 h.")); r.Status != http.StatusOK {
		t.Errorf("short Instagram reply: %d %s", r.Status, r.Body)
	}
	if n := len(up.received()); n != 3 {
		t.Errorf("upstream got %d sends, want 3", n)
	}

	// A map naming an unknown channel is refused.
	if _, err := gateway.New(gateway.Options{Linter: linterFunc(newLinter(t)), AccountChannels: map[string]string{"1784": "insta"}}); err == nil || !strings.Contains(err.Error(), `"insta"`) {
		t.Errorf("unknown channel in the map: %v", err)
	}
}

// A batch checked without recording (POST /v1/check {"messages": […]})
// sees the ad window and the Instagram conversation the webhook recorded.
func TestWebhookAdWindowInBatchCheck(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{}, nil)
	post(t, gw.URL+"/webhook", messengerEvent("400010", gwNow.Add(-6*24*time.Hour), `"message":{"mid":"m1","text":"in stock?","referral":{"source":"ADS","ad_id":"6045"}}`))
	post(t, gw.URL+"/webhook", instagramEvent("ig-400011", gwNow.Add(-time.Hour), `"message":{"mid":"m1","text":"détails ?"}`))
	body := fmt.Sprintf(`{"messages":[
		{"id":"ad","recipient":"400010","messaging_type":"UPDATE","lang":"en","text":"The brass Aurora lamp you asked about is back in stock."},
		{"id":"ig","recipient":"ig-400011","messaging_type":"RESPONSE","lang":"fr","text":%q}]}`, longReply)
	r := post(t, gw.URL+"/v1/check", body)
	if r.Status != http.StatusOK {
		t.Fatalf("check: %d %s", r.Status, r.Body)
	}
	var out struct {
		Results []resultObject `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil || len(out.Results) != 2 {
		t.Fatalf("results %s: %v", r.Body, err)
	}
	if ad := out.Results[0]; ad.has("messaging-window") {
		t.Errorf("ad window, 6 days: findings %v, want no messaging-window", ad.rules())
	}
	if ig := out.Results[1]; ig.Channel != "instagram" || ig.Verdict != "block" || !ig.has("length") {
		t.Errorf("Instagram conversation: channel %q, verdict %s, findings %v; want instagram, blocked by length", ig.Channel, ig.Verdict, ig.rules())
	}
}

// On Redis, what one gateway's webhook tap records (a first message after
// an ad, an Instagram conversation) decides what another gateway sharing
// the store lets through.
func TestWebhookAdAndInstagramAcrossGatewaysOnRedis(t *testing.T) {
	srv := historytest.StartRedisFor(t)
	prefix := newPrefix()
	up := newUpstream(t)
	_, gwA := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix)}, up)
	_, gwB := newGateway(t, gateway.Options{Store: openRedis(t, srv.URL(), prefix)}, up)

	adAt := gwNow.Add(-6 * 24 * time.Hour)
	post(t, gwA.URL+"/webhook", messengerEvent("410001", adAt, `"message":{"mid":"m1","text":"in stock?","referral":{"source":"ADS","ad_id":"6045"}}`))
	post(t, gwA.URL+"/webhook", messengerEvent("410001", adAt.Add(time.Hour), `"message":{"mid":"m2","text":"thanks"}`))
	post(t, gwA.URL+"/webhook", instagramEvent("ig-410002", gwNow.Add(-time.Minute), `"message":{"mid":"m1","text":"détails ?"}`))

	if r := post(t, gwB.URL+"/v21.0/me/messages", sendBody("410001", "UPDATE", "The brass Aurora lamp you asked about is back in stock.")); r.Status != http.StatusOK {
		t.Errorf("ad window through the other gateway: %d %s, want it sent", r.Status, r.Body)
	}
	r := post(t, gwB.URL+"/v21.0/me/messages", sendBody("ig-410002", "RESPONSE", longReply))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("Instagram conversation through the other gateway: %d %s, want 422", r.Status, r.Body)
	}
	if res := decodeResult(t, decodeError(t, r).Error.Presend); res.Channel != "instagram" {
		t.Errorf("Instagram conversation checked as %q, want instagram", res.Channel)
	}
	if n := len(up.received()); n != 1 {
		t.Errorf("upstream got %d sends, want 1", n)
	}
}

// A send inside a Graph batch gets the channel of the account its
// relative_url names, as a single send does.
func TestBatchAccountChannels(t *testing.T) {
	up := newBatchUpstream(t)
	_, gw := newGateway(t, gateway.Options{Upstream: up.URL, AccountChannels: map[string]string{"17841400000000009": "instagram"}}, nil)
	at := gwNow.Add(-time.Minute)
	for _, id := range []string{"500011", "500012"} {
		post(t, gw.URL+"/webhook", messengerEvent(id, at, `"message":{"mid":"m","text":"détails ?"}`))
	}
	batch := func(items ...map[string]any) response {
		return post(t, gw.URL+"/v21.0/", url.Values{"batch": {batchJSON(items...)}}.Encode(), "Content-Type", "application/x-www-form-urlencoded")
	}
	// Through a page: Messenger's 2,000 characters, it goes out.
	up.set(200)
	if r := batch(batchItem("v21.0/1040000000000/messages", sendBody("500011", "RESPONSE", longReply))); r.Status != http.StatusOK {
		t.Fatalf("batch through a page: %d %s", r.Status, r.Body)
	}
	// Through the Instagram account: its 1,000 bytes block it.
	r := batch(batchItem("v21.0/17841400000000009/messages", sendBody("500012", "RESPONSE", longReply)))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("batch through the Instagram account: %d %s, want 422", r.Status, r.Body)
	}
	var results struct {
		Results []resultObject `json:"results"`
	}
	if err := json.Unmarshal(decodeError(t, r).Error.Presend, &results); err != nil || len(results.Results) != 1 ||
		results.Results[0].Channel != "instagram" || !results.Results[0].has("length") {
		t.Errorf("batch through the Instagram account: %s", r.Body)
	}
	if n := len(up.got()); n != 1 {
		t.Errorf("the upstream got %d batches, want 1", n)
	}
}
