//go:build !windows

package browser

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// script writes a browser that records its arguments, one per line.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

func waitFor(t *testing.T, path string) string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(path); err == nil && strings.HasSuffix(string(b), "\n") {
			return string(b)
		}
	}
	t.Fatalf("%s never written", path)
	return ""
}

func TestBrowserListFallsThroughToAWorkingCommand(t *testing.T) {
	dir := t.TempDir()
	record := filepath.Join(dir, "argv")
	failing := script(t, dir, "broken", "exit 3")
	working := script(t, dir, "works", `for a in "$@"; do echo "$a"; done > `+record+`.tmp && mv `+record+`.tmp `+record)
	url := "http://127.0.0.1:1234/ with space&x=1"
	err := Open(url, Options{Getenv: env(map[string]string{"BROWSER": failing + ":" + working + " --new-tab '%s'"})})
	if err != nil {
		t.Fatal(err)
	}
	if got := waitFor(t, record); got != "--new-tab\n"+url+"\n" {
		t.Errorf("argv %q", got)
	}
}

func TestAllBrowsersFailingIsAnError(t *testing.T) {
	dir := t.TempDir()
	err := Open("http://x", Options{Getenv: env(map[string]string{"BROWSER": script(t, dir, "a", "exit 1") + ":/nonexistent/browser"})})
	if err == nil || !strings.Contains(err.Error(), "nonexistent") {
		t.Fatalf("err = %v", err)
	}
}

func TestNoDisplayNoBrowserIsAnErrorOnLinux(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is the opener on Linux")
	}
	if _, err := Commands("", env(nil)); err == nil || !strings.Contains(err.Error(), "DISPLAY") {
		t.Errorf("no display: %v", err)
	}
	bin := t.TempDir()
	script(t, bin, "xdg-open", "exit 0")
	t.Setenv("PATH", bin)
	cmds, err := Commands("", env(map[string]string{"WAYLAND_DISPLAY": "wayland-0"}))
	if err != nil || len(cmds) != 1 || filepath.Base(cmds[0].Path) != "xdg-open" || !reflect.DeepEqual(cmds[0].Argv("http://x"), []string{"http://x"}) {
		t.Errorf("with a display: %+v, %v", cmds, err)
	}
}

func TestSplitCommand(t *testing.T) {
	for in, want := range map[string][]string{
		`firefox`:                      {"firefox"},
		`  open -a "Google Chrome" %s`: {"open", "-a", "Google Chrome", "%s"},
		`sh -c 'echo $0' x\ y`:         {"sh", "-c", "echo $0", "x y"},
		"/bin/sh":                      {"/bin/sh"}, // an existing file is one word whatever it holds
		``:                             nil,
	} {
		if got := splitCommand(in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommand(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestABlankBrowserSettingIsAnError(t *testing.T) {
	if _, err := Commands("", env(map[string]string{"BROWSER": string(os.PathListSeparator)})); err == nil || !strings.Contains(err.Error(), "names no command") {
		t.Errorf("a $BROWSER of separators only: %v", err)
	}
}

func TestAMissingPlatformOpenerIsNamed(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is the opener on Linux")
	}
	t.Setenv("PATH", t.TempDir()) // no xdg-open anywhere
	if _, err := Commands("", env(map[string]string{"DISPLAY": ":0"})); err == nil || !strings.Contains(err.Error(), `"xdg-open" not found`) {
		t.Errorf("no xdg-open: %v", err)
	}
}
