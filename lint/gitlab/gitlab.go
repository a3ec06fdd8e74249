// Package gitlab is promptlint's client for the GitLab REST API (v4): a
// merge request, the files it changes, its approvals, reviewers and
// commits, a repository at a commit as an fs.FS (Tree), and the one
// sticky note that promptlint keeps up to date on the merge request.
//
// It is plain net/http: promptlint needs a dozen endpoints, and GitLab's
// official client would bring several hundred. Below it sits lint/retry's
// transport, which retries what GitLab says is transient (5xx, 429 with
// Retry-After or RateLimit-Reset) within a bounded wait. Lists are read
// page by page, following X-Next-Page or the Link header.
package gitlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/promptlint/promptlint/lint/retry"
)

// DefaultMaxWait is how long, in total, the client waits between retries of
// one request unless WithMaxWait says otherwise.
const DefaultMaxWait = retry.DefaultMaxWait

// perPage is the largest page GitLab serves.
const perPage = 100

// maxResponse bounds the bytes of one JSON response the client reads: a
// page of 100 diffs is a few megabytes at most.
const maxResponse = 64 << 20

// Client talks to the REST API of GitLab.com or of a self-managed GitLab.
type Client struct {
	hc    *http.Client
	rt    *retry.Transport
	base  *url.URL // the API root, ending in a slash
	token string
}

// New returns a client for the API at apiURL (CI_API_V4_URL in a job:
// https://gitlab.com/api/v4, or https://HOST/api/v4), authenticated with
// token (a personal, project or group access token, sent as PRIVATE-TOKEN)
// when it is not empty. Without a token only public projects can be read.
// opts set the HTTP client, the waits between retries and the log (see
// lint/retry).
func New(token, apiURL string, opts ...retry.Option) (*Client, error) {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("GitLab API URL %q is not an http(s) URL", apiURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	c := &Client{base: u, token: token}
	c.rt = &retry.Transport{Name: "gitlab", RateLimitPrefix: "RateLimit-"}
	c.hc = retry.NewClient(c.rt, opts...)
	// The token travels in PRIVATE-TOKEN, which net/http does not strip
	// on a redirect to another host: refuse those.
	c.hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if req.URL.Host != c.base.Host || req.URL.Scheme != c.base.Scheme {
			return fmt.Errorf("GitLab redirected to %s://%s; promptlint sends its token only to %s://%s", req.URL.Scheme, req.URL.Host, c.base.Scheme, c.base.Host)
		}
		return nil
	}
	return c, nil
}

// Requests returns how many HTTP requests the client has sent, retries
// included.
func (c *Client) Requests() int {
	return len(c.rt.Requests())
}

// RequestLog returns "METHOD /path?query" for every HTTP request sent, in
// order, retries included.
func (c *Client) RequestLog() []string {
	return c.rt.Requests()
}

// Error is an answer of the API that is not a success.
type Error struct {
	Method  string
	Path    string // the request's path, still escaped
	Status  int
	Message string // GitLab's message, one line
}

// Error says which request failed and what GitLab answered.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, msg)
}

// StatusCode returns the HTTP status of the API error in err's chain, or
// 0 when there is none (a network error, say).
func StatusCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsForbidden reports whether err is a 401 or a 403: the token is missing,
// wrong, or lacks the permission (a fork's pipeline without the parent
// project's token, a token with only read_api posting a note).
func IsForbidden(err error) bool {
	code := StatusCode(err)
	return code == http.StatusUnauthorized || code == http.StatusForbidden
}

// IsNotFound reports whether err is a 404 from the API. GitLab answers 404
// too for a private project that the token may not see.
func IsNotFound(err error) bool {
	return StatusCode(err) == http.StatusNotFound
}

// ProjectPath escapes a project for a URL path: a numeric ID as it is, a
// namespaced path ("group/project") URL-encoded whole.
func ProjectPath(project string) string {
	return escapeSegment(project)
}

// escapeSegment URL-encodes s as one path segment: slashes and dots too,
// as GitLab's routes want for file paths ("lib%2Fclass%2Erb").
func escapeSegment(s string) string {
	s = url.PathEscape(s)
	s = strings.ReplaceAll(s, "/", "%2F")
	return strings.ReplaceAll(s, ".", "%2E")
}

// newRequest builds a request for path (relative to the API root, already
// escaped) with query.
func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values, body any) (*http.Request, error) {
	raw := c.base.String() + path
	if len(query) > 0 {
		raw += "?" + query.Encode()
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("building the URL of %s: %w", path, err)
	}
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("encoding the body of %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, err
	}
	req.URL = u // keep the escaping as built
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "promptlint")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("PRIVATE-TOKEN", c.token)
	}
	return req, nil
}

