//go:build !unix && !windows

package scanner

import "time"

// cpuTime is not measured here: benchmarks report wall time only.
func cpuTime(children bool) time.Duration { return 0 }
