package lint

// Suggest returns the candidate closest to s for a "did you mean"
// hint: within an edit distance of a third of its length (at least 1, at
// most 3), or the one candidate that s is a prefix of. It returns "" when
// nothing is close enough. Ties go to the first candidate.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", -1
	limit := min(max(len([]rune(s))/3, 1), 3)
	for _, c := range candidates {
		if c == s {
			continue
		}
		d := EditDistance(s, c)
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best != "" || len(s) < 3 {
		return best
	}
	var prefixed []string
	for _, c := range candidates {
		if len(c) > len(s) && c[:len(s)] == s {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// DidYouMean returns ` (did you mean "x"?)` for the closest candidate, or
// "" when none is close.
func DidYouMean(s string, candidates []string) string {
	if m := Suggest(s, candidates); m != "" {
		return " (did you mean \"" + m + "\"?)"
	}
	return ""
}

// EditDistance is the edit distance between a and b in code points,
// counting an insertion, a deletion, a substitution or a swap of two
// neighbours as one edit (optimal string alignment), cut off early for
// long names (64 when either is longer than 64 code points and they
// differ): it ranks typo suggestions, nothing more.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		if a == b {
			return 0
		}
		return 64
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
