// Package assume executes a profiles.Plan: it obtains the source credentials,
// then calls STS once per hop, each call signed with the previous step's
// credentials.
package assume

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

// Cache stores credentials between runs; *cache.Store implements it.
type Cache interface {
	Get(k cache.Key, margin time.Duration) (creds.Credentials, bool)
	Put(k cache.Key, c creds.Credentials)
	Lock(ctx context.Context, k cache.Key) (unlock func(), err error)
}

// intermediateMargin is how long an intermediate session must still be
// valid to sign the next hop: it is used at once, so a minute is plenty.
const intermediateMargin = time.Minute

// Assumer runs plans. Its fields are the dependencies, injected so tests can
// use a fake STS, a fixed clock and scripted MFA codes.
type Assumer struct {
	STS     STS
	Sources interface {
		Fetch(ctx context.Context, src profiles.Source) (creds.Credentials, error)
	}
	MFA MFASource
	// Cache, when set, is consulted for every hop and the MFA session, with
	// a per-key lock around each fetch. nil: no caching.
	Cache Cache
	// Margin is how long returned credentials must stay valid for a cached
	// set to be reused (5 min for shells, 15 min for credential_process).
	Margin time.Duration
	// Getenv reads the environment (for an Environment source's identity).
	Getenv func(string) string
	// Timeout bounds each network call (not MFA prompts, which wait for a person).
	Timeout time.Duration
	Now     func() time.Time
	// Notices receives human remarks (duration caps decided at run time).
	Notices io.Writer
	// Endpoint names the STS endpoint in error messages, and EndpointFrom
	// the setting that configured it.
	Endpoint     string
	EndpointFrom string
	// Debug, when on, hears every step: source, STS calls, timings. It is
	// told each secret obtained so its redactor masks it.
	Debug *debuglog.Logger
}

// run is one execution of a plan.
type run struct {
	*Assumer
	plan      *profiles.Plan
	srcKey    cache.Key
	hopKeys   []cache.Key
	announced bool
}

// announce prints the plan's notices (e.g. a duration cut by the chaining
// cap) once, when something is actually fetched: a cache hit, which may run
// before every shell command, stays silent.
func (r *run) announce() {
	if r.announced {
		return
	}
	r.announced = true
	for _, n := range r.plan.Notices {
		fmt.Fprintf(r.notices(), "assume: %s\n", n)
	}
}

// Run executes plan and returns the final credentials. With a cache, it
// looks at the final hop first, so a hit touches neither STS nor the source.
func (a *Assumer) Run(ctx context.Context, plan *profiles.Plan) (creds.Credentials, error) {
	r := &run{Assumer: a, plan: plan}
	r.srcKey, r.hopKeys = planKeys(plan, a.Getenv)
	if a.Debug.On() {
		cached := "off"
		if a.Cache != nil {
			cached = "on"
		}
		a.Debug.Printf("run %s: %d hop(s), cache %s, reuse margin %s (final hop %s), timeout %s per call",
			plan.Profile, len(plan.Hops), cached, a.Margin, r.finalMargin(), a.Timeout)
	}
	cur, err := r.step(ctx, len(plan.Hops), r.finalMargin())
	if err != nil {
		return creds.Credentials{}, err
	}
	if cur.Expired(a.now()) {
		return creds.Credentials{}, fmt.Errorf("profile %q: the credentials obtained expired at %s, before they could be used (local clock %s): check the system clock",
			plan.Profile, cur.Expires.UTC().Format(time.RFC3339), a.now().UTC().Format(time.RFC3339))
	}
	return cur, nil
}

// Final is the cache key of plan's final credentials and the margin a
// cached set of them must clear, as Run uses them: a caller can tell
// which cached item answered (cache.Store.HitFor).
func (a *Assumer) Final(plan *profiles.Plan) (cache.Key, time.Duration) {
	r := &run{Assumer: a, plan: plan}
	r.srcKey, r.hopKeys = planKeys(plan, a.Getenv)
	if n := len(r.hopKeys); n > 0 {
		return r.hopKeys[n-1], r.finalMargin()
	}
	return r.srcKey, r.finalMargin()
}

// finalMargin caps the reuse margin at half the session length, so a short
// session is still reused instead of refetched on every call.
func (r *run) finalMargin() time.Duration {
	m := r.Margin
	if h := r.plan.Final(); h != nil && h.Duration > 0 && m > h.Duration/2 {
		m = h.Duration / 2
	}
	return m
}

// intermediateMargin is how long an intermediate session (a parent hop, an
// MFA session) must still be valid to sign the next call: a minute, or
// less when the final margin is smaller (a short --refresh-margin would
// otherwise make a short-lived MFA session unusable long before it ends).
func (r *run) intermediateMargin() time.Duration {
	return min(intermediateMargin, r.finalMargin())
}

