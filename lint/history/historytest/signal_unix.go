//go:build unix

package historytest

import "syscall"

// The signals that pause and resume a redis-server process.
var sigStop, sigCont = syscall.SIGSTOP, syscall.SIGCONT
