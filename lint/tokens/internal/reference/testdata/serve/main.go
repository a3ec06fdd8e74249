// Command serve answers lint/tokens' differential tests with tiktoken-go
// over its standard input and output; see package reference. It lies in
// testdata so that go install ./... and go build ./... leave it alone.
package main

import (
	"fmt"
	"os"

	"github.com/promptlint/promptlint/lint/tokens/internal/reference"
)

func main() {
	if err := reference.Serve(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
}
