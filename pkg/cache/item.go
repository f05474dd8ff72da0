package cache

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// Item names carry the non-secret metadata, so listing and pruning never
// decrypt: assume.v1.KIND.FINGERPRINT.EXPIRY.PROFILE.ROLE, with EXPIRY in
// Unix seconds and PROFILE/ROLE in unpadded base64url. Every part is made of
// [A-Za-z0-9_-], which every backend (file names, pass paths, keyctl
// descriptions, Credential Manager targets) accepts as is.
const itemPrefix = "assume.v1."

// itemName is the parsed form of an item name.
type itemName struct {
	Key
	Expires time.Time
}

func (n itemName) String() string {
	enc := base64.RawURLEncoding
	return itemPrefix + n.Kind + "." + n.Fingerprint + "." + strconv.FormatInt(n.Expires.Unix(), 10) + "." +
		enc.EncodeToString([]byte(n.Profile)) + "." + enc.EncodeToString([]byte(n.Role))
}

// parseItemName reads a name written by String; ok is false for anything
// else (other tools' items, older formats), which the cache leaves alone.
func parseItemName(s string) (itemName, bool) {
	rest, ok := strings.CutPrefix(s, itemPrefix)
	if !ok {
		return itemName{}, false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 5 || !knownKind(parts[0]) || len(parts[1]) != 32 {
		return itemName{}, false
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil {
		return itemName{}, false
	}
	profile, err1 := base64.RawURLEncoding.DecodeString(parts[3])
	role, err2 := base64.RawURLEncoding.DecodeString(parts[4])
	if err1 != nil || err2 != nil {
		return itemName{}, false
	}
	return itemName{Key: Key{Kind: parts[0], Fingerprint: parts[1], Profile: string(profile), Role: string(role)}, Expires: time.Unix(exp, 0)}, true
}

func knownKind(k string) bool { return k == KindRole || k == KindMFASession || k == KindSSORole }

// payload is the secret part of an item. It repeats the fingerprint so an
// item copied or renamed under another key is recognised as foreign.
type payload struct {
	Version         int       `json:"v"`
	Fingerprint     string    `json:"fp"`
	AccessKeyID     string    `json:"AccessKeyId"`
	SecretAccessKey string    `json:"SecretAccessKey"`
	SessionToken    string    `json:"SessionToken"`
	Expiration      time.Time `json:"Expiration"`
}

func encodePayload(fp string, c creds.Credentials) ([]byte, error) {
	return json.Marshal(payload{Version: 1, Fingerprint: fp, AccessKeyID: c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expires.UTC()})
}

var errForeignItem = errors.New("item does not belong to its key")

// decodePayload checks an item against the name it was found under.
func decodePayload(data []byte, n itemName) (creds.Credentials, error) {
	var p payload
	if err := json.Unmarshal(data, &p); err != nil {
		return creds.Credentials{}, fmt.Errorf("decoding cached credentials: %w", err)
	}
	if p.Version != 1 || p.Fingerprint != n.Fingerprint || p.AccessKeyID == "" || p.SecretAccessKey == "" ||
		p.SessionToken == "" || p.Expiration.Unix() != n.Expires.Unix() {
		return creds.Credentials{}, errForeignItem
	}
	return creds.Credentials{AccessKeyID: p.AccessKeyID, SecretAccessKey: p.SecretAccessKey,
		SessionToken: p.SessionToken, Expires: p.Expiration}, nil
}
