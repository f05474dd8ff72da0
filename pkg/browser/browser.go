// Package browser chooses and starts the person's web browser, the way
// the AWS CLI (Python's webbrowser) and other tools do: an explicit
// command first (--browser), else $BROWSER, else the platform's opener
// (xdg-open with a graphical session, open on macOS, rundll32's URL
// handler on Windows). Console sign-in and SSO login both start browsers
// through it.
package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Command is one way to open a page: the resolved executable and its
// arguments, "%s" standing for the page.
type Command struct {
	From string // where it came from: --browser, $BROWSER, the platform
	Path string
	Args []string
}

// Argv is the command's arguments for page: "%s" replaced, or the page
// appended when no argument holds one.
func (c Command) Argv(page string) []string {
	out := make([]string, 0, len(c.Args)+1)
	substituted := false
	for _, a := range c.Args {
		if strings.Contains(a, "%s") {
			a, substituted = strings.ReplaceAll(a, "%s", page), true
		}
		out = append(out, a)
	}
	if !substituted {
		out = append(out, page)
	}
	return out
}

// Start starts the command on page, detached from this process's session
// (the browser outlives the run and its terminal), with environment env
// (nil: this process's).
func (c Command) Start(page string, env []string) (*exec.Cmd, error) {
	cmd := exec.Command(c.Path, c.Argv(page)...)
	cmd.Env = env
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", filepath.Base(c.Path), err)
	}
	return cmd, nil
}

// NoBrowserError says no command could be found to open a page.
type NoBrowserError struct {
	From    string   // --browser, $BROWSER, or the platform
	Missing []string // commands named but not found
	Reason  string   // why the platform has no opener
}

func (e *NoBrowserError) Error() string {
	if e.Reason != "" {
		return e.Reason
	}
	quoted := make([]string, len(e.Missing))
	for i, m := range e.Missing {
		quoted[i] = fmt.Sprintf("%q", m)
	}
	return fmt.Sprintf("%s command %s not found", e.From, strings.Join(quoted, ", "))
}

// Commands lists the commands to try, in order, each found on PATH:
// explicit (a command line, "" for none), else $BROWSER (a list separated
// by the path list separator), else the platform's opener.
func Commands(explicit string, getenv func(string) string) ([]Command, error) {
	found, missing := resolve(explicit, getenv)
	if len(found) == 0 {
		return nil, missing
	}
	return found, nil
}

// resolve is Commands, also reporting the commands named but not found.
func resolve(explicit string, getenv func(string) string) ([]Command, *NoBrowserError) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var lines []string
	from := "--browser"
	switch {
	case strings.TrimSpace(explicit) != "":
		lines = []string{explicit}
	case strings.TrimSpace(getenv("BROWSER")) != "":
		from = "$BROWSER"
		lines = strings.Split(getenv("BROWSER"), string(os.PathListSeparator))
	default:
		argv, err := platformOpener(getenv)
		if err != nil {
			return nil, &NoBrowserError{From: "the platform", Reason: err.Error()}
		}
		path, err := exec.LookPath(argv[0])
		if err != nil {
			return nil, &NoBrowserError{From: "the platform", Missing: argv[:1]}
		}
		return []Command{{From: "the platform", Path: path, Args: argv[1:]}}, nil
	}
	var found []Command
	missing := &NoBrowserError{From: from}
	for _, line := range lines {
		fields := splitCommand(line)
		if len(fields) == 0 {
			continue
		}
		path, err := exec.LookPath(fields[0])
		if err != nil {
			missing.Missing = append(missing.Missing, fields[0])
			continue
		}
		found = append(found, Command{From: from, Path: path, Args: fields[1:]})
	}
	switch {
	case len(found) == 0 && len(missing.Missing) == 0:
		missing.Reason = from + " names no command"
	case len(missing.Missing) == 0:
		missing = nil
	}
	return found, missing
}

// splitCommand splits a command line: the whole line when it names an
// existing file (C:\Program Files\...\browser.exe), else at blanks,
// honouring single and double quotes and backslashes (the simple cases of
// shlex, which Python applies to $BROWSER).
func splitCommand(s string) []string {
	s = strings.TrimSpace(s)
	if st, err := os.Stat(s); err == nil && !st.IsDir() {
		return []string{s}
	}
	var out []string
	var cur strings.Builder
	inWord, escaped := false, false
	var quote rune
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped, inWord = false, true
		case r == '\\' && quote != '\'':
			escaped = true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

var errNoDisplay = errors.New("no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)")
