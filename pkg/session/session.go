// Package session is one run's access to credentials: the settings that
// decide them, the AWS config files loaded once, the keyring store opened
// lazily, and Plan / Credentials for a profile. Every command that needs
// credentials goes through it, so the main path, whoami, the credentials
// server and console sign-in resolve and cache in exactly one way.
package session

import (
	"context"
	"io"
	"time"

	"github.com/assume-cli/assume/internal/host"
	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Options are the settings of one run that decide which credentials it
// gets and how they are obtained.
type Options struct {
	// Duration overrides duration_seconds of the final hop; 0: the config's.
	Duration time.Duration
	// Region wins over every other source of the region.
	Region string
	// MFAToken is a code given on the command line, used by the first hop
	// that needs one.
	MFAToken string
	// Timeout bounds each network call; 0: DefaultTimeout.
	Timeout time.Duration
	// RefreshMargin: cached credentials are reused only while more than
	// this remains; 0: DefaultMargin, or SDKMargin for an SDK consumer.
	RefreshMargin time.Duration
	// ForSDK says an AWS SDK consumes the credentials (credential_process).
	ForSDK bool
	// NoCache neither reads nor writes the session cache.
	NoCache bool
	// LockTimeout bounds the wait for another run fetching the same
	// session; 0: cache.DefaultLockTimeout.
	LockTimeout time.Duration
	// NoMFASession sends an MFA code per role session instead of one per
	// device per MFA session; MFASessionDuration is that session's length.
	NoMFASession       bool
	MFASessionDuration time.Duration
	Keyring            KeyringOptions
}

// KeyringOptions are the keyring.* settings.
type KeyringOptions struct {
	Backend string // "" or auto: probe and remember
	FileDir string // file backend directory; "": the XDG default
	// NoHotCache keeps no copy of cached sessions in the Linux session
	// keyring (keyring.hot-cache: false), and drops the copies there.
	NoHotCache bool
}

// Defaults.
const (
	DefaultTimeout = 30 * time.Second
	// DefaultMargin keeps a shell's credentials from expiring mid-command.
	DefaultMargin = 5 * time.Minute
	// SDKMargin: botocore calls credential_process again whenever fewer
	// than 15 minutes remain, so less would make every SDK call run assume.
	SDKMargin = 15 * time.Minute
)

// STSFactory builds the STS client for a plan's region and endpoint.
type STSFactory func(ctx context.Context, o assume.ClientOptions) (assume.STS, error)

// Deps are what a session needs from outside it, injected so tests use a
// fake STS, a fake keyring and no terminal.
type Deps struct {
	Host host.Host
	// Stderr receives warnings and notices for people.
	Stderr io.Writer
	// NewSTS builds STS clients; nil: the AWS SDK client.
	NewSTS STSFactory
	// PromptMFA asks a person for a code; nil when nobody can be asked.
	PromptMFA func(ctx context.Context, req assume.MFARequest) (string, error)
	// PromptSecret asks a person for the file keyring's passphrase without
	// echo; nil when nobody can be asked.
	PromptSecret func(prompt string) (string, error)
	// HasConsole says whether a person could be asked at all.
	HasConsole func() bool
	// SSOLogin offers a person to sign in to IAM Identity Center when a
	// run has no usable sign-in; nil: never offered.
	SSOLogin SSOLoginFunc
	// OpenKeyring replaces the OS keyring (tests); nil: the configured backend.
	OpenKeyring func(KeyringConfig) (Keyring, BackendType, error)
	Debug       *debuglog.Logger
	// OpenHot opens the hot tier (pkg/hottier on Linux; create: make it if
	// missing); nil: there is none.
	OpenHot func(create bool) (cache.Hot, error)
	// OnCacheChange hears every write to the cache (it retires the
	// front's memos); nil: nobody.
	OnCacheChange func()
}

// Session is one run's access to credentials. It is not safe for
// concurrent use; a run has one (the credentials server serialises its
// renewals into one long-lived session).
type Session struct {
	opts Options
	deps Deps

	cfg       *profiles.Config
	cfgErr    error
	cfgLoaded bool

	store       *cache.Store
	storeOpened bool

	mfaTokenUsed bool // Options.MFAToken was sent once already
	hotOn        bool // the store keeps hot copies
}

// New returns a session; nothing is read until it is asked for.
func New(opts Options, deps Deps) *Session {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if deps.Stderr == nil {
		deps.Stderr = io.Discard
	}
	return &Session{opts: opts, deps: deps}
}

// Options returns the settings the session was made with.
func (s *Session) Options() Options { return s.opts }

// Files are the AWS config files this session reads.
func (s *Session) Files() profiles.Files {
	return profiles.FilesFromEnv(s.deps.Host.Getenv, s.deps.Host.Home())
}

// Config loads the AWS config files once per run: only section headers are
// indexed, bodies are parsed when a profile needs them.
func (s *Session) Config() (*profiles.Config, error) {
	if !s.cfgLoaded {
		s.cfgLoaded = true
		s.cfg, s.cfgErr = profiles.Load(s.Files())
	}
	return s.cfg, s.cfgErr
}

// margin is how long returned credentials must stay valid for a cached
// set to be handed out.
func (s *Session) margin() time.Duration {
	switch {
	case s.opts.RefreshMargin > 0:
		return s.opts.RefreshMargin
	case s.opts.ForSDK:
		return SDKMargin
	}
	return DefaultMargin
}
