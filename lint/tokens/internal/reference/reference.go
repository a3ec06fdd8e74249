// Package reference answers the differential tests of lint/tokens with
// tiktoken-go, the tokenizer promptlint used before, over a pipe: the
// tests start testdata/serve with go run and compare the scanner and the
// count with its answers. It is test code, which no binary of promptlint
// imports.
//
// It runs as a process of its own so that a fuzzing run of lint/tokens
// (go test -fuzz) instruments only the code under test. go test -fuzz
// compiles every package of the test binary with coverage counters and
// comparison hooks, tiktoken-go and its regular expression engine
// (regexp2) among them: the reference then ran about twice as slowly as
// it does here, the fuzzer copied and compared some 44,000 counters after
// each input, most of them the reference's, and it kept inputs that
// found new ways through the reference's regular expression engine
// rather than through the scanner, spending up to the minimize time on
// each.
//
// A request is one byte naming it, then its arguments; numbers are
// unsigned varints and strings a length then their bytes:
//
//	'p' flags text   the pieces of text for each encoding of Encodings
//	                 (flags: 1 whole, 2 star; see split), each answered as
//	                 its number of pieces, then each piece's length in
//	                 bytes of the valid text and its number of tokens
//	                 times two, plus one when the reference has not met
//	                 the piece before (it remembers 65,536), then an error
//	                 string (empty when the reference agrees with itself)
//	'r' name         the ranks file of an encoding (see ranksFile), as a
//	                 string, then an error string
package reference

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// Serve loads tiktoken-go's encodings and answers the requests read
// from in until it ends.
func Serve(in io.Reader, out io.Writer) error {
	// The ranks and tiktoken-go's tables are most of the heap and live
	// to the end: collecting while they are read only scans them again.
	// Then the regular expression engine and tiktoken-go allocate for
	// every text, and each collection scans those tables: a goal of five
	// times the live heap (about 250 MB) collects a quarter as often as
	// the default.
	debug.SetGCPercent(-1)
	refs, err := load()
	debug.SetGCPercent(400)
	if err != nil {
		return err
	}
	return serve(refs, in, out)
}

// Encodings are the encodings answered, in the order of the answers: the
// encodings of lint/tokens.
var Encodings = []string{"cl100k_base", "o200k_base"}

// patterns are the pre-tokenizer regular expressions of tiktoken-go.
var patterns = map[string]string{
	"cl100k_base": `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
	"o200k_base": strings.Join([]string{
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`\p{N}{1,3}`,
		` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
		`\s*[\r\n]+`,
		`\s+(?!\S)`,
		`\s+`,
	}, "|"),
}

// The flags of a pieces request.
const (
	flagWhole = 1 << iota // check tiktoken-go's encoding of the whole text
	flagStar              // with flagWhole, check the one match too
)

// reference is tiktoken-go for one encoding (tk) and its pre-tokenizer
// (re, the same pattern). tiktoken-go encodes a text as the
// concatenation of its pieces' encodings, so a text can be compared
// piece by piece: the regular expression runs on every text, while a
// piece's tokens, the slow part of tiktoken-go, are computed once, by
// tiktoken-go's encoding of the piece alone, and remembered. A piece is
// one piece alone too (see encode), so that encoding is the merge of the
// piece. And where tiktoken-go finds one match after the other, star
// finds them all in one match, each a capture of its group: the same
// pieces (a piece never is empty, and nothing after the loop can make the
// engine take another way through it) for one call to the engine instead
// of one a piece, about two thirds of the time. split with whole checks
// both, token for token, with tiktoken-go's encoding of the whole text.
type reference struct {
	tk    *tiktoken.Tiktoken
	re    *regexp2.Regexp
	star  *regexp2.Regexp  // \G(?:(re))*
	lens  []int            // the length in bytes of each token, by rank
	ranks map[string]int   // tiktoken-go-loader's, as tiktoken-go reads them
	known map[string][]int // tiktoken-go's tokens of a piece
}

// maxKnown bounds the pieces a reference remembers: a long fuzzing run
// makes new ones without end.
const maxKnown = 1 << 16

// maxPiece is the longest piece FuzzAgrees can make (its texts are at
// most 512 bytes, and each byte of invalid UTF-8 is 3 of U+FFFD): a
// longer piece of a whole text takes the text's tokens rather than being
// merged alone again, which tiktoken-go does in time quadratic in its
// length.
const maxPiece = 3 * 256

