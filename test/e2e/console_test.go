package e2e

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakefed"
)

// consolePage stands for the AWS console: a TLS server that Chromium
// reaches for the console's real host name (--host-resolver-rules), whose
// page shows the URL the browser ended on.
type consolePage struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string // Host + RequestURI of each page request
}

const consoleMarker = "assume-e2e fake console page"

func newConsolePage(t *testing.T) *consolePage {
	t.Helper()
	p := &consolePage{}
	p.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" {
			http.NotFound(w, r)
			return
		}
		p.mu.Lock()
		p.seen = append(p.seen, r.Host+r.RequestURI)
		p.mu.Unlock()
		fmt.Fprintf(w, `<!doctype html><title>console</title><p id="marker">%s</p><p id="landed"></p>
<script>document.getElementById("landed").textContent = location.href</script>`, consoleMarker)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *consolePage) port(t *testing.T) string {
	_, port, err := net.SplitHostPort(strings.TrimPrefix(p.srv.URL, "https://"))
	if err != nil {
		t.Fatal(err)
	}
	return port
}

func (p *consolePage) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// argvScanner records the command line of every process on the machine,
// polled until stopped: what any local user could read with ps.
type argvScanner struct {
	mu   sync.Mutex
	seen map[string]bool
	stop chan struct{}
	done chan struct{}
}

func scanArgv() *argvScanner {
	s := &argvScanner{seen: map[string]bool{}, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		for {
			paths, _ := filepath.Glob("/proc/[0-9]*/cmdline")
			for _, p := range paths {
				if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
					line := strings.ReplaceAll(string(b), "\x00", " ")
					s.mu.Lock()
					s.seen[line] = true
					s.mu.Unlock()
				}
			}
			select {
			case <-s.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return s
}

func (s *argvScanner) finish() []string {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.seen))
	for l := range s.seen {
		out = append(out, l)
	}
	return out
}

// waitFile waits up to a minute for path to exist and returns its content.
func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not appear within a minute", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A real browser follows the sign-in URL through the fake federation
// endpoint to the console page asked for, and the sign-in URL, its token
// and the session's keys are on no process's command line meanwhile.
func TestConsoleOpensHeadlessChromiumOnTheDestination(t *testing.T) {
	chromium := requireTool(t, "chromium")
	h := newHygiene(t)
	fed := fakefed.New(t, h.sts)
	page := newConsolePage(t)
	h.Env["ASSUME_FEDERATION_URL"] = fed.URL()

	dir := t.TempDir()
	dom, info := filepath.Join(dir, "dom.html"), filepath.Join(dir, "page-info")
	wrapper := filepath.Join(dir, "browser")
	script := fmt.Sprintf(`#!/bin/sh
# the page assume hands over: its path, and its and its directory's modes
p="${1#file://}"
stat -c '%%a %%n' "$p" "$(dirname "$p")" > %[1]s.tmp && mv %[1]s.tmp %[1]s
%[2]s --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir=%[3]s \
  --host-resolver-rules='MAP eu-west-1.console.aws.amazon.com 127.0.0.1:%[4]s' --ignore-certificate-errors \
  --dump-dom "$1" > %[5]s.tmp 2>%[6]s
mv %[5]s.tmp %[5]s
`, info, chromium, filepath.Join(dir, "profile"), page.port(t), dom, filepath.Join(dir, "chromium.log"))
	if err := os.WriteFile(wrapper, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}

	scan := scanArgv()
	r := h.run("console", "a", "--service", "s3", "--region", "eu-west-1", "--duration", "2h", "--browser", wrapper)
	got := waitFile(t, dom)
	argv := scan.finish()
	if r.Code != 0 || r.Stdout != "" {
		t.Fatalf("exit %d, stdout %q (only --print writes there)\nstderr: %s", r.Code, r.Stdout, r.Stderr)
	}

	want := "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"
	if !strings.Contains(got, consoleMarker) || !strings.Contains(got, `<p id="landed">`+want+`</p>`) {
		logText, _ := os.ReadFile(filepath.Join(dir, "chromium.log"))
		t.Fatalf("Chromium did not land on %s:\n%s\nchromium: %s", want, got, logText)
	}
	if seen := page.requests(); len(seen) != 1 || seen[0] != "eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1" {
		t.Errorf("console page requests %q", seen)
	}
	logins := fed.Logins()
	if len(logins) != 1 || logins[0].Destination != want || !strings.HasPrefix(logins[0].CallerARN, "arn:aws:sts::222222222222:assumed-role/a/") {
		t.Fatalf("logins %+v", logins)
	}
	if reqs := fed.Requests(); reqs[0].Method != http.MethodPost || reqs[0].SessionInURL || reqs[0].SessionDuration != 7200 {
		t.Errorf("getSigninToken %+v: want a POST with the credentials out of the URL, SessionDuration 7200", reqs[0])
	}

	// The page was private while it existed, and is gone.
	fields := strings.Fields(waitFile(t, info))
	if len(fields) != 4 || fields[0] != "600" || fields[2] != "700" {
		t.Errorf("page and directory modes: %q", fields)
	}
	if _, err := os.Stat(fields[3]); !os.IsNotExist(err) {
		t.Errorf("the page's directory %s is still there: %v", fields[3], err)
	}

	// No command line held the sign-in URL, its token, or the session.
	tokens := fed.Tokens()
	h.secrets.add("sign-in token", tokens...)
	sawBrowser := false
	for _, line := range argv {
		sawBrowser = sawBrowser || strings.Contains(line, "--dump-dom") && strings.Contains(line, "file://")
		if strings.Contains(line, "SigninToken") || strings.Contains(line, "Action=login") || strings.Contains(line, "sessionKey") {
			t.Errorf("a command line holds the sign-in request: %q", line)
		}
		h.assertClean(t, "a command line", line)
	}
	if !sawBrowser {
		t.Fatalf("the scan never saw Chromium's command line among %d: it proves nothing", len(argv))
	}
	h.assertClean(t, "stderr (--debug)", r.Stderr)
	if !strings.Contains(r.Stderr, `opened the AWS console as "a"`) {
		t.Errorf("stderr %q", r.Stderr)
	}
}

