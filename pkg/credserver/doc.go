// Package credserver is a container-credentials endpoint on loopback: the
// HTTP API every AWS SDK reads when AWS_CONTAINER_CREDENTIALS_FULL_URI is
// set, so a long-running child refreshes its credentials through assume
// instead of dying with ExpiredToken when a static set runs out.
//
// It knows nothing of profiles, sessions or commands: it is handed a
// Source that renews credentials, calls it one renewal at a time, and
// guards the answer with a 256-bit token (constant-time compare), a Host
// check against DNS rebinding, and refusals for anything it does not serve.
package credserver
