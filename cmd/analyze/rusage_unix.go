//go:build unix

package main

import (
	"runtime"
	"syscall"
	"time"
)

// processUsage is the CPU time (user + system) this process has used so
// far and its peak resident memory in bytes, as getrusage(2) reports them.
// ok is false where the system does not report them.
func processUsage() (cpu time.Duration, peakRSS int64, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, false
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	peakRSS = int64(ru.Maxrss)
	if runtime.GOOS != "darwin" { // Linux and the BSDs report KiB, macOS bytes
		peakRSS *= 1024
	}
	return cpu, peakRSS, true
}
