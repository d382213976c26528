package gateway_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint/gateway"
	"github.com/presend/presend/lint/history"
	"github.com/presend/presend/lint/history/historytest"
)

// The fault tests break a real component under load — redis-server paused
// (SIGSTOP) longer than the store timeout then resumed, redis-server killed
// then restarted on its port, a loopback upstream that hangs, one that
// fails with 5xx — and compare every answer the gateway gave with what
// reached the upstream and what the store holds: no phantom record, no
// permanent refusal (4xx) of a clean message, no send lost (each one
// refused as transient goes out exactly once when retried after recovery),
// never two accepted deliveries of one message.

func TestMain(m *testing.M) { historytest.Main(m) }

const (
	faultSenders         = 16
	faultPerSender       = 6
	faultStoreTimeout    = 200 * time.Millisecond
	faultUpstreamTimeout = time.Second // for the hanging upstream; 5 s elsewhere
)

// Upstream modes.
const (
	upOK   int32 = iota
	upHang       // hold the request until the gateway gives up; deliver nothing
	upFail       // answer 500; deliver nothing
)

// faultUpstream is a Send API on loopback that counts accepted deliveries
// per recipient: its history key (history.Key), the token's for a
// one-time notification.
type faultUpstream struct {
	*httptest.Server
	mode      atomic.Int32
	mu        sync.Mutex
	delivered map[string]int
}

func newFaultUpstream(t *testing.T) *faultUpstream {
	u := &faultUpstream{delivered: map[string]int{}}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var b struct {
			Recipient struct {
				ID    string `json:"id"`
				Token string `json:"one_time_notif_token"`
			} `json:"recipient"`
		}
		_ = json.Unmarshal(body, &b)
		to := history.Key(b.Recipient.ID, b.Recipient.Token)
		switch u.mode.Load() {
		case upHang:
			select {
			case <-r.Context().Done(): // the gateway gave up: nothing delivered
			case <-time.After(10 * time.Second):
			}
			return
		case upFail:
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"error":{"message":"An unexpected error has occurred.","code":2,"is_transient":true}}`)
			return
		}
		u.mu.Lock()
		u.delivered[to]++
		u.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"recipient_id":%q,"message_id":"m_%s"}`, to, to)
	}))
	t.Cleanup(u.Close)
	return u
}

// faultScenario is one run: how the messages look and how the fault comes
// and goes.
type faultScenario struct {
	store   history.Store
	up      *faultUpstream
	gw      string
	body    func(recipient string) string
	key     func(recipient string) string // body's history key; nil: the recipient
	brk     func()                        // breaks it when a third of the sends are done
	broken  <-chan struct{}               // or, with brk nil, closed when it broke itself
	heal    func()
	healthy func() bool // the broken part is back
}

func faultRecipient(s, i int) string { return fmt.Sprintf("7%02d%03d", s, i) }

// reply is a RESPONSE to a person who wrote (through the webhook): only the
// history knows the window is open.
func faultReply(recipient string) string {
	return sendBody(recipient, "RESPONSE", "Thanks for writing, your order "+recipient+" ships tomorrow morning.")
}

// faultNotification is a one-time notification the person asked for
// ("tell me when my order ships"): it needs no window, for a store that
// forgets everything. The tests' sends used to be POST_PURCHASE_UPDATE
// tags, which Meta retired on 2026-04-27; a one-time notification is what
// carries such a follow-up outside the window today.
func faultNotification(recipient string) string {
	b, _ := json.Marshal(map[string]any{
		"recipient": map[string]string{"one_time_notif_token": faultToken(recipient)},
		"message":   map[string]string{"text": "Your order " + recipient + " has shipped and arrives Thursday."},
	})
	return string(b)
}

// faultToken is the one-time notification token of recipient's
// faultNotification.
func faultToken(recipient string) string { return "otn-" + recipient }

// faultTokenKey is the history key of recipient's faultNotification.
func faultTokenKey(recipient string) string { return history.Key("", faultToken(recipient)) }

// transient says whether an answer is a refusal worth retrying: 503 from
// presend (is_transient, Retry-After), or a 5xx from or about the upstream.
func transient(t *testing.T, r response) bool {
	if r.Status == http.StatusServiceUnavailable {
		e := decodeError(t, r)
		if !e.Error.IsTransient || r.Header.Get("Retry-After") == "" {
			t.Errorf("503 without is_transient or Retry-After: %v %s", r.Header, r.Body)
		}
		return true
	}
	return r.Status >= 500
}

