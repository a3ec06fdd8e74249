package lint

import "fmt"

// ParseError is a file that cannot be read as a prompt. It becomes a
// parse-error finding at Pos; the run goes on.
type ParseError struct {
	Path string
	Pos  Pos
	Msg  string // one lower-case line
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Path, max(e.Pos.Line, 1), max(e.Pos.Col, 1), e.Msg)
}

// DetectFormat returns the format of a prompt file from its path and, where
// the extension is ambiguous, its content. ok is false when the file is not
// a prompt file of any known format.
func DetectFormat(path string, data []byte) (f Format, ok bool) {
	return "", false
}

// Parse reads one prompt file into its prompts. path is slash-separated and
// relative to the tree root. A file that cannot be read as a prompt yields a
// *ParseError; Parse never panics on any input.
func Parse(path string, data []byte, cfg *Config) ([]*Prompt, error) {
	return nil, &ParseError{Path: path, Msg: "not implemented"}
}