func TestConsolePrintWritesOnlyTheSigninURL(t *testing.T) {
	sb, s := strictSandbox(t, "")
	fed := fakefed.New(t, s)
	sb.Env["ASSUME_FEDERATION_URL"] = fed.URL()
	r := mustSucceed(t, sb.run("console", "c", "--print", "--service", "logs"))
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], fed.URL()+"?") {
		t.Fatalf("stdout is not one sign-in URL: %q", r.Stdout)
	}
	tokens := fed.Tokens()
	if len(tokens) != 1 || strings.Contains(r.Stderr, tokens[0]) || strings.Contains(r.Stderr, fed.URL()) {
		t.Fatalf("stderr holds the URL or token: %q", r.Stderr)
	}
	if !strings.Contains(r.Stderr, "lasts as long as the role session, at most 1h") {
		t.Errorf("no notice for the chained role: %q", r.Stderr)
	}
	// The printed URL signs a browser in and lands on the CloudWatch logs.
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(lines[0])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := "https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#logsV2:log-groups"
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
		t.Fatalf("login: %d to %q, want %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if u, _ := url.Parse(lines[0]); u.Query().Get("SigninToken") != tokens[0] {
		t.Error("the printed URL does not carry the token issued")
	}
}

func TestConsoleBadServiceFailsBeforeAnyCall(t *testing.T) {
	sb, s := strictSandbox(t, "")
	fed := fakefed.New(t, s)
	sb.Env["ASSUME_FEDERATION_URL"] = fed.URL()
	mustFailCleanly(t, sb.run("console", "c", "--service", "s4"), `profile "c"`, `--service "s4"`, "s3, ec2, iam", "https://console.aws.amazon.com/ec2/home")
	mustFailCleanly(t, sb.run("console", "c", "--service", "https://console.aws.amazon.com.evil.example/"), `profile "c"`, "not on the aws console")
	if n := len(s.Requests()) + len(fed.Requests()); n != 0 {
		t.Fatalf("%d requests for input that is wrong before any call", n)
	}
}

func TestConsoleWithoutABrowserSaysUsePrint(t *testing.T) {
	sb, s := strictSandbox(t, "")
	fed := fakefed.New(t, s)
	sb.Env["ASSUME_FEDERATION_URL"] = fed.URL()
	// A terminal with no graphical session (ssh, a container).
	mustFailCleanly(t, sb.run("console", "c"), `profile "c"`, "no browser", "DISPLAY", "--print")
	// A desktop without xdg-open.
	sb.Env["DISPLAY"] = ":99"
	sb.Env["PATH"] = t.TempDir()
	mustFailCleanly(t, sb.run("console", "c"), `profile "c"`, `"xdg-open" not found`, "--browser", "--print")
	if n := len(s.Requests()) + len(fed.Requests()); n != 0 {
		t.Fatalf("%d requests although no browser could ever open the console", n)
	}
}