// step returns the credentials after n hops (n = 0: the source).
func (r *run) step(ctx context.Context, n int, margin time.Duration) (creds.Credentials, error) {
	if n == 0 {
		return r.source(ctx, margin)
	}
	return r.cached(ctx, r.hopKeys[n-1], margin, func() (creds.Credentials, error) {
		caller, err := r.step(ctx, n-1, r.intermediateMargin())
		if err != nil {
			return creds.Credentials{}, err
		}
		return r.hop(ctx, r.plan, n-1, caller)
	})
}

// cached answers from the cache or fetches under the key's lock, checking
// the cache again once the lock is held: parallel callers wait for the first
// and reuse its result, so STS is called (and an MFA code spent) once.
func (r *run) cached(ctx context.Context, k cache.Key, margin time.Duration, fetch func() (creds.Credentials, error)) (creds.Credentials, error) {
	if r.Cache == nil || k.Fingerprint == "" {
		r.announce()
		return fetch()
	}
	if c, ok := r.Cache.Get(k, margin); ok {
		r.secret(ctx, c.SecretAccessKey, c.SessionToken)
		return c, nil
	}
	unlock, err := r.Cache.Lock(ctx, k)
	if err != nil {
		return creds.Credentials{}, err
	}
	defer unlock()
	if c, ok := r.Cache.Get(k, margin); ok {
		r.secret(ctx, c.SecretAccessKey, c.SessionToken)
		return c, nil
	}
	r.announce()
	c, err := fetch()
	if err != nil {
		return creds.Credentials{}, err
	}
	r.Cache.Put(k, c)
	return c, nil
}

func (r *run) source(ctx context.Context, margin time.Duration) (creds.Credentials, error) {
	src := r.plan.Source
	if src.MFASerial == "" {
		if r.srcKey.Fingerprint != "" {
			// A source that hands out sessions (SSO role credentials) is
			// cached, and fetched once among parallel callers, like a hop.
			return r.cached(ctx, r.srcKey, margin, func() (creds.Credentials, error) { return r.fetchSource(ctx, src) })
		}
		r.announce()
		return r.fetchSource(ctx, src)
	}
	// One MFA session (GetSessionToken) serves every role sharing the device.
	return r.cached(ctx, r.srcKey, margin, func() (creds.Credentials, error) {
		long, err := r.fetchSource(ctx, src)
		if err != nil {
			return creds.Credentials{}, err
		}
		unlock, err := r.lockDevice(ctx, src.MFASerial)
		if err != nil {
			return creds.Credentials{}, err
		}
		defer unlock()
		code, err := r.mfaCode(ctx, MFARequest{Profile: src.Profile, Serial: src.MFASerial, Process: src.MFAProcess})
		if err != nil {
			return creds.Credentials{}, err
		}
		cctx, cancel := r.callContext(ctx)
		defer cancel()
		what := fmt.Sprintf("profile %q: sts GetSessionToken with MFA %s", src.Profile, src.MFASerial)
		if r.plan.Profile != src.Profile {
			what = fmt.Sprintf("profile %q: the MFA session of source profile %q (sts GetSessionToken with MFA %s)", r.plan.Profile, src.Profile, src.MFASerial)
		}
		start := r.now()
		sess, err := r.stsCall(cctx, "GetSessionToken", src.MFASerial, src.SessionDuration, func(ctx context.Context) (creds.Credentials, error) {
			return r.STS.GetSessionToken(ctx, long, SessionRequest{Duration: src.SessionDuration, SerialNumber: src.MFASerial, TokenCode: code})
		})
		if err == nil {
			sess, err = r.received(ctx, sess, r.endpointName(), start, orDefault(src.SessionDuration, defaultSessionTokenDuration))
		}
		if err != nil {
			return creds.Credentials{}, r.describe(err, what)
		}
		return sess, nil
	})
}

func (a *Assumer) fetchSource(ctx context.Context, src profiles.Source) (creds.Credentials, error) {
	cctx, cancel := a.callContext(ctx)
	if src.Kind == profiles.SourceProcess {
		// credential_process has its own one-minute limit (as in the Go SDK)
		// because it may wait for a person, e.g. a browser login.
		cancel()
		cctx, cancel = context.WithCancel(ctx)
	}
	defer cancel()
	start := a.Debug.Now()
	c, err := a.Sources.Fetch(cctx, src)
	if err == nil {
		c, err = a.received(ctx, c, fmt.Sprintf("the %s source", src.Kind), a.now(), 0)
	}
	if a.Debug.On() {
		a.Debug.Printf("source %s of profile %q: %s in %s, error: %v", src.Kind, src.Profile, c, a.Debug.Since(start), err)
	}
	if err != nil {
		return creds.Credentials{}, a.describe(err, fmt.Sprintf("profile %q: getting %s source credentials", src.Profile, src.Kind))
	}
	return c, nil
}

