package console

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/browser"
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

// useInstead ends every "nothing could open the page" error with the way
// out that always works.
const useInstead = "pass --browser CMD or set $BROWSER, or use --print to print the sign-in URL and open it yourself"

// Check reports, before any credentials are fetched, whether some browser
// command can be found at all.
func (b Browser) Check() error {
	_, err := b.openers()
	return err
}

func (b Browser) openers() ([]browser.Command, error) {
	cmds, err := browser.Commands(b.Command, b.getenv)
	if err != nil {
		return nil, fmt.Errorf("no browser to open the console in: %v: %s", err, useInstead)
	}
	return cmds, nil
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
		if b.Debug.On() {
			b.Debug.Printf("console: opening the sign-in page with %s (from %s), page %s", strings.Join(append([]string{o.Path}, o.Argv(page)...), " "), o.From, page)
		}
		cmd, err := o.Start(page, nil)
		if err != nil {
			failures = append(failures, err.Error())
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
				failures = append(failures, fmt.Sprintf("%s: %v", filepath.Base(o.Path), err))
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

func (b Browser) timeout(o browser.Command, wait time.Duration) error {
	return fmt.Errorf("the browser started with %s did not load the sign-in page within %s: %s", filepath.Base(o.Path), wait, useInstead)
}
