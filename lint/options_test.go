package lint_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

// sharedConfig is one Config whose rules' options the caller built: the
// rules whose options compile to state (dictionaries, detectors, word
// sets) and the one whose validation normalised a slice in place.
func sharedConfig() lint.Config {
	cfg := linttest.Config()
	spelling := rules.Spelling.Options().(*rules.SpellingOptions)
	spelling.Vocab = []string{"Zorblax"}
	spammy := rules.SpammyContent.Options().(*rules.SpammyContentOptions)
	spammy.Weights = []string{"capitals=1.5"}
	tag := rules.PromoUnderTag.Options().(*rules.PromoUnderTagOptions)
	tag.TemplateCategories = []string{" utility "}
	cfg.Rules = map[string]lint.RuleConfig{
		"spelling":        {Options: spelling},
		"spammy-content":  {Options: spammy},
		"promo-under-tag": {Options: tag},
	}
	return cfg
}

var sharedTexts = []string{
	"FREE!!! Clik here to WIN a prize, limited time only: http://bit.ly/x",
	"GRATUIT !!! Cliquez ici pour gagner un cadeu, offre limitée : http://bit.ly/x",
	"Your zorblax order is ready. We recieved your payment.",
}

// TestNewWritesNothingIntoTheConfig: lint.New decodes and compiles the
// options the caller wrote without writing into them (maps and slices
// included): they stay equal to what the caller built.
func TestNewWritesNothingIntoTheConfig(t *testing.T) {
	cfg := sharedConfig()
	want := sharedConfig()
	if _, err := lint.New(cfg, rules.All()); err != nil {
		t.Fatal(err)
	}
	for name, rc := range want.Rules {
		if got := cfg.Rules[name].Options; !reflect.DeepEqual(got, rc.Options) {
			t.Errorf("%s: lint.New changed the caller's options:\n got %+v\nwant %+v", name, got, rc.Options)
		}
	}
}

// TestTwoLintersFromOneConfig builds a second Linter from a Config while a
// first, built from the same Config, checks messages (go test -race), then
// changes the caller's Config: neither Linter sees the change.
func TestTwoLintersFromOneConfig(t *testing.T) {
	cfg := sharedConfig()
	first := build(t, cfg)
	check := func(l *lint.Linter) []string {
		out := make([]string, len(sharedTexts))
		for i, s := range sharedTexts {
			out[i] = fmt.Sprint(l.Check(context.Background(), lint.Message{Text: s}))
		}
		return out
	}
	want := check(first)
	var (
		wg     sync.WaitGroup
		second *lint.Linter
	)
	wg.Go(func() {
		for range 5 {
			if got := check(first); !reflect.DeepEqual(got, want) {
				t.Error("the first Linter's results changed while a second was built")
				return
			}
		}
	})
	wg.Go(func() {
		var err error
		if second, err = lint.New(cfg, rules.All()); err != nil {
			t.Error(err)
			return
		}
		for range 5 {
			if got := check(second); !reflect.DeepEqual(got, want) {
				t.Error("the second Linter's results differ from the first's")
				return
			}
		}
	})
	wg.Wait()
	if second == nil {
		return
	}

	// The caller changes every option the rules read while they run.
	spelling := cfg.Rules["spelling"].Options.(*rules.SpellingOptions)
	spelling.Suggestions, spelling.Vocab[0] = 0, "recieved"
	spammy := cfg.Rules["spammy-content"].Options.(*rules.SpammyContentOptions)
	spammy.WarnScore, spammy.ErrorScore, spammy.Weights[0] = 100, 100, "capitals=9"
	cfg.Rules["promo-under-tag"].Options.(*rules.PromoUnderTagOptions).TemplateCategories[0] = "MARKETING"
	off := false
	cfg.Rules["readability"] = lint.RuleConfig{Enabled: &off}
	cfg.Placeholders = append(cfg.Placeholders, `zorblax`)
	for i, l := range []*lint.Linter{first, second} {
		if got := check(l); !reflect.DeepEqual(got, want) {
			t.Errorf("Linter %d: changing the caller's Config after New changed its results:\n got %v\nwant %v", i+1, got, want)
		}
	}
	if got := check(first); fmt.Sprint(got) == fmt.Sprint(check(build(t, cfg))) {
		t.Error("the changed Config makes no difference to a new Linter: the test changes nothing")
	}
}
