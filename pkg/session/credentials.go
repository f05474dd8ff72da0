package session

import (
	"context"
	"time"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Result is a profile's credentials with the plan that produced them and
// the STS client that can act with them.
type Result struct {
	Plan        *profiles.Plan
	Credentials creds.Credentials
	STS         assume.STS
	// Final is the cache key of the final credentials and Margin the
	// reuse margin they were held to.
	Final  cache.Key
	Margin time.Duration
}

// Credentials resolves name and runs its plan hop by hop through the cache.
func (s *Session) Credentials(ctx context.Context, name string) (*Result, error) {
	if s.opts.MFAToken != "" {
		// Checked before anything is read or called: bad input fails first.
		if err := assume.CheckCode(s.opts.MFAToken, "--mfa-token (or ASSUME_MFA_TOKEN)"); err != nil {
			return nil, err
		}
	}
	// The keyring holds the session cache and any keys from `assume keys
	// add`; with --no-cache it is opened for the keys only, quietly.
	plan, err := s.plan(name, !s.opts.NoCache)
	if err != nil {
		return nil, err
	}
	clientOpts := s.clientOptions(plan.Region, plan.STSEndpoint)
	client, err := s.newSTS(ctx, clientOpts)
	if err != nil {
		return nil, err
	}
	// Sources (web identity, container, process) use the SDK's own
	// providers, built from the same options as the STS client; SSO goes
	// through pkg/sso (sso.go).
	sources, err := s.sdkClient(ctx, clientOpts)
	if err != nil {
		return nil, err
	}
	store := s.Store(!s.opts.NoCache)
	// A code is accepted once: a session living through many renewals
	// (the credentials server) hands --mfa-token to the first call only.
	given := s.opts.MFAToken
	if s.mfaTokenUsed {
		given = ""
	}
	mfa := &assume.MFAChain{Given: given, Prompt: s.deps.PromptMFA, Debug: s.deps.Debug}
	defer func() { s.mfaTokenUsed = s.mfaTokenUsed || (given != "" && mfa.Given == "") }()
	a := &assume.Assumer{
		STS:          client,
		Margin:       s.margin(),
		Getenv:       s.deps.Host.Getenv,
		Sources:      assume.SourceFetcher{Client: sources, Getenv: s.deps.Host.Getenv, KeyringKeys: keyringKeys(store), SSO: s.ssoRoleCredentials(plan)},
		MFA:          mfa,
		Timeout:      s.opts.Timeout,
		Now:          s.deps.Host.Now,
		Notices:      s.deps.Stderr,
		Endpoint:     plan.STSEndpoint,
		EndpointFrom: plan.STSEndpointFrom,
		Debug:        s.deps.Debug,
	}
	if !s.opts.NoCache {
		a.Cache = asCache(store)
	}
	c, err := a.Run(ctx, plan)
	if err != nil {
		if c, err = s.afterSSOLogin(ctx, a, plan, err); err != nil {
			return nil, err
		}
	}
	final, margin := a.Final(plan)
	return &Result{Plan: plan, Credentials: c, STS: client, Final: final, Margin: margin}, nil
}
