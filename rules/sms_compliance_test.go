package rules_test

import (
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestGoldenSMSCompliance(t *testing.T) {
	linttest.Run(t, rules.All(), "sms-compliance", "../testdata/sms-compliance")
}

// With options: brand domains (and a brand shortener), a shortener of the
// user's, SHAFT on, the user's own STOP code list and brand names.
func TestGoldenSMSComplianceOptions(t *testing.T) {
	o := rules.SMSCompliance.Options().(*rules.SMSComplianceOptions)
	o.SHAFT = true
	o.StopCodes = []string{"36001", "36111"}
	o.Brands = []string{"Acme"}
	cfg := linttest.Config()
	cfg.Shared = lint.Shared{BrandDomains: []string{"acme.com", "acme.link"}, Shorteners: []string{"lnk.example.io", "acme.link"},
		OptOuts: []string{"text NOMORE"}}
	cfg.Rules = map[string]lint.RuleConfig{"sms-compliance": {Options: o}}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	linttest.RunWith(t, l, "sms-compliance", "../testdata/sms-compliance-options", "en", "fr")
}

func TestSMSComplianceBadOptions(t *testing.T) {
	o := rules.SMSCompliance.Options().(*rules.SMSComplianceOptions)
	o.StopCodes = []string{"36 180"}
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{"sms-compliance": {Options: o}}
	if _, err := lint.New(cfg, rules.All()); err == nil {
		t.Errorf("options %+v accepted", o)
	}
	for _, sh := range []lint.Shared{{Shorteners: []string{"https://bit.ly/"}}, {BrandDomains: []string{""}}} {
		cfg := linttest.Config()
		cfg.Shared = sh
		if _, err := lint.New(cfg, rules.All()); err == nil {
			t.Errorf("shared lists %+v accepted", sh)
		}
	}
}

// The top-level opt-outs are read by every rule that looks for an opt-out:
// a promotional SMS that ends "Text NOMORE" has a way out for offer-choice,
// and for the CTIA disclosures of sms-compliance (spammy-content reads the
// same detector with the same list).
func TestSharedOptOutsEverywhere(t *testing.T) {
	text := "Acme: Flash sale, 30% off all sneakers today only! Shop now. 4 msgs/mo. Msg & data rates may apply. Reply HELP for help. Text NOMORE to leave."
	m := lint.Message{Channel: "sms", Lang: "en", Text: text, ProgramFirstMessage: true}
	count := func(cfg lint.Config) map[string]int {
		l, err := lint.New(cfg, rules.All())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, f := range l.Check(t.Context(), m).Findings {
			out[f.Rule]++
		}
		return out
	}
	without := count(linttest.Config())
	if without["offer-choice"] == 0 || without["sms-compliance"] == 0 {
		t.Fatalf("without the shared opt-out: %v, want offer-choice and sms-compliance findings", without)
	}
	cfg := linttest.Config()
	cfg.Shared.OptOuts = []string{"text nomore"}
	with := count(cfg)
	if with["offer-choice"] != 0 || with["sms-compliance"] != 0 {
		t.Errorf("with the shared opt-out: %v, want no offer-choice or sms-compliance finding", with)
	}
}
