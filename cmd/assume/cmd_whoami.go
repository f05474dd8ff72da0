package main

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

// whoamiOptions are `assume whoami [PROFILE]` after parsing.
type whoamiOptions struct {
	f        *factory
	Settings settings
	Profile  string // "": the credentials in this shell's environment
}

func newCmdWhoami(f *factory, runF func(context.Context, *whoamiOptions) error) *cobra.Command {
	opts := &whoamiOptions{f: f}
	cmd := &cobra.Command{
		Use:   "whoami [PROFILE]",
		Short: "Print the AWS identity (sts GetCallerIdentity) of a profile or of this shell",
		Long: `whoami calls sts GetCallerIdentity, which needs no permission, and prints the
answer as JSON. With PROFILE it uses that profile's credentials; without, the
credentials in this shell's environment (AWS_ACCESS_KEY_ID ...), as exported by
assume.`,
		Example: `  assume whoami prod-admin
  eval "$(assume -x prod-admin)" && assume whoami`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeProfiles(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if opts.Settings, opts.Profile, err = loadProfileSettings(cmd, f, args); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return whoamiRun(cmd.Context(), opts)
		},
	}
	addFlags(cmd.Flags(), resolveFlags, callFlags)
	return cmd
}

func whoamiRun(ctx context.Context, opts *whoamiOptions) error {
	id, err := whoami(ctx, opts)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(opts.f.IO.Out)
	enc.SetIndent("", "  ")
	return enc.Encode(id)
}

func whoami(ctx context.Context, opts *whoamiOptions) (assume.Identity, error) {
	f, s := opts.f, opts.Settings
	sess := f.session(s)
	var client assume.STS
	var caller creds.Credentials
	var endpoint, endpointFrom string
	if opts.Profile != "" {
		res, err := sess.Credentials(ctx, opts.Profile)
		if err != nil {
			return assume.Identity{}, err
		}
		client, caller, endpoint, endpointFrom = res.STS, res.Credentials, res.Plan.STSEndpoint, res.Plan.STSEndpointFrom
	} else {
		h := f.Host
		caller = creds.Credentials{AccessKeyID: h.Env("AWS_ACCESS_KEY_ID"), SecretAccessKey: h.Env("AWS_SECRET_ACCESS_KEY"), SessionToken: h.Env("AWS_SESSION_TOKEN")}
		if caller.AccessKeyID == "" || caller.SecretAccessKey == "" {
			return assume.Identity{}, errors.New("no PROFILE given and no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment: run `assume whoami PROFILE`")
		}
		region := firstNonEmpty(s.Region, profiles.EnvRegion(h.Env))
		endpoint, endpointFrom = profiles.EnvSTSEndpoint(h.Env)
		var err error
		if client, err = sess.STS(ctx, region, endpoint); err != nil {
			return assume.Identity{}, err
		}
	}
	cctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var call debuglog.Call
	start := f.Debug.Now()
	id, err := client.GetCallerIdentity(debuglog.WithCall(cctx, &call), caller)
	if f.Debug.On() {
		attempts, status, reqID := call.Snapshot()
		f.Debug.Printf("sts GetCallerIdentity as %s, endpoint %q: %d attempt(s), status %d, request id %q, %s, error: %v",
			caller, endpoint, attempts, status, reqID, f.Debug.Since(start), err)
	}
	if err != nil {
		return assume.Identity{}, assume.DescribeSTSError(err, "sts GetCallerIdentity", endpoint, endpointFrom)
	}
	return id, nil
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
