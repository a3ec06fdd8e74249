package lint

// evaluateChecklist works out the production checklist items of one
// changed prompt from its evidence, the PR body and reviews, and the
// findings the other rules reported on it.
func evaluateChecklist(r *PromptReport, findings []Finding, cfg *Config, pr *PullRequest) []ChecklistItem {
	return nil
}
