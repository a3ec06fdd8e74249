package checks

import (
	"reflect"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/lint"
)

func TestCases(t *testing.T) {
	tests := []struct {
		name  string
		style string // styleOf
		snake string // toCase snake_case
		camel string // toCase camelCase
	}{
		{"customer_name", "snake_case", "customer_name", "customerName"},
		{"customerName", "camelCase", "customer_name", "customerName"},
		{"CustomerName", "PascalCase", "customer_name", "customerName"},
		{"customer-name", "kebab-case", "customer_name", "customerName"},
		{"CUSTOMER_NAME", "SCREAMING_SNAKE_CASE", "customer_name", "customerName"},
		{"userID", "camelCase", "user_id", "userId"},
		{"HTTPServer", "PascalCase", "http_server", "httpServer"},
		{"question", "", "question", "question"},
		{"Text Summarizer", "", "text_summarizer", "textSummarizer"},
		{"order_2fa", "snake_case", "order_2fa", "order2fa"},
		{"mixed_Case", "", "mixed_case", "mixedCase"},
	}
	for _, tt := range tests {
		if got := styleOf(tt.name); got != tt.style {
			t.Errorf("styleOf(%q) = %q, want %q", tt.name, got, tt.style)
		}
		if got := toCase(tt.name, "snake_case"); got != tt.snake {
			t.Errorf("toCase(%q, snake_case) = %q, want %q", tt.name, got, tt.snake)
		}
		if got := toCase(tt.name, "camelCase"); got != tt.camel {
			t.Errorf("toCase(%q, camelCase) = %q, want %q", tt.name, got, tt.camel)
		}
		if s := toCase(tt.name, "snake_case"); !inCase(s, "snake_case") {
			t.Errorf("toCase(%q, snake_case) = %q is not snake_case", tt.name, s)
		}
	}
	for _, c := range caseOrder {
		if got := toCase("customer order id", c); !inCase(got, c) {
			t.Errorf("toCase(..., %s) = %q is not in that case", c, got)
		}
	}
	if !fileNameInCase("create-readme", "snake_case") || fileNameInCase("CreateReadme", "snake_case") {
		t.Error("fileNameInCase does not take - for _ in file names")
	}
}

