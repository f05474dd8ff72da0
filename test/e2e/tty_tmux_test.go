//go:build !windows

package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tmuxTerm is a real terminal: a detached tmux session on a private
// socket, running an interactive bash in the sandbox, driven with
// send-keys and read with capture-pane.
type tmuxTerm struct {
	t    *testing.T
	tmux string
	sock string
}

func startTmux(t *testing.T, sb *sandbox) *tmuxTerm {
	t.Helper()
	tmux := requireTool(t, "tmux")
	// A short private directory: socket paths are limited to ~100 bytes.
	dir, err := os.MkdirTemp("", "tmx")
	if err != nil {
		t.Fatal(err)
	}
	tt := &tmuxTerm{t: t, tmux: tmux, sock: filepath.Join(dir, "s")}
	sb.Env["PATH"] = filepath.Dir(binary) + ":" + sb.Env["PATH"]
	sb.Env["TERM"] = "xterm-256color"
	sb.Env["HISTFILE"] = "/dev/null" // no shell writes into the home as it is removed
	// Interactive bash ignores PS1 from the environment; an rc file is
	// the only way to get a prompt the test can wait for.
	rc := filepath.Join(dir, "rc")
	if err := os.WriteFile(rc, []byte("PS1='$ '\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Kill the server, then wait for the shells it ran (and the
		// subshells assume started) before the sandbox is removed.
		pids, _ := exec.Command(tmux, "-S", tt.sock, "list-panes", "-a", "-F", "#{pane_pid}").Output()
		_ = exec.Command(tmux, "-S", tt.sock, "kill-server").Run()
		for _, f := range strings.Fields(string(pids)) {
			var pid int
			if _, err := fmt.Sscan(f, &pid); err != nil || pid <= 0 {
				continue
			}
			for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if syscall.Kill(pid, 0) != nil {
					break
				}
			}
		}
		os.RemoveAll(dir)
	})
	cmd := exec.Command(tmux, "-S", tt.sock, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
		"bash --noprofile --rcfile "+rc+" -i")
	cmd.Env = sb.environ()
	cmd.Dir = sb.Home
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	tt.waitFor("$ ")
	return tt
}

// send types text literally, then presses each key (tmux key names).
func (tt *tmuxTerm) send(text string, keys ...string) {
	tt.t.Helper()
	if text != "" {
		tt.tmuxCmd("send-keys", "-t", "t", "-l", text)
	}
	if len(keys) > 0 {
		tt.tmuxCmd(append([]string{"send-keys", "-t", "t"}, keys...)...)
	}
}

// line types a command and presses Enter.
func (tt *tmuxTerm) line(text string) { tt.t.Helper(); tt.send(text, "Enter") }

func (tt *tmuxTerm) screen() string {
	tt.t.Helper()
	return tt.tmuxCmd("capture-pane", "-p", "-J", "-t", "t", "-S", "-1000")
}

