package console

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testbrowser"
)

func TestHelperBrowser(t *testing.T) { testbrowser.Helper(t) }

// signinServer stands for the federation endpoint's login URL: it
// redirects to a console page.
func signinServer(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://console.aws.amazon.com/console/home", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/federation?Action=login&SigninToken=SECRET-SIGNIN-TOKEN-0123456789"
}

// privateDir stands for the runtime directory: 0700 (t.TempDir's are 0755).
func privateDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "runtime")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A runtime directory others can write is not where the page goes: the
// temp dir (sticky) is.
func TestBrowserPageAvoidsADirectoryOthersCanWrite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no modes on Windows")
	}
	out := testbrowser.Setup(t)
	dir := filepath.Join(t.TempDir(), "runtime")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := (Browser{Command: testbrowser.Command(), Dir: dir}).Open(context.Background(), signinServer(t)); err != nil {
		t.Fatal(err)
	}
	v := testbrowser.Wait(t, out)
	if v.Err != "" {
		t.Fatalf("the browser: %s (%+v)", v.Err, v)
	}
	if got := filepath.Dir(filepath.Dir(v.Page)); got != filepath.Clean(os.TempDir()) {
		t.Errorf("the page %s is under %s, want the temp dir %s", v.Page, got, os.TempDir())
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("wrote %v into a directory others can write", left)
	}
}

func TestBrowserGetsThePageNeverTheURL(t *testing.T) {
	out := testbrowser.Setup(t)
	signin := signinServer(t)
	dir := privateDir(t)
	b := Browser{Command: testbrowser.Command(), Dir: dir}
	if err := b.Open(context.Background(), signin); err != nil {
		t.Fatal(err)
	}
	v := testbrowser.Wait(t, out)
	if v.Err != "" {
		t.Fatalf("the browser: %s (%+v)", v.Err, v)
	}
	if v.Location != signin || v.Landed != "https://console.aws.amazon.com/console/home" {
		t.Fatalf("the page led to %q, then %q", v.Location, v.Landed)
	}
	for _, a := range v.Args {
		if strings.Contains(a, "SECRET-SIGNIN-TOKEN") || strings.Contains(a, "127.0.0.1") {
			t.Errorf("the browser's command line holds %q", a)
		}
	}
	if !strings.HasPrefix(v.Args[len(v.Args)-1], "file://") || filepath.Dir(filepath.Dir(v.Page)) != dir {
		t.Errorf("the page %q (args %q) is not a file under %s", v.Page, v.Args, dir)
	}
	if runtime.GOOS != "windows" && (v.PageMode != "-rw-------" || v.DirMode != "drwx------") {
		t.Errorf("page %s, directory %s: want -rw------- in drwx------", v.PageMode, v.DirMode)
	}
	if !strings.HasPrefix(v.Forward, "http://127.0.0.1:") || v.Again == "redirected again" {
		t.Errorf("the forward %q was served twice (%s)", v.Forward, v.Again)
	}
	if _, err := os.Stat(filepath.Dir(v.Page)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the page's directory is still there: %v", err)
	}
}

func TestBrowserCommandChoice(t *testing.T) {
	out := testbrowser.Setup(t)
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	missing := filepath.Join(t.TempDir(), "no-such-browser")
	// $BROWSER is a list: the first command that exists is used; %s is the page.
	env["BROWSER"] = missing + string(os.PathListSeparator) + testbrowser.Command() + " %s trailing"
	if err := (Browser{Getenv: getenv, Dir: t.TempDir()}).Open(context.Background(), signinServer(t)); err != nil {
		t.Fatal(err)
	}
	v := testbrowser.Wait(t, out)
	if v.Err != "" || len(v.Args) < 2 || !strings.HasPrefix(v.Args[len(v.Args)-2], "file://") || v.Args[len(v.Args)-1] != "trailing" {
		t.Fatalf("%%s was not replaced by the page: %+v", v)
	}

	for _, c := range []struct {
		name string
		b    Browser
		want []string
	}{
		{"--browser not found", Browser{Command: missing, Getenv: getenv}, []string{"--browser command", "no-such-browser", "not found", "--print"}},
		{"$BROWSER not found", Browser{Getenv: func(k string) string {
			if k == "BROWSER" {
				return missing
			}
			return ""
		}}, []string{"$BROWSER command", "--print"}},
	} {
		err := c.b.Check()
		for _, w := range c.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v does not say %q", c.name, err, w)
			}
		}
	}
}

func TestBrowserThatFailsOrNeverLoadsThePage(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses sh")
	}
	dir := privateDir(t)
	cases := []struct {
		command string
		want    string
	}{
		{"sh -c 'exit 3'", "no browser could open the console"},
		{"true", "did not load the sign-in page"},
	}
	for _, c := range cases {
		b := Browser{Command: c.command, Dir: dir, Wait: 100 * time.Millisecond}
		err := b.Open(context.Background(), signinServer(t))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "--print") {
			t.Errorf("%s: %v", c.command, err)
		}
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("pages left behind: %v", left)
	}
}

func TestPlatformOpenerNeedsADisplayOnX11Systems(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("xdg-open systems only")
	}
	err := Browser{Getenv: func(string) string { return "" }}.Check()
	if err == nil || !strings.Contains(err.Error(), "neither DISPLAY nor WAYLAND_DISPLAY") || !strings.Contains(err.Error(), "--print") {
		t.Fatalf("%v", err)
	}
}
