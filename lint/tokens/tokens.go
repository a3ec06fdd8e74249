// Package tokens counts the tokens of prompt text exactly as OpenAI's
// tiktoken does, offline, for the two encodings of current models:
// cl100k_base and o200k_base. The ranks are embedded (ranks files made
// from tiktoken's own, see TestRanksFiles), the pre-tokenizer is a
// hand-written scanner equivalent to each encoding's regular expression,
// and a long piece is counted by a search for its encoding that takes
// time about linear in its length (byte-pair merging itself is
// quadratic), so any text is counted exactly in time about linear in its
// length.
package tokens

import (
	_ "embed"
	"fmt"
	"sync"
	"unicode/utf8"
)

// The encodings Count knows.
const (
	CL100K = "cl100k_base" // GPT-4, GPT-3.5
	O200K  = "o200k_base"  // GPT-4o and later
)

// Encodings lists the encodings Count knows, sorted.
var Encodings = []string{CL100K, O200K}

var (
	//go:embed cl100k_base.ranks
	cl100kRanks string
	//go:embed o200k_base.ranks
	o200kRanks string
)

// encoding is one tokenizer, its ranks read on first use.
type encoding struct {
	ranks  string                    // the embedded ranks file
	tokens int                       // the number of tokens it holds
	match  func(s string, i int) int // the end of the piece at s[i:]

	once  sync.Once
	vocab *vocab
	err   error
}

var encodings = map[string]*encoding{
	CL100K: {ranks: cl100kRanks, tokens: 100256, match: matchCL100K},
	O200K:  {ranks: o200kRanks, tokens: 199998, match: matchO200K},
}

func (e *encoding) load(name string) (*vocab, error) {
	e.once.Do(func() {
		e.vocab, e.err = newVocab(e.ranks, e.tokens)
		if e.err != nil {
			e.err = fmt.Errorf("loading token encoding %s: %w", name, e.err)
		}
	})
	return e.vocab, e.err
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
// text they are, and each byte of invalid UTF-8 as U+FFFD. The first call
// for an encoding reads its ranks (a few milliseconds); Count is safe for
// concurrent use.
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
	v, err := e.load(name)
	if err != nil {
		return 0, err
	}
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	return v.countText(text, e.match), nil
}
