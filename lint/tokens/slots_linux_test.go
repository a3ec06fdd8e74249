package tokens

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestSlotsReleased: the tables newVocab maps outside the heap are
// unmapped once their vocabularies are collected: 100 vocabularies of
// 512 KiB tables, dropped, leave the process less than
// 25 MiB larger in memory, not 50 (the pages are mapped written).
func TestSlotsReleased(t *testing.T) {
	vmRSS := func() int {
		data, err := os.ReadFile("/proc/self/status")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
				if err != nil {
					t.Fatal(err)
				}
				return kb << 10
			}
		}
		t.Fatal("no VmRSS in /proc/self/status")
		return 0
	}
	toks := make([]string, 8000)
	for i := range toks {
		toks[i] = fmt.Sprintf("t%04d", i)
	}
	file, n := ranks(toks...)
	runtime.GC()
	before := vmRSS()
	for range 100 {
		v, err := newVocab(file, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.slots)*16 != 512<<10 || v.rank("t0042") != 256+42 {
			t.Fatalf("a table of %d slots, rank %d", len(v.slots), v.rank("t0042"))
		}
	}
	grown := vmRSS() - before
	for range 100 {
		if grown < 25<<20 {
			break
		}
		runtime.GC()
		runtime.Gosched()
		grown = vmRSS() - before
	}
	if grown >= 25<<20 {
		t.Errorf("the resident memory grew by %d MiB after 100 dropped vocabularies", grown>>20)
	}
}
