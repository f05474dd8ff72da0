package cache

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/99designs/keyring"

	"github.com/assume-cli/assume/pkg/creds"
)

// Long-term keys kept in the keyring instead of ~/.aws/credentials are items
// named assume.keys.PROFILE.ACCESSKEYID (PROFILE in unpadded base64url): the
// access key id is not secret, and naming it lets a plan know it, for the
// cache key, without decrypting anything.
const keysPrefix = "assume.keys."

func keysItemName(profile, accessKeyID string) string {
	return keysPrefix + base64.RawURLEncoding.EncodeToString([]byte(profile)) + "." + accessKeyID
}

func parseKeysItemName(s string) (profile, accessKeyID string, ok bool) {
	rest, ok := strings.CutPrefix(s, keysPrefix)
	if !ok {
		return "", "", false
	}
	enc, id, ok := strings.Cut(rest, ".")
	name, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || id == "" {
		return "", "", false
	}
	return string(name), id, true
}

type storedKeys struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
}

// StoredKeys maps each profile with keys in the keyring to its access key id.
func (s *Store) StoredKeys() (map[string]string, error) {
	names, err := s.keys()
	if err != nil {
		return nil, fmt.Errorf("listing the %s keyring: %w", s.backend, err)
	}
	out := map[string]string{}
	for _, n := range names {
		if profile, id, ok := parseKeysItemName(n); ok {
			out[profile] = id
		}
	}
	return out, nil
}

// PutKeys stores long-term keys for profile, replacing any it had.
func (s *Store) PutKeys(profile string, c creds.Credentials) error {
	if c.AccessKeyID == "" || c.SecretAccessKey == "" || c.Temporary() {
		return errors.New("keys must be a long-term access key id and secret access key (no session token)")
	}
	if strings.ContainsAny(c.AccessKeyID, "./ \t\n") {
		return fmt.Errorf("access key id %q is malformed", c.AccessKeyID)
	}
	// The name carries the whole profile name (a plan finds its keys by
	// it without decrypting): one too long for every backend is refused
	// here, not by a backend halfway through.
	if name := keysItemName(profile, c.AccessKeyID); len(name) > maxItemName {
		most := rawLen(maxItemName - len(keysPrefix) - len(".") - len(c.AccessKeyID))
		return fmt.Errorf("profile name %q is too long to keep its keys in the keyring (%d bytes, at most %d): use a shorter profile name, or keep the keys in ~/.aws/credentials", profile, len(profile), most)
	}
	data, err := json.Marshal(storedKeys{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey})
	if err != nil {
		return fmt.Errorf("encoding the keys: %w", err)
	}
	if _, err := s.RemoveKeys(profile); err != nil {
		return err
	}
	s.forget()
	if s.debug.On() {
		s.debug.Secret(c.SecretAccessKey)
		s.debug.Printf("keys: storing long-term key %s of profile %q in the %s keyring", c.AccessKeyID, profile, s.backend)
	}
	if err := s.ring.Set(keyring.Item{
		Key:         keysItemName(profile, c.AccessKeyID),
		Data:        data,
		Label:       fmt.Sprintf("assume long-term keys: %s (%s)", profile, c.AccessKeyID),
		Description: "AWS access key stored by assume keys add",
	}); err != nil {
		return fmt.Errorf("storing the keys in the %s keyring: %w", s.backend, err)
	}
	s.change("")
	return nil
}

// GetKeys reads the long-term keys of profile.
func (s *Store) GetKeys(profile, accessKeyID string) (creds.Credentials, error) {
	item, err := s.ring.Get(keysItemName(profile, accessKeyID))
	if err != nil {
		return creds.Credentials{}, fmt.Errorf("reading the keys of profile %q from the %s keyring: %w", profile, s.backend, err)
	}
	var k storedKeys
	if err := json.Unmarshal(item.Data, &k); err != nil || k.AccessKeyID != accessKeyID || k.SecretAccessKey == "" {
		return creds.Credentials{}, fmt.Errorf("the keys of profile %q in the %s keyring are unreadable: run `assume keys add %s` again", profile, s.backend, profile)
	}
	if s.debug.On() {
		s.debug.Secret(k.SecretAccessKey)
		s.debug.Printf("keys: read long-term key %s of profile %q from the %s keyring", k.AccessKeyID, profile, s.backend)
	}
	return creds.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}, nil
}

// RemoveKeys deletes the stored keys of profile; found reports whether any were.
func (s *Store) RemoveKeys(profile string) (found bool, err error) {
	names, err := s.ring.Keys()
	if err != nil {
		return false, fmt.Errorf("listing the %s keyring: %w", s.backend, err)
	}
	for _, n := range names {
		if p, _, ok := parseKeysItemName(n); ok && p == profile {
			s.forget()
			if err := s.ring.Remove(n); err != nil && !errors.Is(err, keyring.ErrKeyNotFound) {
				return found, fmt.Errorf("removing the keys of profile %q from the %s keyring: %w", profile, s.backend, err)
			}
			found = true
			s.change("")
		}
	}
	return found, nil
}
