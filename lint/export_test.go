package lint

// ApplySuppressionsSteps is applySuppressionsSteps, for FuzzSuppressions
// (package lint_test: it reads drafts with lint/input).
var ApplySuppressionsSteps = applySuppressionsSteps

// Ref is ref, for TestRef (package lint_test).
var Ref = ref
