//go:build !unix

package historytest

import "os"

// pauseSignal stands for SIGSTOP and SIGCONT where processes take no
// signal but Kill: os.Process.Signal refuses it, so Pause and Resume fail
// with an error rather than pretend.
type pauseSignal struct{ name string }

func (s pauseSignal) String() string { return s.name }
func (pauseSignal) Signal()          {}

var (
	sigStop os.Signal = pauseSignal{"SIGSTOP"}
	sigCont os.Signal = pauseSignal{"SIGCONT"}
)