func (tt *tmuxTerm) tmuxCmd(args ...string) string {
	tt.t.Helper()
	out, err := exec.Command(tt.tmux, append([]string{"-S", tt.sock}, args...)...).CombinedOutput()
	if err != nil {
		tt.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// waitFor waits until the screen (with history) shows want count times in
// all, so a repeated marker waits for its newest appearance.
func (tt *tmuxTerm) waitForN(want string, count int) string {
	tt.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := tt.screen()
		if strings.Count(s, want) >= count {
			return s
		}
		if time.Now().After(deadline) {
			tt.t.Fatalf("timed out waiting for %q (x%d); screen:\n%s", want, count, s)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func (tt *tmuxTerm) waitFor(want string) string { tt.t.Helper(); return tt.waitForN(want, 1) }

// pickerFirst returns the highlighted (first) name of the picker drawn last.
func pickerFirst(t *testing.T, screen string) string {
	t.Helper()
	i := strings.LastIndex(screen, "assume> ")
	if i < 0 {
		t.Fatalf("no picker on screen:\n%s", screen)
	}
	lines := strings.Split(screen[i:], "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[1], "> ") {
		t.Fatalf("picker has no selected line:\n%s", screen[i:])
	}
	return strings.TrimSpace(strings.TrimPrefix(lines[1], "> "))
}

func TestTTYSubshellAndNesting(t *testing.T) {
	t.Parallel()
	sb, _ := strictSandbox(t, "")
	tt := startTmux(t, sb)
	tt.line("assume c")
	s := tt.waitFor("instead of a subshell, add `eval \"$(assume shell-init bash)\"` to ~/.bashrc")
	if strings.Count(s, "assume: ") > 3 { // the chaining notice, the start line, the hint
		t.Errorf("too much on stderr:\n%s", s)
	}
	tt.line(`printf 'in=<%s>\n' "$ASSUME_PROFILE"`)
	tt.waitFor("in=<c>")
	tt.line(`assume a; echo "rc=$?"`)
	s = tt.waitFor("rc=1")
	if !strings.Contains(s, `already in a subshell assume opened for "c": type `+"`exit`") {
		t.Fatalf("nested assume not refused clearly:\n%s", s)
	}
	tt.line("ASSUME_NEST=1 assume a")
	tt.waitForN("instead of a subshell", 2)
	tt.line(`printf 'nested=<%s>\n' "$ASSUME_PROFILE"`)
	tt.waitFor("nested=<a>")
	tt.line("exit")
	tt.line(`printf 'back=<%s>\n' "$ASSUME_PROFILE"`)
	tt.waitFor("back=<c>")
	tt.line("exit")
	tt.line(`printf 'out=<%s>\n' "${ASSUME_PROFILE-none}"`)
	tt.waitFor("out=<none>")
}

func TestTTYPickerWithSubshellAndHook(t *testing.T) {
	t.Parallel()
	var extra strings.Builder
	for _, p := range []string{"prod-admin", "prod-readonly", "staging-admin"} {
		fmt.Fprintf(&extra, "\n[profile %s]\nrole_arn = %s\nsource_profile = alice\nexternal_id = ext-a\n", p, roleA)
	}
	sb, _ := strictSandbox(t, extra.String())
	tt := startTmux(t, sb)

	// no hook: the picked profile's subshell
	tt.line("assume")
	tt.waitFor("assume> ")
	tt.send("stadm")
	tt.waitFor("1/8")
	tt.send("", "Enter")
	tt.waitFor("instead of a subshell")
	tt.line(`printf 'picked=<%s>\n' "$ASSUME_PROFILE"`)
	tt.waitFor("picked=<staging-admin>")
	tt.line("exit")

	// the last pick comes first; Ctrl-C leaves without a choice
	tt.line("assume")
	// (a picker erases itself on the way out: only the current one shows)
	if got := pickerFirst(t, tt.waitFor("assume> ")); got != "staging-admin" {
		t.Errorf("first in the picker after picking staging-admin: %q", got)
	}
	tt.send("", "C-c")
	tt.waitFor("no profile picked")

	// with the hook: the pick is applied to this shell
	tt.line(`eval "$(assume shell-init bash)"`)
	tt.line("assume")
	tt.waitFor("assume> ")
	tt.send("prod-r")
	tt.waitFor("1/8")
	tt.send("", "Enter")
	tt.line(`printf 'hooked=<%s> sub=<%s>\n' "$ASSUME_PROFILE" "${ASSUME_SUBSHELL-none}"`)
	tt.waitFor("hooked=<prod-readonly> sub=<none>")
	tt.line("assume")
	if got := pickerFirst(t, tt.waitFor("assume> ")); got != "prod-readonly" {
		t.Errorf("first in the picker after picking prod-readonly: %q", got)
	}
	tt.send("", "Escape")
	tt.line(`echo "rc=$?"`)
	tt.waitFor("rc=1")
}
