package checklist

import (
	"fmt"
	"math"
	"strings"
)

// Arm is one arm of an A/B test: how many trials it saw and how many of
// them succeeded.
type Arm struct {
	Samples   int
	Successes int
}

// ABTest is the A/B evidence of a prompt file, from `evaluation.ab_test`:
//
//	ab_test:
//	  confidence: 0.95
//	  control:   {samples: 500, successes: 400}
//	  candidate: {samples: 500, successes: 425}
//	  # or, instead of the successes: p_value: 0.03
//
// Confidence is 0 when the file gives none. PValue is nil unless the file
// reports one. When PValue is set and neither arm has successes, the counts
// are taken as not given: only the sample sizes are known.
type ABTest struct {
	Confidence float64
	Control    Arm
	Candidate  Arm
	PValue     *float64
}

// hasCounts reports whether the test carries success counts to compute a
// z-test from, rather than only a reported p-value.
func (t ABTest) hasCounts() bool {
	return t.PValue == nil || t.Control.Successes > 0 || t.Candidate.Successes > 0
}

// ParseABTest reads the decoded YAML or JSON value of `evaluation.ab_test`.
// Numbers may be ints, floats or strings holding a number; anything else
// is an error naming the key. Each arm needs its samples; its successes may
// be left out only when a p_value is given, and the arms themselves only
// when a p_value is given (EvaluateAB then reports the missing sample
// sizes).
func ParseABTest(v any) (ABTest, error) {
	var t ABTest
	m, ok := asMap(v)
	if !ok {
		return t, fmt.Errorf("ab_test: want a mapping with control and candidate, got %s", kind(v))
	}
	if c, ok := m["confidence"]; ok {
		f, err := number("ab_test.confidence", c)
		if err != nil {
			return t, err
		}
		if f <= 0 || f >= 1 {
			return t, fmt.Errorf("ab_test.confidence: %s is not between 0 and 1", formatNumber(f))
		}
		t.Confidence = f
	}
	if pv, ok := m["p_value"]; ok {
		f, err := number("ab_test.p_value", pv)
		if err != nil {
			return t, err
		}
		if f < 0 || f > 1 {
			return t, fmt.Errorf("ab_test.p_value: %s is not between 0 and 1", formatNumber(f))
		}
		t.PValue = &f
	}
	reported := t.PValue != nil
	_, hasControl := m["control"]
	_, hasCandidate := m["candidate"]
	if !reported && !hasControl && !hasCandidate {
		return t, fmt.Errorf("ab_test: want control and candidate counts or a p_value")
	}
	var err error
	if hasControl || !reported {
		if t.Control, err = parseArm("control", m["control"], reported); err != nil {
			return t, err
		}
	}
	if hasCandidate || !reported {
		if t.Candidate, err = parseArm("candidate", m["candidate"], reported); err != nil {
			return t, err
		}
	}
	if reported {
		// successes are optional with a p_value, but all or nothing: one
		// arm's count against a silent zero would read as a collapse
		cs, ks := hasSuccesses(m["control"]), hasSuccesses(m["candidate"])
		if cs && !ks {
			return t, fmt.Errorf("ab_test.candidate.successes is missing (control gives its successes)")
		}
		if ks && !cs {
			return t, fmt.Errorf("ab_test.control.successes is missing (candidate gives its successes)")
		}
	}
	return t, nil
}

// hasSuccesses reports whether an arm's mapping gives its successes.
func hasSuccesses(v any) bool {
	m, ok := asMap(v)
	if !ok {
		return false
	}
	_, ok = m["successes"]
	return ok
}

// parseArm reads one arm; successes are optional when the p-value is
// reported.
func parseArm(name string, v any, reported bool) (Arm, error) {
	var a Arm
	key := "ab_test." + name
	if v == nil {
		return a, fmt.Errorf("%s is missing", key)
	}
	m, ok := asMap(v)
	if !ok {
		return a, fmt.Errorf("%s: want a mapping with samples and successes, got %s", key, kind(v))
	}
	var err error
	if a.Samples, err = count(key+".samples", m["samples"]); err != nil {
		return a, err
	}
	if s, ok := m["successes"]; ok || !reported {
		if a.Successes, err = count(key+".successes", s); err != nil {
			return a, err
		}
	}
	if a.Successes > a.Samples {
		return a, fmt.Errorf("%s: %d successes is more than its %d samples", key, a.Successes, a.Samples)
	}
	return a, nil
}

// kind names the shape of a decoded value for error messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a string"
	case []any:
		return "a list"
	case bool:
		return "a boolean"
	}
	if _, ok := asMap(v); ok {
		return "a mapping"
	}
	return "a number"
}

