package pipeline_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/promptlint/promptlint/checks"
	"github.com/promptlint/promptlint/lint"
	"github.com/promptlint/promptlint/lint/gitlab/gitlabtest"
	"github.com/promptlint/promptlint/lint/gitlab/pipeline"
)

// BenchmarkMergeRequest100Prompts runs the job on a merge request that
// changes 100 prompt files among 400 changed files, against the fake on
// 127.0.0.1 (the note exists after the first run, and is left alone):
// the time and memory of promptlint's side, and the requests a run sends.
func BenchmarkMergeRequest100Prompts(b *testing.B) {
	s := gitlabtest.NewServer(b)
	for i := range 100 {
		p := fmt.Sprintf("prompts/team%02d/reply_%03d.yaml", i%10, i)
		old := strings.Replace(supportV1, "support_reply", fmt.Sprintf("reply_%03d", i), 1)
		s.SetFile(base, p, old)
		s.SetFile(head, p, strings.Replace(strings.Replace(old, "Hello", "Hi", 1), "version: 1.0.0", "version: 1.0.1", 1))
		s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
	}
	for i := range 300 {
		p := fmt.Sprintf("src/file%03d.go", i)
		s.AddDiff(gitlabtest.Diff{OldPath: p, NewPath: p})
	}
	dir := b.TempDir()
	env := map[string]string{
		"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event", "CI_API_V4_URL": s.APIURL(),
		"CI_MERGE_REQUEST_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "7", "CI_PROJECT_DIR": dir,
		pipeline.TokenVariable: gitlabtest.Token,
	}
	opts := pipeline.Options{
		Getenv: func(k string) string { return env[k] }, Stdout: io.Discard, Stderr: io.Discard,
		Rules: checks.All, FailOn: lint.Error, ReviewThreshold: -1, HTTPClient: s.Client(),
		CodeQuality: pipeline.DefaultCodeQuality, Report: pipeline.DefaultReport, Markdown: pipeline.DefaultMarkdown,
	}
	if _, err := pipeline.Run(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	s.ClearRequests()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := pipeline.Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(s.Requests()))/float64(b.N), "requests/op")
}