func runGatewayFault(t *testing.T, sc faultScenario) {
	t.Helper()
	url := sc.gw + "/v21.0/me/messages?access_token=x"
	var (
		mu        sync.Mutex
		requests  int
		forwarded int
		refused   []string
		permanent []string
	)
	answer := func(recipient string, r response, err error) {
		mu.Lock()
		defer mu.Unlock()
		requests++
		switch {
		case err != nil:
			permanent = append(permanent, fmt.Sprintf("%s: %v", recipient, err))
		case r.Status == http.StatusOK:
			forwarded++
		case transient(t, r):
			refused = append(refused, recipient)
		default:
			permanent = append(permanent, fmt.Sprintf("%s: %d %s", recipient, r.Status, r.Body))
		}
	}
	done := make(chan struct{}, faultSenders*faultPerSender)
	healed := make(chan struct{})
	go func() {
		defer close(healed)
		if sc.brk != nil {
			for range faultSenders * faultPerSender / 3 {
				<-done
			}
			sc.brk()
		} else {
			select {
			case <-sc.broken:
			case <-time.After(30 * time.Second):
				t.Error("the fault never came: the test proves nothing")
			}
		}
		<-time.After(3 * faultStoreTimeout)
		sc.heal()
	}()
	var wg sync.WaitGroup
	for s := range faultSenders {
		wg.Go(func() {
			for i := range faultPerSender {
				rc := faultRecipient(s, i)
				r, err := tryDo(http.MethodPost, url, sc.body(rc))
				answer(rc, r, err)
				done <- struct{}{}
				<-time.After(2 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	<-healed
	deadline := time.After(10 * time.Second)
	for !sc.healthy() {
		select {
		case <-deadline:
			t.Fatal("the broken part did not come back")
		case <-time.After(20 * time.Millisecond):
		}
	}
	retried, retriedOK := 0, 0
	for _, rc := range refused {
		retried++
		var r response
		var err error
		for range 20 {
			r, err = tryDo(http.MethodPost, url, sc.body(rc))
			if err != nil || !transient(t, r) {
				break
			}
			<-time.After(50 * time.Millisecond)
		}
		switch {
		case err != nil:
			permanent = append(permanent, fmt.Sprintf("%s retried: %v", rc, err))
		case r.Status != http.StatusOK:
			permanent = append(permanent, fmt.Sprintf("%s retried: %d %s", rc, r.Status, r.Body))
		default:
			retriedOK++
		}
	}
	ctx := context.Background()
	delivered, recorded, phantom := 0, 0, 0
	sc.up.mu.Lock()
	defer sc.up.mu.Unlock()
	for s := range faultSenders {
		for i := range faultPerSender {
			rc := faultRecipient(s, i)
			if sc.key != nil {
				rc = sc.key(rc)
			}
			n := sc.up.delivered[rc]
			delivered += n
			if n != 1 {
				t.Errorf("%s: %d accepted deliveries at the upstream, want 1", rc, n)
			}
			v, err := sc.store.View(ctx, rc, "", gwNow)
			if err != nil {
				t.Fatal(err)
			}
			recorded += len(v.Sends)
			phantom += max(0, len(v.Sends)-n)
		}
	}
	// requests: first attempts; forwarded: accepted deliveries, retries included.
	t.Logf("| requests | forwarded | recorded | refused (503/5xx) | retried | retried-forwarded |")
	t.Logf("| %d | %d | %d | %d | %d | %d |", requests, forwarded+retriedOK, recorded, len(refused), retried, retriedOK)
	if phantom > 0 {
		t.Errorf("%d phantom records: sends in the store that the upstream never accepted", phantom)
	}
	if len(permanent) > 0 {
		t.Errorf("%d permanent refusals of clean messages:\n%s", len(permanent), strings.Join(permanent, "\n"))
	}
	if len(refused) == 0 {
		t.Error("nothing was refused: the fault did not hit the load")
	}
	if forwarded+retriedOK != delivered {
		t.Errorf("%d answered 200, %d accepted at the upstream", forwarded+retriedOK, delivered)
	}
}

// openWindows records that each recipient wrote, through the webhook tap.
func openWindows(t *testing.T, gw string) {
	t.Helper()
	for s := range faultSenders {
		for i := range faultPerSender {
			ev := messengerEvent(faultRecipient(s, i), gwNow.Add(-time.Hour), `"message":{"text":"hello"}`)
			if r := post(t, gw+"/webhook", ev); r.Status != http.StatusOK {
				t.Fatalf("webhook: %d %s", r.Status, r.Body)
			}
		}
	}
}

func faultRedis(t *testing.T) (*historytest.RedisServer, history.Store) {
	srv := historytest.StartRedisFor(t)
	return srv, openRedis(t, srv.URL(), "presend:")
}

// Redis stalls for three store timeouts under 16 senders of replies to
// people who wrote, right after answering a View (so that a Reserve is sure
// to wait in its socket), then runs the writes queued meanwhile.
func TestFaultRedisPaused(t *testing.T) {
	srv, st := faultRedis(t)
	stall := historytest.NewStallAfterView(st, srv, faultSenders*faultPerSender/3)
	up := newFaultUpstream(t)
	_, gw := newGateway(t, gateway.Options{Store: stall, StoreTimeout: faultStoreTimeout, UpstreamTimeout: 5 * time.Second}, &upstream{Server: up.Server})
	openWindows(t, gw.URL)
	runGatewayFault(t, faultScenario{store: st, up: up, gw: gw.URL, body: faultReply,
		broken: stall.Stalled,
		heal: func() {
			if stall.Err != nil {
				t.Error(stall.Err)
			}
			if err := srv.Resume(); err != nil {
				t.Error(err)
			}
		},
		healthy: func() bool { return historytest.Ping(srv.Addr) == nil },
	})
}

// Redis is killed under load and restarted, empty, on the same port.
func TestFaultRedisKilled(t *testing.T) {
	srv, st := faultRedis(t)
	up := newFaultUpstream(t)
	_, gw := newGateway(t, gateway.Options{Store: st, StoreTimeout: faultStoreTimeout, UpstreamTimeout: 5 * time.Second}, &upstream{Server: up.Server})
	runGatewayFault(t, faultScenario{store: st, up: up, gw: gw.URL, body: faultNotification, key: faultTokenKey,
		brk: srv.Kill,
		heal: func() {
			if err := srv.Restart(); err != nil {
				t.Error(err)
			}
		},
		healthy: func() bool { return historytest.Ping(srv.Addr) == nil },
	})
}

// The upstream hangs: the gateway answers 504 after UpstreamTimeout and
// removes the reservation; the retry goes out once.
func TestFaultUpstreamHangs(t *testing.T) {
	_, st := faultRedis(t)
	up := newFaultUpstream(t)
	_, gw := newGateway(t, gateway.Options{Store: st, StoreTimeout: faultStoreTimeout, UpstreamTimeout: faultUpstreamTimeout}, &upstream{Server: up.Server})
	openWindows(t, gw.URL)
	runGatewayFault(t, faultScenario{store: st, up: up, gw: gw.URL, body: faultReply,
		brk:     func() { up.mode.Store(upHang) },
		heal:    func() { up.mode.Store(upOK) },
		healthy: func() bool { return true },
	})
}

// The upstream fails with 500: the client gets the upstream's answer, the
// reservation is removed before it, and the retry goes out once.
func TestFaultUpstreamFails(t *testing.T) {
	_, st := faultRedis(t)
	up := newFaultUpstream(t)
	_, gw := newGateway(t, gateway.Options{Store: st, StoreTimeout: faultStoreTimeout, UpstreamTimeout: faultUpstreamTimeout}, &upstream{Server: up.Server})
	openWindows(t, gw.URL)
	runGatewayFault(t, faultScenario{store: st, up: up, gw: gw.URL, body: faultReply,
		brk:     func() { up.mode.Store(upFail) },
		heal:    func() { up.mode.Store(upOK) },
		healthy: func() bool { return true },
	})
}

// With Redis down, a reply to a person who wrote (the window opened
// through the webhook while Redis was up) is never judged "the person never
// wrote": fail closed answers 503, transient, with Retry-After; fail open
// forwards it, marked Presend-History: unavailable, and counts it.
func TestStoreDownReply(t *testing.T) {
	for _, mode := range []gateway.FailMode{gateway.FailClosed, gateway.FailOpen} {
		t.Run(string(mode), func(t *testing.T) {
			srv, st := faultRedis(t)
			up := newFaultUpstream(t)
			_, gw := newGateway(t, gateway.Options{Store: st, FailMode: mode, StoreTimeout: faultStoreTimeout}, &upstream{Server: up.Server})
			if r := post(t, gw.URL+"/webhook", messengerEvent("800001", gwNow.Add(-time.Hour), `"message":{"text":"hello"}`)); r.Status != http.StatusOK {
				t.Fatalf("webhook: %d", r.Status)
			}
			srv.Kill()
			r := post(t, gw.URL+"/v21.0/me/messages", faultReply("800001"))
			if strings.Contains(r.Body, "never wrote") || r.Status == http.StatusUnprocessableEntity {
				t.Fatalf("store down judged as a finding: %d %s", r.Status, r.Body)
			}
			switch mode {
			case gateway.FailClosed:
				if r.Status != http.StatusServiceUnavailable || !decodeError(t, r).Error.IsTransient || r.Header.Get("Retry-After") == "" {
					t.Fatalf("fail closed: %d %v %s", r.Status, r.Header, r.Body)
				}
			case gateway.FailOpen:
				if r.Status != http.StatusOK || r.Header.Get("Presend-History") != "unavailable" {
					t.Fatalf("fail open: %d %v %s", r.Status, r.Header, r.Body)
				}
				if n := metricValue(metricsText(t, gw.URL), `presend_fail_open_total{via="proxy"}`); n != 1 {
					t.Errorf("presend_fail_open_total = %v, want 1", n)
				}
				// /v1/check says it too, in the result object.
				c := post(t, gw.URL+"/v1/check", faultReply("800001"))
				if c.Status != http.StatusOK || c.Header.Get("Presend-History") != "unavailable" ||
					!strings.Contains(c.Body, `"history":"unavailable"`) || decodeResult(t, []byte(c.Body)).has("messaging-window") {
					t.Errorf("/v1/check, store down, fail open: %d %v %s", c.Status, c.Header, c.Body)
				}
			}
		})
	}
}

// A batch recorded through /v1/check?record=true whose store calls take
// longer than the store timeout all together, but each well within it, is
// recorded whole: the store calls do not share one deadline (nor does the
// check run under it).
func TestCheckBatchStoreDeadline(t *testing.T) {
	st := history.NewMemory(history.Limits{})
	// Each View and Reserve takes 2 ms more: 300 messages' calls take at
	// least 1.2 s together, three times the store timeout, while one call
	// stays 200 times under it (a loaded machine once held a call past a
	// 100 ms timeout: the margin must cover a busy scheduler).
	slow := slowStore{Store: st, delay: 2 * time.Millisecond}
	_, gw := newGateway(t, gateway.Options{Store: slow, StoreTimeout: 400 * time.Millisecond}, nil)
	const n = 300
	var b strings.Builder
	b.WriteString(`{"messages":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"channel":"sms","recipient":"+33699%06d","text":"Votre colis %d arrive demain entre 9 h et 11 h. Suivez-le sur la page de votre commande, rubrique livraisons."}`, i, i)
	}
	b.WriteString(`]}`)
	r := post(t, gw.URL+"/v1/check?record=true", b.String())
	if r.Status != http.StatusOK || strings.Contains(r.Body, "cancelled") {
		t.Fatalf("batch of %d: %d %.300s", n, r.Status, r.Body)
	}
	for i := range n {
		v, err := st.View(context.Background(), fmt.Sprintf("+33699%06d", i), "", gwNow)
		if err != nil || len(v.Sends) != 1 {
			t.Fatalf("message %d: %d sends recorded (%v), want 1", i, len(v.Sends), err)
		}
	}
}

// slowStore is a store whose View and Reserve each take delay more.
type slowStore struct {
	history.Store
	delay time.Duration
}

func (s slowStore) View(ctx context.Context, recipient, token string, now time.Time) (history.View, error) {
	<-time.After(s.delay)
	return s.Store.View(ctx, recipient, token, now)
}

func (s slowStore) Reserve(ctx context.Context, snd history.Send, version uint64, lease time.Duration) error {
	<-time.After(s.delay)
	return s.Store.Reserve(ctx, snd, version, lease)
}
