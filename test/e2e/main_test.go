// Package e2e runs the real assume binary against a fake STS and moto, with
// real consumers (bash, the aws CLI) reading what it prints.
package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/testenv"
)

// binary is the assume binary built once for all tests.
var binary string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "assume-e2e-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	// The pair as installed on Linux: every test runs the front, which
	// answers what it can and hands the rest to the full program.
	binary = filepath.Join(dir, "assume")
	for _, b := range []struct{ out, pkg string }{{"assume-full", "../../cmd/assume"}, {"assume", "../../cmd/assume-front"}} {
		build := exec.Command("go", "build", "-o", filepath.Join(dir, b.out), b.pkg)
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", b.out+":", err)
			return 1
		}
	}
	return m.Run()
}

// requireTool finds a program a test needs. On CI a missing tool fails the
// test: .ci/run must install it; a developer without it gets a skip.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	return testenv.Tool(t, name)
}

// startMoto starts moto's server on a free loopback port for the test.
func startMoto(t *testing.T) string {
	t.Helper()
	motoPath := requireTool(t, "moto_server")
	port := freePort(t)
	cmd := exec.Command(motoPath, "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting moto_server: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return url
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("moto_server did not start on %s within 30s", url)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
