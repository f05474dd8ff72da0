// Package cache keeps temporary AWS credentials in the OS keyring, keyed by
// everything that determines them, with a cross-process lock so parallel
// callers make one STS call between them.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/assume-cli/assume/pkg/profiles"
)

// Kinds of cached credentials.
const (
	KindRole       = "role"        // sts:AssumeRole output
	KindMFASession = "mfa-session" // sts:GetSessionToken output with MFA
)

// Key identifies one cacheable credential set. Fingerprint covers every input
// that determines the credentials; Profile and Role are metadata for
// listing, kept out of the fingerprint so renaming a profile alone would
// still hit (it does not change what STS is asked).
type Key struct {
	Kind        string
	Fingerprint string // 32 hex digits
	Profile     string
	Role        string // role ARN, or MFA serial for an MFA session
}

// PlanKeys returns the key of the source session (zero Key when the source
// is not a session assume creates) and of each hop, in plan order. getenv
// supplies the access key of an Environment source.
func PlanKeys(plan *profiles.Plan, getenv func(string) string) (source Key, hops []Key) {
	src := plan.Source
	parent := fingerprint("source", sourceIdentity(src, getenv))
	if src.MFASerial != "" {
		source = Key{
			Kind:        KindMFASession,
			Fingerprint: fingerprint(KindMFASession, parent, src.MFASerial, seconds(src.SessionDuration), plan.Region, plan.STSEndpoint),
			Profile:     src.Profile,
			Role:        src.MFASerial,
		}
		parent = source.Fingerprint
	}
	hops = make([]Key, len(plan.Hops))
	for i, h := range plan.Hops {
		hops[i] = Key{
			Kind: KindRole,
			Fingerprint: fingerprint(KindRole, parent, h.RoleARN, h.ExternalID, h.RoleSessionName, seconds(h.Duration),
				h.MFASerial, h.SourceIdentity, plan.Region, plan.STSEndpoint),
			Profile: h.Profile,
			Role:    h.RoleARN,
		}
		parent = hops[i].Fingerprint
	}
	return source, hops
}

// sourceIdentity names whose credentials sign the first call. Secrets are
// not part of it: the access key id identifies long-term keys.
func sourceIdentity(s profiles.Source, getenv func(string) string) []string {
	switch s.Kind {
	case profiles.SourceStatic:
		return []string{string(s.Kind), s.AccessKeyID}
	case profiles.SourceEnvironment:
		id := ""
		if getenv != nil {
			id = getenv("AWS_ACCESS_KEY_ID")
		}
		return []string{string(s.Kind), id}
	case profiles.SourceProcess:
		return []string{string(s.Kind), s.CredentialProcess}
	case profiles.SourceSSO:
		return []string{string(s.Kind), s.SSOSession, s.SSOStartURL, s.SSORegion, s.SSOAccountID, s.SSORoleName}
	case profiles.SourceWebIdentity:
		return []string{string(s.Kind), s.WebIdentityTokenFile, s.RoleARN, s.RoleSessionName}
	}
	return []string{string(s.Kind)}
}

// fingerprint hashes length-prefixed fields, so no two field lists collide.
func fingerprint(kind string, fields ...any) string {
	h := sha256.New()
	write := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	write("assume-cache-v1")
	write(kind)
	for _, f := range fields {
		switch v := f.(type) {
		case string:
			write(v)
		case []string:
			write(strconv.Itoa(len(v)))
			for _, s := range v {
				write(s)
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func seconds(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }
