package rules_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/presend/presend/lint/policy"
	"github.com/presend/presend/rules"
)

// literalExceptions are the platform-looking numbers rule code may still
// write, by file, each with why it is no platform fact. Anything else must
// come from the policy (lint/policy/policy.toml) through lint.Pass.Policy.
var literalExceptions = map[string]map[int64]string{
	"duplicate_send.go": {
		24: "presend's own duplicate window (window-hours) and near-bits bound",
		12: "presend's own near-bits default",
		48: "humanDuration switches from hours to days at 48 hours",
		90: "humanDuration counts in minutes up to 90",
	},
	"readability.go": {
		60: "presend's own readability thresholds (min-ease-en, min-ease-fr)",
	},
	"messaging_window.go": {
		24: "durationOver's unit of a day",
		48: "durationOver counts in days from 48 hours, as humanDuration does",
	},
	"preview_truncation.go": {
		24: "how much of a cut preview a finding quotes",
	},
	"send_frequency.go": {
		24: "presend's own cap: automated-hours (24) and the history's 8 days",
		7:  "presend's own cap: promotional-days (7), bounded by the 8 days of history",
	},
	"message_tag.go": {
		24: "the length of a calendar day, to read human-agent-days",
	},
	// length.go is owned by another change (its button text and card
	// title limits, 640 and 80, are policy facts it has yet to read).
	"length.go": {
		640: "not yet moved: messenger.button-template.text-max",
		80:  "not yet moved: messenger.generic-template.title-max",
	},
}

// TestNoPlatformLiteralsInRules fails when rule code (not tests, not the
// documentation and examples in a rule's Doc) writes a Messenger tag name
// or a platform number of the policy as a literal: rules read them from the
// policy data, so that a platform change is a change of data.
func TestNoPlatformLiteralsInRules(t *testing.T) {
	pol, err := policy.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	numbers := map[int64]string{}
	for _, f := range pol.All() {
		switch v := f.Value.(type) {
		case []string:
			if strings.HasPrefix(f.ID, "messenger.tags") {
				for _, s := range v {
					tags[s] = true
				}
			}
		case string:
			if strings.HasPrefix(f.ID, "messenger.tag.") {
				tags[v] = true
			}
		case map[string]string:
			if strings.HasPrefix(f.ID, "messenger.tags") {
				for k, s := range v {
					tags[k] = true
					if s != "" && !strings.ContainsAny(s, "-0123456789") {
						tags[s] = true
					}
				}
			}
		case int:
			if v >= 5 { // 1 and 3 are too common to be told apart from counting
				numbers[int64(v)] = f.ID
			}
		case time.Duration:
			if v%time.Hour == 0 && v >= 5*time.Hour {
				numbers[int64(v/time.Hour)] = f.ID
			}
			if v%(24*time.Hour) == 0 && v >= 5*24*time.Hour {
				numbers[int64(v/(24*time.Hour))] = f.ID
			}
		}
	}
	if !tags["POST_PURCHASE_UPDATE"] || !tags["SHIPPING_UPDATE"] || numbers[13] == "" || numbers[24] == "" || numbers[7] == "" {
		t.Fatalf("the policy's tags and numbers were not all collected: %v %v", tags, numbers)
	}
	var names []string
	for tag := range tags {
		names = append(names, regexp.QuoteMeta(tag))
	}
	tagRE := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`)

	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	scanned := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		scanned++
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Doc" {
					return false // documentation and its examples, run by TestDocExamples
				}
			case *ast.Field:
				return false // struct fields: their doc tags document the options
			case *ast.FuncDecl:
				if strings.HasPrefix(n.Name.Name, "example") {
					return false // the fixed send times of the examples
				}
			case *ast.BasicLit:
				switch n.Kind {
				case token.STRING:
					if m := tagRE.FindString(n.Value); m != "" {
						t.Errorf("%s: tag %s written in rule code: read it from the policy (lint.Pass.Policy)", fset.Position(n.Pos()), m)
					}
				case token.INT:
					v, err := strconv.ParseInt(n.Value, 0, 64)
					if err != nil {
						return true
					}
					if id, ok := numbers[v]; ok && literalExceptions[filepath.Base(path)][v] == "" {
						t.Errorf("%s: %d written in rule code, a platform number of the policy (%s): read it from lint.Pass.Policy", fset.Position(n.Pos()), v, id)
					}
				}
			}
			return true
		})
	}
	if scanned < 10 {
		t.Fatalf("scanned %d rule files", scanned)
	}
}

// TestMessageTagDocNamesTheDates checks that message-tag's documentation
// (what presend explain prints) names every date on which the policy
// retired tags.
func TestMessageTagDocNamesTheDates(t *testing.T) {
	pol, err := policy.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dates := map[string]bool{}
	for _, f := range pol.History("messenger.tags.retired") {
		for _, d := range f.Value.(map[string]string) {
			dates[d] = true
		}
	}
	if len(dates) < 2 {
		t.Fatalf("retirement dates: %v", dates)
	}
	for d := range dates {
		if !strings.Contains(rules.MessageTag.Doc.Text, d) {
			t.Errorf("message-tag's documentation does not name %s", d)
		}
	}
}
