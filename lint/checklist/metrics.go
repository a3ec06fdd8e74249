package checklist

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
)

// The goals a metric may declare.
const (
	GoalIncrease     = "increase"      // the candidate must be strictly higher
	GoalDecrease     = "decrease"      // the candidate must be strictly lower
	GoalMaintain     = "maintain"      // the candidate must not be worse, within the tolerance
	GoalNoRegression = "no_regression" // the same as maintain
)

// Metric is one business metric of `evaluation.metrics`, measured on the
// current version (Baseline) and on the candidate:
//
//	metrics:
//	  satisfaction:  {baseline: 4.1, candidate: 4.3, goal: increase}
//	  response_time: {baseline: 2.3, candidate: 2.1, goal: decrease}
//	  cost:          {baseline: 0.8, candidate: 0.8, goal: maintain, better: lower}
//
// Better ("higher" or "lower", optional) says which way is better for a
// maintain or no_regression goal; without it any move beyond the tolerance
// counts as a regression.
type Metric struct {
	Name      string
	Baseline  float64
	Candidate float64
	Goal      string // increase, decrease, maintain or no_regression
	Better    string // higher, lower or "" (maintain and no_regression only)
}

// ParseMetrics reads the decoded value of `evaluation.metrics`: a mapping
// from metric name to {baseline, candidate, goal}, or a list of mappings
// that also carry a name. The metrics are returned sorted by name. Every
// metric needs both numbers and a known goal.
func ParseMetrics(v any) ([]Metric, error) {
	var ms []Metric
	if m, ok := asMap(v); ok {
		for _, name := range slices.Sorted(maps.Keys(m)) {
			mt, err := parseMetric("metrics."+name, name, m[name])
			if err != nil {
				return nil, err
			}
			ms = append(ms, mt)
		}
	} else if list, ok := v.([]any); ok {
		for i, item := range list {
			key := fmt.Sprintf("metrics[%d]", i)
			im, ok := asMap(item)
			if !ok {
				return nil, fmt.Errorf("%s: want a mapping with name, baseline, candidate and goal, got %s", key, kind(item))
			}
			name, _ := im["name"].(string)
			if strings.TrimSpace(name) == "" {
				return nil, fmt.Errorf("%s.name is missing", key)
			}
			mt, err := parseMetric(key, strings.TrimSpace(name), item)
			if err != nil {
				return nil, err
			}
			ms = append(ms, mt)
		}
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	} else {
		return nil, fmt.Errorf("metrics: want a mapping of metric names, got %s", kind(v))
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("metrics: no metrics given")
	}
	return ms, nil
}

// parseMetric reads one metric's mapping.
func parseMetric(key, name string, v any) (Metric, error) {
	mt := Metric{Name: name}
	m, ok := asMap(v)
	if !ok {
		return mt, fmt.Errorf("%s: want a mapping with baseline, candidate and goal, got %s", key, kind(v))
	}
	var err error
	if mt.Baseline, err = number(key+".baseline", m["baseline"]); err != nil {
		return mt, err
	}
	if mt.Candidate, err = number(key+".candidate", m["candidate"]); err != nil {
		return mt, err
	}
	goal, _ := m["goal"].(string)
	mt.Goal = strings.ToLower(strings.TrimSpace(goal))
	switch mt.Goal {
	case GoalIncrease, GoalDecrease, GoalMaintain, GoalNoRegression:
	case "":
		return mt, fmt.Errorf("%s.goal is missing (want increase, decrease, maintain or no_regression)", key)
	default:
		return mt, fmt.Errorf("%s.goal: %q is not increase, decrease, maintain or no_regression", key, goal)
	}
	if b, ok := m["better"]; ok {
		s, _ := b.(string)
		mt.Better = strings.ToLower(strings.TrimSpace(s))
		if mt.Better != "higher" && mt.Better != "lower" {
			return mt, fmt.Errorf("%s.better: %s is not higher or lower", key, describe(b))
		}
	}
	return mt, nil
}

// EvaluateMetrics decides whether every metric moved as it should: an
// increase or decrease goal needs a strict improvement; a maintain or
// no_regression goal lets the candidate be worse by at most
// tolerance·|baseline| (both directions count as worse when the metric
// does not say which is better). ok is false when there are no metrics.
// reasons holds one lower-case line per metric that failed; evidence lists
// every metric: "satisfaction 4.1 → 4.3 ↑, response_time 2.3 → 2.1 ↓".
func EvaluateMetrics(ms []Metric, tolerance float64) (ok bool, reasons []string, evidence string) {
	if len(ms) == 0 {
		return false, []string{"no metrics given"}, ""
	}
	if tolerance < 0 || math.IsNaN(tolerance) {
		tolerance = 0
	}
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		arrow := "="
		switch {
		case m.Candidate > m.Baseline:
			arrow = "↑"
		case m.Candidate < m.Baseline:
			arrow = "↓"
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s %s", m.Name, formatNumber(m.Baseline), formatNumber(m.Candidate), arrow))
		if r := metricReason(m, tolerance); r != "" {
			reasons = append(reasons, r)
		}
	}
	return len(reasons) == 0, reasons, strings.Join(parts, ", ")
}

// metricReason says why a metric fails its goal, or returns "".
func metricReason(m Metric, tolerance float64) string {
	from := fmt.Sprintf("metric %q went from %s to %s", m.Name, formatNumber(m.Baseline), formatNumber(m.Candidate))
	slack := tolerance * math.Abs(m.Baseline)
	// eps absorbs binary rounding, so 2.0 → 2.1 is within a 5% tolerance.
	eps := 1e-9 * math.Max(math.Abs(m.Baseline), math.Abs(m.Candidate))
	switch m.Goal {
	case GoalIncrease:
		if !(m.Candidate > m.Baseline) {
			return from + ", want an increase"
		}
	case GoalDecrease:
		if !(m.Candidate < m.Baseline) {
			return from + ", want a decrease"
		}
	case GoalMaintain, GoalNoRegression:
		worse := false
		switch m.Better {
		case "higher":
			worse = m.Baseline-m.Candidate > slack+eps
		case "lower":
			worse = m.Candidate-m.Baseline > slack+eps
		default:
			worse = math.Abs(m.Candidate-m.Baseline) > slack+eps
		}
		if worse {
			return fmt.Sprintf("%s, more than the tolerance %s allows", from, formatNumber(slack))
		}
	default:
		return fmt.Sprintf("metric %q has goal %q, want increase, decrease, maintain or no_regression", m.Name, m.Goal)
	}
	return ""
}
