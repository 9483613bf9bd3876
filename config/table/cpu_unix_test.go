//go:build unix

package table

import (
	"syscall"
	"time"
)

// cpuTime is the processor time the test process has used, user and
// system: on a shared machine it shows the work a benchmark did, where
// wall time also counts the other processes.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
