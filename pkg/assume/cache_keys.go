package assume

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/assume-cli/assume/pkg/cache"
	"github.com/assume-cli/assume/pkg/profiles"
)

// The cache key of every step of a plan is decided here, where the plan is
// run: the cache stores under whatever key it is given. A fingerprint
// covers every input that determines the credentials (whose credentials
// sign the first call, then per hop the role, external id, session name,
// the duration asked and the one requested, MFA serial and source
// identity), and each hop's chains the one before it.
//
// Not the region: STS credentials do not depend on the region that issued
// them, so one MFA session and one role session serve every region, and a
// device's code is typed once whatever the region. What does change them
// is the partition (aws, aws-cn, aws-us-gov: separate identities) and an
// endpoint the user configured explicitly (a test double, a proxy, another
// STS); the SDK's default regional endpoints are all the same STS.
//
// Changing what goes in, or how, makes every session cached by an earlier
// assume a miss: cache_keys_test.go pins known values, and the version
// string below changes with the scheme.

// planKeys returns the key of the source session (zero Key when the source
// is not a session assume creates or caches) and of each hop, in plan order. getenv
// supplies the access key of an Environment source.
func planKeys(plan *profiles.Plan, getenv func(string) string) (source cache.Key, hops []cache.Key) {
	src := plan.Source
	partition := profiles.PartitionOfRegion(plan.Region)
	parent := fingerprint("source", sourceIdentity(src, getenv))
	switch {
	case src.MFASerial != "":
		source = cache.Key{
			Kind:        cache.KindMFASession,
			Fingerprint: fingerprint(cache.KindMFASession, parent, src.MFASerial, wholeSeconds(src.SessionDuration), partition, plan.STSEndpoint),
			Profile:     src.Profile,
			Role:        src.MFASerial,
		}
		parent = source.Fingerprint
	case src.Kind == profiles.SourceSSO:
		// GetRoleCredentials hands out a session, cached like a hop's. Its
		// key is the source identity (session, start URL, region, account,
		// role); the hops still chain from that identity, so this key moved
		// no key of an earlier assume.
		source = cache.Key{
			Kind:        cache.KindSSORole,
			Fingerprint: fingerprint(cache.KindSSORole, parent),
			Profile:     src.Profile,
			Role:        src.SSOAccountID + "/" + src.SSORoleName,
		}
	}
	hops = make([]cache.Key, len(plan.Hops))
	for i, h := range plan.Hops {
		hops[i] = cache.Key{
			Kind: cache.KindRole,
			Fingerprint: fingerprint(cache.KindRole, parent, h.RoleARN, h.ExternalID, h.RoleSessionName, wholeSeconds(h.Asked), wholeSeconds(h.Duration),
				h.MFASerial, h.SourceIdentity, partition, plan.STSEndpoint),
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
	write("assume-cache-v2")
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

func wholeSeconds(d time.Duration) string { return strconv.FormatInt(int64(d/time.Second), 10) }
