package rules_test

import (
	"testing"

	"github.com/presend/presend/lint/linttest"
	"github.com/presend/presend/rules"
)

func TestWhatsAppTemplate(t *testing.T) {
	linttest.Run(t, rules.All(), "whatsapp-template", "../testdata/whatsapp-template")
}
