package gateway_test

import (
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/presend/presend/lint/gateway"
)

// A rotation of the app secret: the old one alone, both, then the new one
// alone. An event signed with any secret in use is taken, others are
// refused with 403.
func TestSecretRotation(t *testing.T) {
	var secrets atomic.Pointer[[]string]
	set := func(s ...string) { secrets.Store(&s) }
	set("old-secret")
	_, gw := newGateway(t, gateway.Options{
		AppSecret:  "deprecated-secret", // AppSecrets wins
		AppSecrets: func() []string { return *secrets.Load() },
	}, nil)
	body := messengerEvent("7", gwNow, `"message":{"text":"hi"}`)
	status := func(secret string) int {
		return post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), secret)).Status
	}
	steps := []struct {
		secrets []string
		valid   map[string]bool
	}{
		{[]string{"old-secret"}, map[string]bool{"old-secret": true}},
		{[]string{"old-secret", "new-secret"}, map[string]bool{"old-secret": true, "new-secret": true}},
		{[]string{"new-secret"}, map[string]bool{"new-secret": true}},
	}
	for _, st := range steps {
		set(st.secrets...)
		for _, secret := range []string{"old-secret", "new-secret", "deprecated-secret", "other"} {
			want := http.StatusForbidden
			if st.valid[secret] {
				want = http.StatusOK
			}
			if got := status(secret); got != want {
				t.Errorf("secrets %v, signed with %s: %d, want %d", st.secrets, secret, got, want)
			}
		}
		if r := post(t, gw.URL+"/webhook", body); r.Status != http.StatusForbidden {
			t.Errorf("secrets %v, unsigned: %d", st.secrets, r.Status)
		}
	}
	// No secret at all: events are taken unsigned (as without AppSecret).
	set()
	if r := post(t, gw.URL+"/webhook", body); r.Status != http.StatusOK {
		t.Errorf("no secret, unsigned: %d", r.Status)
	}
}

// The deprecated AppSecret alone still checks signatures.
func TestSignatureAppSecret(t *testing.T) {
	_, gw := newGateway(t, gateway.Options{AppSecret: "s1"}, nil)
	body := messengerEvent("8", gwNow, `"message":{"text":"hi"}`)
	if r := post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), "s1")); r.Status != http.StatusOK {
		t.Errorf("signed: %d %s", r.Status, r.Body)
	}
	if r := post(t, gw.URL+"/webhook", body, "X-Hub-Signature-256", gateway.Sign([]byte(body), "s2")); r.Status != http.StatusForbidden {
		t.Errorf("other secret: %d", r.Status)
	}
}