// load reads tiktoken-go's encodings, with tiktoken-go-loader's offline
// ranks.
func load() ([]*reference, error) {
	loader := &keptRanks{ranks: map[string]map[string]int{}}
	tiktoken.SetBpeLoader(loader)
	var refs []*reference
	for _, name := range Encodings {
		tk, err := tiktoken.GetEncoding(name)
		if err != nil {
			return nil, err
		}
		ranks := loader.ranks[name+".tiktoken"]
		if ranks == nil {
			return nil, fmt.Errorf("tiktoken-go did not load %s.tiktoken", name)
		}
		lens := make([]int, len(ranks))
		for tok, r := range ranks {
			if r < 0 || r >= len(lens) || lens[r] != 0 {
				return nil, fmt.Errorf("%s: ranks are not 0 to %d, each once: %q has %d", name, len(ranks)-1, tok, r)
			}
			lens[r] = len(tok)
		}
		refs = append(refs, &reference{
			tk:    tk,
			re:    regexp2.MustCompile(patterns[name], regexp2.None),
			star:  regexp2.MustCompile(`\G(?:(`+patterns[name]+`))*`, regexp2.None),
			lens:  lens,
			ranks: ranks,
			known: map[string][]int{},
		})
	}
	return refs, nil
}

// keptRanks is tiktoken-go-loader's offline loader keeping the ranks it
// reads, for the piece encoders to share.
type keptRanks struct {
	tiktoken_loader.OfflineLoader
	ranks map[string]map[string]int // by file name
}

func (k *keptRanks) LoadTiktokenBpe(file string) (map[string]int, error) {
	ranks, err := k.OfflineLoader.LoadTiktokenBpe(file)
	k.ranks[path.Base(file)] = ranks
	return ranks, err
}

// serve answers the requests read from in until it ends.
func serve(refs []*reference, in io.Reader, out io.Writer) error {
	r, w := bufio.NewReader(in), bufio.NewWriter(out)
	var buf []byte
	for {
		op, err := r.ReadByte()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		buf = buf[:0]
		switch op {
		case 'p':
			flags, err := r.ReadByte()
			if err != nil {
				return err
			}
			text, err := readString(r)
			if err != nil {
				return err
			}
			for _, ref := range refs {
				pieces, msg := ref.split(text, flags&flagWhole != 0, flags&flagStar != 0)
				buf = binary.AppendUvarint(buf, uint64(len(pieces)))
				for _, p := range pieces {
					buf = binary.AppendUvarint(buf, uint64(p.size))
					t := uint64(p.tokens) << 1
					if p.new {
						t |= 1
					}
					buf = binary.AppendUvarint(buf, t)
				}
				buf = appendString(buf, msg)
			}
		case 'r':
			name, err := readString(r)
			if err != nil {
				return err
			}
			file, msg := ranksFile(refs, name)
			buf = appendString(appendString(buf, file), msg)
		default:
			return fmt.Errorf("unknown request %q", op)
		}
		if _, err := w.Write(buf); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
}

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return "", err
	}
	if n > 1<<30 {
		return "", errors.New("string too long")
	}
	b := make([]byte, n)
	_, err = io.ReadFull(r, b)
	return string(b), err
}

func appendString(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}

// ranksFile is tiktoken-go-loader's ranks of the named encoding as
// lint/tokens embeds them: one byte per token holding its length, by
// rank, then the tokens' bytes.
func ranksFile(refs []*reference, name string) (string, string) {
	k := slices.Index(Encodings, name)
	if k < 0 {
		return "", fmt.Sprintf("unknown encoding %q", name)
	}
	ref := refs[k]
	tokens := make([]string, len(ref.lens))
	for tok, r := range ref.ranks {
		tokens[r] = tok
	}
	var file bytes.Buffer
	for _, tok := range tokens {
		if len(tok) == 0 || len(tok) > 255 {
			return "", fmt.Sprintf("%s: token %q does not fit a length byte", name, tok)
		}
		file.WriteByte(byte(len(tok)))
	}
	for _, tok := range tokens {
		file.WriteString(tok)
	}
	return file.String(), ""
}

// piece is one piece of a text and tiktoken-go's count of its tokens.
type piece struct {
	size, tokens int
	new          bool // the reference had not met the piece before
}

