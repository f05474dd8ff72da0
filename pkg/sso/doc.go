// Package sso signs a person in to IAM Identity Center as the AWS CLI v2
// does, keeps the sign-in where the AWS CLI v2 keeps it, renews it
// silently, and calls the access portal.
//
//   - Sign-in: the authorization code grant with PKCE on a loopback
//     redirect (LoginPKCE), or the device authorization grant (LoginDevice),
//     through the SSO OIDC API (RegisterClient, StartDeviceAuthorization,
//     CreateToken).
//   - The token cache: ~/.aws/sso/cache/<sha1 of the session name>.json in
//     the AWS CLI v2's format, the client registration beside it under the
//     CLI's key, files 0600 in a 0700 directory, so assume, the AWS CLI and
//     the SDKs share one sign-in.
//   - Renewal (Token): with a refresh token, the access token is renewed
//     before it expires (refresh tokens rotate), under a cross-process lock
//     so parallel runs renew once.
//   - The portal: GetRoleCredentials, and ListAccounts/ListAccountRoles
//     with bounded concurrency and backoff on throttling (Assignments).
//
// Errors are one line and say what to do; a sign-in only a person can
// repair is a *LoginRequiredError. AWS and network errors are rendered
// into the message rather than wrapped, so callers that format STS errors
// do not mistake them for STS's.
package sso
