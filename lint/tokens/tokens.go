// Package tokens counts the tokens of prompt text with a real BPE tokenizer
// that works offline (OpenAI's cl100k_base or o200k_base), loaded once,
// lazily, on first use.
package tokens

import (
	"fmt"
	"sync"
	"unicode"

	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// The encodings Count knows.
const (
	CL100K = "cl100k_base" // GPT-4, GPT-3.5
	O200K  = "o200k_base"  // GPT-4o and later
)

// Encodings lists the encodings Count knows, sorted.
var Encodings = []string{CL100K, O200K}

// encoding is one lazily loaded tokenizer.
type encoding struct {
	once sync.Once
	tk   *tiktoken.Tiktoken
	err  error
}

var (
	// loaderOnce installs the offline loader before the first encoding is
	// built, so the tokenizer never reaches for the network.
	loaderOnce sync.Once
	encodings  = map[string]*encoding{CL100K: {}, O200K: {}}
)

func (e *encoding) load(name string) (*tiktoken.Tiktoken, error) {
	e.once.Do(func() {
		loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader()) })
		e.tk, e.err = tiktoken.GetEncoding(name)
		if e.err != nil {
			e.err = fmt.Errorf("loading token encoding %s: %w", name, e.err)
		}
	})
	return e.tk, e.err
}

// Known reports whether Count knows the named encoding ("" means cl100k_base).
func Known(name string) bool {
	if name == "" {
		return true
	}
	_, ok := encodings[name]
	return ok
}

// Count returns the number of tokens of text in the named encoding
// ("cl100k_base" or "o200k_base"; "" means cl100k_base). Special tokens
// such as "<|endoftext|>" written in the text are counted as the ordinary
// text they are. The first call for an encoding loads its ranks (tens of
// milliseconds); Count is safe for concurrent use.
func Count(name, text string) (int, error) {
	if name == "" {
		name = CL100K
	}
	e, ok := encodings[name]
	if !ok {
		return 0, fmt.Errorf("unknown token encoding %q (want %s or %s)", name, CL100K, O200K)
	}
	if text == "" {
		return 0, nil
	}
	tk, err := e.load(name)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, part := range parts(text) {
		n += len(tk.EncodeOrdinary(part))
	}
	return n, nil
}

// maxRun is the longest run of white space, or of other characters, that
// Count hands the tokenizer whole. Byte-pair merging is quadratic in the
// length of a pre-tokenized piece, so one 1 MB word took minutes; a longer
// run is counted in parts of maxRun characters, which may differ from the
// exact count by a token per cut. Text without such a run is counted
// exactly.
const maxRun = 500

// parts cuts text inside every run of more than maxRun white-space or
// non-white-space characters.
func parts(text string) []string {
	var out []string
	start, run, space := 0, 0, false
	for i, r := range text {
		if sp := unicode.IsSpace(r); sp != space || i == 0 {
			space, run = sp, 0
		}
		if run == maxRun {
			out = append(out, text[start:i])
			start, run = i, 0
		}
		run++
	}
	return append(out, text[start:])
}
