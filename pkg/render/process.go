package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/assume-cli/assume/pkg/creds"
)

// processOutput is the credential_process schema. Field order is the order
// printed; Version must be the JSON number 1.
type processOutput struct {
	Version         int    `json:"Version"`
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	SessionToken    string `json:"SessionToken,omitempty"`
	Expiration      string `json:"Expiration,omitempty"`
}

// CredentialProcess prints c as one newline-terminated credential_process
// JSON object. Temporary credentials must carry an expiry: without
// Expiration, SDKs cache them forever and fail with ExpiredToken later.
func CredentialProcess(w io.Writer, c creds.Credentials) error {
	if c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return errors.New("credential_process output needs both an access key id and a secret access key")
	}
	if c.Temporary() && !c.CanExpire() {
		return errors.New("temporary credentials have no expiry; credential_process consumers would never refresh them")
	}
	// encoding/json would silently replace invalid UTF-8 with U+FFFD.
	for name, s := range map[string]string{"AccessKeyId": c.AccessKeyID, "SecretAccessKey": c.SecretAccessKey, "SessionToken": c.SessionToken} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%s is not valid UTF-8", name)
		}
	}
	out := processOutput{
		Version:         1,
		AccessKeyID:     c.AccessKeyID,
		SecretAccessKey: c.SecretAccessKey,
		SessionToken:    c.SessionToken,
	}
	if c.CanExpire() {
		out.Expiration = expiration(c.Expires)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
