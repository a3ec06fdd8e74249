package tokens

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// The reference is tiktoken-go with its offline ranks: the tokenizer
// promptlint used before, which the scanner and the merge here must agree
// with on every text. It runs in a process of its own, package
// internal/reference's command testdata/serve, started with go run and
// asked over a pipe (see the package's doc comment for why and for the
// requests): tiktoken-go is a test dependency only, and not even of this
// package's test binary, which a fuzzing run compiles with coverage
// counters throughout; the binary embeds the two ranks files and nothing
// else.

var update = flag.Bool("update", false, "rewrite the ranks files from tiktoken-go-loader's")

// maxText is the longest text FuzzAgrees compares.
const maxText = 256

// refProcess is a running reference and the pipes to it, one request at
// a time.
type refProcess struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  io.WriteCloser
	w   *bufio.Writer
	r   *bufio.Reader
	buf []byte
}

// refPool is the reference processes of a test process: one, and a
// second once two tests ask at the same time (the tests run in parallel,
// and a question waits for its answer, so one process keeps one core
// busy); a fuzzing process, which asks one question at a time, starts
// one.
type refPool struct {
	mu      sync.Mutex
	freed   *sync.Cond
	idle    []*refProcess
	started []*refProcess
	err     error
}

// maxRefs is the most reference processes a test process starts.
const maxRefs = 2

var refs = func() *refPool {
	pl := &refPool{}
	pl.freed = sync.NewCond(&pl.mu)
	return pl
}()

// reference returns the reference processes, the first started and with
// its encodings loaded.
func reference(tb testing.TB) *refPool {
	p, err := refs.get()
	if err != nil {
		tb.Helper()
		tb.Fatal(err)
	}
	refs.put(p)
	return refs
}

// get takes an idle process, or starts one if fewer than maxRefs are, or
// waits for one.
func (pl *refPool) get() (*refProcess, error) {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	for len(pl.idle) == 0 && pl.err == nil && len(pl.started) >= maxRefs {
		pl.freed.Wait()
	}
	if pl.err != nil {
		return nil, pl.err
	}
	if n := len(pl.idle); n > 0 {
		p := pl.idle[n-1]
		pl.idle = pl.idle[:n-1]
		return p, nil
	}
	pl.started = append(pl.started, nil) // a place, taken while it starts
	k := len(pl.started) - 1
	pl.mu.Unlock()
	p, err := startReference()
	pl.mu.Lock()
	if err != nil {
		pl.err = err
		pl.freed.Broadcast()
		return nil, err
	}
	pl.started[k] = p
	return p, nil
}

func (pl *refPool) put(p *refProcess) {
	pl.mu.Lock()
	pl.idle = append(pl.idle, p)
	pl.mu.Unlock()
	pl.freed.Signal()
}

func (pl *refPool) split(text string, whole, star bool) ([]refPieces, error) {
	p, err := pl.get()
	if err != nil {
		return nil, err
	}
	defer pl.put(p)
	return p.split(text, whole, star)
}

func (pl *refPool) ranksFile(enc string) (string, error) {
	p, err := pl.get()
	if err != nil {
		return "", err
	}
	defer pl.put(p)
	return p.ranksFile(enc)
}

func startReference() (*refProcess, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return nil, fmt.Errorf("starting the reference: %w", err)
	}
	cmd := exec.Command(goBin, "run", "-buildvcs=false", "./internal/reference/testdata/serve")
	cmd.Stderr = os.Stderr
	// Pipes of blocking reads and writes, on this side too (Fd makes them
	// so): an answer comes within microseconds, sooner than a goroutine
	// parked on the network poller is woken, and a fuzzing run asks once
	// an input.
	inR, in, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("starting the reference: %w", err)
	}
	out, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("starting the reference: %w", err)
	}
	in.Fd()
	out.Fd()
	cmd.Stdin, cmd.Stdout = inR, outW
	err = cmd.Start()
	inR.Close()
	outW.Close()
	if err != nil {
		in.Close()
		out.Close()
		return nil, fmt.Errorf("starting the reference: %w", err)
	}
	p := &refProcess{cmd: cmd, in: in, w: bufio.NewWriter(in), r: bufio.NewReader(out)}
	// The first answer comes once both encodings are loaded.
	if _, err := p.split("", false, false); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// TestMain stops the references the tests started, once they are
