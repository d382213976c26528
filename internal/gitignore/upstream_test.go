package gitignore

// The tests of upstream's pattern.go and matcher.go, as they were, on the
// testing package instead of gopkg.in/check.v1: C and Equals stand in for
// the few parts of it they used.

import "testing"

type C struct{ *testing.T }

type equalsChecker struct{}

// Equals is the one checker the tests use.
var Equals equalsChecker

func (c *C) Assert(got any, _ equalsChecker, want any) {
	c.Helper()
	if got != want {
		c.Fatalf("got %v, want %v", got, want)
	}
}

func TestSimpleMatch_inclusion(t *testing.T) {
	c := &C{t}
	p := ParsePattern("!vul?ano", nil)
	r := p.Match([]string{"value", "vulkano", "tail"}, false)
	c.Assert(r, Equals, Include)
}

func TestMatch_domainLonger_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", []string{"head", "middle", "tail"})
	r := p.Match([]string{"head", "middle"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestMatch_domainSameLength_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", []string{"head", "middle", "tail"})
	r := p.Match([]string{"head", "middle", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestMatch_domainMismatch_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", []string{"head", "middle", "tail"})
	r := p.Match([]string{"head", "middle", "_tail_", "value"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestSimpleMatch_withDomain(t *testing.T) {
	c := &C{t}
	p := ParsePattern("middle/", []string{"value", "volcano"})
	r := p.Match([]string{"value", "volcano", "middle", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_onlyMatchInDomain_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("volcano/", []string{"value", "volcano"})
	r := p.Match([]string{"value", "volcano", "tail"}, true)
	c.Assert(r, Equals, NoMatch)
}

func TestSimpleMatch_atStart(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", nil)
	r := p.Match([]string{"value", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_inTheMiddle(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", nil)
	r := p.Match([]string{"head", "value", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_atEnd(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", nil)
	r := p.Match([]string{"head", "value"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_atStart_dirWanted(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/", nil)
	r := p.Match([]string{"value", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_inTheMiddle_dirWanted(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/", nil)
	r := p.Match([]string{"head", "value", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_atEnd_dirWanted(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/", nil)
	r := p.Match([]string{"head", "value"}, true)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_atEnd_dirWanted_notADir_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/", nil)
	r := p.Match([]string{"head", "value"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestSimpleMatch_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value", nil)
	r := p.Match([]string{"head", "val", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestSimpleMatch_valueLonger_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("val", nil)
	r := p.Match([]string{"head", "value", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestSimpleMatch_withAsterisk(t *testing.T) {
	c := &C{t}
	p := ParsePattern("v*o", nil)
	r := p.Match([]string{"value", "vulkano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_withQuestionMark(t *testing.T) {
	c := &C{t}
	p := ParsePattern("vul?ano", nil)
	r := p.Match([]string{"value", "vulkano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_magicChars(t *testing.T) {
	c := &C{t}
	p := ParsePattern("v[ou]l[kc]ano", nil)
	r := p.Match([]string{"value", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestSimpleMatch_wrongPattern_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("v[ou]l[", nil)
	r := p.Match([]string{"value", "vol["}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_fromRootWithSlash(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/value/vul?ano", nil)
	r := p.Match([]string{"value", "vulkano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_withDomain(t *testing.T) {
	c := &C{t}
	p := ParsePattern("middle/tail/", []string{"value", "volcano"})
	r := p.Match([]string{"value", "volcano", "middle", "tail"}, true)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_onlyMatchInDomain_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("volcano/tail", []string{"value", "volcano"})
	r := p.Match([]string{"value", "volcano", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_fromRootWithoutSlash(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/vul?ano", nil)
	r := p.Match([]string{"value", "vulkano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_fromRoot_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/vulkano", nil)
	r := p.Match([]string{"value", "volcano"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_fromRoot_tooShort_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("value/vul?ano", nil)
	r := p.Match([]string{"value"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_fromRoot_notAtRoot_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/value/volcano", nil)
	r := p.Match([]string{"value", "value", "volcano"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_leadingAsterisks_atStart(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano", nil)
	r := p.Match([]string{"value", "volcano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_leadingAsterisks_notAtStart(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano", nil)
	r := p.Match([]string{"head", "value", "volcano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_leadingAsterisks_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano", nil)
	r := p.Match([]string{"head", "value", "Volcano", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_leadingAsterisks_isDir(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano/", nil)
	r := p.Match([]string{"head", "value", "volcano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_leadingAsterisks_isDirAtEnd(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano/", nil)
	r := p.Match([]string{"head", "value", "volcano"}, true)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_leadingAsterisks_isDir_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano/", nil)
	r := p.Match([]string{"head", "value", "Colcano"}, true)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_leadingAsterisks_isDirNoDirAtEnd_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/*lue/vol?ano/", nil)
	r := p.Match([]string{"head", "value", "volcano"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_tailingAsterisks(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/vol?ano/**", nil)
	r := p.Match([]string{"value", "volcano", "tail", "moretail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_tailingAsterisks_exactMatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/vol?ano/**", nil)
	r := p.Match([]string{"value", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_middleAsterisks_emptyMatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano", nil)
	r := p.Match([]string{"value", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_middleAsterisks_oneMatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano", nil)
	r := p.Match([]string{"value", "middle", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_middleAsterisks_multiMatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano", nil)
	r := p.Match([]string{"value", "middle1", "middle2", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_middleAsterisks_isDir_trailing(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano/", nil)
	r := p.Match([]string{"value", "middle1", "middle2", "volcano"}, true)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_middleAsterisks_isDir_trailing_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano/", nil)
	r := p.Match([]string{"value", "middle1", "middle2", "volcano"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_middleAsterisks_isDir(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**/vol?ano/", nil)
	r := p.Match([]string{"value", "middle1", "middle2", "volcano", "tail"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_wrongDoubleAsterisk_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/*lue/**foo/vol?ano", nil)
	r := p.Match([]string{"value", "foo", "volcano", "tail"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_magicChars(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/head/v[ou]l[kc]ano", nil)
	r := p.Match([]string{"value", "head", "volcano"}, false)
	c.Assert(r, Equals, Exclude)
}

func TestGlobMatch_wrongPattern_noTraversal_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/head/v[ou]l[", nil)
	r := p.Match([]string{"value", "head", "vol["}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_wrongPattern_onTraversal_mismatch(t *testing.T) {
	c := &C{t}
	p := ParsePattern("/value/**/v[ou]l[", nil)
	r := p.Match([]string{"value", "head", "vol["}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestGlobMatch_issue_923(t *testing.T) {
	c := &C{t}
	p := ParsePattern("**/android/**/GeneratedPluginRegistrant.java", nil)
	r := p.Match([]string{"packages", "flutter_tools", "lib", "src", "android", "gradle.dart"}, false)
	c.Assert(r, Equals, NoMatch)
}

func TestMatcher_Match(t *testing.T) {
	c := &C{t}
	ps := []Pattern{
		ParsePattern("**/middle/v[uo]l?ano", nil),
		ParsePattern("!volcano", nil),
	}

	m := NewMatcher(ps)
	c.Assert(m.Match([]string{"head", "middle", "vulkano"}, false), Equals, true)
	c.Assert(m.Match([]string{"head", "middle", "volcano"}, false), Equals, false)
}
