// Package historytest is the conformance suite every history.Store must
// pass: the memory store and the Redis store run the same tests, so that a
// gateway behaves the same whichever it is given.
package historytest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/presend/presend/lint/history"
)

// t0 is a time in the past, so that a store filtering by the wall clock
// instead of the caller's now fails the suite.
var t0 = time.Date(2019, 3, 1, 9, 30, 0, 0, time.UTC)

// Run runs the suite. open returns a new, empty store for one test; it may
// set any Limits: when the store has a Limits() history.Limits method the
// suite reads them from it, otherwise it assumes the defaults. open
// arranges for the store to be closed (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) history.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, st history.Store)
	}{
		{"ViewRecordConflict", testViewRecordConflict},
		{"RoundTrip", testRoundTrip},
		{"Recipients", testRecipients},
		{"TimeOrder", testTimeOrder},
		{"Inbound", testInbound},
		{"AdInbound", testAdInbound},
		{"AdInboundRetention", testAdInboundRetention},
		{"AdClick", testAdClick},
		{"Channel", testChannel},
		{"ViewIsSnapshot", testViewIsSnapshot},
		{"Token", testToken},
		{"TokenRetention", testTokenRetention},
		{"MaxSends", testMaxSends},
		{"Remove", testRemove},
		{"RemoveToken", testRemoveToken},
		{"Retention", testRetention},
		{"RetentionCutoff", testRetentionCutoff},
		{"Cancelled", testCancelled},
		{"Reserve", testReserve},
		{"ReserveLapses", testReserveLapses},
		{"ConcurrentRecord", func(t *testing.T, st history.Store) {
			RaceCap(t, []history.Store{st}, 16, 5)
		}},
		{"ConcurrentToken", func(t *testing.T, st history.Store) {
			RaceToken(t, []history.Store{st}, 8, 200)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, open(t))
		})
	}
}

