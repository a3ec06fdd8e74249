package checks

import (
	"fmt"
	"strings"
	"testing"
)

// multiWordCases are names on both sides of two words, in every way
// splitWords splits them.
var multiWordCases = []string{
	"", "a", "name", "userName", "user_name", "user-name", "user.name", "user name",
	"HTTPServer", "HTTP", "userID", "ID", "vAr0", "a1B", "_a", "a_", "__", "a__b",
	"Ab", "AB", "ABc", "aBC", "ÉtéHiver", "été", "naïveName", "x\u00a0y", "\xff", "a\xffB",
	"ǅemo", "a\u2028b", "0A", "a0B",
}

func TestMultiWord(t *testing.T) {
	t.Parallel()
	for _, n := range multiWordCases {
		if got, want := multiWord(n), len(splitWords(n)) >= 2; got != want {
			t.Errorf("multiWord(%q) = %v, want %v (words %q)", n, got, want, splitWords(n))
		}
	}
}

// FuzzMultiWord holds multiWord to splitWords.
func FuzzMultiWord(f *testing.F) {
	for _, n := range multiWordCases {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n string) {
		if got, want := multiWord(n), len(splitWords(n)) >= 2; got != want {
			t.Errorf("multiWord(%q) = %v, want %v (words %q)", n, got, want, splitWords(n))
		}
	})
}

// BenchmarkStyleOfAll finds the case of every variable name of prompts
// holding 64 KiB to 1 MiB of names, each name's words found once.
func BenchmarkStyleOfAll(b *testing.B) {
	for _, size := range []int{64 << 10, 256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			var names []string
			for n, i := 0, 0; n < size; i++ {
				names = append(names, fmt.Sprintf("vAr%d", i))
				n += len(names[i]) + 5
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				camel := 0
				for _, n := range names {
					if styleOf(n) == "camelCase" {
						camel++
					}
				}
				if camel != len(names) {
					b.Fatalf("%d of %d names camelCase: %s", camel, len(names), strings.Join(names[:3], " "))
				}
			}
		})
	}
}
