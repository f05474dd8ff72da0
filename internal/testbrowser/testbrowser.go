// Package testbrowser stands in for a web browser in tests of console
// sign-in: a helper process (the test binary re-run) opens the page it is
// given the way a browser follows it, and reports what it saw.
//
//	// in the test package:
//	func TestHelperBrowser(t *testing.T) { testbrowser.Helper(t) }
//	// in a test:
//	out := testbrowser.Setup(t)      // sets OutEnv for child processes
//	cmd := testbrowser.Command()     // --browser value that runs the helper
//	visit := testbrowser.Wait(t, out)
package testbrowser

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// OutEnv names the file the helper writes its Visit to; the helper runs
// only when it is set.
const OutEnv = "ASSUME_TEST_BROWSER_OUT"

// Visit is what the helper browser was given and found.
type Visit struct {
	Args     []string // its command line
	Page     string   // the file it was asked to open
	PageMode string   // the page's permissions, e.g. "-rw-------"
	DirMode  string   // its directory's, e.g. "drwx------"
	Forward  string   // the URL the page forwards to
	Location string   // where Forward redirected: the sign-in URL
	Again    string   // what a second request for Forward got
	Landed   string   // where the sign-in URL redirected, if it did
	Err      string   // what went wrong, if anything
}

var forwardRe = regexp.MustCompile(`location\.replace\(("[^"]*")\)`)

var noRedirect = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// visit opens page (a file:// URL) as a browser would follow it.
func visit(args []string) Visit {
	v := Visit{Args: args}
	var u *url.URL
	for _, a := range args {
		if p, err := url.Parse(a); err == nil && p.Scheme == "file" {
			u = p
			break
		}
	}
	if u == nil {
		v.Err = fmt.Sprintf("no file:// URL in %q", args)
		return v
	}
	var err error
	v.Page = filepath.FromSlash(strings.TrimPrefix(u.Path, "/"))
	if filepath.IsAbs(u.Path) {
		v.Page = u.Path
	}
	if st, err := os.Stat(v.Page); err == nil {
		v.PageMode = st.Mode().String()
	}
	if st, err := os.Stat(filepath.Dir(v.Page)); err == nil {
		v.DirMode = st.Mode().String()
	}
	body, err := os.ReadFile(v.Page)
	if err != nil {
		v.Err = err.Error()
		return v
	}
	m := forwardRe.FindSubmatch(body)
	if m == nil || json.Unmarshal(m[1], &v.Forward) != nil {
		v.Err = "the page forwards nowhere"
		return v
	}
	if v.Location, err = redirect(v.Forward); err != nil {
		v.Err = err.Error()
		return v
	}
	if _, err := redirect(v.Forward); err != nil {
		v.Again = err.Error()
	} else {
		v.Again = "redirected again"
	}
	if v.Landed, err = redirect(v.Location); err != nil {
		v.Err = "following the sign-in URL: " + err.Error()
	}
	return v
}

func redirect(target string) (string, error) {
	resp, err := noRedirect.Get(target)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

// Helper is the helper process: a test function that does nothing unless
// OutEnv is set, then visits the first file:// URL among its arguments and
// writes the Visit to OutEnv's file.
func Helper(t *testing.T) {
	out := os.Getenv(OutEnv)
	if out == "" {
		t.Skip("the stand-in browser runs only as a helper process")
	}
	args := os.Args[1:]
	for len(args) > 0 && strings.HasPrefix(args[0], "-test.") {
		args = args[1:]
	}
	b, _ := json.Marshal(visit(args))
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, out); err != nil {
		t.Fatal(err)
	}
}

// Setup points helper processes started by this test at a new result file.
func Setup(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "visit.json")
	t.Setenv(OutEnv, out)
	return out
}

// Command is the --browser command line that runs the helper.
func Command() string {
	return os.Args[0] + " -test.run=^TestHelperBrowser$"
}

// Wait returns the Visit the helper wrote to out, failing the test if it
// wrote none within a minute.
func Wait(t *testing.T, out string) Visit {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		b, err := os.ReadFile(out)
		if err == nil {
			var v Visit
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("visit %s: %v", b, err)
			}
			return v
		}
		if !errors.Is(err, os.ErrNotExist) || time.Now().After(deadline) {
			t.Fatalf("the stand-in browser reported nothing: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
