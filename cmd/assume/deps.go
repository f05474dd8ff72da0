package main

import (
	"context"
	"io"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

// deps are everything a command touches outside itself, injected so
// commands can be tested without a terminal, network or real home.
type deps struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// FlushStdout writes out buffered stdout; nil when it is unbuffered.
	FlushStdout func() error
	StdoutIsTTY func() bool
	Getenv      func(string) string
	Environ     func() []string
	Now         func() time.Time
	// NewSTS builds the STS client for a plan (region and endpoint).
	NewSTS func(ctx context.Context, plan *profiles.Plan) (*assume.SDKClient, error)
	// PromptMFA asks a person for a code; nil when there is no terminal.
	PromptMFA func(ctx context.Context, req assume.MFARequest) (string, error)
	// PromptSecret asks a person for a secret without echo.
	PromptSecret func(prompt string) (string, error)
	// Debug is the --debug log; nil (off) unless setupDebug turned it on.
	Debug *debuglog.Logger
}

func systemDeps() *deps {
	d := &deps{
		Stdin:        os.Stdin,
		Stdout:       os.Stdout,
		Stderr:       os.Stderr,
		StdoutIsTTY:  func() bool { return term.IsTerminal(int(os.Stdout.Fd())) },
		Getenv:       os.Getenv,
		Environ:      os.Environ,
		Now:          time.Now,
		PromptMFA:    assume.TTYPrompt,
		PromptSecret: ttyPromptSecret,
	}
	d.NewSTS = func(ctx context.Context, plan *profiles.Plan) (*assume.SDKClient, error) {
		opts := assume.ClientOptions{Region: plan.Region, Endpoint: plan.STSEndpoint}
		c, err := assume.NewSDKClient(ctx, opts)
		if err != nil || !d.Debug.On() {
			return c, err
		}
		opts.HTTPClient = debugHTTPClient(d, c.Config().HTTPClient)
		return assume.NewSDKClient(ctx, opts)
	}
	return d
}

func (d *deps) homeDir() string {
	if h := d.Getenv("HOME"); h != "" {
		return h
	}
	h, _ := os.UserHomeDir()
	return h
}
