package sticky_test

import (
	"context"
	"errors"
	"testing"

	"github.com/promptlint/promptlint/lint/sticky"
)

func TestIs(t *testing.T) {
	for body, want := range map[string]bool{
		sticky.Marker:                         true,
		sticky.Marker + "\nreport":            true,
		sticky.Marker + "\r\nreport":          true,
		" " + sticky.Marker + "\nreport":      false,
		sticky.Marker + " \nreport":           false,
		"> " + sticky.Marker:                  false,
		"<!-- promptlint:ab-tested -->":       false,
		"<!-- promptlint-other -->\n":         false,
		"report\n" + sticky.Marker:            false,
		"":                                    false,
		"\ufeff" + sticky.Marker + "\nreport": false,
	} {
		if got := sticky.Is(body); got != want {
			t.Errorf("Is(%q) = %v, want %v", body, got, want)
		}
	}
}

// fakeThread keeps comments in memory; failCreate makes the next Create
// calls fail with a server error, after creating the comment when
// createAnyway is set (a response lost on the way back).
type fakeThread struct {
	comments     []sticky.Comment
	failCreate   int
	createAnyway bool
	creates      int
	edits        int
	finds        int
}

var errServer = errors.New("500 Internal Server Error")

func (f *fakeThread) Find(context.Context) (*sticky.Comment, error) {
	f.finds++
	for i := range f.comments {
		if sticky.Is(f.comments[i].Body) {
			c := f.comments[i]
			return &c, nil
		}
	}
	return nil, nil
}

func (f *fakeThread) Create(_ context.Context, body string) (*sticky.Comment, error) {
	f.creates++
	if f.failCreate > 0 {
		f.failCreate--
		if f.createAnyway {
			f.add(body)
		}
		return nil, errServer
	}
	return f.add(body), nil
}

func (f *fakeThread) add(body string) *sticky.Comment {
	c := sticky.Comment{ID: int64(len(f.comments) + 1), Body: body, URL: "u" + string(rune('0'+len(f.comments)+1))}
	f.comments = append(f.comments, c)
	return &c
}

func (f *fakeThread) Edit(_ context.Context, c *sticky.Comment, body string) (*sticky.Comment, error) {
	f.edits++
	for i := range f.comments {
		if f.comments[i].ID == c.ID {
			f.comments[i].Body = body
			cp := f.comments[i]
			return &cp, nil
		}
	}
	return nil, errors.New("404")
}

func (f *fakeThread) ServerError(err error) bool { return errors.Is(err, errServer) }

func TestPut(t *testing.T) {
	ctx := context.Background()
	th := &fakeThread{}
	body := sticky.Marker + "\none"
	url, action, err := sticky.Put(ctx, th, nil, body)
	if err != nil || action != sticky.Created || url != "u1" {
		t.Fatalf("create: %q %q %v", url, action, err)
	}
	existing, _ := th.Find(ctx)
	if _, action, _ = sticky.Put(ctx, th, existing, body); action != sticky.Unchanged || th.edits != 0 {
		t.Errorf("same body: %q after %d edits", action, th.edits)
	}
	if url, action, _ = sticky.Put(ctx, th, existing, sticky.Marker+"\ntwo"); action != sticky.Updated || url != "u1" || th.comments[0].Body != sticky.Marker+"\ntwo" {
		t.Errorf("new body: %q %q, comments %+v", url, action, th.comments)
	}
	if _, _, err := sticky.Put(ctx, th, existing, "no marker"); err == nil {
		t.Error("a body without the marker was posted")
	}
}

func TestPutAfterServerError(t *testing.T) {
	ctx := context.Background()
	body := sticky.Marker + "\nreport"

	// The failed create made nothing: look, then post once more.
	th := &fakeThread{failCreate: 1}
	if _, action, err := sticky.Put(ctx, th, nil, body); err != nil || action != sticky.Created {
		t.Fatalf("%q %v", action, err)
	}
	if th.creates != 2 || th.finds != 1 || len(th.comments) != 1 {
		t.Errorf("%d creates, %d finds, comments %+v", th.creates, th.finds, th.comments)
	}

	// The failed create did make the comment: it is not posted again.
	th = &fakeThread{failCreate: 1, createAnyway: true}
	if _, action, err := sticky.Put(ctx, th, nil, body); err != nil || action != sticky.Created {
		t.Fatalf("%q %v", action, err)
	}
	if th.creates != 1 || len(th.comments) != 1 {
		t.Errorf("%d creates, comments %+v", th.creates, th.comments)
	}

	// Twice a server error: at most two posts, and the error surfaces.
	th = &fakeThread{failCreate: 5}
	if _, _, err := sticky.Put(ctx, th, nil, body); !errors.Is(err, errServer) {
		t.Errorf("err = %v", err)
	}
	if th.creates != 2 {
		t.Errorf("%d creates, want 2", th.creates)
	}
}
