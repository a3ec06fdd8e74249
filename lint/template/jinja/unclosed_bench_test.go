package jinja

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkScanUnclosedTag scans a "{{" opened before 64 KiB to 1 MiB of
// "{": the tag never closes, so none of its tokens is kept.
func BenchmarkScanUnclosedTag(b *testing.B) {
	for _, size := range []int{64 << 10, 256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			text := strings.Repeat("{", size)
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				if r := Scan(text); len(r.Errors) != 1 {
					b.Fatalf("%d errors, want 1", len(r.Errors))
				}
			}
		})
	}
}
