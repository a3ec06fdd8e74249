package tokens

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"hash/crc32"
	"math/rand"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
	"github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"
)

// The reference is tiktoken-go with its offline ranks: the tokenizer
// promptlint used before, which the scanner and the merge here must agree
// with on every text. It is a test dependency only; the binary embeds the
// two ranks files and nothing else.

var update = flag.Bool("update", false, "rewrite the ranks files from tiktoken-go-loader's")

// patterns are the pre-tokenizer regular expressions of tiktoken-go.
var patterns = map[string]string{
	CL100K: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
	O200K: strings.Join([]string{
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
		`\p{N}{1,3}`,
		` ?[^\s\p{L}\p{N}]+[\r\n/]*`,
		`\s*[\r\n]+`,
		`\s+(?!\S)`,
		`\s+`,
	}, "|"),
}

// reference is tiktoken-go for one encoding, whole and in its two parts:
// the pre-tokenizer (re, the same pattern) and byte-pair encoding of one
// piece (bpe, tiktoken-go's own merge under a pattern that takes the
// whole text as one piece). tiktoken-go encodes a text as the
// concatenation of its pieces' encodings, so a text can be compared
// piece by piece: the regular expression runs on every text, while a
// piece's tokens, the slow part of tiktoken-go, are computed and checked
// once and remembered. And where tiktoken-go finds one match after the
// other, star finds them all in one match, each a capture of its group:
// the same pieces (a piece never is empty, and nothing after the loop
// can make the engine take another way through it) for one call to the
// engine instead of one a piece, about two thirds of the time. agree
// checks both, token for token, with whole.
type reference struct {
	tk   *tiktoken.Tiktoken
	re   *regexp2.Regexp
	star *regexp2.Regexp // \G(?:(re))*
	bpe  *tiktoken.Tiktoken
	lens []int // the length in bytes of each token, by rank

	mu    sync.Mutex
	known map[string][]int // tiktoken-go's tokens of a piece, checked
}

// maxKnown bounds the pieces a reference remembers: a long fuzzing run
// makes new ones without end.
const maxKnown = 1 << 16

// maxText is the longest text FuzzAgrees compares, and maxPiece the
// longest piece it can make (each byte of invalid UTF-8 is 3 of U+FFFD).
const maxText, maxPiece = 512, 3 * 512

var (
	refOnce sync.Once
	refs    map[string]*reference
	refErr  error
)

