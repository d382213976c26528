package lint_test

import (
	"context"
	"fmt"

	"github.com/presend/presend/lint"
	"github.com/presend/presend/rules"
)

// The README's library example.
func ExampleLinter_Check() {
	l, err := lint.New(lint.DefaultConfig(), rules.All())
	if err != nil {
		panic(err)
	}
	res := l.Check(context.Background(), lint.Message{Channel: "sms", Text: "Votre code : 482913"})
	fmt.Println(res.Score, res.Verdict, res.Segments, res.Encoding)
	// Output: 100 pass 1 GSM-7
}