// split returns the pieces of text by the reference's regular expression
// and tiktoken-go's count of each piece's tokens, or what went wrong.
// Without whole, as for FuzzAgrees, the pieces come from the one match
// (star) and a piece's tokens from its encoding alone, once. With whole,
// split also checks what lets FuzzAgrees take those short cuts: with
// star, that the one match gives the pieces of match after match; and
// that tiktoken-go's own encoding of the text is, piece by piece, the
// tokens remembered or computed for each piece alone. The text is read as
// tiktoken-go reads it, each byte of invalid UTF-8 as U+FFFD, and the
// sizes are those of the valid text.
func (r *reference) split(text string, whole, star bool) ([]piece, string) {
	valid := valid(text)
	var spans [][2]int
	r.each(valid, !whole, func(i, j int) bool {
		spans = append(spans, [2]int{i, j})
		return true
	})
	var from [][]int // with whole, tiktoken-go's tokens of each piece in the text
	if whole {
		if star {
			k := 0
			r.each(valid, true, func(i, j int) bool {
				if k == len(spans) || spans[k] != [2]int{i, j} {
					return false
				}
				k++
				return true
			})
			if k != len(spans) {
				return nil, fmt.Sprintf("the reference's one match and its match after match cut differently at piece %d", k)
			}
		}
		all := r.tk.EncodeOrdinary(text)
		if from = r.byPiece(all, spans); from == nil {
			return nil, fmt.Sprintf("tiktoken-go's tokens %v lie across its pieces %v", all, spans)
		}
	}
	pieces := make([]piece, len(spans))
	for k, s := range spans {
		var fromText []int
		if whole {
			fromText = from[k]
		}
		tokens, known, msg := r.encode(valid[s[0]:s[1]], fromText)
		if msg != "" {
			return nil, msg
		}
		pieces[k] = piece{s[1] - s[0], len(tokens), !known}
	}
	return pieces, ""
}

// valid is text as the tokenizers read it: each byte of invalid UTF-8 is
// U+FFFD.
func valid(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	return string([]rune(text))
}

// each calls yield with the start and end of each piece of a valid text
// by the reference regular expression, until yield returns false. With
// star, the pieces come from one match of r.star as far as it goes, then
// match after match.
func (r *reference) each(text string, star bool, yield func(start, end int) bool) {
	runes := []rune(text)
	at, off := 0, 0 // a rune index and its byte offset in text
	bytesTo := func(i int) int {
		for ; at < i; at++ {
			off += utf8.RuneLen(runes[at])
		}
		return off
	}
	if star {
		if m, _ := r.star.FindRunesMatch(runes); m != nil {
			for _, c := range m.GroupByNumber(1).Captures {
				if !yield(bytesTo(c.Index), bytesTo(c.Index+c.Length)) {
					return
				}
			}
		}
	}
	m, _ := r.re.FindRunesMatchStartingAt(runes, at)
	for m != nil {
		if !yield(bytesTo(m.Index), bytesTo(m.Index+m.Length)) {
			return
		}
		m, _ = r.re.FindNextMatch(m)
	}
}

// encode returns tiktoken-go's tokens of a piece, encoded once and
// remembered. From, if not nil, is tiktoken-go's tokens of the piece
// where a text has it: what encode remembers or computes must be the
// same, and a piece longer than a fuzzed text can make is not encoded
// again.
//
// tiktoken-go encodes the piece alone as a text: its regular expression
// splits it again, and each part is merged. The piece is one part: where
// the text ends changes only what \s+(?!\S) matches, and in a text that
// alternative fails only at one white space before a \S, which \s+ then
// takes, as \s+(?!\S) does alone. So this is the merge of the piece;
// encode checks that the piece is one part.
func (r *reference) encode(piece string, from []int) (tokens []int, known bool, msg string) {
	tokens, known = r.known[piece]
	if !known {
		if from != nil && len(piece) > maxPiece {
			tokens = from
		} else {
			if m, _ := r.re.FindStringMatch(piece); m == nil || m.Index != 0 || m.Length != utf8.RuneCountInString(piece) {
				return nil, false, fmt.Sprintf("piece %q is not one piece alone", clip(piece))
			}
			tokens = r.tk.EncodeOrdinary(piece)
		}
	}
	if from != nil && !slices.Equal(tokens, from) {
		return tokens, known, fmt.Sprintf("piece %q: tiktoken-go encodes %v in its text, %v alone", clip(piece), from, tokens)
	}
	if !known {
		if len(r.known) >= maxKnown {
			clear(r.known)
		}
		r.known[piece] = tokens
	}
	return tokens, known, ""
}

// byPiece cuts tiktoken-go's tokens of a text at the ends of its pieces,
// or returns nil if a token lies across two pieces.
func (r *reference) byPiece(tokens []int, spans [][2]int) [][]int {
	out := make([][]int, 0, len(spans))
	k := 0
	for _, s := range spans {
		start, n := k, 0
		for n < s[1]-s[0] && k < len(tokens) {
			n += r.lens[tokens[k]]
			k++
		}
		if n != s[1]-s[0] {
			return nil
		}
		out = append(out, tokens[start:k])
	}
	if k != len(tokens) {
		return nil
	}
	return out
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
