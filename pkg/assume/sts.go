package assume

import (
	"context"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// RoleRequest is one sts:AssumeRole call as the plan asks for it.
type RoleRequest struct {
	RoleARN         string
	RoleSessionName string
	ExternalID      string
	Duration        time.Duration
	SerialNumber    string
	TokenCode       string
	SourceIdentity  string
}

// SessionRequest is one sts:GetSessionToken call.
type SessionRequest struct {
	Duration     time.Duration
	SerialNumber string
	TokenCode    string
}

// FederationRequest is one sts:GetFederationToken call: the way long-term
// IAM user keys get a session the console accepts.
type FederationRequest struct {
	Name     string // the federated user's name, 2-32 of [\w+=,.@-]
	Policy   string // inline session policy; without one the session has no permissions
	Duration time.Duration
}

// Identity is what sts:GetCallerIdentity answers.
type Identity struct {
	Account string `json:"Account"`
	Arn     string `json:"Arn"`
	UserID  string `json:"UserId"`
}

// STS is the small surface of AWS STS that assume needs. Every call is signed
// with the caller credentials passed to it, so one client serves every hop.
type STS interface {
	AssumeRole(ctx context.Context, caller creds.Credentials, req RoleRequest) (creds.Credentials, error)
	GetSessionToken(ctx context.Context, caller creds.Credentials, req SessionRequest) (creds.Credentials, error)
	GetCallerIdentity(ctx context.Context, caller creds.Credentials) (Identity, error)
	GetFederationToken(ctx context.Context, caller creds.Credentials, req FederationRequest) (creds.Credentials, error)
}
