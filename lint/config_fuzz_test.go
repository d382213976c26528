package lint_test

import (
	"strings"
	"testing"

	"github.com/presend/presend/internal/costtest"
	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// configBound is the work ParseConfig may do: building the schema of every
// rule and their default options is the constant part; then a constant per
// byte of the file.
var configBound = costtest.Bound{BaseBytes: 4 << 20, BytesPerByte: 256, BaseAllocs: 40000, AllocsPerByte: 16}

// FuzzParseConfig decodes presend.toml files: no panic, errors name the
// file, and the allocations stay within configBound. The seed
// testdata/fuzz/FuzzParseConfig/many-files-tables (1000 [[files]] tables
// with a bad lang) cost the old code 200 MB: each table split the whole
// file into lines two or three times to find its line numbers.
func FuzzParseConfig(f *testing.F) {
	for _, s := range []string{
		"", "channel = \"sms\"\nlang = \"fr\"\nfail-on = \"warning\"\nmin-score = 70\n",
		"[rules.length]\nenabled = false\n", "[channels.sms]\nhard-parts = -1\n",
		"[[files]]\npaths = [\"locales/*.yml\"]\nkeys = [\"fr.*\"]\nlang = \"fr\"\n[files.suppress]\n\"a.*\" = [\"length\"]\n",
		"[[phrases]]\nname = \"no-asap\"\nlang = \"en\"\navoid = [\"asap\"]\nmessage = \"say when\"\n",
		"placeholders = [\"\\\\$\\\\w+\"]\n", "lang = \"de\"\n[[files]]\nlang = 1\n", "x = 1\n[y]\nz = 2\n",
	} {
		f.Add([]byte(s))
	}
	all := rules.All()
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		costtest.Check(t, configBound, len(data), func() {
			_, err = lint.ParseConfig(data, "presend.toml", all)
		})
		if err != nil && !strings.HasPrefix(err.Error(), "presend.toml") {
			t.Fatalf("error without the file name: %v", err)
		}
	})
}

// TestConfigCostLinear shows what FuzzParseConfig bounds: ten times the
// [[files]] tables cost about ten times the allocations, not a hundred.
func TestConfigCostLinear(t *testing.T) {
	all := rules.All()
	cost := func(n int) uint64 {
		var b strings.Builder
		for i := range n {
			b.WriteString("[[files]]\npaths = [\"a" + strings.Repeat("x", i%7) + "\"]\nlang = \"xx\"\n")
		}
		data := []byte(b.String())
		_, _ = lint.ParseConfig(data, "presend.toml", all) // warm: the first call builds caches
		return costtest.Measure(func() { _, _ = lint.ParseConfig(data, "presend.toml", all) }).Bytes
	}
	small, large := cost(300), cost(3000)
	if large > 20*small {
		t.Errorf("300 tables: %d bytes; 3000 tables: %d bytes (×%.0f)", small, large, float64(large)/float64(small))
	}
}
