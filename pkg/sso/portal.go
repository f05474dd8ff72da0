package sso

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	portalapi "github.com/aws/aws-sdk-go-v2/service/sso"

	"github.com/assume-cli/assume/pkg/creds"
)

// RoleCredentials calls the portal's GetRoleCredentials for a role of an
// account with the session's access token, renewed first if need be. A
// token the portal refuses (revoked, or clocks that disagree) is renewed
// once more before giving up.
func (s *Service) RoleCredentials(ctx context.Context, accountID, roleName string) (creds.Credentials, error) {
	tok, err := s.Token(ctx)
	if err != nil {
		return creds.Credentials{}, err
	}
	out, err := s.getRoleCredentials(ctx, tok, accountID, roleName)
	if apiCode(err) == "UnauthorizedException" {
		if tok, err = s.ForceRenew(ctx, tok); err != nil {
			return creds.Credentials{}, err
		}
		out, err = s.getRoleCredentials(ctx, tok, accountID, roleName)
		if apiCode(err) == "UnauthorizedException" {
			return creds.Credentials{}, &LoginRequiredError{Session: s.cfg.Session, Reason: "the portal refused the sign-in (" + describe(err) + ")"}
		}
	}
	if err != nil {
		return creds.Credentials{}, s.portalError(fmt.Sprintf("GetRoleCredentials for role %s in account %s", roleName, accountID), err)
	}
	rc := out.RoleCredentials
	if rc == nil || aws.ToString(rc.AccessKeyId) == "" || aws.ToString(rc.SecretAccessKey) == "" {
		return creds.Credentials{}, fmt.Errorf("%s: GetRoleCredentials returned no credentials", s.cfg.Session)
	}
	c := creds.Credentials{
		AccessKeyID:     aws.ToString(rc.AccessKeyId),
		SecretAccessKey: aws.ToString(rc.SecretAccessKey),
		SessionToken:    aws.ToString(rc.SessionToken),
		Expires:         time.UnixMilli(rc.Expiration).UTC(),
	}
	s.secret(c.SecretAccessKey, c.SessionToken)
	return c, nil
}

func (s *Service) getRoleCredentials(ctx context.Context, tok Token, accountID, roleName string) (*portalapi.GetRoleCredentialsOutput, error) {
	var out *portalapi.GetRoleCredentialsOutput
	err := s.portalCall(ctx, "GetRoleCredentials", func(ctx context.Context) error {
		var err error
		out, err = s.portal.GetRoleCredentials(ctx, &portalapi.GetRoleCredentialsInput{
			AccessToken: aws.String(tok.AccessToken),
			AccountId:   aws.String(accountID),
			RoleName:    aws.String(roleName),
		})
		return err
	})
	return out, err
}

// portalError renders a failed portal call with what to check.
func (s *Service) portalError(doing string, err error) error {
	sess := s.cfg.Session
	hint := ""
	switch apiCode(err) {
	case "ForbiddenException", "ResourceNotFoundException":
		hint = "; this sign-in may not use that role: check sso_account_id and sso_role_name, or list what it may use with `assume sso sync --dry-run`"
	case "TooManyRequestsException":
		hint = "; the portal kept throttling after retries: try again shortly"
	case "":
		if !errors.Is(err, context.Canceled) {
			hint = fmt.Sprintf("; check sso_region %s%s, the network and AWS_ENDPOINT_URL_SSO", sess.Region, sess.where())
		}
	}
	where := " in " + sess.Region
	if s.cfg.PortalEndpoint != "" {
		where = " at " + s.cfg.PortalEndpoint
	}
	return fmt.Errorf("%s: portal %s%s: %s%s", sess, doing, where, describe(err), hint)
}
