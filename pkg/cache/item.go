package cache

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/cache/payload"
	"github.com/assume-cli/assume/pkg/creds"
)

// Item names carry the non-secret metadata, so listing and pruning never
// decrypt:
//
//	assume.v2.KIND.FINGERPRINT.EXPIRY.TAG.PROFILE.ROLE
//
// EXPIRY is in Unix seconds, TAG identifies the whole profile name (the
// first 64 bits of its SHA-256, unpadded base64url), and PROFILE and ROLE
// are unpadded base64url of the profile name and the role ARN (or MFA
// serial), shortened when the name would be too long (see fitNames). Every
// part is made of [A-Za-z0-9_-], which every backend accepts as is.
//
// assume.v1 names (KIND.FINGERPRINT.EXPIRY.PROFILE.ROLE, in full) are
// still read, so sessions cached before are used and pruned as they
// expire; they are no longer written, as a long profile name and role
// ARN made them longer than a file name may be.
const (
	itemPrefix   = "assume.v2."
	itemPrefixV1 = "assume.v1."
)

// maxItemName bounds an item name so it fits every backend: a file name
// (255 bytes on every common file system) for the file backend (whose
// escaping leaves [A-Za-z0-9_.-] as it is) and pass (which adds ".gpg"),
// with room to spare for the ".partN" of a split Credential Manager item;
// keyctl descriptions (4,095 bytes) and Credential Manager targets
// (32,767 characters, after "assume:assume:") are far longer.
const maxItemName = 240

// tagLen is the length of TAG: 8 bytes in unpadded base64url.
const tagLen = 11

// itemName is the parsed form of an item name.
type itemName struct {
	Key     // Profile and Role as the name holds them (maybe shortened)
	Expires time.Time
	tag     string // identifies the whole profile name
	name    string // the item name itself
}

// profileTag identifies a profile name in item names, however long it is.
func profileTag(profile string) string {
	sum := sha256.Sum256([]byte(profile))
	return base64.RawURLEncoding.EncodeToString(sum[:8])
}

// newItemName names the item holding k's credentials until expires.
func newItemName(k Key, expires time.Time) itemName {
	head := itemPrefix + k.Kind + "." + k.Fingerprint + "." + strconv.FormatInt(expires.Unix(), 10) + "." + profileTag(k.Profile) + "."
	profile, role := fitNames(k.Profile, k.Role, maxItemName-len(head)-len("."))
	enc := base64.RawURLEncoding
	n := itemName{Key: k, Expires: expires, tag: profileTag(k.Profile)}
	n.Profile, n.Role = profile, role
	n.name = head + enc.EncodeToString([]byte(profile)) + "." + enc.EncodeToString([]byte(role))
	return n
}

// parseItemName reads a v2 or v1 name; ok is false for anything else
// (other tools' items, the stored keys), which the cache leaves alone.
func parseItemName(s string) (itemName, bool) {
	if rest, ok := strings.CutPrefix(s, itemPrefix); ok {
		parts := strings.Split(rest, ".")
		if len(parts) != 6 || len(parts[3]) != tagLen {
			return itemName{}, false
		}
		n, ok := parseParts(parts[0], parts[1], parts[2], parts[4], parts[5])
		n.tag, n.name = parts[3], s
		return n, ok
	}
	if rest, ok := strings.CutPrefix(s, itemPrefixV1); ok {
		parts := strings.Split(rest, ".")
		if len(parts) != 5 {
			return itemName{}, false
		}
		n, ok := parseParts(parts[0], parts[1], parts[2], parts[3], parts[4])
		n.tag, n.name = profileTag(n.Profile), s // v1 names hold the whole profile name
		return n, ok
	}
	return itemName{}, false
}

func parseParts(kind, fp, expiry, profile, role string) (itemName, bool) {
	if !knownKind(kind) || len(fp) != 32 {
		return itemName{}, false
	}
	exp, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil {
		return itemName{}, false
	}
	p, err1 := base64.RawURLEncoding.DecodeString(profile)
	r, err2 := base64.RawURLEncoding.DecodeString(role)
	if err1 != nil || err2 != nil {
		return itemName{}, false
	}
	return itemName{Key: Key{Kind: kind, Fingerprint: fp, Profile: string(p), Role: string(r)}, Expires: time.Unix(exp, 0)}, true
}

func knownKind(k string) bool { return k == KindRole || k == KindMFASession || k == KindSSORole }

func encodePayload(fp string, c creds.Credentials) ([]byte, error) { return payload.Encode(fp, c) }

// decodePayload checks an item against the name it was found under.
func decodePayload(data []byte, n itemName) (creds.Credentials, error) {
	return payload.Decode(data, n.Fingerprint, n.Expires)
}
