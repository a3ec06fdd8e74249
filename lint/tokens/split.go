package tokens

import (
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// The pre-tokenizers cut text into the pieces that byte-pair encoding
// then merges, exactly as the regular expressions of cl100k_base and
// o200k_base do under backtracking, leftmost-first alternation:
//
//	cl100k_base: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
//	             ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
//	o200k_base:  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...|'d)?|
//	             [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...|'d)?|
//	             \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// Each alternative is decided from the classes of the runes at and after
// the current position, and every rune is looked at a bounded number of
// times, so a split is linear in the text. \s is unicode.IsSpace, the
// categories are those of the unicode package, and the case-insensitive
// contractions compare unicode.ToLower of the text with the lower-case
// pattern, as the reference implementation (tiktoken-go, on the regexp2
// engine) does. The text must be valid UTF-8.

// class is the set of character classes of one rune.
type class uint8

const (
	clLetter  class = 1 << iota // \p{L}
	clNumber                    // \p{N}
	clSpace                     // \s
	clNewline                   // [\r\n]
	clUpper                     // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
	clLower                     // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
	clSlash                     // /
)

// clPunct is what [^\s\p{L}\p{N}] excludes, and clPrefix what
// [^\r\n\p{L}\p{N}] excludes.
const (
	clPunct  = clSpace | clLetter | clNumber
	clPrefix = clNewline | clLetter | clNumber
)

// asciiClass holds the classes of the ASCII runes.
var asciiClass = func() (t [utf8.RuneSelf]class) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = classOf(r)
	}
	return t
}()

func classOf(r rune) class {
	var c class
	if unicode.IsLetter(r) {
		c |= clLetter
	}
	if unicode.IsNumber(r) {
		c |= clNumber
	}
	if unicode.IsSpace(r) {
		c |= clSpace
	}
	switch r {
	case '\r', '\n':
		c |= clNewline
	case '/':
		c |= clSlash
	}
	both := unicode.In(r, unicode.Lm, unicode.Lo, unicode.M)
	if both || unicode.In(r, unicode.Lu, unicode.Lt) {
		c |= clUpper
	}
	if both || unicode.Is(unicode.Ll, r) {
		c |= clLower
	}
	return c
}

// at returns the classes and the size of the rune at s[i:]; size 0 at the
// end of s.
func at(s string, i int) (class, int) {
	if i < len(s) && s[i] < utf8.RuneSelf {
		return asciiClass[s[i]], 1
	}
	return atRune(s, i)
}

// atRune is at for a rune that is not ASCII, or the end of s.
func atRune(s string, i int) (class, int) {
	if i >= len(s) {
		return 0, 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r >= 1<<16 {
		return classOf(r), n
	}
	block := blockClasses[r>>8].Load()
	if block == nil {
		block = new([256]class)
		for k := range block {
			block[k] = classOf(r&^0xff | rune(k))
		}
		blockClasses[r>>8].Store(block)
	}
	return block[r&0xff], n
}

// blockClasses holds the classes of the runes of the Basic Multilingual
// Plane by blocks of 256, each computed when a text first has one of its
// runes: classOf looks a rune up in up to nine Unicode tables.
var blockClasses [256]atomic.Pointer[[256]class]

// runOf returns the end of the run of runes from s[i:] that have a class
// of want.
func runOf(s string, i int, want class) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiClass[b]&want == 0 {
				return i
			}
			i++
			continue
		}
		c, n := atRune(s, i)
		if c&want == 0 {
			return i
		}
		i += n
	}
	return i
}

// runNot returns the end of the run of runes from s[i:] that have no
// class of unwanted.
func runNot(s string, i int, unwanted class) int {
	for i < len(s) {
		if b := s[i]; b < utf8.RuneSelf {
			if asciiClass[b]&unwanted != 0 {
				return i
			}
			i++
			continue
		}
		c, n := atRune(s, i)
		if c&unwanted != 0 {
			return i
		}
		i += n
	}
	return i
}

// matchCL100K returns the end of the cl100k_base piece that starts at
// s[i:], i < len(s).
func matchCL100K(s string, i int) int {
	// (?i:'s|'t|'re|'ve|'m|'ll|'d)
	if j := contraction(s, i); j >= 0 {
		return j
	}
	c, n := at(s, i)
	// [^\r\n\p{L}\p{N}]?\p{L}+
	if c&clPrefix == 0 {
		if c2, n2 := at(s, i+n); c2&clLetter != 0 {
			return runOf(s, i+n+n2, clLetter)
		}
	}
	if c&clLetter != 0 {
		return runOf(s, i+n, clLetter)
	}
	// \p{N}{1,3}
	if c&clNumber != 0 {
		return digits(s, i+n)
	}
	// ?[^\s\p{L}\p{N}]+[\r\n]*
	if j := punctuation(s, i, c, n); j >= 0 {
		return runOf(s, j, clNewline)
	}
	return space(s, i)
}

