// Package apitest is what promptlint's fakes of host APIs (githubtest,
// gitlabtest) share: the request log, fault injection, JSON responses made
// from the hosts' example payloads, and finding those payloads.
package apitest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Log is a fake's request log. Its methods are safe for concurrent use.
type Log struct {
	// Root is the API's path prefix ("/api/v4"), left out of the paths
	// that Count compares.
	Root string

	mu    sync.Mutex
	lines []string
}

// Record logs r as "METHOD /path?query", the path as sent (still
// escaped), and returns how many requests the log holds.
func (l *Log) Record(r *http.Request) int {
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
	return len(l.lines)
}

// Requests returns every request received, in order.
func (l *Log) Requests() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// Count returns how many requests had method (empty: any) and a path,
// after Root, starting with prefix.
func (l *Log) Count(method, prefix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		m, rest, _ := strings.Cut(line, " ")
		if (method == "" || m == method) && strings.HasPrefix(strings.TrimPrefix(rest, l.Root), prefix) {
			n++
		}
	}
	return n
}

// Clear empties the log.
func (l *Log) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = nil
}

// Fault is a failure a fake answers with instead of its response.
type Fault struct {
	Status  int
	Headers map[string]string
}

type fault struct {
	Fault
	method, prefix string
	times          int
}

// Faults are the failures to come. Their methods are safe for concurrent
// use.
type Faults struct {
	mu   sync.Mutex
	list []*fault
}

// Add makes the next times requests whose method is method (empty: any)
// and whose path starts with prefix fail with status and headers.
func (f *Faults) Add(method, prefix string, status int, headers map[string]string, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, &fault{Fault: Fault{Status: status, Headers: headers}, method: method, prefix: prefix, times: times})
}

// Take returns the failure that a request with method and path (after
// the API's root) gets, if any, and counts it.
func (f *Faults) Take(method, path string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, ft := range f.list {
		if ft.times <= 0 || (ft.method != "" && ft.method != method) || !strings.HasPrefix(path, ft.prefix) {
			continue
		}
		ft.times--
		if ft.times == 0 {
			f.list = append(f.list[:i], f.list[i+1:]...)
		}
		return ft.Fault, true
	}
	return Fault{}, false
}

// Apply sets the fault's headers on w.
func (f Fault) Apply(w http.ResponseWriter) {
	for k, v := range f.Headers {
		w.Header().Set(k, v)
	}
}

// WriteJSON writes v as the JSON body of a response with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	w.Write(data)
}

// Clone deep-copies a decoded JSON object, so a fake can fill in a copy
// of an example payload.
func Clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return Clone(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = cloneValue(e)
		}
		return out
	}
	return v
}

// Dig returns the value at keys in a decoded JSON object, nil when a key
// is missing.
func Dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// Str returns v as a string, "" when it is not one.
func Str(v any) string {
	s, _ := v.(string)
	return s
}

// Num returns v as a number, 0 when it is not one.
func Num(v any) float64 {
	f, _ := v.(float64)
	return f
}

// Unescape undoes the escaping of one path segment; a segment that is not
// valid escaping is returned as it is.
func Unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// BlobSHA is git's object name for a blob with content data.
func BlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}

// FindFixtures finds a directory of example payloads from the working
// directory up: the first of rels (slash-separated, such as
// "testdata/fixtures/gitlab") that exists in it or a parent.
func FindFixtures(rels ...string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding the fixtures: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		for _, rel := range rels {
			cand := filepath.Join(d, filepath.FromSlash(rel))
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or any parent", strings.Join(rels, " or "), wd)
		}
	}
}

// ReadFixture decodes the JSON fixture name of directory dir into v.
func ReadFixture(dir, name string, v any) error {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return fmt.Errorf("reading fixture: %w", err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decoding fixture %s: %w", name, err)
	}
	return nil
}
