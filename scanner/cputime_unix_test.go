//go:build unix

package scanner

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + system) used so far by this process
// (self) or by its finished children: benchmarks report it next to wall
// time, which a busy shared machine inflates.
func cpuTime(children bool) time.Duration {
	who := syscall.RUSAGE_SELF
	if children {
		who = syscall.RUSAGE_CHILDREN
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
