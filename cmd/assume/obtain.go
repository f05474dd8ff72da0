package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"time"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// obtained is what the main command and whoami work from.
type obtained struct {
	Plan        *profiles.Plan
	Credentials creds.Credentials
	STS         *assume.SDKClient
}

// resolvePlan reads only the sections the profile needs and validates the
// chain, with no network call. store, when not nil, supplies the profiles
// whose long-term keys live in the keyring.
func resolvePlan(d *deps, s settings, profile string, store *cache.Store) (*profiles.Plan, error) {
	var keyringKeys map[string]string
	if store != nil {
		keyringKeys, _ = store.StoredKeys() // unreadable: as if none were stored
	}
	files := profiles.FilesFromEnv(d.Getenv, d.homeDir())
	cfg, err := profiles.Load(files)
	if err != nil {
		return nil, err
	}
	plan, err := profiles.Resolve(cfg, profile, profiles.ResolveOptions{
		Duration:           s.Duration,
		Region:             s.Region,
		Getenv:             d.Getenv,
		DefaultSessionName: profiles.DefaultSessionName(userName(d), hostName()),
		KeyringKeys:        keyringKeys,
	})
	if err == nil && d.Debug.On() {
		logPlan(d, files, plan)
	}
	return plan, err
}

func obtain(ctx context.Context, d *deps, s settings, profile string) (*obtained, error) {
	if s.MFAToken != "" {
		if err := profiles.ValidateMFAToken(s.MFAToken); err != nil {
			return nil, fmt.Errorf("--mfa-token: %w", err)
		}
	}
	// The keyring holds the session cache and any keys from `assume keys
	// add`; with --no-cache it is opened for the keys only, quietly.
	store := openStore(d, s.Keyring, !s.NoCache)
	plan, err := resolvePlan(d, s, profile, store)
	if err != nil {
		return nil, err
	}
	client, err := d.NewSTS(ctx, plan)
	if err != nil {
		return nil, err
	}
	a := &assume.Assumer{
		STS:      client,
		Margin:   refreshMargin(s),
		Getenv:   d.Getenv,
		Sources:  assume.SourceFetcher{Client: client, Getenv: d.Getenv, KeyringKeys: keyringKeys(store)},
		MFA:      &assume.MFAChain{Given: s.MFAToken, Prompt: d.PromptMFA, Debug: d.Debug},
		Timeout:  s.Timeout,
		Now:      d.Now,
		Notices:  d.Stderr,
		Endpoint: plan.STSEndpoint,
		Debug:    d.Debug,
	}
	if !s.NoCache {
		a.Cache = storeAsCache(store)
	}
	c, err := a.Run(ctx, plan)
	if err != nil {
		return nil, err
	}
	return &obtained{Plan: plan, Credentials: c, STS: client}, nil
}

// refreshMargin is how long cached credentials must still be valid to be
// handed out: botocore calls credential_process again whenever fewer than
// 15 minutes remain, so less would make every SDK call run assume.
func refreshMargin(s settings) time.Duration {
	switch {
	case s.RefreshMargin > 0:
		return s.RefreshMargin
	case s.CredentialProcess:
		return 15 * time.Minute
	}
	return 5 * time.Minute
}

func userName(d *deps) string {
	if u := d.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

func hostName() string {
	h, _ := os.Hostname()
	return h
}
