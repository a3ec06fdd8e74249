package checklist

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// thresholdKeys are the keys of an alert mapping that hold its threshold.
var thresholdKeys = []string{"threshold", "above", "below", "min", "max", "value", "gt", "gte", "lt", "lte"}

// EvaluateMonitoring decides whether the decoded value of a prompt file's
// `monitoring` block configures alerting: a mapping whose `alerts` holds at
// least one alert with a numeric threshold. Alerts may be a mapping
//
//	alerts:
//	  quality_score_below: 0.7
//	  response_time_above: {threshold: 5.0, severity: page}
//
// or a list of one-key mappings (`- quality_score_below: 0.7`) or of
// mappings with a `name` (or `metric`) and a threshold key (threshold,
// above, below, min, max, value, gt, gte, lt, lte). An alert without a
// numeric threshold does not count. evidence lists the alerts that count,
// "alerts: quality_score_below, response_time_above", in file order for a
// list and sorted for a mapping.
func EvaluateMonitoring(v any) (ok bool, evidence string) {
	m, isMap := asMap(v)
	if !isMap {
		return false, ""
	}
	var names []string
	switch alerts := m["alerts"].(type) {
	case []any:
		for i, item := range alerts {
			im, isMap := asMap(item)
			if !isMap {
				continue
			}
			if len(im) == 1 {
				for k, val := range im {
					if vm, isMap := asMap(val); isThreshold(val) || isMap && hasThreshold(vm) {
						names = append(names, k)
					}
				}
				continue
			}
			if !hasThreshold(im) {
				continue
			}
			name := fmt.Sprintf("alert %d", i+1)
			for _, key := range []string{"name", "metric", "alert"} {
				if s, isStr := im[key].(string); isStr && strings.TrimSpace(s) != "" {
					name = strings.TrimSpace(s)
					break
				}
			}
			names = append(names, name)
		}
	default:
		am, isMap := asMap(alerts)
		if !isMap {
			return false, ""
		}
		for _, k := range slices.Sorted(maps.Keys(am)) {
			if isThreshold(am[k]) {
				names = append(names, k)
				continue
			}
			if im, isMap := asMap(am[k]); isMap && hasThreshold(im) {
				names = append(names, k)
			}
		}
	}
	if len(names) == 0 {
		return false, ""
	}
	return true, "alerts: " + strings.Join(names, ", ")
}

// isThreshold reports whether v is a finite number (or a string holding
// one); booleans do not count.
func isThreshold(v any) bool {
	if _, isBool := v.(bool); isBool || v == nil {
		return false
	}
	_, err := number("", v)
	return err == nil
}

// hasThreshold reports whether an alert mapping holds a numeric threshold.
func hasThreshold(m map[string]any) bool {
	for _, k := range thresholdKeys {
		if isThreshold(m[k]) {
			return true
		}
	}
	return false
}
