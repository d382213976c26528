package lint

// ApplySuppressionsSteps is applySuppressionsSteps, for FuzzSuppressions
// (package lint_test: it reads drafts with lint/input).
var ApplySuppressionsSteps = applySuppressionsSteps
