package reference

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dlclark/regexp2"
)

// TestEachGoesOnAfterStar checks that each takes the pieces the one
// match leaves, match after match: where the pattern matches nothing at
// a place, star stops and a search goes on past it.
func TestEachGoesOnAfterStar(t *testing.T) {
	t.Parallel()
	r := &reference{re: regexp2.MustCompile(`a+|b`, regexp2.None), star: regexp2.MustCompile(`\G(?:(a+|b))*`, regexp2.None)}
	text := "aab-é-aaa"
	for _, star := range []bool{false, true} {
		var got []string
		r.each(text, star, func(i, j int) bool {
			got = append(got, fmt.Sprintf("%d:%q", i, text[i:j]))
			return true
		})
		if want := []string{`0:"aa"`, `2:"b"`, `7:"aaa"`}; !slices.Equal(got, want) {
			t.Errorf("star %t: pieces %v, want %v", star, got, want)
		}
	}
}

// BenchmarkTiktokenGo counts the tokens of every corpus file with
// tiktoken-go, as BenchmarkCount of lint/tokens does with Count: the
// speed-up is the ratio of the two.
func BenchmarkTiktokenGo(b *testing.B) {
	var texts []string
	size := 0
	err := filepath.WalkDir("../../../../testdata/corpus", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := os.ReadFile(p)
		texts = append(texts, string(text))
		size += len(text)
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	refs, err := load()
	if err != nil {
		b.Fatal(err)
	}
	for k, enc := range Encodings {
		tk := refs[k].tk
		b.Run(enc, func(b *testing.B) {
			tk.EncodeOrdinary("warm up")
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, s := range texts {
					tk.EncodeOrdinary(s)
				}
			}
		})
	}
}
