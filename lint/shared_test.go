package lint_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

func TestParseConfigSharedLists(t *testing.T) {
	good := `opt-outs = ["text NOMORE"]
shorteners = ["lnk.example.io"]
brand-domains = ["acme.com"]
`
	cfg, err := lint.ParseConfig([]byte(good), "presend.toml", rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cfg.Shared.OptOuts, []string{"text NOMORE"}) || !slices.Equal(cfg.Shared.Shorteners, []string{"lnk.example.io"}) ||
		!slices.Equal(cfg.Shared.BrandDomains, []string{"acme.com"}) {
		t.Errorf("Shared = %+v", cfg.Shared)
	}
	_, err = lint.ParseConfig([]byte(`shorteners = ["https://bit.ly/"]`+"\n"), "presend.toml", rules.All())
	if err == nil || !strings.Contains(err.Error(), `presend.toml:`) || !strings.Contains(err.Error(), `"https://bit.ly/": want a host name`) {
		t.Errorf("bad shortener: %v", err)
	}
}
