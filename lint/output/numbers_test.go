package output

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/promptlint/promptlint/lint"
)

func TestRoundSimilarity(t *testing.T) {
	for _, tc := range []struct {
		in, want float64
		percent  string
	}{
		{1, 1, "100.0%"},
		{0.99999, 0.999, "99.9%"},
		{0.9996, 0.999, "99.9%"},
		{0.9994, 0.999, "99.9%"},
		{0.8534, 0.853, "85.3%"},
		{0.0004, 0.001, "0.1%"},
		{0, 0, "0.0%"},
		{math.NaN(), 0, "0.0%"},
	} {
		if got := round3(tc.in); got != tc.want {
			t.Errorf("round3(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if got := percent(tc.in); got != tc.percent {
			t.Errorf("percent(%v) = %s, want %s", tc.in, got, tc.percent)
		}
	}
}

// TestNumbersDoNotMislead checks the numbers of the summary on real
// changes: a long prompt changed by one character is not "100.0%" (nor 1
// in JSON), and added and removed prompts show neither a similarity nor a
// bump verdict.
func TestNumbersDoNotMislead(t *testing.T) {
	long := "name: handbook\nversion: 1.0.0\ndescription: Answers from the handbook.\ntemplate: |\n" +
		strings.Repeat("  Answer only from the employee handbook and cite the section you used.\n", 60) +
		"  Question: {question}\n"
	base := fstest.MapFS{
		"prompts/handbook.yaml": {Data: []byte(long)},
		"prompts/retired.yaml":  {Data: []byte("name: retired\nversion: 1.0.0\ndescription: Old.\ntemplate: Say {greeting}.\n")},
	}
	head := fstest.MapFS{
		"prompts/handbook.yaml": {Data: []byte(strings.Replace(strings.Replace(long, "cite the section", "cite the sections", 1), "1.0.0", "1.0.1", 1))},
		"prompts/fresh.yaml":    {Data: []byte("name: fresh\nversion: 0.1.0\ndescription: New.\ntemplate: Welcome {customer_name}.\n")},
	}
	rep, err := lint.Run(context.Background(), lint.Input{Base: base, Head: head})
	if err != nil {
		t.Fatal(err)
	}
	var sim float64 = -1
	for _, p := range rep.Prompts {
		if p.Status == lint.Modified {
			sim = p.Change.Similarity
		}
	}
	if sim <= 0.999 || sim >= 1 {
		t.Fatalf("similarity %v; the test needs a change small enough to round to 1", sim)
	}

	md := MarkdownString(rep, MarkdownOptions{})
	rows := map[string]string{}
	for _, line := range strings.Split(md, "\n") {
		for _, name := range []string{"handbook", "fresh", "retired"} {
			if strings.HasPrefix(line, "| **"+name+"**") {
				rows[name] = line
			}
		}
	}
	if r := rows["handbook"]; !strings.Contains(r, "| 99.9% |") || strings.Contains(r, "100.0%") {
		t.Errorf("a changed prompt's row: %s", r)
	}
	for _, name := range []string{"fresh", "retired"} {
		cells := strings.Split(rows[name], " | ")
		if len(cells) < 5 || cells[2] != "—" || cells[3] != "—" {
			t.Errorf("%s: bump and similarity cells %q, want — and —", name, cells)
		}
	}

	var buf bytes.Buffer
	if err := JSON(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Prompts []struct {
			Name         string   `json:"name"`
			Similarity   *float64 `json:"similarity"`
			Bump         *string  `json:"bump"`
			RequiredBump *string  `json:"required_bump"`
		} `json:"prompts"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Prompts {
		switch p.Name {
		case "handbook":
			if p.Similarity == nil || *p.Similarity != 0.999 {
				t.Errorf("handbook: similarity %v, want 0.999", p.Similarity)
			}
		default:
			if p.Similarity != nil || p.Bump != nil || p.RequiredBump != nil {
				t.Errorf("%s: similarity %v, bump %v, required %v; want null", p.Name, p.Similarity, p.Bump, p.RequiredBump)
			}
		}
	}
}
