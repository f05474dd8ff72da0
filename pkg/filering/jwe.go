package filering

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// The file keyring's item format, byte-compatible with what
// 99designs/keyring v1.2.2 writes through jose2go v1.5.0: a compact JWE
//
//	b64(header) . b64(wrapped CEK) . b64(iv) . b64(ciphertext) . b64(tag)
//
// with alg PBES2-HS256+A128KW (RFC 7518 §4.8) and enc A256GCM. It is
// reimplemented only because jose2go's PBKDF2 allocates on each of its 8192
// iterations, which doubles the cost of every cache hit; the KDF, the
// iteration count and the ciphers are unchanged, so files stay readable by
// both implementations.

const (
	jweAlg = "PBES2-HS256+A128KW"
	jweEnc = "A256GCM"

	// jweP2C is the iteration count jose2go writes; we write the same so
	// reads cost the same whichever implementation wrote the item.
	jweP2C = 8192
	// Files are only as trusted as the directory: a count far outside what
	// any writer uses must not make a read spin for minutes (or be weak).
	jweMinP2C = 1000
	jweMaxP2C = 1_000_000

	jweSaltLen = 12 // p2s bytes jose2go writes; RFC 7518 requires >= 8
	jweKEKLen  = 16 // A128KW
	jweCEKLen  = 32 // A256GCM
	jweIVLen   = 12
	jweTagLen  = 16
)

// errDecrypt is what a wrong passphrase looks like: AES key unwrap's
// integrity check fails. A tampered file fails the same way or at GCM.
var errDecrypt = errors.New("cannot decrypt the keyring item: wrong passphrase, or the file was modified")

var b64 = base64.RawURLEncoding.Strict()

// jweHeader is the protected header. Fields are in the order jose2go's
// json.Marshal of a map emits them (sorted), so our headers look like theirs.
type jweHeader struct {
	Alg     string `json:"alg"`
	Created string `json:"created,omitempty"`
	Enc     string `json:"enc"`
	P2C     int    `json:"p2c"`
	P2S     string `json:"p2s"`
}

// jweHeaderIn is the header as read: p2c as a JSON number of any form, and
// the members we refuse to honour.
type jweHeaderIn struct {
	Alg  string
	Enc  string
	P2C  *float64
	P2S  *string
	Zip  *string
	Crit json.RawMessage
}

// decodeJWEHeader decodes the members we read, matching their names
// exactly as jose2go (a map lookup) does: encoding/json would also take
// "Alg" or "ALG" for alg, a header 99designs neither writes nor reads.
func decodeJWEHeader(hdr []byte) (jweHeaderIn, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(hdr, &m); err != nil {
		return jweHeaderIn{}, err
	}
	var h jweHeaderIn
	for _, f := range [...]struct {
		name string
		dst  any
	}{{"alg", &h.Alg}, {"enc", &h.Enc}, {"p2c", &h.P2C}, {"p2s", &h.P2S}, {"zip", &h.Zip}, {"crit", &h.Crit}} {
		if raw, ok := m[f.name]; ok {
			if err := json.Unmarshal(raw, f.dst); err != nil {
				return jweHeaderIn{}, fmt.Errorf("%s: %w", f.name, err)
			}
		}
	}
	return h, nil
}

// pbes2Salt is UTF8(alg) || 0x00 || salt input (RFC 7518 §4.8.1.1).
func pbes2Salt(saltInput []byte) []byte {
	s := make([]byte, 0, len(jweAlg)+1+len(saltInput))
	s = append(s, jweAlg...)
	s = append(s, 0)
	return append(s, saltInput...)
}

func pbes2KEK(passphrase string, saltInput []byte, iter int) ([]byte, error) {
	kek, err := pbkdf2.Key(sha256.New, passphrase, pbes2Salt(saltInput), iter, jweKEKLen)
	if err != nil {
		return nil, fmt.Errorf("derive the keyring key: %w", err)
	}
	return kek, nil
}

func newGCM(cek []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("gcm: %w", err)
	}
	return gcm, nil
}

// jweSeal encrypts plaintext under passphrase. created is the informational
// header 99designs adds.
func jweSeal(passphrase string, plaintext []byte, created string) ([]byte, error) {
	return jweSealIter(passphrase, plaintext, created, jweP2C)
}

// jweSealIter is jweSeal with another iteration count, for tests.
func jweSealIter(passphrase string, plaintext []byte, created string, iter int) ([]byte, error) {
	var salt [jweSaltLen]byte
	var cek [jweCEKLen]byte
	var iv [jweIVLen]byte
	for _, b := range [][]byte{salt[:], cek[:], iv[:]} {
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("random: %w", err)
		}
	}
	kek, err := pbes2KEK(passphrase, salt[:], iter)
	if err != nil {
		return nil, err
	}
	wrapped, err := kwWrap(kek, cek[:])
	if err != nil {
		return nil, err
	}
	hdr, err := json.Marshal(jweHeader{Alg: jweAlg, Created: created, Enc: jweEnc, P2C: iter, P2S: b64.EncodeToString(salt[:])})
	if err != nil {
		return nil, fmt.Errorf("encode the item header: %w", err)
	}
	gcm, err := newGCM(cek[:])
	if err != nil {
		return nil, err
	}
	protected := b64.EncodeToString(hdr)
	sealed := gcm.Seal(nil, iv[:], plaintext, []byte(protected)) // ciphertext || tag
	ct, tag := sealed[:len(sealed)-jweTagLen], sealed[len(sealed)-jweTagLen:]

	var out bytes.Buffer
	out.WriteString(protected)
	for _, p := range [][]byte{wrapped, iv[:], ct, tag} {
		out.WriteByte('.')
		out.WriteString(b64.EncodeToString(p))
	}
	return out.Bytes(), nil
}

