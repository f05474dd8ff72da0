// Package payload is the secret part of a cached session, as every
// keyring backend stores it: JSON holding the credential trio, its
// expiry, and the fingerprint of the key it was stored under. It stands
// alone so the front program can read an item without linking the cache.
package payload

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/assume-cli/assume/pkg/creds"
)

// payload repeats the fingerprint so an item copied or renamed under
// another key is recognised as foreign.
type payload struct {
	Version         int       `json:"v"`
	Fingerprint     string    `json:"fp"`
	AccessKeyID     string    `json:"AccessKeyId"`
	SecretAccessKey string    `json:"SecretAccessKey"`
	SessionToken    string    `json:"SessionToken"`
	Expiration      time.Time `json:"Expiration"`
}

// ErrForeign says an item does not belong to the name it was found under.
var ErrForeign = errors.New("item does not belong to its key")

// Encode is the stored form of c under fingerprint fp.
func Encode(fp string, c creds.Credentials) ([]byte, error) {
	return json.Marshal(payload{Version: 1, Fingerprint: fp, AccessKeyID: c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expires.UTC()})
}

// Decode reads data found under an item name holding fingerprint fp and
// expiry expires, and refuses anything that does not match them.
func Decode(data []byte, fp string, expires time.Time) (creds.Credentials, error) {
	var p payload
	if err := json.Unmarshal(data, &p); err != nil {
		return creds.Credentials{}, fmt.Errorf("decoding cached credentials: %w", err)
	}
	if p.Version != 1 || p.Fingerprint != fp || p.AccessKeyID == "" || p.SecretAccessKey == "" ||
		p.SessionToken == "" || p.Expiration.Unix() != expires.Unix() {
		return creds.Credentials{}, ErrForeign
	}
	return creds.Credentials{AccessKeyID: p.AccessKeyID, SecretAccessKey: p.SecretAccessKey,
		SessionToken: p.SessionToken, Expires: p.Expiration}, nil
}