// send sends req; a response that is not a 2xx becomes an *Error, its body
// read and closed.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.URL.EscapedPath(), err)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, retry.PeekLimit))
	return nil, &Error{Method: req.Method, Path: req.URL.EscapedPath(), Status: resp.StatusCode, Message: errorMessage(data)}
}

// errorMessage is the message of a GitLab error body, one line of at most
// 300 characters: {"message": "..."}, {"message": {"field": [...]}} or
// {"error": "...", "error_description": "..."}.
func errorMessage(data []byte) string {
	var body struct {
		Message          json.RawMessage `json:"message"`
		Error            string          `json:"error"`
		ErrorDescription string          `json:"error_description"`
	}
	msg := ""
	if json.Unmarshal(data, &body) == nil {
		var s string
		switch {
		case len(body.Message) > 0 && json.Unmarshal(body.Message, &s) == nil:
			msg = s
		case len(body.Message) > 0:
			var b bytes.Buffer
			if json.Compact(&b, body.Message) == nil {
				msg = b.String()
			}
		case body.Error != "":
			msg = strings.TrimSpace(body.Error + ": " + body.ErrorDescription)
			msg = strings.TrimSuffix(msg, ":")
		}
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if r := []rune(msg); len(r) > 300 {
		msg = strings.TrimSpace(string(r[:300])) + "…"
	}
	return msg
}

// do sends a request and decodes a JSON response into out (nil: ignore
// the body). It returns the response, body closed, for its headers.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) (*http.Response, error) {
	req, err := c.newRequest(ctx, method, path, query, body)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, retry.PeekLimit))
		return resp, nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading the response: %w", method, req.URL.EscapedPath(), err)
	}
	if len(data) > maxResponse {
		return nil, fmt.Errorf("%s %s: the response is over %d bytes", method, req.URL.EscapedPath(), maxResponse)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return nil, fmt.Errorf("%s %s: decoding the response: %w", method, req.URL.EscapedPath(), err)
	}
	return resp, nil
}

// list reads the pages of path into a slice, as walk does.
func list[T any](ctx context.Context, c *Client, path string, query url.Values, maxPages int) (items []T, truncated bool, err error) {
	truncated, err = walk(ctx, c, path, query, maxPages, func(batch []T) bool {
		items = append(items, batch...)
		return false
	})
	if err != nil {
		return nil, false, err
	}
	return items, truncated, nil
}

// walk reads the pages of path, per_page 100, and hands each to each
// until it returns true, following X-Next-Page (offset pagination) or the
// Link header's next URL (keyset pagination), for at most maxPages pages.
// truncated says a next page was left unread. A next page that does not
// move forward, or a next URL elsewhere, ends the walk.
func walk[T any](ctx context.Context, c *Client, path string, query url.Values, maxPages int, each func([]T) (stop bool)) (truncated bool, err error) {
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("per_page", strconv.Itoa(perPage))
	page := 1
	q.Set("page", "1")
	for n := 1; ; n++ {
		var batch []T
		resp, err := c.do(ctx, http.MethodGet, path, q, nil, &batch)
		if err != nil {
			return false, err
		}
		if each(batch) {
			return false, nil
		}
		next, nextQuery := nextPage(resp, c.base, path, page)
		switch {
		case next == 0 && nextQuery == nil:
			return false, nil
		case n >= maxPages:
			return true, nil
		case nextQuery != nil:
			q = nextQuery
			if p, err := strconv.Atoi(q.Get("page")); err == nil {
				page = p
			}
		default:
			page = next
			q.Set("page", strconv.Itoa(page))
		}
	}
}

// nextPage reads where the page after page is: X-Next-Page, else the
// Link header's rel="next" URL when it points at the same path on the
// same host (its query is returned, as keyset pagination puts a cursor
// there). 0 and nil: this was the last page.
func nextPage(resp *http.Response, base *url.URL, path string, page int) (int, url.Values) {
	if v := strings.TrimSpace(resp.Header.Get("X-Next-Page")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > page {
			return n, nil
		}
		return 0, nil
	}
	if resp.Header.Get("X-Page") != "" {
		// Offset pagination with an empty X-Next-Page: the last page.
		return 0, nil
	}
	for _, link := range strings.Split(resp.Header.Get("Link"), ",") {
		target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
		if !ok || !strings.Contains(strings.ReplaceAll(params, " ", ""), `rel="next"`) {
			continue
		}
		u, err := url.Parse(strings.Trim(strings.TrimSpace(target), "<>"))
		if err != nil || u.Host != base.Host || u.EscapedPath() != base.EscapedPath()+path {
			return 0, nil
		}
		q := u.Query()
		if p, err := strconv.Atoi(q.Get("page")); err == nil && p <= page && q.Get("cursor") == "" && q.Get("page_token") == "" {
			return 0, nil
		}
		return 0, q
	}
	return 0, nil
}
