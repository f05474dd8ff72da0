package browser

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"
)

// settle is how long a started browser command may take to fail: an
// opener that cannot open (no display, no handler) exits at once, while
// a browser started directly keeps running.
const settle = 2 * time.Second

// Options say how Open finds and runs the browser.
type Options struct {
	// Command is an explicit command line (--browser); "": $BROWSER, else
	// the platform's opener.
	Command string
	// Getenv reads BROWSER, DISPLAY and WAYLAND_DISPLAY.
	Getenv func(string) string
	// Environ is the browser's environment; nil: this process's.
	Environ []string
}

// Open starts a browser on url: the first command that starts and does
// not fail within two seconds wins. Callers pass a URL that is fine on a
// command line (any process may read another's arguments) and print it
// too, in case no browser starts.
func Open(url string, o Options) error {
	cmds, missing := resolve(o.Command, o.Getenv)
	var errs []error
	if missing != nil {
		errs = append(errs, missing)
	}
	for _, c := range cmds {
		cmd, err := c.Start(url, o.Environ)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }() // reaps it even after we stop waiting
		select {
		case err := <-done:
			if err == nil {
				return nil
			}
			errs = append(errs, fmt.Errorf("%s: %w", filepath.Base(c.Path), err))
		case <-time.After(settle):
			return nil
		}
	}
	return errors.Join(errs...)
}
