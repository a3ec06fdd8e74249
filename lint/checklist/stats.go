package checklist

import (
	"fmt"
	"math"
)

// ZTest runs a pooled two-proportion z-test of the candidate's success rate
// against the control's. z is positive when the candidate does better; p is
// the two-sided p-value, from the standard normal distribution.
//
// When the pooled rate is 0 or 1 (every trial failed, or every trial
// succeeded) the rates cannot differ and there is no variance to test: z is
// 0 and p is 1, never NaN. It returns an error for a count that is negative,
// an arm without samples, or more successes than samples.
func ZTest(controlSuccesses, controlSamples, candidateSuccesses, candidateSamples int) (z, p float64, err error) {
	if err := checkArm("control", controlSuccesses, controlSamples); err != nil {
		return 0, 0, err
	}
	if err := checkArm("candidate", candidateSuccesses, candidateSamples); err != nil {
		return 0, 0, err
	}
	n1, n2 := float64(controlSamples), float64(candidateSamples)
	p1, p2 := float64(controlSuccesses)/n1, float64(candidateSuccesses)/n2
	pooled := float64(controlSuccesses+candidateSuccesses) / (n1 + n2)
	se := math.Sqrt(pooled * (1 - pooled) * (1/n1 + 1/n2))
	if se == 0 || math.IsNaN(se) {
		return 0, 1, nil
	}
	z = (p2 - p1) / se
	p = math.Erfc(math.Abs(z) / math.Sqrt2)
	return z, p, nil
}

// checkArm validates the counts of one arm of an A/B test.
func checkArm(name string, successes, samples int) error {
	switch {
	case samples < 0:
		return fmt.Errorf("%s samples %d is negative", name, samples)
	case samples == 0:
		return fmt.Errorf("%s has no samples", name)
	case successes < 0:
		return fmt.Errorf("%s successes %d is negative", name, successes)
	case successes > samples:
		return fmt.Errorf("%s has %d successes, more than its %d samples", name, successes, samples)
	}
	return nil
}
