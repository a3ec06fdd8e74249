package tokens

import (
	"math/rand"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestCount(t *testing.T) {
	t.Parallel()
	// Expected counts as documented for OpenAI's tiktoken (its README and
	// cookbook examples), plus edge cases.
	tests := []struct {
		enc, text string
		want      int
	}{
		{CL100K, "", 0},
		{CL100K, "hello world", 2},
		{O200K, "hello world", 2},
		{"", "hello world", 2},
		{CL100K, "tiktoken is great!", 6},
		{CL100K, "antidisestablishmentarianism", 6},
		{O200K, "antidisestablishmentarianism", 6},
		{CL100K, "2 + 2 = 4", 7},
		{O200K, "2 + 2 = 4", 7},
		{CL100K, "お誕生日おめでとう", 9},
		{O200K, "お誕生日おめでとう", 8},
	}
	for _, tt := range tests {
		got, err := Count(tt.enc, tt.text)
		if err != nil {
			t.Fatalf("Count(%q, %q): %v", tt.enc, tt.text, err)
		}
		if got != tt.want {
			t.Errorf("Count(%q, %q) = %d, want %d", tt.enc, tt.text, got, tt.want)
		}
	}
}

func TestCountUnknownEncoding(t *testing.T) {
	t.Parallel()
	if _, err := Count("p99k_base", "hi"); err == nil || !strings.Contains(err.Error(), "p99k_base") {
		t.Errorf("Count with an unknown encoding: err = %v, want one naming it", err)
	}
	if Known("p99k_base") || !Known("") || !Known(O200K) {
		t.Error("Known disagrees with Count")
	}
}

// TestCountAtLeastBytesBound checks the property the template-too-long
// rule relies on: a text never has more tokens than bytes.
func TestCountAtLeastBytesBound(t *testing.T) {
	t.Parallel()
	for _, text := range corpusTexts(t) {
		for _, enc := range Encodings {
			n, err := Count(enc, text)
			if err != nil {
				t.Fatal(err)
			}
			if n > len(text) {
				t.Errorf("%s: %d tokens for %d bytes", enc, n, len(text))
			}
		}
	}
}

func TestCountConcurrent(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Classify the customer's message by urgency. ", 50)
	want, err := Count(O200K, text)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, enc := range Encodings {
				got, err := Count(enc, text)
				if err != nil {
					t.Error(err)
					return
				}
				if enc == O200K && got != want {
					t.Errorf("concurrent Count = %d, want %d", got, want)
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzCount(f *testing.F) {
	texts := corpusTexts(f)
	for _, s := range texts[:min(len(texts), 10)] {
		f.Add(s)
	}
	f.Add("Summarize {article} in {max_words} words.")
	f.Add(strings.Repeat("a", 2000) + " " + strings.Repeat("\n", 600))
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Count(CL100K, s)
		if err != nil {
			t.Fatal(err)
		}
		if n > len(s) || (s != "" && n == 0) {
			t.Errorf("%d tokens for %d bytes", n, len(s))
		}
	})
}

// BenchmarkCount counts every corpus file. BenchmarkTiktokenGo of
// internal/reference counts them with the reference, tiktoken-go, which
// promptlint used before: the speed-up is the ratio of the two.
func BenchmarkCount(b *testing.B) {
	texts := corpusTexts(b)
	size := 0
	for _, s := range texts {
		size += len(s)
	}
	for _, enc := range Encodings {
		b.Run(enc, func(b *testing.B) {
			Count(enc, "warm up")
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, s := range texts {
					Count(enc, s)
				}
			}
		})
	}
}

// BenchmarkCountLongWord counts one word of 1 MiB: a single piece, which
// countLarge counts in time about linear in its length.
func BenchmarkCountLongWord(b *testing.B) {
	rng := rand.New(rand.NewSource(5))
	word := make([]byte, 1<<20)
	for i := range word {
		word[i] = "etaoinshrdlucmfwypvbgkqjxz"[rng.Intn(26)]
	}
	for _, text := range []struct{ name, s string }{
		{"random", string(word)},
		{"one-letter", strings.Repeat("a", 1<<20)},
		{"spaces", strings.Repeat(" ", 1<<20)},
	} {
		b.Run(text.name, func(b *testing.B) {
			b.SetBytes(int64(len(text.s)))
			for b.Loop() {
				if _, err := Count(CL100K, text.s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		e := &encoding{ranks: o200kRanks, tokens: encodings[O200K].tokens}
		if _, err := e.load(O200K); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBlockClasses checks the classes atRune keeps for the runes of the
// Basic Multilingual Plane against classOf.
func TestBlockClasses(t *testing.T) {
	t.Parallel()
	for r := rune(utf8.RuneSelf); r < 1<<16; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue // no rune of valid UTF-8
		}
		s := string(r)
		if c, n := atRune(s, 0); c != classOf(r) || n != len(s) {
			t.Errorf("atRune(%q) = %08b, %d; want %08b, %d", s, c, n, classOf(r), len(s))
		}
	}
}
