package gateway_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// TestQuietHoursRetryAfter: a promotional SMS blocked only because it falls
// in the recipient's quiet hours is answered with its own subcode and a
// Retry-After at the next allowed time, so that a queue can reschedule it;
// a message blocked for another reason gets neither.
func TestQuietHoursRetryAfter(t *testing.T) {
	evening := time.Date(2026, 11, 24, 21, 30, 0, 0, time.UTC) // 22:30 in Paris
	cfg := linttest.Config()
	cfg.Clock = func() time.Time { return evening }
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	handled := 0
	srv := httptest.NewServer(gateway.Middleware(l)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled++
	})))
	defer srv.Close()

	promo := `{"channel":"sms","lang":"fr","recipient":"+33612345678","text":"Soldes d'hiver : -20 % sur tout le magasin ce week-end avec le code HIVER20. STOP au 36180"}`
	r := post(t, srv.URL+"/outbox", promo, "Content-Type", "application/json")
	var e graphError
	if err := json.Unmarshal([]byte(r.Body), &e); err != nil {
		t.Fatalf("%d %s: %v", r.Status, r.Body, err)
	}
	if r.Status != http.StatusUnprocessableEntity || e.Error.Subcode != gateway.SubcodeQuietHours || e.Error.Type != "PresendQuietHours" {
		t.Fatalf("quiet hours: %d subcode %d %s: %s", r.Status, e.Error.Subcode, e.Error.Type, r.Body)
	}
	next := time.Date(2026, 11, 25, 7, 0, 0, 0, time.UTC) // 08:00 in Paris
	if got := r.Header.Get("Retry-After"); got != next.Format(http.TimeFormat) {
		t.Errorf("Retry-After %q, want %q", got, next.Format(http.TimeFormat))
	}
	if handled != 0 {
		t.Errorf("the handler ran for a blocked message")
	}

	// Blocked for another reason too (a text over the SMS limit): no
	// Retry-After, the plain subcode.
	long := `{"channel":"sms","lang":"fr","recipient":"+33612345678","text":"` + longFrench() + `"}`
	r = post(t, srv.URL+"/outbox", long, "Content-Type", "application/json")
	_ = json.Unmarshal([]byte(r.Body), &e)
	if r.Status != http.StatusUnprocessableEntity || e.Error.Subcode != gateway.SubcodeBlocked || r.Header.Get("Retry-After") != "" {
		t.Errorf("other block: %d subcode %d Retry-After %q", r.Status, e.Error.Subcode, r.Header.Get("Retry-After"))
	}
}

// longFrench is a promotional SMS over the length limit presend blocks.
func longFrench() string {
	s := "Soldes d'hiver : -20 % sur tout le magasin avec le code HIVER20. "
	out := ""
	for range 40 {
		out += s
	}
	return out + "STOP au 36180"
}
