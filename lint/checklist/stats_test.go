package checklist

import (
	"math"
	"strings"
	"testing"
)

func TestZTest(t *testing.T) {
	// z and p computed independently (Python, math.erfc) from the pooled
	// two-proportion formula.
	tests := []struct {
		name    string
		cs, cn  int
		ks, kn  int
		z, p    float64
		sigAt95 bool
	}{
		{name: "design example", cs: 400, cn: 500, ks: 425, kn: 500, z: 2.0806, p: 0.0375, sigAt95: true},
		{name: "small lift, small samples", cs: 80, cn: 100, ks: 88, kn: 100, z: 1.5430, p: 0.1228},
		{name: "just significant", cs: 10, cn: 100, ks: 20, kn: 100, z: 1.9803, p: 0.0477, sigAt95: true},
		{name: "unequal arms, candidate worse", cs: 50, cn: 120, ks: 45, kn: 130, z: -1.1476, p: 0.2512},
		{name: "large samples", cs: 1000, cn: 10000, ks: 1100, kn: 10000, z: 2.3066, p: 0.0211, sigAt95: true},
		{name: "equal rates", cs: 40, cn: 100, ks: 80, kn: 200, z: 0, p: 1},
		{name: "nothing succeeded", cs: 0, cn: 100, ks: 0, kn: 100, z: 0, p: 1},
		{name: "everything succeeded", cs: 100, cn: 100, ks: 250, kn: 250, z: 0, p: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, p, err := ZTest(tt.cs, tt.cn, tt.ks, tt.kn)
			if err != nil {
				t.Fatalf("ZTest: %v", err)
			}
			if math.IsNaN(z) || math.IsNaN(p) {
				t.Fatalf("ZTest = %v, %v, want numbers", z, p)
			}
			if math.Abs(z-tt.z) > 5e-4 || math.Abs(p-tt.p) > 5e-4 {
				t.Errorf("ZTest = z %.4f p %.4f, want z %.4f p %.4f", z, p, tt.z, tt.p)
			}
			if got := p < 0.05; got != tt.sigAt95 {
				t.Errorf("significant at 0.95 = %v, want %v", got, tt.sigAt95)
			}
			// Swapping the arms flips z and keeps p.
			z2, p2, err := ZTest(tt.ks, tt.kn, tt.cs, tt.cn)
			if err != nil || math.Abs(z2+z) > 1e-12 || math.Abs(p2-p) > 1e-12 {
				t.Errorf("swapped arms = %v, %v, %v; want %v, %v", z2, p2, err, -z, p)
			}
		})
	}
}

