// Command presend lints outbound messages before they are sent.
//
// main calls run, which dispatches to one subcommand per file: lint (with
// --fix and --diff), rules, explain, policy, init, serve (the gateway of
// lint/gateway), lsp (the language server of lint/lsp) and version. The
// commands wire the rules of package rules into the lint framework; no rule
// or output format is written here.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
