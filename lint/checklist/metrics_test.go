package checklist

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseMetrics(t *testing.T) {
	tests := []struct {
		name    string
		in      any
		want    []Metric
		wantErr string
	}{
		{
			name: "design example, sorted by name",
			in: map[string]any{
				"satisfaction":  map[string]any{"baseline": 4.1, "candidate": 4.3, "goal": "increase"},
				"response_time": map[string]any{"baseline": 2.3, "candidate": 2.1, "goal": "decrease"},
			},
			want: []Metric{
				{Name: "response_time", Baseline: 2.3, Candidate: 2.1, Goal: "decrease"},
				{Name: "satisfaction", Baseline: 4.1, Candidate: 4.3, Goal: "increase"},
			},
		},
		{
			name: "list form, ints, goal case and better",
			in: []any{
				map[string]any{"name": "tickets", "baseline": 120, "candidate": 95, "goal": "Decrease"},
				map[string]any{"name": "cost", "baseline": "0.8", "candidate": 0.8, "goal": "maintain", "better": "lower"},
			},
			want: []Metric{
				{Name: "cost", Baseline: 0.8, Candidate: 0.8, Goal: "maintain", Better: "lower"},
				{Name: "tickets", Baseline: 120, Candidate: 95, Goal: "decrease"},
			},
		},
		{name: "not a mapping", in: "better", wantErr: "metrics: want a mapping of metric names, got a string"},
		{name: "empty", in: map[string]any{}, wantErr: "metrics: no metrics given"},
		{
			name:    "missing goal",
			in:      map[string]any{"csat": map[string]any{"baseline": 4.1, "candidate": 4.3}},
			wantErr: "metrics.csat.goal is missing (want increase, decrease, maintain or no_regression)",
		},
		{
			name:    "unknown goal",
			in:      map[string]any{"csat": map[string]any{"baseline": 4.1, "candidate": 4.3, "goal": "up"}},
			wantErr: `metrics.csat.goal: "up" is not increase, decrease, maintain or no_regression`,
		},
		{
			name:    "candidate not a number",
			in:      map[string]any{"csat": map[string]any{"baseline": 4.1, "candidate": "better", "goal": "increase"}},
			wantErr: `metrics.csat.candidate: "better" is not a number`,
		},
		{
			name:    "missing baseline",
			in:      map[string]any{"csat": map[string]any{"candidate": 4.3, "goal": "increase"}},
			wantErr: "metrics.csat.baseline is missing",
		},
		{
			name:    "list item without name",
			in:      []any{map[string]any{"baseline": 1, "candidate": 2, "goal": "increase"}},
			wantErr: "metrics[0].name is missing",
		},
		{
			name:    "bad better",
			in:      map[string]any{"cost": map[string]any{"baseline": 1, "candidate": 1, "goal": "maintain", "better": "cheaper"}},
			wantErr: `metrics.cost.better: "cheaper" is not higher or lower`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMetrics(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseMetrics error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseMetrics: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseMetrics = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestEvaluateMetrics(t *testing.T) {
	tests := []struct {
		name      string
		ms        []Metric
		tolerance float64
		ok        bool
		reasons   []string
		evidence  string
	}{
		{
			name: "design example",
			ms: []Metric{
				{Name: "response_time", Baseline: 2.3, Candidate: 2.1, Goal: GoalDecrease},
				{Name: "satisfaction", Baseline: 4.1, Candidate: 4.3, Goal: GoalIncrease},
			},
			ok:       true,
			evidence: "response_time 2.3 → 2.1 ↓, satisfaction 4.1 → 4.3 ↑",
		},
		{
			name: "increase that stayed flat",
			ms:   []Metric{{Name: "csat", Baseline: 4.1, Candidate: 4.1, Goal: GoalIncrease}},
			reasons: []string{
				`metric "csat" went from 4.1 to 4.1, want an increase`,
			},
			evidence: "csat 4.1 → 4.1 =",
		},
		{
			name: "decrease that went up, one of two",
			ms: []Metric{
				{Name: "latency", Baseline: 2.3, Candidate: 2.4, Goal: GoalDecrease},
				{Name: "resolution", Baseline: 0.61, Candidate: 0.66, Goal: GoalIncrease},
			},
			reasons:  []string{`metric "latency" went from 2.3 to 2.4, want a decrease`},
			evidence: "latency 2.3 → 2.4 ↑, resolution 0.61 → 0.66 ↑",
		},
		{
			name: "maintain exactly at zero tolerance",
			ms:   []Metric{{Name: "cost", Baseline: 0.8, Candidate: 0.8, Goal: GoalMaintain}},
			ok:   true,
		},
		{
			name:    "maintain moved at zero tolerance",
			ms:      []Metric{{Name: "cost", Baseline: 0.8, Candidate: 0.81, Goal: GoalMaintain}},
			reasons: []string{`metric "cost" went from 0.8 to 0.81, more than the tolerance 0 allows`},
		},
		{
			name:      "no_regression within tolerance, either way",
			ms:        []Metric{{Name: "length", Baseline: 2.0, Candidate: 2.1, Goal: GoalNoRegression}, {Name: "score", Baseline: 2.0, Candidate: 1.9, Goal: GoalNoRegression}},
			tolerance: 0.05,
			ok:        true,
		},
		{
			name:      "maintain beyond tolerance",
			ms:        []Metric{{Name: "score", Baseline: -4, Candidate: -4.5, Goal: GoalMaintain}},
			tolerance: 0.1,
			reasons:   []string{`metric "score" went from -4 to -4.5, more than the tolerance 0.4 allows`},
		},
		{
			name: "maintain with better=higher allows any improvement",
			ms:   []Metric{{Name: "csat", Baseline: 4.1, Candidate: 4.6, Goal: GoalMaintain, Better: "higher"}},
			ok:   true,
		},
		{
			name:    "maintain with better=lower rejects a rise",
			ms:      []Metric{{Name: "cost", Baseline: 1, Candidate: 1.2, Goal: GoalMaintain, Better: "lower"}},
			reasons: []string{`metric "cost" went from 1 to 1.2, more than the tolerance 0 allows`},
		},
		{
			name:    "no metrics",
			reasons: []string{"no metrics given"},
		},
		{
			name:    "unknown goal from a hand-built metric",
			ms:      []Metric{{Name: "csat", Baseline: 1, Candidate: 2, Goal: "up"}},
			reasons: []string{`metric "csat" has goal "up", want increase, decrease, maintain or no_regression`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, reasons, evidence := EvaluateMetrics(tt.ms, tt.tolerance)
			if ok != tt.ok || !reflect.DeepEqual(reasons, tt.reasons) {
				t.Errorf("EvaluateMetrics = %v, %q, want %v, %q", ok, reasons, tt.ok, tt.reasons)
			}
			if tt.evidence != "" && evidence != tt.evidence {
				t.Errorf("evidence = %q, want %q", evidence, tt.evidence)
			}
			if len(tt.ms) > 0 && strings.Count(evidence, "→") != len(tt.ms) {
				t.Errorf("evidence %q does not list every metric", evidence)
			}
		})
	}
}

func TestEvaluateMonitoring(t *testing.T) {
	tests := []struct {
		name     string
		in       any
		ok       bool
		evidence string
	}{
		{
			name: "design example",
			in: map[string]any{"alerts": map[string]any{
				"response_time_above": 5.0, "quality_score_below": 0.7}},
			ok: true, evidence: "alerts: quality_score_below, response_time_above",
		},
		{
			name: "nested thresholds and non-numeric entries",
			in: map[any]any{"alerts": map[string]any{
				"error_rate":  map[string]any{"above": 0.02, "severity": "page"},
				"channel":     "#prompt-alerts",
				"latency_p95": map[string]any{"severity": "warn"},
			}},
			ok: true, evidence: "alerts: error_rate",
		},
		{
			name: "list of one-key mappings, file order",
			in: map[string]any{"alerts": []any{
				map[string]any{"response_time_above": 5},
				map[string]any{"quality_score_below": "0.7"},
			}},
			ok: true, evidence: "alerts: response_time_above, quality_score_below",
		},
		{
			name: "list of named alerts",
			in: map[string]any{"alerts": []any{
				map[string]any{"name": "low quality", "metric": "quality_score", "below": 0.7},
				map[string]any{"metric": "error_rate", "threshold": 0.05},
				map[string]any{"name": "unset", "notify": "oncall"},
				"page someone",
			}},
			ok: true, evidence: "alerts: low quality, error_rate",
		},
		{name: "no alerts key", in: map[string]any{"dashboard": "https://grafana.example/d/1"}},
		{name: "alerts without thresholds", in: map[string]any{"alerts": map[string]any{"quality": true, "latency": "high"}}},
		{name: "empty alerts", in: map[string]any{"alerts": []any{}}},
		{name: "alerts is a string", in: map[string]any{"alerts": "yes"}},
		{name: "monitoring is true", in: true},
		{name: "nil", in: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, evidence := EvaluateMonitoring(tt.in)
			if ok != tt.ok || evidence != tt.evidence {
				t.Errorf("EvaluateMonitoring = %v, %q, want %v, %q", ok, evidence, tt.ok, tt.evidence)
			}
		})
	}
}
