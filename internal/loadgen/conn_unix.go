//go:build unix && !aix

package loadgen

import (
	"errors"
	"net"
	"syscall"
)

// idleProbe looks, without blocking and without allocating, whether the
// server closed a kept connection while it was idle.
type idleProbe struct {
	rc   syscall.RawConn
	peek func(fd uintptr) bool // probe.peekFD, made once
	one  [1]byte
	n    int
	err  error
}

// watch sets the probe on nc, a new connection.
func (p *idleProbe) watch(nc net.Conn) {
	p.rc = nil
	if sc, ok := nc.(syscall.Conn); ok {
		if rc, err := sc.SyscallConn(); err == nil {
			p.rc = rc
		}
	}
	if p.peek == nil {
		p.peek = p.peekFD
	}
}

func (p *idleProbe) peekFD(fd uintptr) bool {
	p.n, _, p.err = syscall.Recvfrom(int(fd), p.one[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
	return true // never wait: an empty socket is the answer
}

// open says whether the connection is still open with nothing waiting on
// it: false when the server closed it (end of stream, a reset) or sent
// bytes that no request asked for, as net/http's Transport also drops such
// a connection.
func (p *idleProbe) open() bool {
	if p.rc == nil {
		return true // cannot tell: as if open
	}
	if err := p.rc.Read(p.peek); err != nil {
		return false
	}
	switch {
	case p.err == nil:
		return false // end of stream (n 0) or unasked bytes
	case errors.Is(p.err, syscall.EAGAIN), errors.Is(p.err, syscall.EWOULDBLOCK), errors.Is(p.err, syscall.EINTR):
		return true
	default:
		return false
	}
}