// matchO200K returns the end of the o200k_base piece that starts at
// s[i:], i < len(s).
func matchO200K(s string, i int) int {
	c, n := at(s, i)
	// The optional [^\r\n\p{L}\p{N}] of the two word alternatives is
	// tried taken first, then left out.
	starts := [2]int{i, -1}
	if c&clPrefix == 0 {
		starts = [2]int{i + n, i}
	}
	// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|...)?
	for _, st := range starts {
		if st < 0 {
			break
		}
		if j := lowerWord(s, st); j >= 0 {
			return withContraction(s, j)
		}
	}
	// [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|...)?
	for _, st := range starts {
		if st < 0 {
			break
		}
		if e := runOf(s, st, clUpper); e > st {
			return withContraction(s, runOf(s, e, clLower))
		}
	}
	// \p{N}{1,3}
	if c&clNumber != 0 {
		return digits(s, i+n)
	}
	// ?[^\s\p{L}\p{N}]+[\r\n/]*
	if j := punctuation(s, i, c, n); j >= 0 {
		return runOf(s, j, clNewline|clSlash)
	}
	return space(s, i)
}

// lowerWord matches [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+
// at s[st:] and returns its end, or -1. The first run is greedy, so the
// second starts at the last place within or right after the first run
// where a rune of the second class stands.
func lowerWord(s string, st int) int {
	lastLower, j := -1, st
	for {
		c, n := at(s, j)
		if n == 0 || c&clUpper == 0 {
			if c&clLower != 0 { // a lower-case letter right after the run
				return runOf(s, j, clLower)
			}
			break
		}
		if c&clLower != 0 {
			lastLower = j + n
		}
		j += n
	}
	// The rune before lastLower is the last of the run of the second
	// class, since every rune after it in the first run is not of it and
	// neither is the rune after the run.
	return lastLower
}

// withContraction extends a word piece ending at j by an optional
// contraction.
func withContraction(s string, j int) int {
	if k := contraction(s, j); k >= 0 {
		return k
	}
	return j
}

// digits returns the end of \p{N}{1,3} whose first rune ends at i.
func digits(s string, i int) int {
	for range 2 {
		c, n := at(s, i)
		if c&clNumber == 0 {
			break
		}
		i += n
	}
	return i
}

// punctuation matches " ?[^\s\p{L}\p{N}]+" at s[i:], where the rune is of
// class c and size n, and returns its end, or -1.
func punctuation(s string, i int, c class, n int) int {
	if s[i] == ' ' {
		if c2, n2 := at(s, i+1); n2 > 0 && c2&clPunct == 0 {
			return runNot(s, i+1, clPunct)
		}
	}
	if c&clPunct != 0 {
		return -1
	}
	return runNot(s, i+n, clPunct)
}

// space matches \s*[\r\n]+|\s+(?!\S)|\s+ at s[i:], which holds white
// space: through the last newline of the run of white space; else the
// whole run when it ends the text; else the run but its last rune, when
// that leaves one; else the one rune.
func space(s string, i int) int {
	lastNL, last, j := -1, i, i
	for {
		c, n := at(s, j)
		if n == 0 || c&clSpace == 0 {
			break
		}
		if c&clNewline != 0 {
			lastNL = j + n
		}
		last, j = j, j+n
	}
	switch {
	case j == i: // no white space: unreachable, but a piece is never empty
		_, n := at(s, i)
		return i + max(n, 1)
	case lastNL >= 0:
		return lastNL
	case j == len(s) || last == i:
		return j
	}
	return last
}

// contraction returns the end of (?i:'s|'t|'re|'ve|'m|'ll|'d) matched at
// s[i:], or -1.
func contraction(s string, i int) int {
	if i >= len(s) || s[i] != '\'' {
		return -1
	}
	for _, alt := range [...]string{"s", "t", "re", "ve", "m", "ll", "d"} {
		j := i + 1
		for k := 0; k < len(alt) && j >= 0; k++ {
			j = lowerIs(s, j, alt[k])
		}
		if j >= 0 {
			return j
		}
	}
	return -1
}

// lowerIs returns the end of the rune at s[i:] when it lower-cases to the
// ASCII letter b, else -1.
func lowerIs(s string, i int, b byte) int {
	if i >= len(s) {
		return -1
	}
	if c := s[i]; c < utf8.RuneSelf {
		if c == b || c+('a'-'A') == b {
			return i + 1
		}
		return -1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if unicode.ToLower(r) == rune(b) {
		return i + n
	}
	return -1
}
