package report

import (
	"github.com/presend/presend/lint"
	"github.com/presend/presend/lint/report/resultjson"
)

// jsonDocument is version 1 of the JSON output, streamed result by result:
// 2-space indent, a trailing newline, arrays never null.
func jsonDocument() *document {
	return newDocument(resultjson.Report{Version: resultjson.Version, Results: []resultjson.Result{}})
}

// MarshalResult renders one result as the result object of the JSON output
// (resultjson.Marshal).
func MarshalResult(r *lint.Result) ([]byte, error) { return resultjson.Marshal(r) }