// ABResult is the verdict on an A/B test.
type ABResult struct {
	OK     bool
	Reason string // one lower-case line: why it is, or is not, enough evidence

	Z float64 // z statistic; 0 when the p-value was only reported
	P float64 // p-value the verdict used

	ControlRate   float64 // success rates, 0 when the counts are not given
	CandidateRate float64
	Lift          float64 // (candidate - control) / control; 0 when control is 0

	Confidence       float64 // the confidence level applied
	ControlSamples   int
	CandidateSamples int
	Reported         bool // the p-value came from the file, not from counts

	counted bool // rates and p were computed from counts
}

// EvaluateAB decides whether an A/B test is evidence that the candidate is
// better. It needs at least minSamples samples in each arm (a reported
// p-value does not stand in for sample sizes: without them the test cannot
// be checked against the minimum, so it is not enough), a p-value below
// 1 - confidence (the test's own confidence, else defaultConfidence, else
// 0.95), and, when counts are given, a candidate rate above the control's.
//
// With counts the p-value comes from ZTest; when the file also reports a
// p_value, the larger of the two is used. With a reported p-value and no
// counts the direction of the effect cannot be checked and is trusted.
func EvaluateAB(t ABTest, minSamples int, defaultConfidence float64) ABResult {
	conf := t.Confidence
	if conf <= 0 || conf >= 1 {
		conf = defaultConfidence
	}
	if conf <= 0 || conf >= 1 {
		conf = 0.95
	}
	if minSamples < 1 {
		minSamples = 1
	}
	r := ABResult{
		Confidence:       conf,
		ControlSamples:   t.Control.Samples,
		CandidateSamples: t.Candidate.Samples,
		Reported:         !t.hasCounts(),
	}
	if !r.Reported {
		z, p, err := ZTest(t.Control.Successes, t.Control.Samples, t.Candidate.Successes, t.Candidate.Samples)
		if err != nil {
			r.Reason = err.Error()
			return r
		}
		r.Z, r.P, r.counted = z, p, true
		r.ControlRate = float64(t.Control.Successes) / float64(t.Control.Samples)
		r.CandidateRate = float64(t.Candidate.Successes) / float64(t.Candidate.Samples)
		if r.ControlRate > 0 {
			r.Lift = (r.CandidateRate - r.ControlRate) / r.ControlRate
		}
		if t.PValue != nil {
			r.P = math.Max(r.P, *t.PValue)
		}
	} else {
		r.P = *t.PValue
	}
	alpha := 1 - conf
	switch {
	case t.Control.Samples == 0 && t.Candidate.Samples == 0:
		r.Reason = "sample sizes are missing; give samples for control and candidate"
	case t.Control.Samples < minSamples:
		r.Reason = fmt.Sprintf("control has %d samples, fewer than the minimum %d", t.Control.Samples, minSamples)
	case t.Candidate.Samples < minSamples:
		r.Reason = fmt.Sprintf("candidate has %d samples, fewer than the minimum %d", t.Candidate.Samples, minSamples)
	case !r.Reported && r.CandidateRate <= r.ControlRate:
		r.Reason = fmt.Sprintf("candidate rate %s is not above control rate %s", percent(r.CandidateRate), percent(r.ControlRate))
	case !(r.P < alpha):
		r.Reason = fmt.Sprintf("%s is not below %.4g (confidence %.4g)", formatP(r.P), alpha, conf)
	default:
		r.OK = true
		r.Reason = fmt.Sprintf("significant at confidence %.4g", conf)
	}
	return r
}

// Evidence describes the test in a few words for the PR comment:
// "n=500/500, 80.0% → 85.0% (+6.2%), p=0.037", or "n=500/500, p=0.030
// (reported)" when the p-value came from the file.
func (r ABResult) Evidence() string {
	var parts []string
	if r.ControlSamples > 0 || r.CandidateSamples > 0 {
		parts = append(parts, fmt.Sprintf("n=%d/%d", r.ControlSamples, r.CandidateSamples))
	}
	if r.Reported {
		parts = append(parts, formatP(r.P)+" (reported)")
		return strings.Join(parts, ", ")
	}
	if !r.counted {
		return strings.Join(parts, ", ")
	}
	rates := percent(r.ControlRate) + " → " + percent(r.CandidateRate)
	if r.ControlRate > 0 {
		rates += fmt.Sprintf(" (%+.1f%%)", 100*r.Lift)
	}
	parts = append(parts, rates, formatP(r.P))
	return strings.Join(parts, ", ")
}

// percent formats a rate as a percentage with one decimal.
func percent(rate float64) string {
	return fmt.Sprintf("%.1f%%", 100*rate)
}

// formatP formats a p-value with three decimals, or as "p<0.001".
func formatP(p float64) string {
	if p < 0.001 {
		return "p<0.001"
	}
	return fmt.Sprintf("p=%.3f", p)
}
