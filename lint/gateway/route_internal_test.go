package gateway

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
)

// A send's handler reads the page or account id of its path as
// r.PathValue("page"), however the path was spelled, as it did when the
// mux routed /{version}/{page}/messages.
func TestSendPathValuePage(t *testing.T) {
	s, err := New(Options{Linter: func() *lint.Linter { return nil }, Upstream: "http://127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	s.sendH = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = append(got, r.PathValue("page")) })
	paths := []string{"/v21.0/17841400000000001/messages", "/17841400000000001/messages/", "/v21.0/%31%37841400000000001/marketing_messages", "/v21.0/me/messages", "/me/messages"}
	for _, p := range paths {
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, p, strings.NewReader("{}")))
	}
	want := []string{"17841400000000001", "17841400000000001", "17841400000000001", "", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("page path values %q, want %q", got, want)
	}
}
