//go:build !unix || aix

package loadgen

import "net"

// idleProbe would look whether the server closed a kept connection while
// it was idle; without a non-blocking peek here, it cannot tell, and a
// request on such a connection fails.
type idleProbe struct{}

func (*idleProbe) watch(net.Conn) {}

func (*idleProbe) open() bool { return true }
