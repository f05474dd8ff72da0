// Package openurl starts the person's web browser on a URL the way the
// AWS CLI (Python's webbrowser) and other tools do: $BROWSER first, else
// the platform's opener. Callers pass a URL that is fine on a command
// line (any process may read another's arguments) and print it too, in
// case no browser starts.
package openurl

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// settle is how long a started browser command may take to fail: an
// opener that cannot open (no display, no handler) exits at once, while
// a browser started directly keeps running.
const settle = 2 * time.Second

// Options say where the browser command runs.
type Options struct {
	// Getenv reads BROWSER, DISPLAY and WAYLAND_DISPLAY.
	Getenv func(string) string
	// Environ is the browser's environment; nil: this process's.
	Environ []string
}

// Open starts a browser on url. $BROWSER is a list of commands separated
// by the path list separator; in each, "%s" stands for the URL, which is
// appended when there is none. The first command that starts and does
// not fail within two seconds wins. Without $BROWSER: xdg-open (only with
// a graphical session: on a text console it would start a text browser
// on a terminal that is not its own), open on macOS, rundll32's URL
// handler on Windows.
func Open(url string, o Options) error {
	getenv := o.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	cmds, err := commands(url, getenv)
	if err != nil {
		return err
	}
	var errs []error
	for _, argv := range cmds {
		err := start(argv, o.Environ)
		if err == nil {
			return nil
		}
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// commands lists the command lines to try, in order.
func commands(url string, getenv func(string) string) ([][]string, error) {
	if b := getenv("BROWSER"); strings.TrimSpace(b) != "" {
		var out [][]string
		for _, entry := range strings.Split(b, string(filepath.ListSeparator)) {
			argv := splitCommand(entry)
			if len(argv) == 0 {
				continue
			}
			replaced := false
			for i, a := range argv {
				if strings.Contains(a, "%s") {
					argv[i], replaced = strings.ReplaceAll(a, "%s", url), true
				}
			}
			if !replaced {
				argv = append(argv, url)
			}
			out = append(out, argv)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	switch runtime.GOOS {
	case "windows":
		return [][]string{{"rundll32", "url.dll,FileProtocolHandler", url}}, nil
	case "darwin":
		return [][]string{{"open", url}}, nil
	}
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return nil, errors.New("no graphical session (DISPLAY and WAYLAND_DISPLAY are unset) and no $BROWSER")
	}
	return [][]string{{"xdg-open", url}}, nil
}

// start runs argv detached from our streams and waits up to settle for
// it to fail.
func start(argv []string, env []string) error {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", argv[0], err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }() // reaps it even after we stop waiting
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w", argv[0], err)
		}
		return nil
	case <-time.After(settle):
		return nil
	}
}

// splitCommand splits a command line at blanks, honouring single and
// double quotes and backslashes (the simple cases of shlex, which Python
// applies to $BROWSER).
func splitCommand(s string) []string {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
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
