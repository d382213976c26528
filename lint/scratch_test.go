package lint_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// scratchMessages are messages of every shape the pooled check buffers
// meet: short and long (past the inline tokens, past the pool's limit),
// English and French, ASCII and not, with placeholders, on several channels.
func scratchMessages() []lint.Message {
	var ms []lint.Message
	for i, s := range smsTexts {
		ms = append(ms, lint.Message{Text: s, Channel: "sms", ID: fmt.Sprint("sms", i)})
		ms = append(ms, lint.Message{Text: s, Channel: "whatsapp", ID: fmt.Sprint("wa", i)})
	}
	long := strings.Repeat("Votre colis {{ref}} arrive jeudi à 10h30 : répondez STOP. ", 20)
	ms = append(ms,
		lint.Message{Text: long, Channel: "sms", ID: "long"},
		lint.Message{Text: strings.Repeat("FREE entry!!! Win cash now, call 0800 123 456. ", 120), Channel: "sms", ID: "huge"},
		lint.Message{Text: "", Channel: "sms", ID: "empty"},
		lint.Message{Text: "Hi {{name}} 👋🏽, teh meeting is tmrw at 10:30. Reply STOP", Channel: "sms", ID: "emoji"},
		lint.Message{Text: "Hi there", Channel: "nope", ID: "bad-channel"},
	)
	return ms
}

// TestCheckConcurrentMatchesSerial: one Linter checking many messages from
// several goroutines at once (its Pass and Analysis buffers pooled and
// reused between checks) gives each message the result it gets checked
// alone on a fresh Linter, and a result kept while other checks run is
// not changed by them (nothing it holds points into reused memory).
func TestCheckConcurrentMatchesSerial(t *testing.T) {
	msgs := scratchMessages()
	ctx := context.Background()
	want := make([]lint.Result, len(msgs))
	for i, m := range msgs {
		fresh, err := lint.New(linttest.Config(), rules.All())
		if err != nil {
			t.Fatal(err)
		}
		want[i] = fresh.Check(ctx, m)
		if m.ID == "sms0" && len(want[i].Findings) == 0 {
			t.Fatalf("%s: no findings to compare", m.ID)
		}
	}
	l, err := lint.New(linttest.Config(), rules.All())
	if err != nil {
		t.Fatal(err)
	}
	const workers, rounds = 4, 6
	kept := make([][]lint.Result, workers)
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*len(msgs))
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				for k := range msgs {
					i := (k*7 + w*3 + r) % len(msgs) // each worker in its own order
					got := l.Check(ctx, msgs[i])
					if !reflect.DeepEqual(got, want[i]) {
						errs <- fmt.Sprintf("worker %d round %d: %s differs from its serial result:\n got %+v\nwant %+v", w, r, msgs[i].ID, got, want[i])
					}
					if r == 0 {
						kept[w] = append(kept[w], got)
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	for w := range workers {
		for k, got := range kept[w] {
			i := (k*7 + w*3) % len(msgs)
			if !reflect.DeepEqual(got, want[i]) {
				t.Errorf("worker %d: the result of %s changed after later checks:\n got %+v\nwant %+v", w, msgs[i].ID, got, want[i])
			}
		}
	}
}
