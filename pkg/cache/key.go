// Package cache keeps temporary AWS credentials in a keyring under the key
// its caller computes (pkg/assume, from the plan), with a cross-process
// lock so parallel callers make one STS call between them. It knows the
// storage rules, not what determines credentials.
package cache

// Kinds of cached credentials.
const (
	KindRole       = "role"        // sts:AssumeRole output
	KindMFASession = "mfa-session" // sts:GetSessionToken output with MFA
	KindSSORole    = "sso-role"    // IAM Identity Center GetRoleCredentials output
	// KindMFADevice keys only a lock: one MFA code asked for at a time per
	// device (pkg/assume), Profile holding the device's serial.
	KindMFADevice = "mfa-device"
)

// Key identifies one cacheable credential set. Fingerprint covers every input
// that determines the credentials (the caller decides which); Profile and
// Role are metadata for listing, kept out of the fingerprint so renaming a
// profile alone would still hit (it does not change what STS is asked).
type Key struct {
	Kind        string
	Fingerprint string // 32 hex digits
	Profile     string
	Role        string // role ARN, MFA serial for an MFA session, ACCOUNT/ROLE for an SSO role
}
