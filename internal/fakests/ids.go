package fakests

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
)

const (
	idAlphabet     = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[randomInt(len(alphabet))]
	}
	return string(b)
}

func randomInt(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err)
	}
	return int(v.Int64())
}

// newID returns prefix plus 16 (AKIA/ASIA, 20 chars total) or 17 (AIDA/AROA) id chars.
func newID(prefix string) string {
	n := 16
	if prefix == "AIDA" || prefix == "AROA" {
		n = 17
	}
	return prefix + randomString(idAlphabet, n)
}

func newSecret() string { return randomString(secretAlphabet, 40) }

// newToken returns a base64 session token between min and max characters
// long that always contains '/', '+' and '=' padding, like real ones.
func newToken(min, max int) string {
	length := min + randomInt(max-min+1)
	raw := make([]byte, length)
	if _, err := rand.Read(raw); err != nil {
		panic(err)
	}
	body := base64.StdEncoding.EncodeToString(raw)
	body = strings.TrimRight(body, "=")
	const head = "IQoJb3JpZ2luX2VjE+/"
	tok := head + body
	if len(tok) > length-2 {
		tok = tok[:length-2]
	}
	return tok + "=="
}

func newRequestID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
