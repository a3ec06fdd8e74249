package gitignore

// The results of a match attempt, as in git's wildmatch.c: the two abort
// results say that no later start of a "*" can match either.
const (
	wmNoMatch = iota
	wmMatch
	wmAbortAll
	wmAbortToStarStar
)

// wildmatch reports whether text matches the glob the way git's wildmatch
// does. With pathname (WM_PATHNAME), "*", "?" and classes do not match a
// slash, and "**" between slashes (or at either end) matches across
// directories; without it, "*" matches anything. Classes are [abc], [a-z],
// [!a], [^a] and [[:alpha:]]-style names; a backslash quotes the next
// character. Time is bounded by len(glob)·len(text)² whatever the input:
// the result of each (glob, text) position pair is computed once.
func wildmatch(glob, text string, pathname bool) bool {
	w := &matcher{glob: glob, text: text, pathname: pathname}
	return w.dowild(0, 0) == wmMatch // only states past a "*" recur
}

type matcher struct {
	glob, text string
	pathname   bool
	// The results so far: in table, at pi·(len(text)+1)+ti, one more
	// than the result (0: not computed yet), when the table is small;
	// else in memo.
	table []int8
	memo  map[[2]int]int
}

// maxTable is the most (glob, text) position pairs matcher keeps in a
// table rather than a map: a table costs its size when a "*" is first
// met, a map only what is looked up, but a look-up costs a tenth.
const maxTable = 1 << 16

func (w *matcher) match(pi, ti int) int {
	if n := (len(w.glob) + 1) * (len(w.text) + 1); n <= maxTable {
		if w.table == nil {
			w.table = make([]int8, n)
		}
		i := pi*(len(w.text)+1) + ti
		if r := w.table[i]; r != 0 {
			return int(r) - 1
		}
		r := w.dowild(pi, ti)
		w.table[i] = int8(r) + 1
		return r
	}
	key := [2]int{pi, ti}
	if r, ok := w.memo[key]; ok {
		return r
	}
	r := w.dowild(pi, ti)
	if w.memo == nil {
		w.memo = map[[2]int]int{}
	}
	w.memo[key] = r
	return r
}

func isGlobSpecial(c byte) bool { return c == '*' || c == '?' || c == '[' || c == '\\' }

