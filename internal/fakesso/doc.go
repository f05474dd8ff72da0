// Package fakesso is an in-process fake of IAM Identity Center for tests:
// the SSO OIDC API (RegisterClient, StartDeviceAuthorization, CreateToken
// and the browser's /authorize page) and the access portal
// (GetRoleCredentials, ListAccounts, ListAccountRoles). It speaks the
// services' REST-JSON protocol, so aws-sdk-go-v2 and botocore parse its
// answers, and it enforces what the real services enforce: a fake that
// accepts everything proves nothing.
//
//	s := fakesso.New(t, fakesso.Options{StartURL: ..., Region: ..., Issuer: sts}) // sts: *fakests.Server
//	s.URL()                       // OIDC and portal endpoint: AWS_ENDPOINT_URL_SSO_OIDC and AWS_ENDPOINT_URL_SSO
//	s.RegionURL("eu-west-3")      // the same service as another region's endpoint (which has no instance)
//	s.AddAccount("111111111111", "prod", "AdministratorAccess", "ReadOnly")
//	s.SetAccessTokenTTL(2 * time.Second); s.SetSessionTTL(8 * time.Hour)
//	s.SetThrottle(10)             // every 10th portal call: 429 TooManyRequestsException
//	s.SetLatency(20 * time.Millisecond); s.SetPageSize(20)
//	s.SetDeviceInterval(time.Second); s.SlowDownNext(1); s.DenyNext()
//	s.RevokeSessions(); s.Advance(time.Hour)
//	s.Calls("CreateToken/refresh_token"); s.Requests()
//
// # Enforced
//
//   - RegisterClient: clientName, clientType "public"; grant types among
//     authorization_code, refresh_token and the device code grant; the
//     authorization code grant needs loopback http redirect URIs and the
//     instance's start URL as issuerUrl (another start URL, or a region
//     without the instance → 400 InvalidRequestException).
//   - /authorize (GET, for browsers): a registered client for the grant,
//     response_type=code, a redirect URI matching a registered one except
//     for the loopback port (RFC 8252), S256 with a 43-character challenge,
//     a state, scopes the client registered; then the signed-in user approves (or, after DenyNext,
//     refuses: error=access_denied) and the browser is redirected with a
//     code valid once for 10 minutes.
//   - StartDeviceAuthorization: a registered client and the instance's
//     start URL; codes approved by visiting verificationUriComplete (or
//     ApproveDevice); polling earlier than the interval → SlowDownException
//     and the interval grows by 5 s; pending → AuthorizationPendingException;
//     past expiresIn → ExpiredTokenException.
//   - CreateToken: the client's secret (else 401 InvalidClientException);
//     authorization_code: the code unused, unexpired, for this client and
//     redirect URI, and SHA-256 of the verifier equal to the challenge (a
//     wrong verifier → InvalidGrantException); refresh_token: the refresh
//     token current (they rotate: each use returns a new one and retires
//     the old, and a retired one → InvalidGrantException) and its session
//     alive. Refresh tokens are issued only to clients registered with the
//     sso:account:access scope (and, for the browser flow, the
//     refresh_token grant).
//   - Access tokens expire (SetAccessTokenTTL, never past the session's
//     end); the portal refuses an expired, unknown or revoked one with 401
//     UnauthorizedException.
//   - The portal: bearer token in x-amz-sso_bearer_token; an account or
//     role not assigned → 403 ForbiddenException; paginated lists honour
//     max_result (capped by SetPageSize) and next_token; throttling is
//     429 TooManyRequestsException. GetRoleCredentials mints, through the
//     Issuer (the fake STS), a session of the role
//     arn:aws:iam::ACCOUNT:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ROLE_<hex>
//     that the fake STS accepts as a signer.
package fakesso
