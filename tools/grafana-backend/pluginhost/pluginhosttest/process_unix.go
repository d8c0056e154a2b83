//go:build unix

package pluginhosttest

import (
	"errors"
	"syscall"
	"testing"
	"time"
)

// WaitGone waits up to 10 seconds until no process has the pid (a reaped process, not a zombie),
// and fails the test if one still has it.
func WaitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("process %d is still running", pid)
}