func TestZTestErrors(t *testing.T) {
	tests := []struct {
		name           string
		cs, cn, ks, kn int
		want           string
	}{
		{"control without samples", 0, 0, 5, 10, "control has no samples"},
		{"candidate without samples", 5, 10, 0, 0, "candidate has no samples"},
		{"negative samples", 0, -1, 5, 10, "control samples -1 is negative"},
		{"negative successes", 5, 10, -2, 10, "candidate successes -2 is negative"},
		{"more successes than samples", 11, 10, 5, 10, "control has 11 successes, more than its 10 samples"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ZTest(tt.cs, tt.cn, tt.ks, tt.kn)
			if err == nil || err.Error() != tt.want {
				t.Errorf("ZTest error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestZTestNeverNaN(t *testing.T) {
	for cn := 1; cn <= 12; cn++ {
		for kn := 1; kn <= 12; kn++ {
			for cs := 0; cs <= cn; cs++ {
				for ks := 0; ks <= kn; ks++ {
					z, p, err := ZTest(cs, cn, ks, kn)
					if err != nil || math.IsNaN(z) || math.IsInf(z, 0) || !(p >= 0 && p <= 1) {
						t.Fatalf("ZTest(%d, %d, %d, %d) = %v, %v, %v", cs, cn, ks, kn, z, p, err)
					}
				}
			}
		}
	}
}

func ptr(f float64) *float64 { return &f }

func TestParseABTest(t *testing.T) {
	tests := []struct {
		name    string
		in      any
		want    ABTest
		wantErr string
	}{
		{
			name: "yaml ints",
			in: map[string]any{"confidence": 0.95,
				"control":   map[string]any{"samples": 500, "successes": 400},
				"candidate": map[string]any{"samples": 500, "successes": 425}},
			want: ABTest{Confidence: 0.95, Control: Arm{Samples: 500, Successes: 400}, Candidate: Arm{Samples: 500, Successes: 425}},
		},
		{
			name: "json floats and numeric strings",
			in: map[string]any{
				"control":   map[string]any{"samples": 500.0, "successes": "400"},
				"candidate": map[any]any{"samples": 500.0, "successes": 425.0}},
			want: ABTest{Control: Arm{Samples: 500, Successes: 400}, Candidate: Arm{Samples: 500, Successes: 425}},
		},
		{
			name: "p_value with samples",
			in: map[string]any{"p_value": 0.03,
				"control": map[string]any{"samples": 300}, "candidate": map[string]any{"samples": 320}},
			want: ABTest{PValue: ptr(0.03), Control: Arm{Samples: 300}, Candidate: Arm{Samples: 320}},
		},
		{
			name: "p_value alone",
			in:   map[string]any{"p_value": "0.01"},
			want: ABTest{PValue: ptr(0.01)},
		},
		{name: "not a mapping", in: "yes", wantErr: "ab_test: want a mapping with control and candidate, got a string"},
		{name: "empty", in: map[string]any{}, wantErr: "ab_test: want control and candidate counts or a p_value"},
		{
			name:    "missing candidate",
			in:      map[string]any{"control": map[string]any{"samples": 5, "successes": 1}},
			wantErr: "ab_test.candidate is missing",
		},
		{
			name: "samples not a number",
			in: map[string]any{"control": map[string]any{"samples": "lots", "successes": 1},
				"candidate": map[string]any{"samples": 5, "successes": 1}},
			wantErr: `ab_test.control.samples: "lots" is not a number`,
		},
		{
			name: "successes missing without p_value",
			in: map[string]any{"control": map[string]any{"samples": 5, "successes": 1},
				"candidate": map[string]any{"samples": 5}},
			wantErr: "ab_test.candidate.successes is missing",
		},
		{
			name: "fractional samples",
			in: map[string]any{"control": map[string]any{"samples": 5.5, "successes": 1},
				"candidate": map[string]any{"samples": 5, "successes": 1}},
			wantErr: "ab_test.control.samples: 5.5 is not a whole number",
		},
		{
			name: "negative successes",
			in: map[string]any{"control": map[string]any{"samples": 5, "successes": -1},
				"candidate": map[string]any{"samples": 5, "successes": 1}},
			wantErr: "ab_test.control.successes: -1 is negative",
		},
		{
			name: "successes over samples",
			in: map[string]any{"control": map[string]any{"samples": 5, "successes": 1},
				"candidate": map[string]any{"samples": 5, "successes": 6}},
			wantErr: "ab_test.candidate: 6 successes is more than its 5 samples",
		},
		{
			name:    "confidence as percent",
			in:      map[string]any{"confidence": 95, "p_value": 0.01},
			wantErr: "ab_test.confidence: 95 is not between 0 and 1",
		},
		{name: "confidence text", in: map[string]any{"confidence": "high", "p_value": 0.01}, wantErr: `ab_test.confidence: "high" is not a number`},
		{name: "p_value out of range", in: map[string]any{"p_value": 1.5}, wantErr: "ab_test.p_value: 1.5 is not between 0 and 1"},
		{name: "p_value boolean", in: map[string]any{"p_value": true}, wantErr: `ab_test.p_value: "true" is not a number`},
		{name: "p_value mapping", in: map[string]any{"p_value": map[string]any{"value": 0.01}}, wantErr: `ab_test.p_value: a mapping is not a number`},
		{
			name: "p_value with one arm's successes",
			in: map[string]any{"p_value": 0.01, "control": map[string]any{"samples": 500, "successes": 400},
				"candidate": map[string]any{"samples": 500}},
			wantErr: "ab_test.candidate.successes is missing (control gives its successes)",
		},
		{
			name:    "arm is a list",
			in:      map[string]any{"p_value": 0.01, "control": []any{1, 2}},
			wantErr: "ab_test.control: want a mapping with samples and successes, got a list",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseABTest(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("ParseABTest error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseABTest: %v", err)
			}
			if got.Confidence != tt.want.Confidence || got.Control != tt.want.Control || got.Candidate != tt.want.Candidate ||
				(got.PValue == nil) != (tt.want.PValue == nil) || (got.PValue != nil && *got.PValue != *tt.want.PValue) {
				t.Errorf("ParseABTest = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestEvaluateAB(t *testing.T) {
	counts := func(cs, cn, ks, kn int) ABTest {
		return ABTest{Control: Arm{Samples: cn, Successes: cs}, Candidate: Arm{Samples: kn, Successes: ks}}
	}
	tests := []struct {
		name     string
		test     ABTest
		min      int
		conf     float64
		ok       bool
		reason   string
		evidence string
	}{
		{
			name: "design example", test: counts(400, 500, 425, 500), min: 100, conf: 0.95, ok: true,
			reason: "significant at confidence 0.95", evidence: "n=500/500, 80.0% → 85.0% (+6.2%), p=0.037",
		},
		{
			name: "design example at 0.99", test: counts(400, 500, 425, 500), min: 100, conf: 0.99,
			reason: "p=0.037 is not below 0.01 (confidence 0.99)", evidence: "n=500/500, 80.0% → 85.0% (+6.2%), p=0.037",
		},
		{
			name: "file confidence wins over default", test: ABTest{Confidence: 0.9, Control: Arm{500, 400}, Candidate: Arm{500, 425}},
			min: 100, conf: 0.99, ok: true, reason: "significant at confidence 0.9",
		},
		{
			name: "not significant", test: counts(80, 100, 88, 100), min: 100, conf: 0.95,
			reason: "p=0.123 is not below 0.05 (confidence 0.95)", evidence: "n=100/100, 80.0% → 88.0% (+10.0%), p=0.123",
		},
		{
			name: "too few control samples", test: counts(64, 80, 88, 100), min: 100, conf: 0.95,
			reason: "control has 80 samples, fewer than the minimum 100",
		},
		{
			name: "too few candidate samples", test: counts(400, 500, 60, 60), min: 100, conf: 0.95,
			reason: "candidate has 60 samples, fewer than the minimum 100",
		},
		{
			name: "significant the wrong way", test: counts(425, 500, 400, 500), min: 100, conf: 0.95,
			reason: "candidate rate 80.0% is not above control rate 85.0%", evidence: "n=500/500, 85.0% → 80.0% (-5.9%), p=0.037",
		},
		{
			name: "reported p with samples", test: ABTest{PValue: ptr(0.03), Control: Arm{Samples: 300}, Candidate: Arm{Samples: 320}},
			min: 100, conf: 0.95, ok: true, reason: "significant at confidence 0.95", evidence: "n=300/320, p=0.030 (reported)",
		},
		{
			name: "reported p without samples", test: ABTest{PValue: ptr(0.001)}, min: 100, conf: 0.95,
			reason: "sample sizes are missing; give samples for control and candidate", evidence: "p=0.001 (reported)",
		},
		{
			name: "reported p with small samples", test: ABTest{PValue: ptr(0.01), Control: Arm{Samples: 50}, Candidate: Arm{Samples: 500}},
			min: 100, conf: 0.95, reason: "control has 50 samples, fewer than the minimum 100",
		},
		{
			name: "reported p too high", test: ABTest{PValue: ptr(0.2), Control: Arm{Samples: 500}, Candidate: Arm{Samples: 500}},
			min: 100, conf: 0.95, reason: "p=0.200 is not below 0.05 (confidence 0.95)",
		},
		{
			name: "counts and a lower reported p: the larger p decides", min: 100, conf: 0.95,
			test:   ABTest{PValue: ptr(0.001), Control: Arm{100, 80}, Candidate: Arm{100, 88}},
			reason: "p=0.123 is not below 0.05 (confidence 0.95)",
		},
		{
			name: "no variance", test: counts(0, 200, 0, 200), min: 100, conf: 0.95,
			reason: "candidate rate 0.0% is not above control rate 0.0%", evidence: "n=200/200, 0.0% → 0.0%, p=1.000",
		},
		{
			name: "very small p", test: counts(100, 1000, 300, 1000), min: 100, conf: 0.95, ok: true,
			evidence: "n=1000/1000, 10.0% → 30.0% (+200.0%), p<0.001",
		},
		{
			name: "invalid default confidence falls back to 0.95", test: counts(10, 100, 20, 100), min: 100, conf: 7, ok: true,
			reason: "significant at confidence 0.95",
		},
		{
			name: "hand-built counts are checked", test: counts(120, 100, 20, 100), min: 100, conf: 0.95,
			reason: "control has 120 successes, more than its 100 samples", evidence: "n=100/100",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := EvaluateAB(tt.test, tt.min, tt.conf)
			if r.OK != tt.ok {
				t.Errorf("OK = %v, want %v (reason %q)", r.OK, tt.ok, r.Reason)
			}
			if tt.reason != "" && r.Reason != tt.reason {
				t.Errorf("Reason = %q, want %q", r.Reason, tt.reason)
			}
			if r.Reason == "" || r.Reason != strings.ToLower(r.Reason[:1])+r.Reason[1:] || strings.Contains(r.Reason, "\n") {
				t.Errorf("Reason %q is not one lower-case line", r.Reason)
			}
			if tt.evidence != "" && r.Evidence() != tt.evidence {
				t.Errorf("Evidence() = %q, want %q", r.Evidence(), tt.evidence)
			}
			if math.IsNaN(r.P) || math.IsNaN(r.Z) || math.IsNaN(r.Lift) {
				t.Errorf("result has NaN: %+v", r)
			}
		})
	}
}

func TestEvaluateABRates(t *testing.T) {
	r := EvaluateAB(ABTest{Control: Arm{500, 400}, Candidate: Arm{500, 425}}, 100, 0.95)
	if r.ControlRate != 0.8 || r.CandidateRate != 0.85 || math.Abs(r.Lift-0.0625) > 1e-12 ||
		math.Abs(r.Z-2.0806) > 5e-4 || math.Abs(r.P-0.0375) > 5e-4 || r.Confidence != 0.95 {
		t.Errorf("EvaluateAB = %+v", r)
	}
}
