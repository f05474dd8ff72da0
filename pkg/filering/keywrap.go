package filering

import (
	"crypto/aes"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
)

// AES Key Wrap (RFC 3394, §2.2.1 index-based form), the "A128KW" half of
// PBES2-HS256+A128KW. The standard library has no key wrap; this is the
// whole algorithm, kept here so the file keyring needs only stdlib crypto.

// kwIV is the RFC 3394 §2.2.3.1 default initial value.
var kwIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

var errKeyUnwrap = errors.New("aes key unwrap: integrity check failed")

// kwWrap wraps key (a multiple of 8 bytes, at least 16) under kek.
func kwWrap(kek, key []byte) ([]byte, error) {
	if len(key) < 16 || len(key)%8 != 0 {
		return nil, fmt.Errorf("aes key wrap: key data of %d bytes is not n*8 bytes with n >= 2", len(key))
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("aes key wrap: %w", err)
	}
	n := len(key) / 8
	out := make([]byte, 8+len(key)) // A || R[1..n]
	copy(out[:8], kwIV[:])
	copy(out[8:], key)
	var b [16]byte
	for j := range 6 {
		for i := 1; i <= n; i++ {
			copy(b[:8], out[:8])
			copy(b[8:], out[8*i:8*i+8])
			block.Encrypt(b[:], b[:])
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(out[:8], binary.BigEndian.Uint64(b[:8])^t)
			copy(out[8*i:8*i+8], b[8:])
		}
	}
	return out, nil
}

// kwUnwrap reverses kwWrap and checks the integrity value, so a wrong KEK
// (a wrong passphrase) is detected here rather than as a GCM failure.
func kwUnwrap(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped) < 24 || len(wrapped)%8 != 0 {
		return nil, fmt.Errorf("aes key unwrap: wrapped key of %d bytes is not (n+1)*8 bytes with n >= 2", len(wrapped))
	}
	block, err := aes.NewCipher(kek)
	if err != nil {
		return nil, fmt.Errorf("aes key unwrap: %w", err)
	}
	n := len(wrapped)/8 - 1
	buf := make([]byte, len(wrapped))
	copy(buf, wrapped)
	var b [16]byte
	for j := 5; j >= 0; j-- {
		for i := n; i >= 1; i-- {
			t := uint64(n*j + i)
			binary.BigEndian.PutUint64(b[:8], binary.BigEndian.Uint64(buf[:8])^t)
			copy(b[8:], buf[8*i:8*i+8])
			block.Decrypt(b[:], b[:])
			copy(buf[:8], b[:8])
			copy(buf[8*i:8*i+8], b[8:])
		}
	}
	if subtle.ConstantTimeCompare(buf[:8], kwIV[:]) != 1 {
		return nil, errKeyUnwrap
	}
	return buf[8:], nil
}
