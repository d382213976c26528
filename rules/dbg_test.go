package rules_test

import ("context";"os";"testing";"path/filepath";"github.com/presend/presend/lint";"github.com/presend/presend/rules")

func TestDbg(t *testing.T) {
	l, _ := lint.New(lint.DefaultConfig(), rules.All())
	fs, _ := filepath.Glob(os.Getenv("G"))
	for _, f := range fs {
		b, _ := os.ReadFile(f)
		r := l.Check(context.Background(), lint.Message{Text: string(b)})
		t.Logf("%s %q end=%d", f, r.Preview, r.PreviewEnd)
		for _, x := range r.Findings { t.Logf("   %s %s", x.Rule, x.Message) }
	}
}
