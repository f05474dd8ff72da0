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
}
