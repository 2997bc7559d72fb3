//go:build windows

package scanner

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user + kernel) used so far by this process,
// from GetProcessTimes, so that the Windows build's benchmarks (run under
// Wine by bench-windows.sh) report cpu-ms/op too. Windows keeps no total
// for finished children: for them it is not measured.
func cpuTime(children bool) time.Duration {
	if children {
		return 0
	}
	h, err := syscall.GetCurrentProcess()
	if err != nil {
		return 0
	}
	var creation, exit, kernel, user syscall.Filetime
	if err := syscall.GetProcessTimes(h, &creation, &exit, &kernel, &user); err != nil {
		return 0
	}
	// A Filetime counts 100 ns ticks.
	ticks := func(f syscall.Filetime) int64 { return int64(f.HighDateTime)<<32 | int64(f.LowDateTime) }
	return time.Duration((ticks(kernel) + ticks(user)) * 100)
}
