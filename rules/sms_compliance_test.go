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
	o.BrandDomains = []string{"acme.com", "acme.link"}
	o.Shorteners = []string{"lnk.example.io", "acme.link"}
	o.SHAFT = true
	o.StopCodes = []string{"36001", "36111"}
	o.Brands = []string{"Acme"}
	cfg := linttest.Config()
	cfg.Rules = map[string]lint.RuleConfig{"sms-compliance": {Options: o}}
	l, err := lint.New(cfg, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	linttest.RunWith(t, l, "sms-compliance", "../testdata/sms-compliance-options", "en", "fr")
}

func TestSMSComplianceBadOptions(t *testing.T) {
	for _, bad := range []func(o *rules.SMSComplianceOptions){
		func(o *rules.SMSComplianceOptions) { o.Shorteners = []string{"https://bit.ly/"} },
		func(o *rules.SMSComplianceOptions) { o.BrandDomains = []string{""} },
		func(o *rules.SMSComplianceOptions) { o.StopCodes = []string{"36 180"} },
	} {
		o := rules.SMSCompliance.Options().(*rules.SMSComplianceOptions)
		bad(o)
		cfg := linttest.Config()
		cfg.Rules = map[string]lint.RuleConfig{"sms-compliance": {Options: o}}
		if _, err := lint.New(cfg, rules.All()); err == nil {
			t.Errorf("options %+v accepted", o)
		}
	}
}
