package filering

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"testing"

	joseaes "github.com/dvsekhvalnov/jose2go/aes"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 3394 §4 test vectors.
var kwVectors = []struct{ name, kek, key, wrapped string }{
	{"4.1 128-bit key, 128-bit KEK", "000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF", "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"},
	{"4.2 128-bit key, 192-bit KEK", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF", "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"},
	{"4.3 128-bit key, 256-bit KEK", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"},
	{"4.4 192-bit key, 192-bit KEK", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF0001020304050607", "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2"},
	{"4.5 192-bit key, 256-bit KEK", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF0001020304050607", "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1"},
	{"4.6 256-bit key, 256-bit KEK", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F", "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F", "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"},
}

func TestKeyWrapRFC3394Vectors(t *testing.T) {
	for _, v := range kwVectors {
		t.Run(v.name, func(t *testing.T) {
			kek, key, want := unhex(t, v.kek), unhex(t, v.key), unhex(t, v.wrapped)
			got, err := kwWrap(kek, key)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("wrap = %X, %v; want %X", got, err, want)
			}
			back, err := kwUnwrap(kek, want)
			if err != nil || !bytes.Equal(back, key) {
				t.Fatalf("unwrap = %X, %v; want %X", back, err, key)
			}
		})
	}
}

// The file keyring's own case, a 256-bit CEK under a 128-bit KEK, is not in
// RFC 3394; RFC 7516 Appendix A.3 (A128KW wrapping a 32-byte CEK) has it.
func TestKeyWrap128KEK256KeyRFC7516(t *testing.T) {
	kek := []byte{25, 172, 32, 130, 225, 114, 26, 181, 138, 106, 254, 192, 95, 133, 74, 82}
	cek := []byte{4, 211, 31, 197, 84, 157, 252, 254, 11, 100, 157, 250, 63, 170, 106, 206,
		107, 124, 212, 45, 111, 107, 9, 219, 200, 177, 0, 240, 143, 156, 44, 207}
	want := []byte{232, 160, 123, 211, 183, 76, 245, 132, 200, 128, 123, 75, 190, 216, 22, 67,
		201, 138, 193, 186, 9, 91, 122, 31, 246, 90, 28, 139, 57, 3, 76, 124,
		193, 11, 98, 37, 173, 61, 104, 57}
	got, err := kwWrap(kek, cek)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("wrap = %v, %v; want %v", got, err, want)
	}
	back, err := kwUnwrap(kek, want)
	if err != nil || !bytes.Equal(back, cek) {
		t.Fatalf("unwrap = %v, %v", back, err)
	}
}

// Random 128-bit KEKs and 256-bit keys agree with jose2go's implementation.
func TestKeyWrapMatchesJose2go(t *testing.T) {
	for range 50 {
		kek, key := make([]byte, 16), make([]byte, 32)
		_, _ = rand.Read(kek)
		_, _ = rand.Read(key)
		ours, err := kwWrap(kek, key)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := joseaes.KeyWrap(key, kek)
		if err != nil || !bytes.Equal(ours, theirs) {
			t.Fatalf("wrap differs: %X vs %X (%v)", ours, theirs, err)
		}
	}
}

func TestKeyUnwrapRejects(t *testing.T) {
	v := kwVectors[5]
	kek, wrapped := unhex(t, v.kek), unhex(t, v.wrapped)
	for i := range wrapped {
		bad := bytes.Clone(wrapped)
		bad[i] ^= 1
		if _, err := kwUnwrap(kek, bad); !errors.Is(err, errKeyUnwrap) {
			t.Fatalf("flipped byte %d: %v", i, err)
		}
	}
	wrongKEK := bytes.Clone(kek)
	wrongKEK[0] ^= 0x80
	if _, err := kwUnwrap(wrongKEK, wrapped); !errors.Is(err, errKeyUnwrap) {
		t.Fatalf("wrong KEK: %v", err)
	}
	for _, n := range []int{0, 8, 16, 41} {
		if _, err := kwUnwrap(kek, make([]byte, n)); err == nil {
			t.Fatalf("%d bytes accepted", n)
		}
	}
	if _, err := kwWrap(kek, make([]byte, 12)); err == nil {
		t.Fatal("wrapped 12 bytes")
	}
}
