package rules_test

import (
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestOfferChoice(t *testing.T) {
	linttest.Run(t, rules.All(), "offer-choice", "../testdata/offer-choice")
}

func TestOfferChoiceOptions(t *testing.T) {
	for _, bad := range []func(o *rules.OfferChoiceOptions){
		func(o *rules.OfferChoiceOptions) { o.Channels = []string{"fax"} },
		func(o *rules.OfferChoiceOptions) { o.OptOutEN = "Text QUIT to leave." },
		func(o *rules.OfferChoiceOptions) { o.SMSOptOutFR = "" },
	} {
		o := rules.OfferChoice.Options().(*rules.OfferChoiceOptions)
		bad(o)
		cfg := linttest.Config()
		cfg.Rules = map[string]lint.RuleConfig{"offer-choice": {Options: o}}
		if _, err := lint.New(cfg, rules.All()); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}
