package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/session"
)

// syncBuffer is stdout shared between a running command and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startServe runs `assume serve ARGS` in the world until the returned
// stop is called; it returns stdout once the command printed two lines.
func (w *world) startServe(args ...string) (stdout string, stop func() error) {
	w.t.Helper()
	f, _, errb := testFactory(w.env, false)
	out := &syncBuffer{}
	f.IO.Out = out
	f.NewSTS = func(ctx context.Context, o assume.ClientOptions) (assume.STS, error) {
		c, err := assume.NewSDKClient(ctx, o)
		return countingSTS{STS: c, calls: &w.calls}, err
	}
	f.OpenKeyring = func(session.KeyringConfig) (session.Keyring, session.BackendType, error) { return w.ring, "array", nil }
	root := newRootCmd(f)
	root.SetArgs(append([]string{"serve"}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	for deadline := time.Now().Add(30 * time.Second); strings.Count(out.String(), "\n") < 2; time.Sleep(5 * time.Millisecond) {
		select {
		case err := <-done:
			cancel()
			w.t.Fatalf("serve %q ended: %v\n%s", args, err, errb)
		default:
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("serve %q printed %q", args, out.String())
		}
	}
	return out.String(), func() error { cancel(); return <-done }
}

func getCredentials(t *testing.T, uri, token string) (int, map[string]string) {
	t.Helper()
	req, _ := http.NewRequest("GET", uri, nil)
	req.Header.Set("Authorization", token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]string
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	return resp.StatusCode, doc
}

func TestServePrintsTheTwoVariablesAndServesUntilCtrlC(t *testing.T) {
	w := newWorld(t)
	out, stop := w.startServe("deploy", "--format", "sh")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("serve printed %q, want exactly two export lines", out)
	}
	uri := exported(t, out, "AWS_CONTAINER_CREDENTIALS_FULL_URI")
	tokenFile := exported(t, out, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
	if !strings.HasPrefix(uri, "http://127.0.0.1:") || !strings.HasPrefix(tokenFile, filepath.Join(w.env["XDG_RUNTIME_DIR"], "assume", "server")) {
		t.Fatalf("uri %q, token file %q", uri, tokenFile)
	}
	token, err := os.ReadFile(tokenFile)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, string(token)) {
		t.Fatal("serve printed the token itself")
	}
	status, doc := getCredentials(t, uri, string(token))
	if status != 200 || !strings.HasPrefix(doc["AccessKeyId"], "ASIA") || doc["Token"] == "" || doc["Expiration"] == "" {
		t.Fatalf("GET: %d %v", status, doc)
	}
	if status, _ := getCredentials(t, uri, "not-the-token"); status != 401 {
		t.Errorf("a wrong token got %d", status)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve after Ctrl-C: %v", err)
	}
	if _, err := http.Get(uri); err == nil {
		t.Error("the port still answers after serve ended")
	}
	if _, err := os.Stat(filepath.Dir(tokenFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("token directory left behind: %v", err)
	}
	if w.calls.Load() != 2 {
		t.Errorf("AssumeRole calls: %d, want one per hop", w.calls.Load())
	}
}

func TestServeWithAFixedPortKeepsTheTokenPath(t *testing.T) {
	w := newWorld(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var paths []string
	for i := 0; i < 2; i++ {
		out, stop := w.startServe("deploy", "--port", strconv.Itoa(port), "--format", "dotenv")
		if !strings.Contains(out, "AWS_CONTAINER_CREDENTIALS_FULL_URI='http://127.0.0.1:"+strconv.Itoa(port)+"/credentials'\n") {
			t.Fatalf("run %d printed %q", i, out)
		}
		paths = append(paths, strings.TrimSpace(strings.SplitN(out, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=", 2)[1]))
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
	want := filepath.Join(host.FromMap(w.env).ServerDir(), "port-"+strconv.Itoa(port), "token")
	if strings.Trim(paths[0], `"'`) != want || paths[0] != paths[1] {
		t.Errorf("token paths %q, want %s both times", paths, want)
	}
}

func TestServeRefusesBadInputBeforeAnyCall(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"serve", "--format", "json", "deploy"},
		{"serve", "--port", "70000", "deploy"},
		{"serve"},
		{"serve", "nosuch"},
		{"-x", "--server", "deploy"},
		{"--credential-process", "--server", "deploy"},
	} {
		out, _, err := w.run(args...)
		if err == nil || out != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: want a one-line error and nothing on stdout, got %q, %v", args, out, err)
		}
	}
	if len(w.sts.Requests()) != 0 {
		t.Errorf("bad input reached STS: %d requests", len(w.sts.Requests()))
	}
}

func TestMainServerRunsTheCommandBesideAServer(t *testing.T) {
	w := newWorld(t)
	w.env["AWS_ACCESS_KEY_ID"] = "AKIASTALE"
	w.env["AWS_PROFILE"] = "other"
	out, errb, err := w.run("deploy", "--server", "--region", "eu-west-1", "--", "sh", "-c",
		`printf 'uri=%s\nfile=%s\nkey=%s\nprofile=%s\nassume=%s\nregion=%s\n' "$AWS_CONTAINER_CREDENTIALS_FULL_URI" "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" "${AWS_ACCESS_KEY_ID-none}" "${AWS_PROFILE-none}" "$ASSUME_PROFILE" "$AWS_REGION"; test -s "$AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" && exit 3`)
	var exit *exitError
	if !errors.As(err, &exit) || exit.code != 3 {
		t.Fatalf("want the child's exit 3, got %v\n%s", err, errb)
	}
	for _, want := range []string{"uri=http://127.0.0.1:", "key=none\n", "profile=none\n", "assume=deploy\n", "region=eu-west-1\n", "file=" + host.FromMap(w.env).ServerDir()} {
		if !strings.Contains(out, want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
}

// The server setting serves commands and subshells; printed output (the
// hook, --export, credential_process) stays as it is.
func TestServerSettingLeavesPrintedCredentialsAlone(t *testing.T) {
	w := newWorld(t)
	w.env["ASSUME_SERVER"] = "1"
	out, _, err := w.run("--export", "deploy")
	if err != nil || !strings.HasPrefix(exported(t, out, "AWS_ACCESS_KEY_ID"), "ASIA") {
		t.Fatalf("--export with ASSUME_SERVER=1: %v\n%s", err, out)
	}
	if out, _, err = w.run("--credential-process", "deploy"); err != nil || !strings.Contains(out, `"Version":1`) {
		t.Fatalf("--credential-process with ASSUME_SERVER=1: %v\n%s", err, out)
	}
	out, _, err = w.run("deploy", "--", "sh", "-c", `printf '%s' "$AWS_CONTAINER_CREDENTIALS_FULL_URI"`)
	if err != nil || !strings.HasPrefix(out, "http://127.0.0.1:") {
		t.Fatalf("a command with ASSUME_SERVER=1 was not served: %v %q", err, out)
	}
}

func TestHookPassesAnExplicitServerThrough(t *testing.T) {
	w := newWorld(t)
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"deploy", "--server"}, "", "pass"}, // the binary opens a served subshell
		{[]string{"deploy", "--server=false"}, "", "eval"},
		{[]string{"deploy"}, "1", "eval"}, // the setting does not change this shell
	} {
		w.env["ASSUME_SERVER"] = tc.env
		out, _, err := w.run(append([]string{"__hook-mode"}, tc.args...)...)
		if err != nil || strings.TrimSpace(out) != tc.want {
			t.Errorf("__hook-mode %q (ASSUME_SERVER=%q): %q, %v; want %s", tc.args, tc.env, out, err, tc.want)
		}
	}
	// Told it serves the hook anyway, an explicit --server is one clear line.
	w.env["ASSUME_SERVER"] = ""
	w.env["ASSUME_SHELL_HOOK"] = "bash"
	out, _, err := w.run("deploy", "--server")
	if err == nil || out != "" || !strings.Contains(err.Error(), "-- COMMAND") {
		t.Errorf("--server under the hook: %q, %v", out, err)
	}
}