func (a *Assumer) hop(ctx context.Context, plan *profiles.Plan, i int, caller creds.Credentials) (creds.Credentials, error) {
	h := plan.Hops[i]
	req := RoleRequest{
		RoleARN:         h.RoleARN,
		RoleSessionName: h.RoleSessionName,
		ExternalID:      h.ExternalID,
		Duration:        h.Duration,
		SerialNumber:    h.MFASerial,
		SourceIdentity:  h.SourceIdentity,
	}
	// A credential_process or environment source may turn out to hold
	// temporary credentials, which STS treats as chaining.
	if capped, why := profiles.CapDuration(req.Duration, caller.Temporary()); capped != req.Duration {
		fmt.Fprintf(a.notices(), "assume: profile %q: asked %s, requesting %s: %s\n", h.Profile, req.Duration, capped, why)
		req.Duration = capped
	}
	if h.MFASerial != "" {
		unlock, err := a.lockDevice(ctx, h.MFASerial)
		if err != nil {
			return creds.Credentials{}, err
		}
		defer unlock()
		code, err := a.mfaCode(ctx, MFARequest{Profile: h.Profile, Serial: h.MFASerial, Process: h.MFAProcess})
		if err != nil {
			return creds.Credentials{}, err
		}
		req.TokenCode = code
	}
	cctx, cancel := a.callContext(ctx)
	defer cancel()
	start := a.now()
	out, err := a.stsCall(cctx, "AssumeRole", h.RoleARN, req.Duration, func(ctx context.Context) (creds.Credentials, error) {
		return a.STS.AssumeRole(ctx, caller, req)
	})
	if err == nil {
		out, err = a.received(ctx, out, a.endpointName(), start, orDefault(req.Duration, defaultRoleDuration))
	}
	if err != nil {
		what := fmt.Sprintf("profile %q: hop %d/%d: sts AssumeRole %s", h.Profile, i+1, len(plan.Hops), h.RoleARN)
		return creds.Credentials{}, a.describe(err, what)
	}
	return out, nil
}

// stsCall makes one STS call and, with --debug, logs it: action, role (or
// MFA device), duration asked, endpoint, HTTP attempts, last status,
// request id, elapsed time and the credentials' safe String form.
func (a *Assumer) stsCall(ctx context.Context, action, target string, d time.Duration, call func(context.Context) (creds.Credentials, error)) (creds.Credentials, error) {
	if !a.Debug.On() {
		return call(ctx)
	}
	var rec debuglog.Call
	start := a.Debug.Now()
	c, err := call(debuglog.WithCall(ctx, &rec))
	a.Debug.Secret(c.SecretAccessKey, c.SessionToken)
	attempts, status, id := rec.Snapshot()
	outcome := c.String()
	if err != nil {
		outcome = "failed: " + err.Error()
	}
	a.Debug.Printf("sts %s %s for %s via %s: %d attempt(s), status %d, request id %q, %s: %s",
		action, target, d, a.endpointName(), attempts, status, id, a.Debug.Since(start).Round(10*time.Microsecond), outcome)
	return c, err
}

// lockDevice holds the MFA device's cross-process lock from asking for a
// code until STS has taken it. A TOTP code is accepted once: two callers
// asking for codes for different sessions on one device at once would get
// the same code, and one would be refused. The lock is taken after the
// session's own (cached holds it), never before, so the order is fixed.
func (a *Assumer) lockDevice(ctx context.Context, serial string) (func(), error) {
	if a.Cache == nil {
		return func() {}, nil
	}
	return a.Cache.Lock(ctx, cache.Key{Kind: cache.KindMFADevice, Fingerprint: fingerprint(cache.KindMFADevice, serial), Profile: serial, Role: serial})
}

func (a *Assumer) mfaCode(ctx context.Context, req MFARequest) (string, error) {
	if a.MFA == nil {
		return "", NoCodeError(req)
	}
	code, err := a.MFA.Code(ctx, req)
	a.secret(ctx, code)
	return code, err
}

func (a *Assumer) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.Timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, a.Timeout)
}

func (a *Assumer) now() time.Time {
	if a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

func (a *Assumer) notices() io.Writer {
	if a.Notices == nil {
		return io.Discard
	}
	return a.Notices
}
