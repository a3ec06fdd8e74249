// Package tokens counts the tokens of prompt text with a real BPE tokenizer
// that works offline (OpenAI's cl100k_base or o200k_base), loaded once,
// lazily, on first use.
package tokens

import (
	"fmt"
	"sync"

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
	return len(tk.EncodeOrdinary(text)), nil
}
