package report

import (
	"strconv"
	"strings"

	"github.com/presend/presend/lint"
)

// writeGitHubResult writes GitHub Actions workflow commands, one per finding
// of r:
//
//	::error file=drafts/promo.txt,line=3,col=14,endLine=3,endColumn=40,title=presend length::message is 198 characters…
//
// (warning for warnings, notice for info), which the Actions runner turns
// into annotations on the pull request. The Stream ends them with a summary
// line in plain text.
// Fix titles follow the message on lines of their own. Values are escaped
// as the runner wants: %, CR and LF everywhere, and also : and , in
// properties.
func writeGitHubResult(b *strings.Builder, r *lint.Result, ps paths) {
	file := ps.rel(r.Source)
	for j := range r.Findings {
		f := &r.Findings[j]
		b.WriteString("::" + githubCommand(f.Severity) + " ")
		props := []string{}
		if file != "" && file != "-" {
			props = append(props, "file="+escapeProperty(file))
		}
		reg := sarifRegionOf(f)
		props = append(props,
			"line="+strconv.Itoa(reg.StartLine), "col="+strconv.Itoa(reg.StartColumn),
			"endLine="+strconv.Itoa(reg.EndLine), "endColumn="+strconv.Itoa(reg.EndColumn),
			"title="+escapeProperty("presend "+f.Rule))
		b.WriteString(strings.Join(props, ","))
		b.WriteString("::")
		msg := f.Message
		if r.ID != "" {
			msg = "#" + r.ID + ": " + msg
		}
		for _, fix := range f.Fixes {
			msg += "\nfix: " + fix.Title
		}
		b.WriteString(escapeData(msg))
		b.WriteByte('\n')
	}
}

func githubCommand(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// The runner's escapes: %, CR and LF in a message, and also : and , in a
// property. Replacers are safe for concurrent use, and costly to build.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
