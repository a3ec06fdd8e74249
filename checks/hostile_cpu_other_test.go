//go:build !unix

package checks_test

// cpuTime is unknown on this system: BenchmarkHostile reports no CPU
// time.
func cpuTime() int64 { return 0 }