// RaceToken runs rounds in which writers goroutines, spread over stores,
// each send a one-time notification with the same token (addressed to the
// token alone), checking that it is unused and recording it, retrying on a
// conflict. In every round exactly one must record: a token is good for one
// message.
func RaceToken(t *testing.T, stores []history.Store, writers, rounds int) {
	t.Helper()
	ctx := context.Background()
	for r := range rounds {
		token := fmt.Sprintf("tok-%d", r)
		key := history.Key("", token)
		var wg sync.WaitGroup
		var won atomic.Int64
		for w := range writers {
			st := stores[w%len(stores)]
			wg.Go(func() {
				snd := history.Send{ID: fmt.Sprint(w), Recipient: key, At: t0, Token: token}
				used := func(v history.View) bool { return v.TokenUse != nil } // the rules block this send
				ok, err := viewRecord(ctx, st, key, token, snd, used, nil)
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("round %d: %d writers sent with token %s, want exactly 1", r, won.Load(), token)
		}
	}
}

// RaceCap has writers goroutines, spread over stores (which share their
// data, like two gateways on one Redis), each check a send to one recipient
// against a cap of limit sends and record it, retrying on a conflict as
// lint.Linter.CheckAndRecord does. Exactly limit of them must record.
func RaceCap(t *testing.T, stores []history.Store, writers, limit int) {
	t.Helper()
	ctx := context.Background()
	const recipient = "race"
	var wg sync.WaitGroup
	var won, conflicts atomic.Int64
	for w := range writers {
		st := stores[w%len(stores)]
		wg.Go(func() {
			snd := history.Send{Recipient: recipient, At: t0, Ref: fmt.Sprint("writer ", w)}
			capped := func(v history.View) bool { return len(v.Sends) >= limit } // the cap is taken
			ok, err := viewRecord(ctx, st, recipient, "", snd, capped, &conflicts)
			if err != nil {
				t.Error(err)
			}
			if ok {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	v, err := stores[0].View(ctx, recipient, "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if won.Load() != int64(limit) || len(v.Sends) != limit {
		t.Fatalf("%d writers recorded, store holds %d sends; want exactly %d (the cap)", won.Load(), len(v.Sends), limit)
	}
	t.Logf("%d writers over %d stores: %d recorded, %d conflicts retried", writers, len(stores), won.Load(), conflicts.Load())
}

// viewRecord is the check-and-record loop of lint.Linter.CheckAndRecord in
// miniature: view key's history (and token's); stop when taken says the
// send may not go; else record snd at the version viewed, and again after
// a conflict (counted in conflicts when not nil). recorded says whether
// snd was recorded.
func viewRecord(ctx context.Context, st history.Store, key, token string, snd history.Send, taken func(history.View) bool, conflicts *atomic.Int64) (recorded bool, err error) {
	for {
		v, err := st.View(ctx, key, token, t0)
		if err != nil {
			return false, err
		}
		if taken(v) {
			return false, nil
		}
		err = st.Record(ctx, snd, v.Version)
		if errors.Is(err, history.ErrConflict) {
			if conflicts != nil {
				conflicts.Add(1)
			}
			continue
		}
		return err == nil, err
	}
}

func limitsOf(st history.Store) history.Limits {
	if l, ok := st.(interface{ Limits() history.Limits }); ok {
		return l.Limits().WithDefaults()
	}
	return history.Limits{}.WithDefaults()
}

func view(t *testing.T, st history.Store, recipient, token string, now time.Time) history.View {
	t.Helper()
	v, err := st.View(context.Background(), recipient, token, now)
	if err != nil {
		t.Fatalf("View(%q, %q): %v", recipient, token, err)
	}
	return v
}

func record(t *testing.T, st history.Store, s history.Send, version uint64) {
	t.Helper()
	if err := st.Record(context.Background(), s, version); err != nil {
		t.Fatalf("Record(%+v, %d): %v", s, version, err)
	}
}

// add records s against the recipient's current version.
func add(t *testing.T, st history.Store, s history.Send) {
	t.Helper()
	record(t, st, s, view(t, st, s.Recipient, "", s.At).Version)
}

func inbound(t *testing.T, st history.Store, recipient string, at time.Time) {
	t.Helper()
	if err := st.RecordInbound(context.Background(), recipient, at); err != nil {
		t.Fatalf("RecordInbound(%q, %v): %v", recipient, at, err)
	}
}

func refs(sends []history.Send) []string {
	r := make([]string, len(sends))
	for i, s := range sends {
		r[i] = s.Ref
	}
	return r
}

func testViewRecordConflict(t *testing.T, st history.Store) {
	ctx := context.Background()
	v := view(t, st, "a", "", t0)
	if v.Recipient != "a" || v.Version != 0 || len(v.Sends) != 0 || !v.LastInbound.IsZero() || v.TokenUse != nil {
		t.Fatalf("empty view = %+v", v)
	}
	record(t, st, history.Send{Recipient: "a", At: t0, Fingerprint: 7, Ref: "x:1"}, v.Version)

	// A second record against the old version conflicts and stores nothing.
	err := st.Record(ctx, history.Send{Recipient: "a", At: t0.Add(time.Minute), Ref: "x:2"}, v.Version)
	if !errors.Is(err, history.ErrConflict) {
		t.Fatalf("stale record: err = %v, want ErrConflict", err)
	}
	w := view(t, st, "a", "", t0.Add(time.Hour))
	if len(w.Sends) != 1 || w.Sends[0].Fingerprint != 7 || w.Sends[0].Ref != "x:1" || w.Version == v.Version {
		t.Fatalf("view after one record = %+v (version before %d)", w, v.Version)
	}
	// A version the store never had conflicts too.
	err = st.Record(ctx, history.Send{Recipient: "a", At: t0}, 1<<63+5)
	if !errors.Is(err, history.ErrConflict) {
		t.Fatalf("record against a made-up version: err = %v, want ErrConflict", err)
	}
	// Recording against the current version works, and changes it again.
	record(t, st, history.Send{Recipient: "a", At: t0.Add(2 * time.Minute), Ref: "x:3"}, w.Version)
	if x := view(t, st, "a", "", t0.Add(time.Hour)); len(x.Sends) != 2 || x.Version == w.Version || x.Version == v.Version {
		t.Fatalf("view after two records = %+v", x)
	}

	// Other recipients are untouched.
	if o := view(t, st, "b", "", t0); len(o.Sends) != 0 || o.Version != 0 {
		t.Fatalf("other recipient sees %+v", o)
	}
	// A send without recipient has nowhere to go: not an error.
	if err := st.Record(ctx, history.Send{At: t0, Token: "lost"}, 0); err != nil {
		t.Fatalf("recording a send without recipient: %v", err)
	}
	if e := view(t, st, "", "lost", t0); e.TokenUse != nil || len(e.Sends) != 0 {
		t.Fatalf("send without recipient was stored: %+v", e)
	}
}

// testRoundTrip checks that every field of a send comes back as recorded,
// in the recipient's sends and as a token's use.
func testRoundTrip(t *testing.T, st history.Store) {
	want := history.Send{ // #nosec G101 -- test tokens, not credentials
		ID:             "id-1",
		Recipient:      "3361234567",
		At:             t0.Add(1234567891 * time.Nanosecond),
		Automated:      true,
		Promotional:    true,
		Fingerprint:    1<<64 - 1, // beyond a float64's exact integers
		SimHash:        1<<63 + 12345,
		Token:          "tok\"{x}",
		MarketingToken: "nm-token-é",
		OptinTitle:     "Offres de la semaine «Aurora»",
		Ref:            "outbox.jsonl:12 (c7) «quoted \"ref\"» {braces} <&>",
	}
	record(t, st, want, 0)
	v := view(t, st, want.Recipient, want.Token, want.At)
	if len(v.Sends) != 1 {
		t.Fatalf("%d sends, want 1", len(v.Sends))
	}
	same := func(what string, got history.Send) {
		t.Helper()
		if !got.At.Equal(want.At) {
			t.Errorf("%s: At = %v, want %v", what, got.At, want.At)
		}
		got.At = want.At
		if got != want {
			t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
		}
	}
	same("send", v.Sends[0])
	if v.TokenUse == nil {
		t.Fatal("no token use")
	}
	same("token use", *v.TokenUse)

	// Zero values come back as zero values.
	bare := history.Send{Recipient: "bare", At: t0}
	record(t, st, bare, 0)
	if b := view(t, st, "bare", "", t0); len(b.Sends) != 1 || b.Sends[0] != (history.Send{Recipient: "bare", At: b.Sends[0].At}) || !b.Sends[0].At.Equal(t0) {
		t.Fatalf("bare send came back as %+v", b.Sends)
	}
}

// testRecipients checks that recipients that differ only in characters a
// store might treat specially are kept apart.
func testRecipients(t *testing.T, st history.Store) {
	names := []string{"{a}", "%7Ba%7D", "a", "{a", "a}", "}{", "otn:a", "a:b", "a b", "é"}
	for i, r := range names {
		record(t, st, history.Send{Recipient: r, At: t0, Ref: r, Fingerprint: uint64(i)}, 0)
		record(t, st, history.Send{Recipient: r, At: t0, Ref: r, Token: r}, 1)
	}
	for _, r := range names {
		v := view(t, st, r, r, t0)
		if len(v.Sends) != 2 || v.Sends[0].Ref != r || v.Sends[1].Ref != r || v.Sends[0].Recipient != r {
			t.Errorf("recipient %q: sends %+v", r, v.Sends)
		}
		if v.TokenUse == nil || v.TokenUse.Recipient != r {
			t.Errorf("token %q: use %+v", r, v.TokenUse)
		}
	}
}

func testTimeOrder(t *testing.T, st history.Store) {
	// A send log may record out of order.
	for i, h := range []int{5, 1, 3, 2, 4} {
		record(t, st, history.Send{Recipient: "a", At: t0.Add(time.Duration(h) * time.Hour), Ref: fmt.Sprint(h)}, uint64(i))
	}
	v := view(t, st, "a", "", t0.Add(6*time.Hour))
	if got := fmt.Sprint(refs(v.Sends)); got != "[1 2 3 4 5]" {
		t.Fatalf("sends in order %s, want [1 2 3 4 5]", got)
	}

	// Sends at the same time keep the order they were recorded in, and
	// identical sends are both kept.
	at := t0.Add(time.Hour)
	add(t, st, history.Send{Recipient: "b", At: at, Ref: "first"})
	add(t, st, history.Send{Recipient: "b", At: at, Ref: "second"})
	add(t, st, history.Send{Recipient: "b", At: at, Ref: "second"})
	add(t, st, history.Send{Recipient: "b", At: at.Add(-time.Nanosecond), Ref: "a nanosecond before"})
	add(t, st, history.Send{Recipient: "b", At: at.Add(time.Nanosecond), Ref: "a nanosecond after"})
	add(t, st, history.Send{Recipient: "b", At: at, Ref: "third"})
	v = view(t, st, "b", "", at)
	want := "[a nanosecond before first second second third a nanosecond after]"
	if got := fmt.Sprint(refs(v.Sends)); got != want {
		t.Fatalf("sends in order %s, want %s", got, want)
	}
}

func testInbound(t *testing.T, st history.Store) {
	inbound(t, st, "a", t0)
	inbound(t, st, "a", t0.Add(-time.Hour)) // older: ignored
	v := view(t, st, "a", "", t0.Add(time.Hour))
	if !v.LastInbound.Equal(t0) {
		t.Fatalf("last inbound %v, want %v", v.LastInbound, t0)
	}
	// An inbound message does not change the send version: a check that
	// raced with it is still valid.
	if v.Version != 0 {
		t.Fatalf("version %d after an inbound message, want 0", v.Version)
	}
	record(t, st, history.Send{Recipient: "a", At: t0.Add(time.Minute)}, v.Version)
	w := view(t, st, "a", "", t0.Add(time.Hour))
	later := t0.Add(30*time.Minute + time.Nanosecond)
	inbound(t, st, "a", later)
	x := view(t, st, "a", "", t0.Add(time.Hour))
	if !x.LastInbound.Equal(later) || x.Version != w.Version || len(x.Sends) != 1 {
		t.Fatalf("after a later inbound message: %+v, want inbound %v and version %d", x, later, w.Version)
	}
	// No recipient or no time: nothing to note.
	if err := st.RecordInbound(context.Background(), "", t0); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordInbound(context.Background(), "b", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if b := view(t, st, "b", "", t0); !b.LastInbound.IsZero() {
		t.Fatalf("zero inbound time recorded: %+v", b)
	}
}

func testToken(t *testing.T, st history.Store) {
	first := history.Send{ID: "s1", Recipient: "a", At: t0.Add(time.Hour), Token: "tok", Ref: "first"}
	record(t, st, first, 0)
	// A token is one person's, but its use is found from any key: the
	// recipient, another one, or the token alone.
	for _, r := range []string{"a", "b", ""} {
		v := view(t, st, r, "tok", t0.Add(2*time.Hour))
		if v.TokenUse == nil || v.TokenUse.Ref != "first" || v.TokenUse.Recipient != "a" || v.TokenUse.ID != "s1" {
			t.Fatalf("view of %q: token use %+v, want the first", r, v.TokenUse)
		}
		if r == "" && (len(v.Sends) != 0 || v.Version != 0) {
			t.Fatalf("view of the token alone: %+v", v)
		}
	}
	if v := view(t, st, "a", "other", t0.Add(2*time.Hour)); v.TokenUse != nil {
		t.Fatalf("unused token: use %+v", v.TokenUse)
	}
	if v := view(t, st, "a", "", t0.Add(2*time.Hour)); v.TokenUse != nil {
		t.Fatalf("no token asked: use %+v", v.TokenUse)
	}

	// A later use does not replace the first.
	add(t, st, history.Send{Recipient: "otn:tok", At: t0.Add(2 * time.Hour), Token: "tok", Ref: "later"})
	if v := view(t, st, "", "tok", t0.Add(3*time.Hour)); v.TokenUse == nil || v.TokenUse.Ref != "first" {
		t.Fatalf("after a later use: %+v, want the first", v.TokenUse)
	}
	// An earlier one recorded late (a send log out of order) does.
	add(t, st, history.Send{Recipient: "c", At: t0, Token: "tok", Ref: "earlier"})
	if v := view(t, st, "", "tok", t0.Add(3*time.Hour)); v.TokenUse == nil || v.TokenUse.Ref != "earlier" || v.TokenUse.Recipient != "c" {
		t.Fatalf("after an earlier use: %+v, want the earlier", v.TokenUse)
	}
}

func testTokenRetention(t *testing.T, st history.Store) {
	l := limitsOf(st)
	record(t, st, history.Send{Recipient: "a", At: t0, Token: "tok"}, 0)
	if v := view(t, st, "b", "tok", t0.Add(l.TokenRetention)); v.TokenUse == nil {
		t.Fatalf("token use forgotten after exactly TokenRetention (%v)", l.TokenRetention)
	}
	if v := view(t, st, "b", "tok", t0.Add(l.TokenRetention+time.Second)); v.TokenUse != nil {
		t.Fatalf("token use kept after TokenRetention (%v): %+v", l.TokenRetention, v.TokenUse)
	}
}

func testMaxSends(t *testing.T, st history.Store) {
	maxSends := limitsOf(st).MaxSends
	for i := range maxSends + 4 {
		record(t, st, history.Send{Recipient: "a", At: t0.Add(time.Duration(i) * time.Second), Ref: strconv.Itoa(i)}, uint64(i))
	}
	end := t0.Add(time.Duration(maxSends+4) * time.Second)
	v := view(t, st, "a", "", end)
	if len(v.Sends) != maxSends || v.Sends[0].Ref != "4" || v.Sends[maxSends-1].Ref != strconv.Itoa(maxSends+3) {
		t.Fatalf("kept %d sends, from %s to %s; want the last %d, from 4", len(v.Sends), v.Sends[0].Ref, v.Sends[len(v.Sends)-1].Ref, maxSends)
	}
	// A send older than all the kept ones is the one dropped.
	record(t, st, history.Send{Recipient: "a", At: t0.Add(-time.Hour), Ref: "old"}, v.Version)
	w := view(t, st, "a", "", end)
	if len(w.Sends) != maxSends || w.Sends[0].Ref != "4" || w.Version == v.Version {
		t.Fatalf("after an old send: %d sends from %s, version %d; want %d from 4 and a new version", len(w.Sends), w.Sends[0].Ref, w.Version, maxSends)
	}
}

func testRemove(t *testing.T, st history.Store) {
	ctx := context.Background()
	a := history.Send{ID: "s1", Recipient: "a", At: t0, Token: "tok"}
	b := history.Send{ID: "s2", Recipient: "a", At: t0.Add(time.Minute)}
	record(t, st, a, 0)
	add(t, st, b)
	v := view(t, st, "a", "tok", t0)
	if err := st.Remove(ctx, a); err != nil {
		t.Fatal(err)
	}
	w := view(t, st, "a", "tok", t0)
	if len(w.Sends) != 1 || w.Sends[0].ID != "s2" || w.TokenUse != nil {
		t.Fatalf("after removing s1: %+v", w)
	}
	if w.Version == v.Version {
		t.Fatal("Remove did not change the version: a check against the old view could still record")
	}
	if err := st.Record(ctx, history.Send{Recipient: "a", At: t0}, v.Version); !errors.Is(err, history.ErrConflict) {
		t.Fatalf("record against the view before Remove: err = %v, want ErrConflict", err)
	}
	// Removing twice, an unknown send or a send without ID changes
	// nothing and is not an error.
	for _, s := range []history.Send{a, {ID: "nope", Recipient: "a"}, {ID: "nope", Recipient: "zz"}, {Recipient: "a"}, {ID: "s2"}} {
		if err := st.Remove(ctx, s); err != nil {
			t.Errorf("Remove(%+v): %v", s, err)
		}
	}
	if x := view(t, st, "a", "", t0); x.Version != w.Version || len(x.Sends) != 1 {
		t.Fatalf("after removing nothing: %+v, want version %d and 1 send", x, w.Version)
	}
	if err := st.Remove(ctx, b); err != nil {
		t.Fatal(err)
	}
	if x := view(t, st, "a", "", t0); len(x.Sends) != 0 || x.Version == w.Version {
		t.Fatalf("after removing everything: %+v", x)
	}
}

// testRemoveToken checks that Remove forgets a token's use only when it
// was the removed send's.
func testRemoveToken(t *testing.T, st history.Store) {
	ctx := context.Background()
	first := history.Send{ID: "s1", Recipient: "a", At: t0, Token: "tok"}
	second := history.Send{ID: "s2", Recipient: "b", At: t0.Add(time.Hour), Token: "tok"}
	record(t, st, first, 0)
	record(t, st, second, 0)
	// Same ID as the use, other recipient: not that send.
	if err := st.Remove(ctx, history.Send{ID: "s1", Recipient: "b", Token: "tok"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(ctx, second); err != nil {
		t.Fatal(err)
	}
	v := view(t, st, "", "tok", t0.Add(2*time.Hour))
	if v.TokenUse == nil || v.TokenUse.ID != "s1" {
		t.Fatalf("removing another use forgot the first: %+v", v.TokenUse)
	}
	if err := st.Remove(ctx, first); err != nil {
		t.Fatal(err)
	}
	if v := view(t, st, "", "tok", t0.Add(2*time.Hour)); v.TokenUse != nil {
		t.Fatalf("removing the first use kept it: %+v", v.TokenUse)
	}
}

// testRetention checks that what a View leaves out follows the caller's
// now (t0 is years before the wall clock), not the wall clock.
func testRetention(t *testing.T, st history.Store) {
	l := limitsOf(st)
	inbound(t, st, "a", t0)
	record(t, st, history.Send{Recipient: "a", At: t0, Ref: "old"}, 0)
	record(t, st, history.Send{Recipient: "a", At: t0.Add(l.Retention - time.Hour), Ref: "recent"}, 1)
	v := view(t, st, "a", "", t0.Add(l.Retention-time.Minute))
	if got := fmt.Sprint(refs(v.Sends)); got != "[old recent]" || !v.LastInbound.Equal(t0) {
		t.Fatalf("within retention: sends %s, inbound %v; want [old recent] and %v", got, v.LastInbound, t0)
	}
	v = view(t, st, "a", "", t0.Add(l.Retention+time.Minute))
	if got := fmt.Sprint(refs(v.Sends)); got != "[recent]" || !v.LastInbound.IsZero() {
		t.Fatalf("after retention (%v): sends %s, inbound %v; want [recent] and none", l.Retention, got, v.LastInbound)
	}
	v = view(t, st, "a", "", t0.Add(2*l.Retention))
	if len(v.Sends) != 0 || !v.LastInbound.IsZero() {
		t.Fatalf("after twice the retention: %+v, want nothing", v)
	}
}

// testRetentionCutoff checks the edge of retention to the nanosecond: an
// entry exactly Retention old is kept, one a nanosecond older is not.
func testRetentionCutoff(t *testing.T, st history.Store) {
	l := limitsOf(st)
	edge := t0.Add(123456789 * time.Nanosecond)
	inbound(t, st, "a", edge.Add(-time.Nanosecond))
	inbound(t, st, "b", edge)
	add(t, st, history.Send{Recipient: "c", At: edge.Add(-time.Nanosecond), Ref: "too old"})
	add(t, st, history.Send{Recipient: "c", At: edge, Ref: "kept"})
	add(t, st, history.Send{Recipient: "c", At: edge.Add(time.Nanosecond), Ref: "newer"})
	now := edge.Add(l.Retention)
	if v := view(t, st, "a", "", now); !v.LastInbound.IsZero() {
		t.Errorf("inbound a nanosecond past retention kept: %v", v.LastInbound)
	}
	if v := view(t, st, "b", "", now); !v.LastInbound.Equal(edge) {
		t.Errorf("inbound exactly at retention: %v, want %v", v.LastInbound, edge)
	}
	if v := view(t, st, "c", "", now); fmt.Sprint(refs(v.Sends)) != "[kept newer]" {
		t.Errorf("sends at the edge of retention: %v, want [kept newer]", refs(v.Sends))
	}
}

func testCancelled(t *testing.T, st history.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := st.View(ctx, "a", "tok", t0); !errors.Is(err, context.Canceled) {
		t.Errorf("View on a cancelled context: %v", err)
	}
	if err := st.Record(ctx, history.Send{Recipient: "a", At: t0}, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Record on a cancelled context: %v", err)
	}
	if err := st.Remove(ctx, history.Send{ID: "x", Recipient: "a"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Remove on a cancelled context: %v", err)
	}
	if err := st.RecordInbound(ctx, "a", t0); !errors.Is(err, context.Canceled) {
		t.Errorf("RecordInbound on a cancelled context: %v", err)
	}
	if err := st.RecordInboundEvent(ctx, history.Inbound{Recipient: "a", At: t0, Ad: true, Channel: "instagram"}); !errors.Is(err, context.Canceled) {
		t.Errorf("RecordInboundEvent on a cancelled context: %v", err)
	}
	if err := st.Reserve(ctx, history.Send{ID: "r", Recipient: "a", At: t0}, 0, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Reserve on a cancelled context: %v", err)
	}
	if err := st.Confirm(ctx, history.Send{ID: "r", Recipient: "a"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Confirm on a cancelled context: %v", err)
	}
	if err := st.Ping(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Ping on a cancelled context: %v", err)
	}
	if v := view(t, st, "a", "", t0); v.Version != 0 || len(v.Sends) != 0 || !v.LastInbound.IsZero() || !v.AdInbound.IsZero() || v.Channel != "" {
		t.Errorf("cancelled calls changed the store: %+v", v)
	}
	if err := st.Ping(context.Background()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}

// testReserve checks that a reservation counts like a record (a racing
// duplicate conflicts, a View sees it and its token use), that Confirm
// keeps it, and that Remove undoes it.
func testReserve(t *testing.T, st history.Store) {
	ctx := context.Background()
	a := history.Send{ID: "r1", Recipient: "a", At: t0, Token: "tok", Ref: "reserved"}
	if err := st.Reserve(ctx, a, 0, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.Reserve(ctx, history.Send{ID: "r2", Recipient: "a", At: t0}, 0, time.Hour); !errors.Is(err, history.ErrConflict) {
		t.Fatalf("reserve against the version before a reservation: %v, want ErrConflict", err)
	}
	v := view(t, st, "a", "tok", t0)
	if fmt.Sprint(refs(v.Sends)) != "[reserved]" || v.TokenUse == nil || v.TokenUse.ID != "r1" || v.Version == 0 {
		t.Fatalf("view of a reservation: %+v", v)
	}
	if err := st.Confirm(ctx, a); err != nil {
		t.Fatal(err)
	}
	w := view(t, st, "a", "tok", t0)
	if fmt.Sprint(refs(w.Sends)) != "[reserved]" || w.Sends[0].ID != "r1" || w.TokenUse == nil || w.TokenUse.ID != "r1" {
		t.Fatalf("view after Confirm: %+v", w)
	}
	if w.Version != v.Version {
		t.Fatalf("Confirm changed the version from %d to %d", v.Version, w.Version)
	}
	// Confirming twice, or an unknown send, changes nothing.
	for _, s := range []history.Send{a, {ID: "nope", Recipient: "a"}, {ID: "nope", Recipient: "zz", Token: "tok"}} {
		if err := st.Confirm(ctx, s); err != nil {
			t.Errorf("Confirm(%+v): %v", s, err)
		}
	}
	b := history.Send{ID: "r3", Recipient: "a", At: t0.Add(time.Minute), Ref: "undone"}
	if err := st.Reserve(ctx, b, w.Version, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(ctx, b); err != nil {
		t.Fatal(err)
	}
	if x := view(t, st, "a", "", t0.Add(time.Minute)); fmt.Sprint(refs(x.Sends)) != "[reserved]" {
		t.Fatalf("after undoing a reservation: %v, want [reserved]", refs(x.Sends))
	}
}

// testReserveLapses checks that a reservation never confirmed stops
// counting when its lease ends, token use and all, and that a confirmed
// one does not.
func testReserveLapses(t *testing.T, st history.Store) {
	ctx := context.Background()
	const lease = 40 * time.Millisecond
	kept := history.Send{ID: "k", Recipient: "a", At: t0, Token: "t1", Ref: "confirmed"}
	lost := history.Send{ID: "l", Recipient: "b", At: t0, Token: "t2", Ref: "lapsed"}
	if err := st.Reserve(ctx, kept, 0, lease); err != nil {
		t.Fatal(err)
	}
	if err := st.Reserve(ctx, lost, 0, lease); err != nil {
		t.Fatal(err)
	}
	if err := st.Confirm(ctx, kept); err != nil {
		t.Fatal(err)
	}
	<-time.After(3 * lease)
	if v := view(t, st, "a", "t1", t0); fmt.Sprint(refs(v.Sends)) != "[confirmed]" || v.TokenUse == nil {
		t.Errorf("confirmed reservation after its lease: %+v", v)
	}
	v := view(t, st, "b", "t2", t0)
	if len(v.Sends) != 0 || v.TokenUse != nil {
		t.Fatalf("unconfirmed reservation after its lease: %+v, want nothing", v)
	}
	// The token is free again: a later send takes it.
	again := history.Send{ID: "m", Recipient: "c", At: t0.Add(time.Hour), Token: "t2", Ref: "later"}
	record(t, st, again, 0)
	if u := view(t, st, "", "t2", t0.Add(time.Hour)).TokenUse; u == nil || u.ID != "m" {
		t.Fatalf("token use after a lapsed reservation: %+v, want m", u)
	}
	record(t, st, history.Send{ID: "n", Recipient: "b", At: t0.Add(time.Minute), Ref: "next"}, v.Version)
	if w := view(t, st, "b", "", t0.Add(time.Minute)); fmt.Sprint(refs(w.Sends)) != "[next]" {
		t.Fatalf("after a lapsed reservation and a record: %v, want [next]", refs(w.Sends))
	}
}

// lateContext has a deadline in the past but is not done: the state of a
// call that a stalled store runs after its caller gave up.
type lateContext struct {
	context.Context
	deadline time.Time
}

func (c lateContext) Deadline() (time.Time, bool) { return c.deadline, true }

// ReserveLate checks the fence of a store that sees its caller's deadline
// as it is (the memory store): a reservation that reaches the store after
// its deadline stores nothing. A network store, whose client gives up at
// the deadline, is tested with a real stall (RedisServer.Pause).
func ReserveLate(t *testing.T, st history.Store) {
	ctx := lateContext{context.Background(), time.Unix(1e9, 0)}
	err := st.Reserve(ctx, history.Send{ID: "late", Recipient: "a", At: t0, Token: "tok"}, 0, time.Hour)
	if !errors.Is(err, history.ErrLate) {
		t.Fatalf("late reservation: %v, want ErrLate", err)
	}
	if v := view(t, st, "a", "tok", t0); v.Version != 0 || len(v.Sends) != 0 || v.TokenUse != nil {
		t.Fatalf("a late reservation changed the store: %+v", v)
	}
}

func inboundEvent(t *testing.T, st history.Store, in history.Inbound) {
	t.Helper()
	if err := st.RecordInboundEvent(context.Background(), in); err != nil {
		t.Fatalf("RecordInboundEvent(%+v): %v", in, err)
	}
}

// testAdInbound checks that the first message after an ad is kept apart
// from the last inbound time: a later ordinary message moves LastInbound
// but neither shortens nor restarts the ad-opened window, an earlier ad
// message recorded late does not move it back, and a later one does.
func testAdInbound(t *testing.T, st history.Store) {
	ad := t0.Add(123456789 * time.Nanosecond)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: ad, Ad: true})
	v := view(t, st, "a", "", ad)
	if !v.LastInbound.Equal(ad) || !v.AdInbound.Equal(ad) {
		t.Fatalf("after a message from an ad: inbound %v, ad inbound %v; want both %v", v.LastInbound, v.AdInbound, ad)
	}
	if v.Version != 0 {
		t.Fatalf("version %d after an inbound message from an ad, want 0", v.Version)
	}
	later := ad.Add(2 * time.Hour)
	inbound(t, st, "a", later)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: later.Add(time.Minute), Channel: "instagram"})
	v = view(t, st, "a", "", later.Add(time.Hour))
	if !v.LastInbound.Equal(later.Add(time.Minute)) || !v.AdInbound.Equal(ad) {
		t.Fatalf("after later ordinary messages: inbound %v, ad inbound %v; want %v and the ad's %v",
			v.LastInbound, v.AdInbound, later.Add(time.Minute), ad)
	}
	// An earlier message from an ad, recorded late, changes nothing.
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: ad.Add(-time.Nanosecond), Ad: true})
	if w := view(t, st, "a", "", later.Add(time.Hour)); !w.AdInbound.Equal(ad) || !w.LastInbound.Equal(later.Add(time.Minute)) {
		t.Fatalf("after an earlier ad message: inbound %v, ad inbound %v; want %v and %v", w.LastInbound, w.AdInbound, later.Add(time.Minute), ad)
	}
	// A later one (another ad clicked) opens a new window: both move.
	again := later.Add(3 * time.Hour)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: again, Ad: true})
	if w := view(t, st, "a", "", again); !w.AdInbound.Equal(again) || !w.LastInbound.Equal(again) {
		t.Fatalf("after a later ad message: inbound %v, ad inbound %v; want both %v", w.LastInbound, w.AdInbound, again)
	}
	// A later ad message that is older than the last inbound message
	// moves only the ad time.
	inbound(t, st, "b", later)
	inboundEvent(t, st, history.Inbound{Recipient: "b", At: ad, Ad: true})
	if w := view(t, st, "b", "", later); !w.AdInbound.Equal(ad) || !w.LastInbound.Equal(later) {
		t.Fatalf("an ad message older than the last one: inbound %v, ad inbound %v; want %v and %v", w.LastInbound, w.AdInbound, later, ad)
	}
	// Ordinary messages never set it; nor does an event with no time or
	// no recipient.
	inbound(t, st, "c", t0)
	inboundEvent(t, st, history.Inbound{Recipient: "c", Ad: true})
	inboundEvent(t, st, history.Inbound{At: t0, Ad: true})
	if w := view(t, st, "c", "", t0); !w.AdInbound.IsZero() || !w.LastInbound.Equal(t0) {
		t.Fatalf("ordinary messages only: %+v", w)
	}
	if w := view(t, st, "", "", t0); !w.AdInbound.IsZero() {
		t.Fatalf("an event without recipient was stored: %+v", w)
	}
	// Sends do not touch it.
	add(t, st, history.Send{Recipient: "a", At: again.Add(time.Minute)})
	if w := view(t, st, "a", "", again.Add(time.Minute)); !w.AdInbound.Equal(again) || len(w.Sends) != 1 {
		t.Fatalf("after a send: %+v", w)
	}
}

// testAdInboundRetention checks that the ad-opened time is left out of a
// View after Retention, as the inbound time is, to the nanosecond.
func testAdInboundRetention(t *testing.T, st history.Store) {
	l := limitsOf(st)
	edge := t0.Add(123456789 * time.Nanosecond)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: edge, Ad: true})
	inbound(t, st, "a", edge.Add(time.Hour))
	if v := view(t, st, "a", "", edge.Add(l.Retention)); !v.AdInbound.Equal(edge) {
		t.Errorf("ad inbound exactly at retention: %v, want %v", v.AdInbound, edge)
	}
	if v := view(t, st, "a", "", edge.Add(l.Retention+time.Nanosecond)); !v.AdInbound.IsZero() || !v.LastInbound.Equal(edge.Add(time.Hour)) {
		t.Errorf("a nanosecond past retention: ad inbound %v (want none), inbound %v (want %v)", v.AdInbound, v.LastInbound, edge.Add(time.Hour))
	}
}

// testChannel checks that the channel an inbound event names is kept for
// the recipient, and that events naming none leave it.
func testChannel(t *testing.T, st history.Store) {
	inboundEvent(t, st, history.Inbound{Recipient: "ig-1", At: t0, Channel: "instagram"})
	if v := view(t, st, "ig-1", "", t0); v.Channel != "instagram" || !v.LastInbound.Equal(t0) {
		t.Fatalf("after an Instagram event: channel %q, inbound %v", v.Channel, v.LastInbound)
	}
	inbound(t, st, "ig-1", t0.Add(time.Hour))
	inboundEvent(t, st, history.Inbound{Recipient: "ig-1", At: t0.Add(-time.Hour)}) // older, no channel
	add(t, st, history.Send{Recipient: "ig-1", At: t0.Add(2 * time.Hour)})
	if v := view(t, st, "ig-1", "", t0.Add(2*time.Hour)); v.Channel != "instagram" || !v.LastInbound.Equal(t0.Add(time.Hour)) {
		t.Fatalf("after events naming no channel and a send: channel %q, inbound %v", v.Channel, v.LastInbound)
	}
	// An older event still names the channel: it does not depend on time.
	inbound(t, st, "psid-1", t0)
	inboundEvent(t, st, history.Inbound{Recipient: "psid-1", At: t0.Add(-time.Hour), Channel: "messenger"})
	if v := view(t, st, "psid-1", "", t0); v.Channel != "messenger" || !v.LastInbound.Equal(t0) {
		t.Fatalf("an older event naming a channel: channel %q, inbound %v", v.Channel, v.LastInbound)
	}
	if v := view(t, st, "other", "", t0); v.Channel != "" {
		t.Fatalf("a recipient without events: channel %q", v.Channel)
	}
}

// testViewIsSnapshot checks that a View is what the store held when it was
// taken: writes after it (a send recorded out of order, one that pushes
// the oldest out, a Remove, a lapsed reservation) do not change its sends,
// and what its holder does to them does not change the store.
func testViewIsSnapshot(t *testing.T, st history.Store) {
	ctx := context.Background()
	maxSends := limitsOf(st).MaxSends
	for i := range maxSends {
		record(t, st, history.Send{ID: fmt.Sprint("s", i), Recipient: "a", At: t0.Add(time.Duration(i) * time.Minute), Ref: strconv.Itoa(i)}, uint64(i))
	}
	end := t0.Add(time.Duration(maxSends) * time.Minute)
	v := view(t, st, "a", "", end)
	want := fmt.Sprint(refs(v.Sends))
	// Past the end, pushing the oldest out.
	add(t, st, history.Send{ID: "late", Recipient: "a", At: end, Ref: "late"})
	// Out of time order, moving the ones after it.
	add(t, st, history.Send{ID: "mid", Recipient: "a", At: t0.Add(90 * time.Second), Ref: "mid"})
	if err := st.Remove(ctx, history.Send{ID: "s5", Recipient: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := st.Reserve(ctx, history.Send{ID: "lapsing", Recipient: "a", At: end, Ref: "lapsing"}, view(t, st, "a", "", end).Version, time.Nanosecond); err != nil {
		t.Fatal(err)
	}
	add(t, st, history.Send{ID: "after", Recipient: "a", At: end.Add(time.Second), Ref: "after"})
	if got := fmt.Sprint(refs(v.Sends)); got != want {
		t.Fatalf("a View changed after later writes:\n got  %.200s…\n want %.200s…", got, want)
	}
	// The holder appends to its view (Views are read-only, but append
	// is allowed): the store does not see it.
	w := view(t, st, "a", "", end.Add(time.Second))
	before := fmt.Sprint(refs(w.Sends))
	_ = append(w.Sends, history.Send{Ref: "appended"})
	add(t, st, history.Send{ID: "last", Recipient: "a", At: end.Add(2 * time.Second), Ref: "last"})
	if got := fmt.Sprint(refs(w.Sends)); got != before {
		t.Fatalf("a View changed after a record:\n got  %.200s…\n want %.200s…", got, before)
	}
	if got := fmt.Sprint(refs(view(t, st, "a", "", end.Add(2*time.Second)).Sends)); strings.Contains(got, "appended") || !strings.HasSuffix(got, "after last]") {
		t.Fatalf("after an append to a View and a record: %.300s", got)
	}
}

// testAdClick checks that an ad click without a message (a person coming
// back to a conversation from an ad) makes their first message after it,
// and only a message, the ad-opened one.
func testAdClick(t *testing.T, st history.Store) {
	l := limitsOf(st)
	click := t0.Add(123456789 * time.Nanosecond)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: click, AdClick: true})
	v := view(t, st, "a", "", click)
	if !v.LastInbound.Equal(click) || !v.AdInbound.IsZero() {
		t.Fatalf("after a click: inbound %v, ad inbound %v; want %v and none", v.LastInbound, v.AdInbound, click)
	}
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: click.Add(time.Minute)}) // a reaction
	if v := view(t, st, "a", "", click.Add(time.Hour)); !v.AdInbound.IsZero() {
		t.Fatalf("a reaction after the click opened the ad window: %v", v.AdInbound)
	}
	first := click.Add(10 * time.Minute)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: first, Message: true})
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: first.Add(time.Hour), Message: true})
	if v := view(t, st, "a", "", first.Add(time.Hour)); !v.AdInbound.Equal(first) || !v.LastInbound.Equal(first.Add(time.Hour)) || v.Version != 0 {
		t.Fatalf("messages after the click: ad inbound %v, inbound %v, version %d; want %v, %v, 0", v.AdInbound, v.LastInbound, v.Version, first, first.Add(time.Hour))
	}
	// An earlier message after the click, recorded late, is the first;
	// one before the click is not.
	earlier := click.Add(5 * time.Minute)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: earlier, Message: true})
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: click.Add(-time.Nanosecond), Message: true})
	if v := view(t, st, "a", "", first.Add(time.Hour)); !v.AdInbound.Equal(earlier) {
		t.Fatalf("after messages recorded late: ad inbound %v, want %v", v.AdInbound, earlier)
	}
	// A message without a click, or more than Retention after it, opens
	// nothing; one exactly Retention after it does.
	inboundEvent(t, st, history.Inbound{Recipient: "b", At: click, Message: true})
	inboundEvent(t, st, history.Inbound{Recipient: "c", At: click, AdClick: true})
	inboundEvent(t, st, history.Inbound{Recipient: "c", At: click.Add(l.Retention + time.Nanosecond), Message: true})
	inboundEvent(t, st, history.Inbound{Recipient: "d", At: click, AdClick: true})
	inboundEvent(t, st, history.Inbound{Recipient: "d", At: click.Add(l.Retention), Message: true})
	late := click.Add(l.Retention + time.Hour)
	for r, want := range map[string]time.Time{"b": {}, "c": {}, "d": click.Add(l.Retention)} {
		if v := view(t, st, r, "", late); !v.AdInbound.Equal(want) {
			t.Errorf("recipient %s: ad inbound %v, want %v", r, v.AdInbound, want)
		}
	}
	// A later click: the next message after it opens a new window.
	again := first.Add(2 * time.Hour)
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: again, AdClick: true})
	inboundEvent(t, st, history.Inbound{Recipient: "a", At: again.Add(time.Second), Message: true})
	if v := view(t, st, "a", "", again.Add(time.Second)); !v.AdInbound.Equal(again.Add(time.Second)) {
		t.Fatalf("a message after a second click: ad inbound %v, want %v", v.AdInbound, again.Add(time.Second))
	}
}
