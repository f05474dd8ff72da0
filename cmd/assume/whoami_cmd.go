package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/assume-cli/assume/pkg/assume"
	"github.com/assume-cli/assume/pkg/creds"
	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

func newWhoamiCmd(d *deps) *cobra.Command {
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
		ValidArgsFunction: completeProfiles(d),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := loadSettings(cmd, d)
			if err != nil {
				return err
			}
			profile, err := profileArg(s, args)
			if err != nil {
				return err
			}
			id, err := whoami(cmd.Context(), d, s, profile)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(d.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(id)
		},
	}
	addResolveFlags(cmd)
	fs := cmd.Flags()
	fs.String("mfa-token", "", "6-digit MFA code for the first hop that needs one")
	fs.String("timeout", defaultTimeout.String(), "deadline for each network call")
	return cmd
}

func whoami(ctx context.Context, d *deps, s settings, profile string) (assume.Identity, error) {
	var client *assume.SDKClient
	var caller creds.Credentials
	if profile != "" {
		res, err := obtain(ctx, d, s, profile)
		if err != nil {
			return assume.Identity{}, err
		}
		client, caller = res.STS, res.Credentials
	} else {
		caller = creds.Credentials{AccessKeyID: d.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: d.Getenv("AWS_SECRET_ACCESS_KEY"), SessionToken: d.Getenv("AWS_SESSION_TOKEN")}
		if caller.AccessKeyID == "" || caller.SecretAccessKey == "" {
			return assume.Identity{}, errors.New("no PROFILE given and no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment: run `assume whoami PROFILE`")
		}
		plan := &profiles.Plan{Region: firstNonEmpty(s.Region, d.Getenv("AWS_REGION"), d.Getenv("AWS_DEFAULT_REGION")), STSEndpoint: firstNonEmpty(d.Getenv("AWS_ENDPOINT_URL_STS"), d.Getenv("AWS_ENDPOINT_URL"))}
		var err error
		if client, err = d.NewSTS(ctx, plan); err != nil {
			return assume.Identity{}, err
		}
	}
	cctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	var call debuglog.Call
	start := d.Debug.Now()
	id, err := client.GetCallerIdentity(debuglog.WithCall(cctx, &call), caller)
	if d.Debug.On() {
		attempts, status, reqID := call.Snapshot()
		d.Debug.Printf("sts GetCallerIdentity as %s, endpoint %q: %d attempt(s), status %d, request id %q, %s, error: %v",
			caller, client.Endpoint(), attempts, status, reqID, d.Debug.Since(start), err)
	}
	if err != nil {
		return assume.Identity{}, fmt.Errorf("sts GetCallerIdentity: %w", err)
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
