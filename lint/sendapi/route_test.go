package sendapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/sendapi"
)

func TestRouteOf(t *testing.T) {
	for _, c := range []struct {
		method, target string
		want           sendapi.Route
	}{
		{"POST", "/me/messages", sendapi.RouteSend},
		{"POST", "/v21.0/me/messages", sendapi.RouteSend},
		{"POST", "/v21.0/me/messages/", sendapi.RouteSend},
		{"post", "/V21.0/Me/MESSAGES", sendapi.RouteSend},
		{"POST", "/v21.0/%6De/messages", sendapi.RouteSend},
		{"POST", "/v21.0/me%2Fmessages", sendapi.RouteSend},
		{"POST", "/v21.0//me/./messages", sendapi.RouteSend},
		{"POST", "/v21.0/a/b/../../me/messages", sendapi.RouteSend},
		{"POST", "/106540352242922/messages", sendapi.RouteSend},
		{"POST", "/v23.0/106540352242922/marketing_messages", sendapi.RouteSend},
		{"GET", "/v21.0/me/messages?method=POST", sendapi.RouteSend},
		{"POST", "/", sendapi.RouteRoot},
		{"POST", "/v21.0/", sendapi.RouteRoot},
		{"POST", "/v21.0", sendapi.RouteRoot},
		{"GET", "/v21.0/me/messages", sendapi.RouteOther},
		{"DELETE", "/v21.0/me/messages", sendapi.RouteOther},
		{"POST", "/v21.0/me/messages?method=get", sendapi.RouteOther},
		{"POST", "/v21.0/me/message_attachments", sendapi.RouteOther},
		{"POST", "/v21.0/me/photos", sendapi.RouteOther},
		{"POST", "/messages", sendapi.RouteOther},
		{"POST", "/v21.0/messages", sendapi.RouteOther},
		{"POST", "/v21.0/a/b/messages", sendapi.RouteOther},
		{"POST", "/version/me/messages/x", sendapi.RouteOther},
		{"GET", "/", sendapi.RouteOther},
	} {
		u, err := url.Parse(c.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := sendapi.RouteOf(c.method, u); got != c.want {
			t.Errorf("RouteOf(%s %s) = %v, want %v", c.method, c.target, got, c.want)
		}
	}
}

// A batch is found where the Graph API reads it, and its sends are read
// from their form bodies.
func TestReadBatch(t *testing.T) {
	items := `[{"method":"GET","relative_url":"me"},` +
		`{"method":"POST","relative_url":"v21.0/me/messages?access_token=SECRET","body":"recipient=%7B%22id%22%3A%22p1%22%7D&message=%7B%22text%22%3A%22Hello%20there%22%7D&messaging_type=RESPONSE"},` +
		`{"method":"POST","relative_url":"me/messages","body":"recipient=%7B%22id%22%3A%22p1%22%7D&sender_action=typing_on"},` +
		`{"relative_url":"me/messages","body":"message=%7B%7D"}]`
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("batch", items)
	fw, _ := mw.CreateFormFile("file1", "a.png")
	_, _ = fw.Write([]byte("PNG"))
	_ = mw.Close()
	jsonString, _ := json.Marshal(map[string]string{"batch": items})
	for name, c := range map[string]struct {
		contentType string
		query       url.Values
		body        []byte
	}{
		"form":        {"application/x-www-form-urlencoded", nil, []byte(url.Values{"batch": {items}}.Encode())},
		"query":       {"", url.Values{"batch": {items}}, nil},
		"multipart":   {mw.FormDataContentType(), nil, mp.Bytes()},
		"json array":  {"application/json", nil, []byte(`{"batch":` + items + `}`)},
		"json string": {"application/json", nil, jsonString},
	} {
		h := http.Header{}
		if c.contentType != "" {
			h.Set("Content-Type", c.contentType)
		}
		b, e := sendapi.ReadBatch(h, c.query, c.body)
		if e != nil || b == nil {
			t.Errorf("%s: %v", name, e)
			continue
		}
		if b.Len != 4 || len(b.Sends) != 2 || b.Sends[0].Index != 1 || b.Sends[1].Index != 2 {
			t.Errorf("%s: %+v", name, b)
			continue
		}
		if m := b.Sends[0].Messages; len(m) != 1 || m[0].Text != "Hello there" || m[0].Recipient != "p1" || m[0].MessagingType != "RESPONSE" {
			t.Errorf("%s: send 1 read as %+v", name, m)
		}
		if b.Sends[1].Messages != nil {
			t.Errorf("%s: a sender action has messages", name)
		}
	}
	// Not a batch: no parameter.
	if b, e := sendapi.ReadBatch(http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, nil, []byte("fields=id")); b != nil || e != nil {
		t.Errorf("no batch: %+v %v", b, e)
	}
	// An error names the sub-request and leaves its access token out.
	bad := `[{"method":"POST","relative_url":"me/messages?access_token=SECRET","body":"recipient=%7B%7D&message=%7B%22text%22%3A%22hi%22%7D"}]`
	_, e := sendapi.ReadBatch(http.Header{}, url.Values{"batch": {bad}}, nil)
	if e == nil || e.Status != http.StatusBadRequest || !strings.HasPrefix(e.Message, "presend: batch[0] (POST me/messages): ") || strings.Contains(e.Message, "SECRET") {
		t.Errorf("bad send: %v", e)
	}
}

// WhatsApp Cloud API sends are read: a text send's body, a template
// send's parameters (MARKETING when sent to …/marketing_messages, in a
// batch too), a media send's caption, an interactive send's header, body,
// footer and reply buttons; a read receipt and a location send nothing
// presend reads; a send that says it is WhatsApp but cannot be read is
// refused.
func TestWhatsAppSendRead(t *testing.T) {
	js := http.Header{"Content-Type": {"application/json"}}
	text := []byte(`{"messaging_product":"whatsapp","to":"+1 (555) 123-4567","type":"text","text":{"body":"50% off today only"}}`)
	msgs, e := sendapi.ReadSendRequest(js, nil, text)
	if e != nil || len(msgs) != 1 {
		t.Fatalf("text send: %v %v", msgs, e)
	}
	if m := msgs[0]; m.Channel != "whatsapp" || m.Recipient != "15551234567" || m.Text != "50% off today only" || m.TemplateCategory != "" {
		t.Errorf("text send: %+v", m)
	}
	tpl := `{"messaging_product":"whatsapp","to":"33612345678","type":"template","template":{"name":"promo_fr","language":{"code":"fr_FR"},"components":[` +
		`{"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/a.jpg"}}]},` +
		`{"type":"body","parameters":[{"type":"text","text":"Marie"},{"type":"currency","currency":{"fallback_value":"12,50 €","code":"EUR","amount_1000":12500}},{"type":"date_time","date_time":{"fallback_value":"lundi 3 mars"}}]},` +
		`{"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"track/4821"}]}]}}`
	msgs, e = sendapi.ReadSendRequest(js, nil, []byte(tpl))
	if e != nil || len(msgs) != 1 {
		t.Fatalf("template send: %v %v", msgs, e)
	}
	m := msgs[0]
	if m.ID != "promo_fr" || m.Lang != "fr" || m.Text != "Marie\n12,50 €\nlundi 3 mars" || m.TemplateCategory != sendapi.TemplateCategoryUnknown {
		t.Errorf("template send: %+v", m)
	}
	sendapi.ApplyRoute(&url.URL{Path: "/v23.0/106540352242922/messages"}, msgs)
	if msgs[0].TemplateCategory != sendapi.TemplateCategoryUnknown {
		t.Errorf("…/messages: category %q", msgs[0].TemplateCategory)
	}
	sendapi.ApplyRoute(&url.URL{Path: "/v23.0/106540352242922/marketing_messages/"}, msgs)
	if msgs[0].TemplateCategory != "MARKETING" {
		t.Errorf("…/marketing_messages: category %q, want MARKETING", msgs[0].TemplateCategory)
	}
	batch := `[{"method":"POST","relative_url":"106540352242922/marketing_messages","body":` + strconv.Quote(tpl) + `}]`
	b, e := sendapi.ReadBatch(http.Header{}, url.Values{"batch": {batch}}, nil)
	if e != nil || len(b.Sends) != 1 || len(b.Sends[0].Messages) != 1 || b.Sends[0].Messages[0].TemplateCategory != "MARKETING" {
		t.Errorf("batch: %+v %v", b, e)
	}

	for _, tc := range []struct {
		name, body, template, text string
		replies                    []string
	}{
		{"image", `{"messaging_product":"whatsapp","to":"15551234567","type":"image","image":{"link":"https://example.com/a.jpg"}}`, "image", "", nil},
		{"captioned video", `{"messaging_product":"whatsapp","to":"15551234567","type":"video","video":{"id":"42","caption":"Votre visite guidée"}}`, "video", "Votre visite guidée", nil},
		{"document", `{"messaging_product":"whatsapp","to":"15551234567","type":"document","document":{"link":"https://example.com/f.pdf","caption":"Your invoice","filename":"f.pdf"}}`, "file", "Your invoice", nil},
		{"sticker", `{"messaging_product":"whatsapp","to":"15551234567","type":"sticker","sticker":{"id":"7"}}`, "image", "", nil},
		{"reply buttons", `{"messaging_product":"whatsapp","to":"15551234567","type":"interactive","interactive":{"type":"button",` +
			`"header":{"type":"text","text":"Rendez-vous"},"body":{"text":"Confirmez-vous mardi à 10 h ?"},"footer":{"text":"Cabinet Martin"},` +
			`"action":{"buttons":[{"type":"reply","reply":{"id":"y","title":"Oui"}},{"type":"reply","reply":{"id":"n","title":"Non, un autre jour"}}]}}}`,
			"", "Rendez-vous\nConfirmez-vous mardi à 10 h ?\nCabinet Martin", []string{"Oui", "Non, un autre jour"}},
		{"list with an image header", `{"messaging_product":"whatsapp","to":"15551234567","type":"interactive","interactive":{"type":"list",` +
			`"header":{"type":"image","image":{"link":"https://example.com/m.jpg"}},"body":{"text":"Pick a time"},` +
			`"action":{"button":"Times","sections":[{"title":"Tue","rows":[{"id":"1","title":"10:00"}]}]}}}`,
			"", "Pick a time", nil},
	} {
		msgs, e := sendapi.ReadSendRequest(js, nil, []byte(tc.body))
		if e != nil || len(msgs) != 1 {
			t.Errorf("%s: %v %v", tc.name, msgs, e)
			continue
		}
		if m := msgs[0]; m.Channel != "whatsapp" || m.Recipient != "15551234567" || m.Template != tc.template || m.Text != tc.text || !slices.Equal(m.QuickReplies, tc.replies) {
			t.Errorf("%s: %+v", tc.name, m)
		}
	}
	for name, body := range map[string]string{
		"read receipt": `{"messaging_product":"whatsapp","status":"read","message_id":"wamid.X"}`,
		"location":     `{"messaging_product":"whatsapp","to":"15551234567","type":"location","location":{"latitude":48.85,"longitude":2.35}}`,
	} {
		if msgs, e := sendapi.ReadSendRequest(js, nil, []byte(body)); msgs != nil || e != nil {
			t.Errorf("%s: %v %v", name, msgs, e)
		}
	}
	for name, body := range map[string]string{
		"no text body":                   `{"messaging_product":"whatsapp","to":"15551234567","type":"text","text":{}}`,
		"no template name":               `{"messaging_product":"whatsapp","to":"15551234567","type":"template","template":{"language":{"code":"en"}}}`,
		"another product":                `{"messaging_product":"rcs","to":"15551234567","text":{"body":"hi"}}`,
		"body of bad types":              `{"messaging_product":"whatsapp","to":15551234567,"text":{"body":"hi"}}`,
		"image without its object":       `{"messaging_product":"whatsapp","to":"15551234567","type":"image"}`,
		"interactive without its object": `{"messaging_product":"whatsapp","to":"15551234567","type":"interactive"}`,
	} {
		if _, e := sendapi.ReadSendRequest(js, nil, []byte(body)); e == nil || e.Status != http.StatusBadRequest {
			t.Errorf("%s: %v, want 400", name, e)
		}
	}
	// A WhatsApp message field in the query string cannot be checked.
	if _, e := sendapi.ReadSendRequest(js, url.Values{"text": {`{"body":"hi"}`}}, text); e == nil || e.Status != http.StatusBadRequest {
		t.Errorf("text in the query: %v", e)
	}
}

// Transport checks the sends of a batch too: one blocked refuses it, and
// each send that went out stays in the history only if its answer was a
// success.
func TestTransportBatch(t *testing.T) {
	var mu sync.Mutex
	var got int
	codes := []int{200, 400}
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got++
		mu.Unlock()
		out, _ := json.Marshal([]map[string]int{{"code": codes[0]}, {"code": codes[1]}})
		_, _ = w.Write(out)
	}))
	defer up.Close()
	store := history.NewMemory(history.Limits{})
	wrote(t, store, "q1", "q2")
	client := &http.Client{Transport: sendapi.Transport(newLinter(t), nil, sendapi.WithStore(store))}
	item := func(recipient, text string) string {
		return `{"method":"POST","relative_url":"me/messages","body":"` + url.Values{
			"recipient": {`{"id":"` + recipient + `"}`}, "messaging_type": {"RESPONSE"},
			"message": {`{"text":"` + text + `"}`},
		}.Encode() + `"}`
	}
	shipped := "Your order #4821 has shipped and arrives Thursday."
	send := func(items ...string) error {
		form := url.Values{"batch": {"[" + strings.Join(items, ",") + "]"}}.Encode()
		resp, err := client.Post(up.URL+"/v21.0/", "application/x-www-form-urlencoded", strings.NewReader(form))
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	}
	if err := send(item("q1", shipped), item("q2", shipped)); err != nil {
		t.Fatal(err)
	}
	// q1 went out (200), q2 did not (400): q1 again is a duplicate, q2 is not.
	var rej *lint.Rejection
	err := send(item("q2", shipped), item("q1", shipped))
	if !errors.As(err, &rej) || !strings.Contains(err.Error(), "batch[1]") || !strings.Contains(err.Error(), "duplicate-send") {
		t.Fatalf("second batch: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got != 1 {
		t.Errorf("the upstream got %d batches, want 1", got)
	}
}
