// Package fakests is an in-process fake of AWS STS for deterministic tests.
//
// It speaks the STS query protocol (form-encoded POST, Action=...,
// Version=2011-06-15, XML responses and ErrorResponse documents shaped like
// real STS, x-amzn-RequestId header) so that aws-sdk-go-v2 and botocore /
// the AWS CLI parse its answers, and it enforces the rules real STS
// enforces: a fake that accepts everything proves nothing. Point a client
// at it with AWS_ENDPOINT_URL_STS=s.URL() (any region is accepted).
//
// # API
//
//	s := fakests.New(t)                 // 127.0.0.1 httptest server, closed on t.Cleanup
//	s, err := fakests.Start()           // outside tests; defer s.Close()
//	s.URL()                             // "http://127.0.0.1:PORT"
//
//	akid, secret := s.AddUser("arn:aws:iam::111111111111:user/alice") // AKIA... long-term keys
//	s.AddMFADevice("arn:aws:iam::111111111111:mfa/alice", "123456", "654321") // each code accepted once
//	s.AddRole(fakests.Role{
//		ARN:                "arn:aws:iam::222222222222:role/admin",
//		Trust:              []string{"arn:aws:iam::111111111111:user/alice"}, // or role ARNs, ACCOUNT:root, bare account id
//		ExternalID:         "x",
//		RequireMFA:         true,
//		MaxSessionDuration: 12 * time.Hour, // 0 → 1h, like IAM
//	})
//	s.AddWebIdentityToken("eyJ...", "arn:aws:iam::222222222222:role/ci")
//	s.DenyFederationToken(userARN)      // the user's policy refuses sts:GetFederationToken
//	info, err := s.VerifySession(akid, secret, token) // for fakes of endpoints that take STS sessions
//	c := s.Issue(principalARN, temporary) // Credentials{AccessKeyID, SecretAccessKey, SessionToken, Expiration}
//
//	s.SetNow(func() time.Time { ... })  // injectable clock (default time.Now)
//	s.Advance(2 * time.Hour)            // move the clock forward
//	s.Now()                             // the server clock
//	s.SetDelay(time.Minute)             // every request hangs first (ends early if the client goes away)
//	s.FailNext(2, 400, "Throttling", "Rate exceeded") // next 2 requests fail, before any other check
//	s.SetTokenLength(2600, 3000)        // session token length range (default 400-1000)
//	s.SetLifetimeScale(1.0 / 600)       // sessions last duration/600: an hour is 6 s
//
//	s.Calls("AssumeRole")               // requests received for an action (failed ones too)
//	s.RoleCalls(roleARN)                // AssumeRole* requests naming the role
//	s.Requests()                        // []Request in arrival order: Action, AccessKeyID, Region, Caller,
//	                                    // Principal, RoleARN, RoleSessionName, DurationSeconds,
//	                                    // ExternalID, SerialNumber, TokenCode, SourceIdentity, Name, Policy,
//	                                    // Status, ErrorCode ("" on success), Time
//
// # Enforced
//
// SigV4 (AWS4-HMAC-SHA256, service "sts", terminator aws4_request): the
// signature is recomputed with the aws-sdk-go-v2 v4 signer over the
// received request (its signed headers and the SHA-256 of the body) and
// compared, so a wrong secret or any change after signing fails.
//   - no Authorization → 403 MissingAuthenticationToken
//   - unknown access key → 403 InvalidClientTokenId "The security token included in the request is invalid."
//   - wrong signature → 403 SignatureDoesNotMatch
//   - X-Amz-Date more than 15 minutes from the wall clock (not the
//     injectable clock: clients sign with the wall clock) → 403 SignatureDoesNotMatch "Signature expired: ..."
//   - ASIA keys without their own X-Amz-Security-Token, or AKIA keys with
//     one → 403 InvalidClientTokenId
//   - ASIA keys at or past Expiration (server clock) → 403 ExpiredToken
//     "The security token included in the request is expired"
//
// AssumeRole:
//   - parameters as in the STS API model (RoleArn 20-2048, RoleSessionName
//     required 2-64 [\w+=,.@-], ExternalId 2-1224 [\w+=,.@:/-],
//     DurationSeconds 900-43200 default 3600, SerialNumber 9-256, TokenCode
//     6 digits, SourceIdentity 2-64 [\w+=,.@-] (so never "aws:..."), Tags
//     and TransitiveTagKeys ≤ 50, PolicyArns ≤ 10, Policy ≤ 2048) → 400
//     ValidationError "N validation error(s) detected: Value 'x' at 'field'
//     failed to satisfy constraint: ...";
//   - a RoleArn that is not arn:PARTITION:iam::12DIGITS:role/PATH/NAME (name
//     1-64) → 400 ValidationError "Request ARN is invalid";
//   - SerialNumber without TokenCode or the reverse → 403 AccessDenied
//     "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.";
//   - a wrong, reused or unknown-device code → 403 AccessDenied
//     "MultiFactorAuthentication failed with invalid MFA one time pass code."
//     (a code is used up once checked, even if the call then fails);
//   - unknown role, untrusted caller, missing or wrong ExternalId, or
//     RequireMFA without a code on the call or an MFA-authenticated
//     GetSessionToken session → 403 AccessDenied "User: CALLER is not
//     authorized to perform: sts:AssumeRole on resource: ROLE" (CALLER is the
//     user ARN, or arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION). A role
//     session never counts as MFA-authenticated for the next hop;
//   - the caller's principal for trust is its user ARN (long-term keys and
//     GetSessionToken output) or its role ARN (role sessions);
//   - temporary caller (role session or GetSessionToken output) asking more
//     than 3600 s → 400 ValidationError "The requested DurationSeconds
//     exceeds the 1 hour session limit for roles assumed by role chaining.";
//   - more than the role's MaxSessionDuration → 400 ValidationError "The
//     requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
//   - SourceIdentity is inherited along a chain; asking a different one →
//     403 AccessDenied "User: CALLER is not authorized to perform:
//     sts:SetSourceIdentity on resource: ROLE".
//
// GetSessionToken: long-term user keys only (else 403 AccessDenied "Cannot
// call GetSessionToken with session credentials"); DurationSeconds
// 900-129600, default 43200; optional SerialNumber/TokenCode as above; the
// output acts as the user, is temporary (so AssumeRole with it is chained)
// and is MFA-authenticated when a code was given.
//
// GetFederationToken: long-term user keys only (else 403 AccessDenied
// "Cannot call GetFederationToken with session credentials": role sessions,
// GetSessionToken output with or without MFA, federation sessions); Name
// required 2-32 [\w+=,.@-]; DurationSeconds 900-129600, default 43200;
// Policy 1-2048 characters of [\t\n\r\x20-\xFF] and a JSON object with a
// Statement (else 400 MalformedPolicyDocument); PolicyArns ≤ 10, Tags ≤ 50; a
// user refused by DenyFederationToken → 403 AccessDenied "User: USER is not
// authorized to perform: sts:GetFederationToken on resource:
// arn:PARTITION:sts::ACCOUNT:federated-user/NAME". The output acts as that
// federated user, has no permissions without a session policy, and may call
// no STS action but GetCallerIdentity (AssumeRole → 403 AccessDenied).
//
// GetCallerIdentity: any valid caller; UserId, Account, Arn.
//
// Other fakes check credentials with VerifySession(akid, secret, token):
// SessionInfo (Kind role / session-token / federation, CallerARN, Account,
// Expiration, FromLongTermKeys for an AssumeRole signed with user keys, MFA,
// Permissions), or ErrNotIssued (unknown or tampered), ErrLongTermKeys,
// ErrExpired (server clock).
//
// AssumeRoleWithWebIdentity (unsigned): the token must have been registered
// for that role with AddWebIdentityToken (unknown token → 400
// InvalidIdentityToken; registered for another role → 403 AccessDenied "Not
// authorized to perform sts:AssumeRoleWithWebIdentity"); DurationSeconds
// 900-43200 and ≤ MaxSessionDuration (not chained).
//
// Other actions or versions → 400 InvalidAction.
package fakests