// jweOpen checks and decrypts a token written by jweSeal or by jose2go.
func jweOpen(passphrase string, tok []byte) ([]byte, error) {
	t, err := parseToken(tok)
	if err != nil {
		return nil, err
	}
	kek, err := pbes2KEK(passphrase, t.saltInput, t.iter)
	if err != nil {
		return nil, err
	}
	cek, err := kwUnwrap(kek, t.wrapped)
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", errDecrypt, err)
	}
	gcm, err := newGCM(cek)
	if err != nil {
		return nil, err
	}
	sealed := make([]byte, 0, len(t.ct)+len(t.tag))
	sealed = append(append(sealed, t.ct...), t.tag...)
	plain, err := gcm.Open(nil, t.iv, sealed, t.protected)
	if err != nil {
		return nil, fmt.Errorf("%w (%w)", errDecrypt, err)
	}
	return plain, nil
}

// token is a compact JWE split into its decoded parts, its header checked.
type token struct {
	// protected is the header exactly as it appears in the file, the AAD
	// (RFC 7516 §5.2 step 14); strict base64 makes that the canonical
	// encoding too.
	protected            []byte
	saltInput            []byte // PBES2 p2s
	iter                 int    // PBES2 p2c
	wrapped, iv, ct, tag []byte
}

// parseToken checks everything about a token that needs no key: five
// strict base64url parts, a header naming what 99designs writes, and the
// sizes of the wrapped key, IV and tag. A file is only as trusted as its
// directory, so this runs on attacker-written bytes, before any
// derivation is paid for.
func parseToken(tok []byte) (token, error) {
	// Go's base64 skips line breaks, even in strict mode, so with them the
	// encoding would not be canonical; 99designs never writes any.
	if bytes.ContainsAny(tok, "\r\n") {
		return token{}, errors.New("malformed keyring item: line break in the token")
	}
	parts := bytes.Split(tok, []byte{'.'})
	if len(parts) != 5 {
		return token{}, fmt.Errorf("malformed keyring item: %d parts, want 5", len(parts))
	}
	var raw [5][]byte
	for i, p := range parts {
		d, err := b64.DecodeString(string(p))
		if err != nil {
			return token{}, fmt.Errorf("malformed keyring item: part %d: %w", i+1, err)
		}
		raw[i] = d
	}
	t := token{protected: parts[0], wrapped: raw[1], iv: raw[2], ct: raw[3], tag: raw[4]}
	var err error
	if t.saltInput, t.iter, err = checkJWEHeader(raw[0]); err != nil {
		return token{}, err
	}
	if len(t.wrapped) != jweCEKLen+8 || len(t.iv) != jweIVLen || len(t.tag) != jweTagLen {
		return token{}, fmt.Errorf("malformed keyring item: key %d, iv %d, tag %d bytes", len(t.wrapped), len(t.iv), len(t.tag))
	}
	return t, nil
}

// checkJWEHeader accepts only what 99designs writes, returning the PBES2
// salt input and iteration count.
func checkJWEHeader(hdr []byte) ([]byte, int, error) {
	h, err := decodeJWEHeader(hdr)
	if err != nil {
		return nil, 0, fmt.Errorf("malformed keyring item header: %w", err)
	}
	if h.Alg != jweAlg || h.Enc != jweEnc {
		return nil, 0, fmt.Errorf("unsupported keyring item: alg %q enc %q, want %s and %s", h.Alg, h.Enc, jweAlg, jweEnc)
	}
	if h.Zip != nil || h.Crit != nil {
		return nil, 0, errors.New("unsupported keyring item: zip or crit header")
	}
	if h.P2C == nil || h.P2S == nil {
		return nil, 0, errors.New("malformed keyring item header: no p2c or p2s")
	}
	p2c := *h.P2C
	if p2c != math.Trunc(p2c) || p2c < jweMinP2C || p2c > jweMaxP2C {
		return nil, 0, fmt.Errorf("refusing keyring item: PBES2 iteration count %v outside [%d, %d]", p2c, jweMinP2C, jweMaxP2C)
	}
	salt, err := b64.DecodeString(*h.P2S)
	if err != nil {
		return nil, 0, fmt.Errorf("malformed keyring item header: p2s: %w", err)
	}
	if len(salt) < 8 {
		return nil, 0, fmt.Errorf("refusing keyring item: PBES2 salt of %d bytes, want at least 8", len(salt))
	}
	return salt, int(p2c), nil
}