// dowild is git's dowild over byte indexes of glob and text.
func (w *matcher) dowild(p, t int) int {
	glob, text := w.glob, w.text
	at := func(s string, i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	for ; p < len(glob); p, t = p+1, t+1 {
		pch := glob[p]
		tch := at(text, t)
		if t >= len(text) && pch != '*' {
			return wmAbortAll
		}
		switch pch {
		case '\\':
			p++
			if at(glob, p) != tch {
				return wmNoMatch
			}
			continue
		default:
			if tch != pch {
				return wmNoMatch
			}
			continue
		case '?':
			if w.pathname && tch == '/' {
				return wmNoMatch
			}
			continue
		case '*':
			matchSlash := !w.pathname
			p++
			if at(glob, p) == '*' {
				prev := p - 2
				for p++; at(glob, p) == '*'; p++ {
				}
				if (prev < 0 || glob[prev] == '/') && (p >= len(glob) || glob[p] == '/' || glob[p] == '\\' && at(glob, p+1) == '/') {
					// "**/" may match no directory at all.
					if p < len(glob) && glob[p] == '/' && w.match(p+1, t) == wmMatch {
						return wmMatch
					}
					matchSlash = true
				} else {
					matchSlash = !w.pathname
				}
			}
			if p >= len(glob) {
				// A trailing "**" matches everything; a trailing "*"
				// only what has no more slashes.
				if !matchSlash && indexByteFrom(text, t, '/') >= 0 {
					return wmNoMatch
				}
				return wmMatch
			}
			if !matchSlash && glob[p] == '/' {
				// One "*" followed by a slash matches up to the next slash.
				s := indexByteFrom(text, t, '/')
				if s < 0 {
					return wmNoMatch
				}
				t = s // the loop steps over the slash in glob and text
				continue
			}
			for t < len(text) {
				tch = text[t]
				if !isGlobSpecial(glob[p]) {
					// The text before the next literal belongs to "*".
					pc := glob[p]
					for t < len(text) && (matchSlash || text[t] != '/') && text[t] != pc {
						t++
					}
					if t >= len(text) || text[t] != pc {
						return wmNoMatch
					}
					tch = text[t]
				}
				if m := w.match(p, t); m != wmNoMatch {
					if !matchSlash || m != wmAbortToStarStar {
						return m
					}
				} else if !matchSlash && tch == '/' {
					return wmAbortToStarStar
				}
				t++
			}
			return wmAbortAll
		case '[':
			np, ok, abort := w.class(p, tch)
			if abort {
				return wmAbortAll
			}
			if !ok || w.pathname && tch == '/' {
				return wmNoMatch
			}
			p = np
			continue
		}
	}
	if t < len(text) {
		return wmNoMatch
	}
	return wmMatch
}

// class matches tch against the bracket expression starting at glob[p]
// ('['). It returns the index of the closing ']', whether tch is in the
// class, and abort when the class is malformed (unclosed).
func (w *matcher) class(p int, tch byte) (end int, matched, abort bool) {
	glob := w.glob
	at := func(i int) byte {
		if i < len(glob) {
			return glob[i]
		}
		return 0
	}
	p++
	pch := at(p)
	if pch == '^' {
		pch = '!'
	}
	negated := pch == '!'
	if negated {
		p++
		pch = at(p)
	}
	var prev byte
	for {
		if pch == 0 && p >= len(glob) {
			return 0, false, true
		}
		switch {
		case pch == '\\':
			p++
			pch = at(p)
			if p >= len(glob) {
				return 0, false, true
			}
			if tch == pch {
				matched = true
			}
		case pch == '-' && prev != 0 && p+1 < len(glob) && glob[p+1] != ']':
			p++
			pch = glob[p]
			if pch == '\\' {
				p++
				if p >= len(glob) {
					return 0, false, true
				}
				pch = glob[p]
			}
			if tch <= pch && tch >= prev {
				matched = true
			}
			pch = 0
		case pch == '[' && at(p+1) == ':':
			s := p + 2
			q := s
			for q < len(glob) && glob[q] != ']' {
				q++
			}
			if q >= len(glob) {
				return 0, false, true
			}
			if q-s-1 < 0 || glob[q-1] != ':' {
				// No ":]": a plain '['.
				if tch == '[' {
					matched = true
				}
				pch = '['
				break
			}
			in, known := charClass(glob[s:q-1], tch)
			if !known {
				return 0, false, true
			}
			if in {
				matched = true
			}
			p = q
			pch = 0
		default:
			if tch == pch {
				matched = true
			}
		}
		prev = pch
		p++
		pch = at(p)
		if pch == ']' {
			break
		}
		if p >= len(glob) {
			return 0, false, true
		}
	}
	return p, matched != negated, false
}

// charClass tests c against a POSIX class name; known is false for an
// unknown name.
func charClass(name string, c byte) (in, known bool) {
	upper := c >= 'A' && c <= 'Z'
	lower := c >= 'a' && c <= 'z'
	digit := c >= '0' && c <= '9'
	switch name {
	case "alnum":
		return upper || lower || digit, true
	case "alpha":
		return upper || lower, true
	case "blank":
		return c == ' ' || c == '\t', true
	case "cntrl":
		return c < 0x20 || c == 0x7f, true
	case "digit":
		return digit, true
	case "graph":
		return c > 0x20 && c < 0x7f, true
	case "lower":
		return lower, true
	case "print":
		return c >= 0x20 && c < 0x7f, true
	case "punct":
		return c > 0x20 && c < 0x7f && !upper && !lower && !digit, true
	case "space":
		return c == ' ' || c >= '\t' && c <= '\r', true
	case "upper":
		return upper, true
	case "xdigit":
		return digit || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F', true
	}
	return false, false
}

func indexByteFrom(s string, from int, c byte) int {
	for i := from; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
