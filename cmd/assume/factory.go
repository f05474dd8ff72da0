package main

import (
	"context"
	"fmt"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/internal/iostreams"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/session"
)

// factory is everything a command touches outside itself, injected so
// commands are tested without a terminal, network or real home: streams,
// environment and clock, STS and keyring. Commands get a session from it.
type factory struct {
	IO   *iostreams.IOStreams
	Host host.Host
	// NewSTS replaces the AWS SDK's STS client (tests); nil: the SDK.
	NewSTS session.STSFactory
	// OpenKeyring replaces the OS keyring (tests); nil: the configured one.
	OpenKeyring func(session.KeyringConfig) (session.Keyring, session.BackendType, error)
	// Debug is the --debug log; nil (off) unless setupDebug turned it on.
	Debug *debuglog.Logger
	// Secrets are every secret the run learnt, always on: the final error
	// line is masked with them.
	Secrets *debuglog.Secrets
	// BeforeExec runs just before assume replaces itself with a command
	// (it restores the core-dump limit assume lowered); nil: nothing.
	BeforeExec func()

	// Memo, when set, is what a memo of this run for the front would be
	// keyed on (memo.go); nil: no memo is written.
	Memo *memoRun

	config *configFile // config.yaml, read at most once per run
}

func systemFactory() *factory {
	return &factory{IO: iostreams.System(), Host: host.System(), Secrets: &debuglog.Secrets{}}
}

// session is the credentials session for one command's settings.
func (f *factory) session(s settings) *session.Session {
	return session.New(s.sessionOptions(), session.Deps{
		Host:          f.Host,
		Stderr:        f.IO.ErrOut,
		NewSTS:        f.NewSTS,
		PromptMFA:     f.promptMFA,
		PromptSecret:  f.promptSecret,
		HasConsole:    f.IO.HasConsole,
		SSOLogin:      f.offerSSOLogin,
		OpenKeyring:   f.OpenKeyring,
		Debug:         f.Debug,
		OpenHot:       openHot,
		OnCacheChange: f.cacheChanged,
	})
}

// promptMFA asks for a code on the terminal, never on stdout, which may be
// captured by eval or a credential_process consumer.
func (f *factory) promptMFA(ctx context.Context, req assume.MFARequest) (string, error) {
	tty, err := f.IO.Console()
	if err != nil {
		return "", assume.NoCodeError(req)
	}
	defer tty.Close()
	return assume.PromptOn(ctx, tty, tty, req)
}

// promptSecret reads a secret on the terminal without echo, so it works
// while stdout is captured by eval or an SDK.
func (f *factory) promptSecret(prompt string) (string, error) {
	tty, err := f.IO.Console()
	if err != nil {
		return "", fmt.Errorf("no terminal to ask for the passphrase on: set %s", session.PassphraseEnv)
	}
	defer tty.Close()
	p, err := tty.ReadSecret(prompt)
	if err != nil {
		return "", fmt.Errorf("reading the passphrase: %w", err)
	}
	f.Secrets.Add(p)
	return p, nil
}
