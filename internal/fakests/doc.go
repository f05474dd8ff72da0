// Package fakests is an in-process fake of AWS STS for deterministic tests.
//
// It speaks the STS query protocol (form-encoded POST, Action=...,
// Version=2011-06-15, XML responses shaped like real STS) so that both
// aws-sdk-go-v2 and botocore / the AWS CLI parse its answers, and it
// enforces the rules real STS enforces: a fake that accepts everything
// proves nothing.
//
// # Enforced
//
//   - SigV4 (AWS4-HMAC-SHA256): the signature is recomputed with the
//     aws-sdk-go-v2 v4 signer over the received request (the signed headers
//     and the SHA-256 of the body) and compared. Unknown access key →
//     403 InvalidClientTokenId; wrong signature → 403 SignatureDoesNotMatch;
//     temporary (ASIA) keys need the X-Amz-Security-Token issued with them,
//     and long-term (AKIA) keys must not carry one → 403 InvalidClientTokenId;
//     temporary keys past their expiration (per the server clock) →
//     403 ExpiredToken. The X-Amz-Date must be within 15 minutes of the
//     wall clock (not the injectable clock: clients sign with the wall clock).
//   - AssumeRole parameters (RoleArn, RoleSessionName, ExternalId,
//     DurationSeconds, SerialNumber/TokenCode, SourceIdentity, Tags,
//     TransitiveTagKeys, Policy, PolicyArns) with ValidationError messages in
//     the real "1 validation error detected: ..." style.
//   - Role chaining: a caller with temporary credentials may not ask for more
//     than 3600 s; nobody may ask for more than the role's MaxSessionDuration.
//   - Trust: the caller's principal (user ARN, or role ARN for a role
//     session, or "arn:PARTITION:iam::ACCOUNT:root" / a bare account id for
//     any principal of that account) must be in Role.Trust; ExternalId must
//     match; RequireMFA needs a valid code on the call or an MFA-authenticated
//     caller session. MFA codes are single-use.
//   - SourceIdentity persists along a chain and cannot be changed.
//   - GetSessionToken only with long-term user keys; its output counts as
//     temporary (chained) and is MFA-authenticated if a code was given.
//   - AssumeRoleWithWebIdentity (unsigned) only with registered tokens.
//
// # API
//
//	s := fakests.New(t)                 // httptest server, closed on t.Cleanup
//	s, err := fakests.Start(); defer s.Close() // outside tests
//	s.URL()                             // endpoint for AWS_ENDPOINT_URL_STS / BaseEndpoint
//	akid, secret := s.AddUser("arn:aws:iam::111111111111:user/alice")
//	s.AddMFADevice("arn:aws:iam::111111111111:mfa/alice", "123456", "654321")
//	s.AddRole(fakests.Role{
//		ARN:                "arn:aws:iam::222222222222:role/admin",
//		Trust:              []string{"arn:aws:iam::111111111111:user/alice"},
//		ExternalID:         "x",
//		RequireMFA:         true,
//		MaxSessionDuration: 12 * time.Hour, // default 1h, like IAM
//	})
//	s.AddWebIdentityToken("eyJ...", "arn:aws:iam::222222222222:role/ci")
//	c := s.Issue("arn:aws:iam::222222222222:role/admin", true) // mint credentials
//
//	s.SetNow(func() time.Time { ... })  // injectable clock (default time.Now)
//	s.Advance(2 * time.Hour)            // move the clock forward
//	s.SetDelay(5 * time.Second)         // every request hangs this long first
//	s.FailNext(2, 400, "Throttling", "Rate exceeded") // inject errors
//
//	s.Calls("AssumeRole")               // requests received per action
//	s.RoleCalls(roleARN)                // AssumeRole* requests naming a role
//	s.Requests()                        // every request, in order, with outcome
//
// Injected failures (FailNext) and delays apply to every action and are
// counted by Calls and recorded by Requests like any other request.
package fakests