func referenceFor(tb testing.TB, enc string) *reference {
	refOnce.Do(func() {
		loader := &keptRanks{ranks: map[string]map[string]int{}}
		tiktoken.SetBpeLoader(loader)
		refs = map[string]*reference{}
		for _, name := range Encodings {
			tk, err := tiktoken.GetEncoding(name)
			if err != nil {
				refErr = err
				return
			}
			ranks := loader.ranks[name+".tiktoken"]
			if ranks == nil {
				refErr = fmt.Errorf("tiktoken-go did not load %s.tiktoken", name)
				return
			}
			core, err := tiktoken.NewCoreBPE(ranks, nil, `(?s).+`)
			if err != nil {
				refErr = err
				return
			}
			lens := make([]int, len(ranks))
			for tok, r := range ranks {
				lens[r] = len(tok)
			}
			refs[name] = &reference{
				tk:    tk,
				re:    regexp2.MustCompile(patterns[name], regexp2.None),
				star:  regexp2.MustCompile(`\G(?:(`+patterns[name]+`))*`, regexp2.None),
				bpe:   tiktoken.NewTiktoken(core, nil, nil),
				lens:  lens,
				known: map[string][]int{},
			}
		}
	})
	if refErr != nil {
		tb.Helper()
		tb.Fatal(refErr)
	}
	return refs[enc]
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

// valid is text as the tokenizers read it: each byte of invalid UTF-8 is
// U+FFFD.
func valid(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	return string([]rune(text))
}

// pieces splits text with the reference regular expression, one match
// after the other as tiktoken-go does.
func (r *reference) pieces(text string) []string {
	text = valid(text)
	var out []string
	r.each(text, false, func(start, end int) bool {
		out = append(out, text[start:end])
		return true
	})
	return out
}

// each calls yield with the start and end of each piece of a valid text
// by the reference regular expression, until yield returns false. With
// star, the pieces come from one match of r.star as far as it goes.
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

// encode returns tiktoken-go's tokens of a piece and checks that the
// merge here makes as many; a piece is encoded and checked once. From,
// if not nil, is tiktoken-go's tokens of the piece where a text has it:
// what encode remembers or computes must be the same, and a piece longer
// than a fuzzed text can make is not encoded again.
func (r *reference) encode(t *testing.T, enc, piece string, from []int) ([]int, bool) {
	r.mu.Lock()
	tokens, ok := r.known[piece]
	r.mu.Unlock()
	if !ok {
		if from != nil && len(piece) > maxPiece {
			tokens = from
		} else {
			tokens = r.bpe.EncodeOrdinary(piece)
		}
	}
	if from != nil && !slices.Equal(tokens, from) {
		t.Helper()
		t.Errorf("%s: piece %q: tiktoken-go encodes %v in its text, %v alone", enc, clip(piece), from, tokens)
		return tokens, false
	}
	if ok {
		return tokens, true
	}
	v, err := encodings[enc].load(enc)
	if err != nil {
		t.Helper()
		t.Fatal(err)
	}
	if n := v.count(piece); n != len(tokens) {
		t.Helper()
		t.Errorf("%s: piece %q: %d tokens, tiktoken-go %d", enc, clip(piece), n, len(tokens))
		return tokens, false
	}
	r.mu.Lock()
	if len(r.known) >= maxKnown {
		clear(r.known)
	}
	r.known[piece] = tokens
	r.mu.Unlock()
	return tokens, true
}

// byPiece cuts tiktoken-go's tokens of a text at the ends of its pieces,
// or returns nil if a token lies across two pieces.
func (r *reference) byPiece(tokens []int, pieces []string) [][]int {
	out := make([][]int, 0, len(pieces))
	k := 0
	for _, p := range pieces {
		start, n := k, 0
		for n < len(p) && k < len(tokens) {
			n += r.lens[tokens[k]]
			k++
		}
		if n != len(p) {
			return nil
		}
		out = append(out, tokens[start:k])
	}
	if k != len(tokens) {
		return nil
	}
	return out
}

// scan is the pieces of text under enc by the scanner.
func scan(enc, text string) []string {
	text = valid(text)
	var out []string
	for i := 0; i < len(text); {
		j := encodings[enc].match(text, i)
		if j <= i {
			panic(fmt.Sprintf("no progress at %d in %q", i, text))
		}
		out = append(out, text[i:j])
		i = j
	}
	return out
}

// agree checks that the scanner cuts text as tiktoken-go's regular
// expression does, that the merge makes as many tokens of each piece as
// tiktoken-go's, and that Count gives tiktoken-go's count of the text.
// Without whole, as in FuzzAgrees, the text is counted once, by
// countText as Count does, with the scanner's cuts recorded on the way,
// and the reference's pieces come from its one match (star). With whole,
// it also checks what lets FuzzAgrees take those short cuts: that the
// one match gives the pieces of match after match (on texts as short as
// FuzzAgrees compares), and that tiktoken-go's own encoding of the text
// is, piece by piece, the tokens remembered or computed for each piece
// alone.
func agree(t *testing.T, enc, text string, whole bool) bool {
	ref := referenceFor(t, enc)
	e := encodings[enc]
	valid := valid(text)
	var (
		cuts []int // the ends of the scanner's pieces
		n    int   // the count of the text
		err  error
	)
	if whole {
		end := 0
		for _, p := range scan(enc, valid) {
			end += len(p)
			cuts = append(cuts, end)
		}
		n, err = Count(enc, text)
	} else {
		var v *vocab
		if v, err = e.load(enc); err == nil {
			n = v.countText(valid, func(s string, i int) int {
				j := e.match(s, i)
				if j <= i {
					panic(fmt.Sprintf("%s: no progress at %d in %q", enc, i, clip(s)))
				}
				cuts = append(cuts, j)
				return j
			})
		}
	}
	if err != nil {
		t.Helper()
		t.Fatal(err)
	}
	spans := func(yield func(i, j int) bool) { ref.each(valid, true, yield) }
	var (
		pieces []string // with whole, the pieces match after match
		from   [][]int  // and tiktoken-go's tokens of each in the text
	)
	if whole {
		var loop [][2]int
		ref.each(valid, false, func(i, j int) bool {
			loop = append(loop, [2]int{i, j})
			pieces = append(pieces, valid[i:j])
			return true
		})
		all := ref.tk.EncodeOrdinary(text)
		if from = ref.byPiece(all, pieces); from == nil {
			t.Helper()
			t.Errorf("%s: %q: tiktoken-go's tokens %v lie across its pieces %q", enc, clip(text), all, pieces)
			return false
		}
		if len(text) > maxText {
			spans = func(yield func(i, j int) bool) {
				for _, l := range loop {
					if !yield(l[0], l[1]) {
						return
					}
				}
			}
		}
	}
	tokens, k, end := 0, 0, 0
	cut, star, counted := true, true, true
	spans(func(i, j int) bool {
		var fromText []int
		if whole {
			if k == len(pieces) || pieces[k] != valid[i:j] {
				star = false
				return false
			}
			fromText = from[k]
		}
		k++
		if i != end || len(cuts) == 0 || cuts[0] != j {
			cut = false
			return false
		}
		end, cuts = j, cuts[1:]
		toks, ok := ref.encode(t, enc, valid[i:j], fromText)
		if !ok {
			counted = false
			return false
		}
		tokens += len(toks)
		return true
	})
	if !star || (whole && cut && counted && k != len(pieces)) {
		t.Helper()
		t.Errorf("%s: %q: the reference's one match and its match after match cut differently at piece %d", enc, clip(text), k)
		return false
	}
	if !counted {
		return false
	}
	if !cut || len(cuts) != 0 || end != len(valid) {
		t.Helper()
		want, got := ref.pieces(text), scan(enc, text)
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("%s: %q: pieces differ at piece %d: got %q, want %q", enc, clip(text), i,
			got[i:min(len(got), i+3)], want[i:min(len(want), i+3)])
		return false
	}
	if n != tokens {
		t.Helper()
		t.Errorf("%s: %q: Count = %d, tiktoken-go %d", enc, clip(text), n, tokens)
		return false
	}
	return true
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// TestRanksFiles checks the embedded ranks against tiktoken-go-loader's;
// with -update it writes them.
func TestRanksFiles(t *testing.T) {
	t.Parallel()
	for _, enc := range Encodings {
		ranks, err := tiktoken_loader.NewOfflineLoader().LoadTiktokenBpe(enc + ".tiktoken")
		if err != nil {
			t.Fatal(err)
		}
		tokens := make([]string, len(ranks))
		for tok, r := range ranks {
			if r < 0 || r >= len(tokens) || tokens[r] != "" {
				t.Fatalf("%s: ranks are not 0 to %d, each once: %q has %d", enc, len(ranks)-1, tok, r)
			}
			tokens[r] = tok
		}
		var file bytes.Buffer
		for _, tok := range tokens {
			if len(tok) == 0 || len(tok) > 255 {
				t.Fatalf("%s: token %q does not fit a length byte", enc, tok)
			}
			file.WriteByte(byte(len(tok)))
		}
		for _, tok := range tokens {
			file.WriteString(tok)
		}
		name := enc + ".ranks"
		if *update {
			if err := os.WriteFile(name, file.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		e := encodings[enc]
		if e.ranks != file.String() || e.tokens != len(tokens) {
			t.Errorf("%s differs from tiktoken-go-loader's %s.tiktoken (%d tokens); run go test ./lint/tokens -run TestRanksFiles -update", name, enc, len(tokens))
		}
	}
}

// corpusTexts are the files of the corpus copied into testdata (real
// prompts in every format, with their licenses and notes).
func corpusTexts(tb testing.TB) []string {
	tb.Helper()
	var texts []string
	err := filepath.WalkDir(corpusDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		texts = append(texts, string(b))
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(texts) < 100 {
		tb.Fatalf("%d corpus files in %s, want the whole corpus", len(texts), corpusDir)
	}
	return texts
}

const corpusDir = "../../testdata/corpus"

func TestAgreesOnCorpus(t *testing.T) {
	t.Parallel()
	for _, text := range corpusTexts(t) {
		for _, enc := range Encodings {
			agree(t, enc, text, true)
			// Each line on its own too: a file's first piece differs.
			for _, line := range strings.SplitAfter(text, "\n")[:min(20, strings.Count(text, "\n"))] {
				agree(t, enc, line, true)
			}
		}
	}
}

// alphabet is what generated texts are made of: one or more runes of
// every class the patterns tell apart, and invalid UTF-8.
var alphabet = []string{
	// ASCII letters, contractions in every case, digits
	"a", "z", "E", "Q", "s", "S", "t", "T", "re", "RE", "rE", "ve", "Ve", "m", "M", "ll", "lL", "LL", "d", "D",
	"'", "'", "'", "'s", "'T", "'re", "'Ve", "'LL", "'d", "'x", "0", "7", "42", "1234",
	// white space: spaces, tabs, line endings, Unicode spaces
	" ", " ", " ", "  ", "\t", "\n", "\n", "\r\n", "\r", "\v", "\f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u3000", "\u200b",
	// punctuation, symbols, slashes
	".", ",", "!", "?", "-", "_", "/", "//", "{", "}", "{{", "}}", "(", ")", "\"", "`", "#", "*", "$", "€", "©", "🙂", "👍🏽", "\ufffd",
	// letters of each category, marks, numbers
	"é", "É", "ß", "ǅ", "ʰ", "ー", "日", "本", "か", "ا", "ب", "ж", "Ж", "ſ", "İ", "K", "ﬁ",
	"\u0301", "\u0903", "\u20dd", "ँ", "٣", "५", "Ⅻ", "½", "²",
	// invalid UTF-8
	"\xff", "\x80", "\xe6\x97", "\xed\xa0\x80",
}

// generated returns a deterministic text of about n pieces of the alphabet.
func generated(rng *rand.Rand, n int) string {
	var sb strings.Builder
	for range n {
		if rng.Intn(8) == 0 { // runs of one piece
			sb.WriteString(strings.Repeat(alphabet[rng.Intn(len(alphabet))], 2+rng.Intn(12)))
			continue
		}
		sb.WriteString(alphabet[rng.Intn(len(alphabet))])
	}
	return sb.String()
}

// edgeTexts are cases the alternatives of the patterns tell apart.
var edgeTexts = []string{
	"'ſa", "x'ſ", "'ſ", "don'T", "DON'T", "I'M", "they'RE", "we'Ve", "it'S'S", "İ'S", "'K", "o'clock", "''s", "' s",
	"HELLO world", "Hello WORLD", "日A", "日AAAA日", "ʰA", "\u0301A", "\u0301a", "a\u0301", "A\u0301b", "ǅa", "ǅA",
	" 123", "1234567", "١٢٣٤", "Ⅻ½", " .", "  .", " \n", "\n ", " \n x", "\r\n\r\n", "a\r\nb", "\t\tword",
	"  word", "   ", "x   ", ".\n/\n", "./\r\n", "?/", " /", "{{name}}", "<|endoftext|>", "\xff\xfe", "\xe6\x97",
}

func TestAgreesOnGeneratedText(t *testing.T) {
	t.Parallel()
	for _, text := range edgeTexts {
		for _, enc := range Encodings {
			agree(t, enc, text, true)
		}
	}
	rng := rand.New(rand.NewSource(1))
	for i := range 4000 {
		text := generated(rng, 1+rng.Intn(40))
		for _, enc := range Encodings {
			if !agree(t, enc, text, true) && t.Failed() && i > 50 {
				t.FailNow()
			}
		}
	}
}

// TestAgreesOnLongRuns compares runs long enough to take countLarge's
// heap merge, and long pieces of each pre-tokenizer alternative.
func TestAgreesOnLongRuns(t *testing.T) {
	t.Parallel()
	for _, text := range longRuns() {
		for _, enc := range Encodings {
			agree(t, enc, text, true)
		}
	}
}

// longRuns are texts of long runs of one class or a few.
func longRuns() []string {
	rng := rand.New(rand.NewSource(2))
	letters := func(n int, from string) string {
		r := []rune(from)
		var sb strings.Builder
		for range n {
			sb.WriteRune(r[rng.Intn(len(r))])
		}
		return sb.String()
	}
	return []string{
		strings.Repeat("a", 3000),
		strings.Repeat("ab", 1500),
		letters(3000, "abcdefghijklmnopqrstuvwxyz"),
		letters(2000, "etaoinshrdlu"),
		letters(1000, "日本語のテキストかなカナ"),
		letters(1000, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
		letters(1500, "AbCdEfGh"),
		strings.Repeat("1234567890", 200),
		strings.Repeat(" ", 3000),
		strings.Repeat(" ", 3000) + "x",
		strings.Repeat("\n", 3000),
		strings.Repeat("\r\n", 1500),
		strings.Repeat(" \n", 1500) + "  word",
		strings.Repeat("\t", 2000) + "word",
		strings.Repeat("-", 3000),
		strings.Repeat("=", 2000) + "\n\n",
		letters(2000, "!@#$%^&*()[]{};:,.<>/?|"),
		strings.Repeat("{{variable_name}} ", 200),
		strings.Repeat("🙂", 800),
		strings.Repeat("é", 1500),
		strings.Repeat("e\u0301", 1000),
		strings.Repeat("\xff", 1000),
	}
}

// naiveCount is byte-pair merging as tiktoken writes it: a scan for the
// lowest rank at each step.
func naiveCount(v *vocab, piece string) int {
	start := make([]int, len(piece)+1)
	for i := range start {
		start[i] = i
	}
	for len(start) > 2 {
		best, k := uint32(none), -1
		for i := 0; i+2 < len(start); i++ {
			if r := v.rank(piece[start[i]:start[i+2]]); r < best {
				best, k = r, i
			}
		}
		if k < 0 {
			break
		}
		start = slices.Delete(start, k+1, k+2)
	}
	return len(start) - 1
}

// TestMergeStrategies checks the short-piece merge and the heap merge
// against the naive one on pieces of every length up to a few thousand
// bytes.
func TestMergeStrategies(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(3))
	for _, enc := range Encodings {
		v, err := encodings[enc].load(enc)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2000 {
			n := 2 + rng.Intn(smallPiece)
			if i%100 == 0 {
				n = 100 + rng.Intn(2000)
			}
			// Few distinct bytes make long merges; some pieces are words.
			alpha := "abcdefghij"[:1+rng.Intn(10)]
			if i%3 == 0 {
				alpha = "the quick brown fox jumps over the lazy dog"
			}
			b := make([]byte, n)
			for k := range b {
				b[k] = alpha[rng.Intn(len(alpha))]
			}
			piece := string(b)
			want := naiveCount(v, piece)
			if got := v.countLarge(piece); got != want {
				t.Fatalf("%s: countLarge(%q) = %d, want %d", enc, clip(piece), got, want)
			}
			if n <= smallPiece {
				if got := v.countSmall(piece); got != want {
					t.Fatalf("%s: countSmall(%q) = %d, want %d", enc, piece, got, want)
				}
			}
		}
	}
}

// FuzzAgrees compares the scanner and the count with tiktoken-go on any
// text, in both encodings: the reference's regular expression runs on
// every text, its byte-pair merge once a piece (see reference). One text
// in wholeEvery, chosen by its hash so that a failure repeats, is also
// checked whole: by tiktoken-go's own encoding, token for token, and by
// the reference's match after match.
func FuzzAgrees(f *testing.F) {
	// A text's pieces split and merge on their own, so what breaks the
	// scanner shows in a few lines (512 bytes still hold pieces longer
	// than smallPiece); the reference's regular expression, run on every
	// byte, is most of an execution, so long texts only slow the search
	// down. Long pieces are compared in TestAgreesOnLongRuns and
	// TestMergeStrategies.
	const wholeEvery = 32
	texts := corpusTexts(f)
	for _, s := range texts[:min(len(texts), 20)] {
		f.Add(s[:min(len(s), maxText)])
	}
	rng := rand.New(rand.NewSource(4))
	for range 50 {
		f.Add(generated(rng, 30))
	}
	// Load both tokenizers here, not within the first input of each
	// fuzzing process (the fuzzer may restart one mid-campaign): the
	// fuzzer kills a process whose input runs for 10 s of wall time and
	// reports that input as failing, and loading them takes seconds of
	// wall time on a loaded machine.
	for _, enc := range Encodings {
		referenceFor(f, enc)
		if _, err := encodings[enc].load(enc); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Cut, not skipped, so that a long input still tests its start.
		s = s[:min(len(s), maxText)]
		whole := crc32.ChecksumIEEE([]byte(s))%wholeEvery == 0
		for _, enc := range Encodings {
			agree(t, enc, s, whole)
		}
	})
}

var textsFile = flag.String("texts-file", "", "TestWriteTexts writes the differential texts and Count's results to this file, for testdata/tiktoken_check.js")

// TestWriteTexts writes every text of the differential tests, one JSON
// object a line with Count's result per encoding, to -texts-file; the
// script testdata/tiktoken_check.js compares them with OpenAI's tiktoken
// itself (its WebAssembly build), outside the test suite:
//
//	go test ./lint/tokens -run TestWriteTexts -texts-file /tmp/texts.jsonl
//	node lint/tokens/testdata/tiktoken_check.js /tmp/texts.jsonl
func TestWriteTexts(t *testing.T) {
	t.Parallel()
	if *textsFile == "" {
		t.Skip("no -texts-file")
	}
	texts := corpusTexts(t)
	for _, text := range corpusTexts(t) {
		texts = append(texts, strings.SplitAfter(text, "\n")...)
	}
	texts = append(texts, edgeTexts...)
	rng := rand.New(rand.NewSource(1))
	for range 4000 {
		texts = append(texts, generated(rng, 1+rng.Intn(40)))
	}
	texts = append(texts, longRuns()...)
	var out bytes.Buffer
	for _, text := range texts {
		if !utf8.ValidString(text) {
			text = string([]rune(text)) // as Count reads it
		}
		rec := map[string]any{"text": text}
		for _, enc := range Encodings {
			n, err := Count(enc, text)
			if err != nil {
				t.Fatal(err)
			}
			rec[enc] = n
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(append(b, '\n'))
	}
	if err := os.WriteFile(*textsFile, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
