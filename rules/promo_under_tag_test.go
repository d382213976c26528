package rules_test

import (
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestPromoUnderTag(t *testing.T) {
	linttest.Run(t, rules.All(), "promo-under-tag", "../testdata/promo-under-tag")
}

func TestPromoUnderTagOptions(t *testing.T) {
	for _, o := range []*rules.PromoUnderTagOptions{
		{TemplateCategories: []string{"UTILITY"}, MaxEvidence: 0},
		{TemplateCategories: []string{" "}, MaxEvidence: 3},
	} {
		cfg := linttest.Config()
		cfg.Rules = map[string]lint.RuleConfig{"promo-under-tag": {Options: o}}
		if _, err := lint.New(cfg, rules.All()); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}