// done.
func TestMain(m *testing.M) {
	m.Run()
	for _, p := range refs.started {
		if p == nil {
			continue
		}
		if err := p.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping the reference:", err)
		}
	}
}

// stop ends the reference: it returns when its input ends.
func (p *refProcess) stop() error {
	p.in.Close()
	return p.cmd.Wait()
}

// refPiece is one piece of a text by the reference, and tiktoken-go's
// count of its tokens.
type refPiece struct {
	size, tokens int
	new          bool // the reference had not met the piece before
}

// refPieces is the reference's answer for one encoding: the pieces of
// the valid text, or what went wrong within the reference.
type refPieces struct {
	pieces []refPiece
	err    string
}

// split asks the reference for the pieces of text in each encoding of
// Encodings (the reference's order). Without whole, the pieces come from
// its one match and each piece's tokens from its encoding alone,
// remembered; with whole, the reference also checks that tiktoken-go's
// encoding of the whole text is, piece by piece, those tokens, and with
// star that the one match gives the pieces of match after match.
func (p *refProcess) split(text string, whole, star bool) ([]refPieces, error) {
	var flags byte
	if whole {
		flags |= 1
	}
	if star {
		flags |= 2
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(binary.AppendUvarint(append(p.buf[:0], 'p', flags), uint64(len(text))), text...)
	if err := p.send(); err != nil {
		return nil, err
	}
	answers := make([]refPieces, len(Encodings))
	for k := range answers {
		n, err := binary.ReadUvarint(p.r)
		if err != nil {
			return nil, p.failed(err)
		}
		a := &answers[k]
		a.pieces = make([]refPiece, n)
		for i := range a.pieces {
			size, err := binary.ReadUvarint(p.r)
			if err != nil {
				return nil, p.failed(err)
			}
			tokens, err := binary.ReadUvarint(p.r)
			if err != nil {
				return nil, p.failed(err)
			}
			a.pieces[i] = refPiece{int(size), int(tokens >> 1), tokens&1 != 0}
		}
		if a.err, err = p.readString(); err != nil {
			return nil, err
		}
	}
	return answers, nil
}

// ranksFile asks the reference for tiktoken-go-loader's ranks of an
// encoding, written as lint/tokens embeds them.
func (p *refProcess) ranksFile(enc string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(binary.AppendUvarint(append(p.buf[:0], 'r'), uint64(len(enc))), enc...)
	if err := p.send(); err != nil {
		return "", err
	}
	file, err := p.readString()
	if err != nil {
		return "", err
	}
	msg, err := p.readString()
	if err == nil && msg != "" {
		err = errors.New(msg)
	}
	return file, err
}

func (p *refProcess) send() error {
	if _, err := p.w.Write(p.buf); err != nil {
		return p.failed(err)
	}
	if err := p.w.Flush(); err != nil {
		return p.failed(err)
	}
	return nil
}

func (p *refProcess) readString() (string, error) {
	n, err := binary.ReadUvarint(p.r)
	if err != nil {
		return "", p.failed(err)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(p.r, b); err != nil {
		return "", p.failed(err)
	}
	return string(b), nil
}

func (p *refProcess) failed(err error) error {
	return fmt.Errorf("asking the reference (go run ./internal/reference/testdata/serve): %w", err)
}

// valid is text as the tokenizers read it: each byte of invalid UTF-8 is
// U+FFFD.
func valid(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	return string([]rune(text))
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

// agree checks, in each encoding, that the scanner cuts text as
// tiktoken-go's regular expression does, that the merge makes as many
// tokens of each piece as tiktoken-go's (the first time the piece is
// seen), and that Count gives tiktoken-go's count of the text. Without
// whole, as in FuzzAgrees, the text is counted once, by countText as
// Count does, with the scanner's cuts recorded on the way, and the
// reference takes its short cuts (see refProcess.split); with whole, the
// cuts come from scan and the count from Count, and the reference checks
// its short cuts, the one match on texts as short as FuzzAgrees compares.
func agree(t testing.TB, text string, whole bool) bool {
	answers, err := reference(t).split(text, whole, whole && len(text) <= maxText)
	if err != nil {
		t.Helper()
		t.Fatal(err)
	}
	ok := true
	for k, enc := range Encodings {
		if !agreeOn(t, enc, text, whole, answers[k]) {
			ok = false
		}
	}
	return ok
}

func agreeOn(t testing.TB, enc, text string, whole bool, want refPieces) bool {
	t.Helper()
	if want.err != "" {
		t.Errorf("%s: %q: %s", enc, clip(text), want.err)
		return false
	}
	e := encodings[enc]
	v, err := e.load(enc)
	if err != nil {
		t.Fatal(err)
	}
	valid := valid(text)
	var (
		cuts []int // the ends of the scanner's pieces
		n    int   // the count of the text
	)
	if whole {
		end := 0
		for _, p := range scan(enc, valid) {
			end += len(p)
			cuts = append(cuts, end)
		}
		if n, err = Count(enc, text); err != nil {
			t.Fatal(err)
		}
	} else {
		n = v.countText(valid, func(s string, i int) int {
			j := e.match(s, i)
			if j <= i {
				panic(fmt.Sprintf("%s: no progress at %d in %q", enc, i, clip(s)))
			}
			cuts = append(cuts, j)
			return j
		})
	}
	tokens, end, k := 0, 0, 0
	for ; k < len(want.pieces) && k < len(cuts); k++ {
		p := want.pieces[k]
		if cuts[k] != end+p.size {
			break
		}
		piece := valid[end : end+p.size]
		end += p.size
		tokens += p.tokens
		if p.new {
			if c := v.count(piece); c != p.tokens {
				t.Errorf("%s: piece %q: %d tokens, tiktoken-go %d", enc, clip(piece), c, p.tokens)
				return false
			}
		}
	}
	if k != len(want.pieces) || k != len(cuts) || end != len(valid) {
		var wantPieces []string
		at := 0
		for _, p := range want.pieces {
			wantPieces = append(wantPieces, valid[at:at+p.size])
			at += p.size
		}
		got := scan(enc, valid)
		i := 0
		for i < min(len(got), len(wantPieces)) && got[i] == wantPieces[i] {
			i++
		}
		t.Errorf("%s: %q: pieces differ at piece %d: got %q, want %q", enc, clip(text), i,
			got[i:min(len(got), i+3)], wantPieces[i:min(len(wantPieces), i+3)])
		return false
	}
	if n != tokens {
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
		file, err := reference(t).ranksFile(enc)
		if err != nil {
			t.Fatal(err)
		}
		name := enc + ".ranks"
		if *update {
			if err := os.WriteFile(name, []byte(file), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		e := encodings[enc]
		if e.ranks != file || e.tokens != tokensIn(file) {
			t.Errorf("%s differs from tiktoken-go-loader's %s.tiktoken (%d tokens); run go test ./lint/tokens -run TestRanksFiles -update", name, enc, tokensIn(file))
		}
	}
}

// tokensIn is the number of tokens of a ranks file: the length bytes
// before the tokens' bytes.
func tokensIn(file string) int {
	n, size := 0, 0
	for n < len(file) && size < len(file)-n {
		size += int(file[n])
		n++
	}
	return n
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
	seen := map[string]bool{} // lines compared: most files share some
	for _, text := range corpusTexts(t) {
		agree(t, text, true)
		// Each line on its own too, for the scanner: a file's first piece
		// differs. tiktoken-go encoded the rest with the file.
		for _, line := range strings.SplitAfter(text, "\n")[:min(20, strings.Count(text, "\n"))] {
			if !seen[line] {
				seen[line] = true
				agree(t, line, false)
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
		agree(t, text, true)
	}
	rng := rand.New(rand.NewSource(1))
	for i := range 4000 {
		text := generated(rng, 1+rng.Intn(40))
		if !agree(t, text, true) && t.Failed() && i > 50 {
			t.FailNow()
		}
	}
}

// TestAgreesOnLongRuns compares runs long enough to take countHeap's
// heap merge, and long pieces of each pre-tokenizer alternative.
func TestAgreesOnLongRuns(t *testing.T) {
	t.Parallel()
	for _, text := range longRuns() {
		agree(t, text, true)
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
// lowest rank at each step, with the rank of each two adjacent parts
// merged kept and only the merged part's looked up again.
func naiveCount(v *vocab, piece string) int {
	start := make([]int, len(piece)+1)  // where each part starts, then len(piece)
	ranks := make([]uint32, len(piece)) // the rank of part i merged with part i+1
	for i := range start {
		start[i] = i
	}
	pair := func(i int) uint32 {
		if i+2 >= len(start) {
			return none
		}
		return v.rank(piece[start[i]:start[i+2]])
	}
	for i := range ranks {
		ranks[i] = pair(i)
	}
	for len(start) > 2 {
		best, k := uint32(none), -1
		for i, r := range ranks {
			if r < best {
				best, k = r, i
			}
		}
		if k < 0 {
			break
		}
		start = slices.Delete(start, k+1, k+2)
		ranks = slices.Delete(ranks, k+1, k+2)
		ranks[k] = pair(k)
		if k > 0 {
			ranks[k-1] = pair(k - 1)
		}
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
// every text, its byte-pair merge once a piece (see agree and
// refProcess.split). One text in wholeEvery, chosen by its hash so that
// a failure repeats, is also checked whole: by tiktoken-go's own
// encoding, token for token, and by the reference's match after match.
func FuzzAgrees(f *testing.F) {
	// A text's pieces split and merge on their own, so what breaks the
	// scanner shows in a few lines (maxText bytes still hold pieces far
	// longer than smallPiece); the reference's regular expression, run on
	// every byte, is most of an execution, so long texts only slow the
	// search down. Long pieces are compared in TestAgreesOnLongRuns and
	// TestMergeStrategies.
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
	reference(f)
	for _, enc := range Encodings {
		if _, err := encodings[enc].load(enc); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzAgrees(t, s) })
}

// wholeEvery is how many of FuzzAgrees's texts make one checked whole.
const wholeEvery = 32

// fuzzAgrees is FuzzAgrees's test of one input.
func fuzzAgrees(t testing.TB, s string) {
	// Cut, not skipped, so that a long input still tests its start.
	s = s[:min(len(s), maxText)]
	whole := crc32.ChecksumIEEE([]byte(s))%wholeEvery == 0
	agree(t, s, whole)
}

// BenchmarkFuzzAgrees is FuzzAgrees's test of one input, on inputs like
// those a fuzzing run makes: prompt text, generated text, and bytes of
// every value. The time of an operation includes the reference's, in
// its own process.
func BenchmarkFuzzAgrees(b *testing.B) {
	var inputs []string
	for _, s := range corpusTexts(b) {
		for len(s) > 0 {
			inputs = append(inputs, s[:min(len(s), 2*maxText)])
			s = s[min(len(s), 2*maxText):]
		}
	}
	rng := rand.New(rand.NewSource(6))
	for range 200 {
		inputs = append(inputs, generated(rng, 1+rng.Intn(100)))
		raw := make([]byte, 1+rng.Intn(2*maxText))
		rng.Read(raw)
		inputs = append(inputs, string(raw))
	}
	rng.Shuffle(len(inputs), func(i, j int) { inputs[i], inputs[j] = inputs[j], inputs[i] })
	for _, s := range inputs { // the pieces seen and remembered, as in a long run
		fuzzAgrees(b, s)
	}
	i := 0
	for b.Loop() {
		fuzzAgrees(b, inputs[i%len(inputs)])
		i++
	}
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
