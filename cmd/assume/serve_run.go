package main

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"sync"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/credserver"
	"github.com/assume-cli/assume/pkg/render"
	"github.com/assume-cli/assume/pkg/session"
)

// serverMode says whether this run hands its child a credentials server:
// --server or the server setting, with a command or a subshell to serve.
// The setting alone changes nothing for output that is printed (the shell
// hook, --export, credential_process); --server given there is an error.
func serverMode(opts *mainOptions, subshell bool) (bool, error) {
	switch {
	case !opts.Settings.Server:
		return false, nil
	case opts.Dash || subshell:
		return true, nil
	case !opts.ServerFlag:
		return false, nil
	}
	return false, errors.New("--server hands the credentials to a command or subshell assume starts, and this run prints them: use `assume PROFILE --server -- COMMAND`, a subshell (at a terminal, without --export), or `assume serve PROFILE`")
}

// serverMargin is how long served credentials must still be valid:
// --refresh-margin, else the SDKs' refresh window (botocore refreshes
// container credentials 15 minutes before expiry, the Go SDK 5).
func serverMargin(s settings) time.Duration {
	if s.RefreshMargin > 0 {
		return s.RefreshMargin
	}
	return session.SDKMargin
}

// runningServer is a credentials server and its token file.
type runningServer struct {
	srv   *credserver.Server
	token *credserver.TokenFile
}

// startServer serves profile's credentials on 127.0.0.1:port (0: any
// free port), renewing them through sess, which it alone uses from now on.
// tokenName fixes the token file's directory ("": a fresh random one).
func startServer(f *factory, s settings, sess *session.Session, profile string, first creds.Credentials, port int, tokenName string) (*runningServer, error) {
	token, err := credserver.NewToken()
	if err != nil {
		return nil, err
	}
	f.Debug.Secret(token)
	l, err := credserver.Listen(port)
	if err != nil {
		return nil, fmt.Errorf("profile %q: credentials server: %w", profile, err)
	}
	// Only once the port is ours: a second server on a fixed port must
	// not replace the first one's token.
	tf, err := credserver.WriteTokenFile(f.Host.ServerDir(), tokenName, token)
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("profile %q: credentials server: %w", profile, err)
	}
	margin := serverMargin(s)
	srv := credserver.Start(l, credserver.Options{
		Token:   token,
		Source:  renewalSource(f, sess, profile),
		Initial: first,
		Margin:  margin,
		Now:     f.Host.Time,
		Debug:   f.Debug,
	})
	if f.Debug.On() {
		f.Debug.Printf("server: %s for profile %q, token file %s, serving credentials while more than %s remains", srv.URL(), profile, tf.Path, margin)
	}
	return &runningServer{srv: srv, token: tf}, nil
}

// renewalSource renews through the session. A failure is also said on
// stderr (once until it changes), since the SDK's message will not say why.
func renewalSource(f *factory, sess *session.Session, profile string) credserver.Source {
	var mu sync.Mutex
	last := ""
	return func(ctx context.Context) (creds.Credentials, error) {
		res, err := sess.Credentials(ctx, profile)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			if err.Error() != last {
				fmt.Fprintf(f.IO.ErrOut, "assume: credentials server: renewing profile %q: %v\n", profile, err)
			}
			last = err.Error()
			return creds.Credentials{}, err
		}
		last = ""
		return res.Credentials, nil
	}
}

// Close stops the server (the port closes) and removes the token file.
func (r *runningServer) Close() error {
	return errors.Join(r.srv.Close(), r.token.Remove())
}

// serveChild runs command, or a subshell when command is empty, with a
// credentials server in place of static keys, and returns its status.
func serveChild(f *factory, s settings, sess *session.Session, res *session.Result, profile string, command []string) error {
	subshell := len(command) == 0
	if subshell {
		shell := f.Host.Env("SHELL")
		if shell == "" {
			shell = "/bin/sh"
		}
		command = []string{shell}
	}
	path, err := exec.LookPath(command[0])
	if err != nil {
		return fmt.Errorf("cannot run %q: %w", command[0], err)
	}
	srv, err := startServer(f, s, sess, profile, res.Credentials, 0, "")
	if err != nil {
		return err
	}
	defer srv.Close()
	env := render.ServerExports(srv.srv.URL(), srv.token.Path, res.Plan.Region, profile)
	if subshell {
		env = render.SubshellEnv(env, f.Host.Env, profile)
		fmt.Fprintf(f.IO.ErrOut, "assume: starting %s with a credentials server for %s that renews them; exit the shell to stop it\n", command[0], profile)
	}
	childEnv := render.ExecEnv(f.Host.Environ(), env)
	if err := f.IO.Flush(); err != nil {
		return fmt.Errorf("writing to stdout: %w", err)
	}
	if f.Debug.On() {
		f.Debug.Printf("running %s (%d argument(s)) as a child, served by %s", path, len(command)-1, srv.srv.Addr())
		logEnv(f.Debug, "its", f.Host.Environ(), childEnv)
	}
	in, out, errOut := f.IO.ChildStreams()
	return runChild(in, out, errOut, path, command, childEnv)
}
