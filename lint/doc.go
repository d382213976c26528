// Package lint is presend's engine: it checks a message before it is sent
// and gives a score from 0 to 100, a verdict (pass, warn or block) and
// findings with exact positions and fixes.
//
// The model, as in golang.org/x/tools/go/analysis:
//
//   - A [Rule] is an immutable value with its documentation attached: a
//     kebab-case Name, a Category, a default Severity, a [Doc] with a title,
//     a text and Bad/Good examples in English and French, an Options
//     constructor, and a Run function. [Validate] checks that metadata. The
//     rules themselves live in package rules, one file each; only the
//     user's own [[phrases]] rules are built here, from the configuration.
//   - [New] builds a [Linter] from a [Config] (defaults, overlaid by a
//     presend.toml, overlaid by flags) and a list of rules: it validates the
//     configuration, decodes each rule's options strictly, keeps its own
//     copy of them and compiles what can be compiled once (word lists into
//     stem sets, dictionaries): a [Compiler] returns its compiled state as a
//     new value, which each [Pass] hands the rule as Pass.Compiled, and New
//     writes nothing into the caller's Config, so that one Config builds
//     many Linters. A Linter is safe for concurrent use; its clock is
//     Config.Clock.
//   - [Linter.Check] analyses a [Message] once (package lint/text: tokens,
//     sentences, placeholders, language, SMS encoding) and runs every enabled
//     rule on one [Pass], which gives the rule the message, the analysis,
//     the channel's profile, the send time and, when a history store is
//     used, what was sent to the recipient before (package lint/history).
//     Facts several rules read about one message (is it promotional?) are
//     Fact values: a rule names them in Rule.Requires (as an analyzer names
//     the analyzers whose results it reads), the Linter configures each
//     once, and a Pass computes each at most once per message, on first
//     use.
//     Rules report [Finding]s through the Pass; the Linter applies severity
//     overrides, maps byte offsets to the source's lines and columns, and
//     judges the score and verdict into a [Result].
//   - [Linter.CheckAndRecord] and [Linter.CheckLog] check messages against a
//     sending history and record them; [Guard] wraps a [Sender] so that a
//     blocked message is never sent (a [*Rejection] says why).
//
// The rules themselves are in package rules, which imports lint; lint imports
// no rule, no command and no server. Its libraries: readers that turn files
// into messages are in lint/input, output formats in lint/report, fixes applied
// to files in lint/fix, the dated platform facts in lint/policy, the
// promotional classifier in lint/promo, the sending history's Store and memory
// store in lint/history (the Redis store, apart, in lint/history/redisstore),
// Transport and Middleware for Go programs that send in lint/sendapi, the HTTP
// gateway in lint/gateway, and the golden-file test runner every rule uses in
// lint/linttest. `go list -deps ./lint` holds no Redis client and no
// Prometheus.
package lint