func TestCryptic(t *testing.T) {
	n := lint.DefaultConfig().Naming
	n.Allow = []string{"id", "Query2"}
	for name, want := range map[string]bool{
		"x": true, "a": true, "foo": true, "data": true, "Data": true, "var1": true, "input2": true,
		"x1": true, "text_2": true, "tmp": true, "ab": true,
		"id": false, "query2": false, "customer_name": false, "step1": false, "document_content": false,
		"user": false, "context": false,
	} {
		if got := cryptic(name, n) != notCryptic; got != want {
			t.Errorf("cryptic(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestFindSecrets(t *testing.T) {
	tests := []struct {
		text string
		kind string // "" when nothing may be found
	}{
		{"key: sk-proj-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg", "an OpenAI API key"},
		{"use sk-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFgH2 here", "an OpenAI API key"},
		{"sk-ant-api03-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg", "an Anthropic API key"},
		{"token ghp_4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFgH2Ij", "a GitHub token"},
		{"github_pat_11ABCDEFG0abcdefghij_klmnopqrstuvwxyz0123456789", "a GitHub token"},
		{"AKIA4FJK2LMN8PQR5STU", "an AWS access key id"},
		{"AIzaSyD4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg", "a Google API key"},
		{"xoxb-123456789012-abcdefABCDEF", "a Slack token"},
		{"Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc123", "a bearer token"},
		{"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx", ""},
		{"AKIAIOSFODNN7EXAMPLE", ""},
		{"Bearer {api_token}", ""},
		{"Bearer YOUR_TOKEN_GOES_HERE_PLEASE", ""},
		{"ask-a-question-about-the-task-management", ""},
		{"Use the task-based approach with risk-averse answers", ""},
	}
	for _, tt := range tests {
		got := findSecrets(tt.text)
		switch {
		case tt.kind == "" && len(got) > 0:
			t.Errorf("findSecrets(%q) = %v, want none", tt.text, got)
		case tt.kind != "" && (len(got) != 1 || got[0].kind != tt.kind):
			t.Errorf("findSecrets(%q) = %v, want one %s", tt.text, got, tt.kind)
		case tt.kind != "" && !strings.Contains(tt.text, got[0].value):
			t.Errorf("findSecrets(%q): value %q not in the text", tt.text, got[0].value)
		}
	}
	if r := redact("sk-proj-4fJk2LmN8pQr5sTu7vWx9yZa1bCd3eFg"); strings.Contains(r, "4fJk") || !strings.Contains(r, `"sk-p…"`) {
		t.Errorf("redact shows too much or too little: %s", r)
	}
}

func TestMultiTask(t *testing.T) {
	tests := []struct {
		text  string
		verbs []string
	}{
		{"Classify this email (URGENT/NORMAL/LOW), analyze sentiment (POS/NEU/NEG), and suggest a response: {email}",
			[]string{"classify", "analyze", "suggest"}},
		{"Summarize the article, translate it into French and then extract the key dates.",
			[]string{"summarize", "translate", "extract"}},
		{"Classify this email as: URGENT, NORMAL, or LOW_PRIORITY\n\nEmail: {email_content}", nil},
		{"Summarize {text}.\nTranslate {text}.\nExtract the dates.", nil},
		{"- Summarize the text\n- Translate it\n- List the names", nil},
		{"Review the code, explain the bug.", nil},
		{"Use `summarize, translate, extract` as the tool names.", nil},
		{"Write a list of answers, reviews and ratings for {product}.", nil},
		{"```\nclassify, analyze, summarize\n```\nAnswer {q}.", nil},
		{"Please review, rewrite and then explain {code}", []string{"review", "rewrite", "explain"}},
	}
	for _, tt := range tests {
		off, verbs := multiTask(tt.text)
		if !reflect.DeepEqual(verbs, tt.verbs) {
			t.Errorf("multiTask(%q) = %v, want %v", tt.text, verbs, tt.verbs)
			continue
		}
		if verbs != nil && !strings.EqualFold(tt.text[off:off+len(verbs[0])], verbs[0]) {
			t.Errorf("multiTask(%q) offset %d does not point at %q", tt.text, off, verbs[0])
		}
	}
}

func TestDevMarkers(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"[DEV] Response to: {query}", []string{"[DEV]"}},
		{"Answer {q}. TODO: add policy. FIXME", []string{"TODO", "FIXME"}},
		// A bare word starting prose is prose, not an annotation.
		{"XXX this is broken; [dev] build", []string{"[dev]"}},
		{"Format phone numbers as XXX-XXX-XXXX.", nil},
		{"Extract the todo items and the TODOS list; MAXXXX", nil},
		{"Mastodon, XXXL sizes, TODO_LIST", nil},
		{"TODO comments left in the code are bugs.\nList every TODO: and FIXME: you find.", nil},
		{"Read TODO.md first. See `TODO: later` and\n```\nTODO: inside a fence\n```\n", nil},
		{"  - TODO(ana): check\n> FIXME: quote\n## XXX: heading\n1. TODO: numbered", []string{"TODO", "FIXME", "XXX", "TODO"}},
		{"<!-- TODO add examples --> {# FIXME #} {{!-- XXX: x --}} {{! TODO }} // TODO /* FIXME */", []string{"TODO", "FIXME", "XXX", "TODO", "TODO", "FIXME"}},
		{"<!-- a note about TODO lists --> {# todo #}", nil},
		{"Done. TODO.\n**FIXME:** bold\n[TODO] and [FIXME] and [XXX]", []string{"TODO", "FIXME", "[TODO]", "[FIXME]", "[XXX]"}},
		{"TODO\nFIXME!\nXXX and more", []string{"TODO", "FIXME"}},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range findDevMarkers(tt.text) {
			got = append(got, m.marker)
			if !strings.HasPrefix(tt.text[m.off:], m.marker) {
				t.Errorf("findDevMarkers(%q): offset %d does not point at %q", tt.text, m.off, m.marker)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("findDevMarkers(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestSuggestVersion(t *testing.T) {
	for in, want := range map[string]string{
		"1.0": "1.0.0", "v1": "1.0.0", "1.0.0.0": "1.0.0", "01.0.0": "1.0.0", "v2.1": "2.1.0", "latest": "1.0.0", "1.10": "1.10.0",
	} {
		if got := suggestVersion(in); got != want {
			t.Errorf("suggestVersion(%q) = %q, want %q", in, got, want)
		}
		if _, err := lint.ParseVersion(suggestVersion(in)); err != nil {
			t.Errorf("suggestVersion(%q) is not valid: %v", in, err)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"abc", "abc", 0}, {"customer_nme", "customer_name", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}} {
		if got := editDistance(tt.a, tt.b); got != tt.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.d)
		}
	}
}

func FuzzMultiTask(f *testing.F) {
	for _, s := range corpusTexts(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		off, verbs := multiTask(s)
		if verbs != nil && (off < 0 || off >= len(s) || len(verbs) < 3) {
			t.Errorf("multiTask: offset %d, verbs %v", off, verbs)
		}
		m := maskNonProse(s, nil)
		if len(m) != len(s) {
			t.Errorf("maskNonProse changed the length: %d → %d", len(s), len(m))
		}
		// Masked into a buffer that held another text before, as
		// multiTask's does: the same bytes.
		buf := []byte(maskNonProse("{{x}} y {z} "+strings.Repeat("w", len(s)), make([]byte, 0, 2*len(s)+16)))
		if inBuf := maskNonProse(s, buf[:0]); inBuf != m {
			t.Errorf("maskNonProse(%q) into a used buffer = %q, into none %q", s, inBuf, m)
		}
		findSecrets(s)
		findDevMarkers(s)
	})
}

func TestMaskCode(t *testing.T) {
	for in, want := range map[string]string{
		"a `b` c":                     "a     c",
		"a ``b ` c`` d":               "a           d",
		"a ` b":                       "a ` b",
		"`` a ` b `` c ` d `":         "            c      ",
		"x ``` y\n```\nz\n```\nw":     "x ``` y\n   \n \n   \nw",
		"~~~go\nTODO:\n~~~~\nafter":   "     \n     \n    \nafter",
		"```\nunclosed\nfence":        "   \n        \n     ",
		"`a\nb`":                      "`a\nb`",
		"` `` ``` `` ` ```":           "              ```",
		"```x```\nnot a fence opener": "       \nnot a fence opener",
	} {
		if got := maskCode(in); got != want {
			t.Errorf("maskCode(%q) = %q, want %q", in, got, want)
		}
	}
}
