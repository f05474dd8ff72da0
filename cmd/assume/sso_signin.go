package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/assume-cli/assume/pkg/browser"
	"github.com/assume-cli/assume/pkg/sso"
)

// signIn runs a sign-in, talking to the person on out: the browser flow,
// or the device flow with --no-browser (and always for a legacy
// session, as the AWS CLI does).
func signIn(ctx context.Context, f *factory, svc *sso.Service, noBrowser bool, browserCmd string, out io.Writer) (sso.Token, error) {
	target := svc.Session()
	if noBrowser || target.Legacy() {
		stop := func() {}
		defer func() { stop() }() // the redirect serves the browser until the sign-in ends
		return svc.LoginDevice(ctx, func(c sso.DeviceCode) {
			fmt.Fprintf(out, "assume: to sign in to %s, open\n\n  %s\n\nand confirm the code\n\n  %s\n\n(or open %s)\n", target, c.URL, c.Code, c.CompleteURL)
			if !noBrowser {
				local, stopRedirect, err := sso.ServeRedirect(c.CompleteURL)
				if err == nil {
					stop = stopRedirect
					f.openBrowser(local, browserCmd, out)
				}
			}
			fmt.Fprintf(out, "assume: waiting for the code to be confirmed (Ctrl-C to give up)...\n")
		})
	}
	return svc.LoginPKCE(ctx, func(p sso.BrowserPrompt) {
		fmt.Fprintf(out, "assume: opening your browser to sign in to %s; if it does not open, open this URL (or run again with --no-browser):\n\n  %s\n\n", target, p.AuthorizeURL)
		f.openBrowser(p.LocalURL, browserCmd, out)
		fmt.Fprintf(out, "assume: waiting for the browser (Ctrl-C to give up)...\n")
	})
}

// openBrowser starts the browser (command: the browser setting, "" for
// $BROWSER or the platform's) on a loopback URL (the sign-in URL itself
// stays off every command line), saying so when none starts.
func (f *factory) openBrowser(url, command string, out io.Writer) {
	if err := browser.Open(url, browser.Options{Command: command, Getenv: f.Host.Env, Environ: f.Host.Environ()}); err != nil {
		fmt.Fprintf(out, "assume: no browser started (%v): open the URL above yourself\n", oneLine(err.Error()))
	}
}

// offerSSOLogin is session.SSOLoginFunc for a run at a terminal: it asks,
// on the terminal, whether to sign in now, and does.
func (f *factory) offerSSOLogin(ctx context.Context, svc *sso.Service, why *sso.LoginRequiredError) (bool, error) {
	tty, err := f.IO.Console()
	if err != nil {
		return false, nil
	}
	defer tty.Close()
	fmt.Fprintf(tty, "assume: %s: %s.\nSign in now? [Y/n] ", why.Session, why.Reason)
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(tty).ReadString('\n')
		answer <- strings.ToLower(strings.TrimSpace(line))
	}()
	select {
	case <-ctx.Done():
		fmt.Fprintln(tty)
		return false, fmt.Errorf("%s: sign-in cancelled", why.Session)
	case a := <-answer:
		if a != "" && a != "y" && a != "yes" {
			return false, nil
		}
	}
	if _, err := signIn(ctx, f, svc, false, consoleSetting(nil, f, "browser"), tty); err != nil {
		return false, err
	}
	fmt.Fprintf(tty, "assume: signed in to %s\n", why.Session)
	return true, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
