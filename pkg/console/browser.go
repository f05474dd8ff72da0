package console

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/debuglog"
)

// DefaultBrowserWait is how long a browser gets to load the sign-in page.
const DefaultBrowserWait = 2 * time.Minute

// Browser opens the sign-in URL in a web browser without putting it on any
// command line, where every local user can read it (ps, /proc/PID/cmdline).
// The browser is handed a page (a 0600 file in a new 0700 directory) that
// forwards it through a one-time loopback address to the sign-in URL; the
// page is removed as soon as the browser has followed it.
type Browser struct {
	// Command is --browser: a command line, with %s standing for the page
	// to open (appended when absent). "": $BROWSER, else the platform's
	// opener (xdg-open, open, rundll32 url.dll,FileProtocolHandler).
	Command string
	// Getenv reads BROWSER and, on X11/Wayland systems, DISPLAY and
	// WAYLAND_DISPLAY.
	Getenv func(string) string
	// Dir holds the private directory for the page; "": the temp dir.
	Dir string
	// Wait bounds how long the browser may take to load the page.
	Wait  time.Duration
	Debug *debuglog.Logger
}

// opener is one command that can open a page.
type opener struct {
	from string   // where it came from: --browser, $BROWSER, the platform
	path string   // the resolved executable
	args []string // arguments, "%s" standing for the page
}

func (o opener) argv(page string) []string {
	out := make([]string, 0, len(o.args)+1)
	substituted := false
	for _, a := range o.args {
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

// useInstead ends every "nothing could open the page" error with the way
// out that always works.
const useInstead = "pass --browser CMD or set $BROWSER, or use --print to print the sign-in URL and open it yourself"

// Check reports, before any credentials are fetched, whether some browser
// command can be found at all.
func (b Browser) Check() error {
	_, err := b.openers()
	return err
}

func (b Browser) openers() ([]opener, error) {
	var lines []string
	from := "--browser"
	switch {
	case strings.TrimSpace(b.Command) != "":
		lines = []string{b.Command}
	case b.getenv("BROWSER") != "":
		from = "$BROWSER"
		lines = strings.Split(b.getenv("BROWSER"), string(os.PathListSeparator))
	default:
		argv, err := platformOpener(b.getenv)
		if err != nil {
			return nil, fmt.Errorf("no browser to open the console in: %v: %s", err, useInstead)
		}
		lines, from = []string{strings.Join(argv, " ")}, "the platform"
	}
	var found []opener
	var missing []string
	for _, line := range lines {
		fields := splitCommand(line)
		if len(fields) == 0 {
			continue
		}
		path, err := exec.LookPath(fields[0])
		if err != nil {
			missing = append(missing, fields[0])
			continue
		}
		found = append(found, opener{from: from, path: path, args: fields[1:]})
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("no browser to open the console in: %s command %s not found: %s", from, strings.Join(quoteAll(missing), ", "), useInstead)
	}
	return found, nil
}

// splitCommand splits a command line at spaces, unless the whole line is
// an existing file (C:\Program Files\...\browser.exe).
func splitCommand(line string) []string {
	line = strings.TrimSpace(line)
	if st, err := os.Stat(line); err == nil && !st.IsDir() {
		return []string{line}
	}
	return strings.Fields(line)
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = fmt.Sprintf("%q", v)
	}
	return out
}

func (b Browser) getenv(k string) string {
	if b.Getenv == nil {
		return ""
	}
	return b.Getenv(k)
}

// Open opens signinURL in the browser and returns once the browser has
// loaded it (the page is then gone), or fails with one line saying what
// to do instead.
func (b Browser) Open(ctx context.Context, signinURL string) error {
	openers, err := b.openers()
	if err != nil {
		return err
	}
	h, err := startHandoff(signinURL)
	if err != nil {
		return err
	}
	defer h.close()
	page, remove, err := writePage(b.Dir, h.url)
	if err != nil {
		return err
	}
	defer remove()
	wait := b.Wait
	if wait <= 0 {
		wait = DefaultBrowserWait
	}
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	var failures []string
	for _, o := range openers {
		argv := o.argv(page)
		cmd := exec.Command(o.path, argv...)
		detach(cmd) // the browser outlives this run and its terminal
		if b.Debug.On() {
			b.Debug.Printf("console: opening the sign-in page with %s (from %s), page %s", strings.Join(append([]string{o.path}, argv...), " "), o.from, page)
		}
		if err := cmd.Start(); err != nil {
			failures = append(failures, fmt.Sprintf("%s: %v", filepath.Base(o.path), err))
			continue
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case <-h.fetched:
			return nil
		case err := <-exited:
			if h.wasFetched() {
				return nil // it loaded the page, whatever it says
			}
			if err != nil {
				failures = append(failures, fmt.Sprintf("%s: %v", filepath.Base(o.path), err))
				continue
			}
			// An opener (xdg-open, open) hands the page on and exits: the
			// browser itself has yet to load it.
			select {
			case <-h.fetched:
				return nil
			case <-deadline.C:
				return b.timeout(o, wait)
			case <-ctx.Done():
				return ctx.Err()
			}
		case <-deadline.C:
			return b.timeout(o, wait)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errors.New("no browser could open the console: " + strings.Join(failures, "; ") + ": " + useInstead)
}

func (b Browser) timeout(o opener, wait time.Duration) error {
	return fmt.Errorf("the browser started with %s did not load the sign-in page within %s: %s", filepath.Base(o.path), wait, useInstead)
}
