package sso

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// pkce is one authorization's proof key (RFC 7636): the verifier stays in
// this process; the browser carries only its S256 challenge.
type pkce struct {
	verifier  string
	challenge string
}

// verifierChars are RFC 7636's unreserved characters.
const verifierChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

func newPKCE() (pkce, error) {
	v := make([]byte, 0, 64)
	buf := make([]byte, 64)
	for len(v) < 64 {
		if _, err := rand.Read(buf); err != nil {
			return pkce{}, fmt.Errorf("generating a PKCE verifier: %w", err)
		}
		for _, b := range buf {
			// 198 = 3·66: bytes above it would favour the first characters.
			if b < 198 && len(v) < 64 {
				v = append(v, verifierChars[int(b)%len(verifierChars)])
			}
		}
	}
	sum := sha256.Sum256(v)
	return pkce{verifier: string(v), challenge: base64.RawURLEncoding.EncodeToString(sum[:])}, nil
}

// randomState is the OAuth state parameter: it ties the redirect to this
// sign-in, so a forged callback is ignored.
func randomState() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating the OAuth state: %w", err)
	}
	return hex.EncodeToString(b), nil
}
