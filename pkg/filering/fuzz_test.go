package filering

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	jose "github.com/dvsekhvalnov/jose2go"
)

// FuzzParseToken feeds arbitrary file contents to the part of a read that
// runs before any key derivation: the files are only as trusted as their
// directory. Beyond not panicking, what it accepts must be exactly what
// 99designs writes (five canonical parts, our algorithms, bounded p2c, a
// long enough salt, fixed-size key, IV and tag), and what it refuses must
// be refused in one line.
func FuzzParseToken(f *testing.F) {
	ours, err := jweSeal(jwePass, []byte(`{"Key":"a","Data":"eA=="}`), time.Now().String())
	if err != nil {
		f.Fatal(err)
	}
	theirs, err := jose.Encrypt(`{"Key":"b"}`, jose.PBES2_HS256_A128KW, jose.A256GCM, jwePass,
		jose.Headers(map[string]any{"created": time.Now().String()}))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ours)
	f.Add([]byte(theirs))
	rest := string(ours[bytes.IndexByte(ours, '.'):])
	for _, h := range []string{
		`{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":1e3,"p2s":"AAAAAAAAAAA"}`,
		`{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192.5,"p2s":"AAAAAAAAAAA"}`,
		`{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192,"p2s":"AAAAAAAAAAA","zip":"DEF"}`,
		`{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192,"p2s":"AAAAAAAAAAA","crit":null}`,
		`{"alg":"dir","enc":"A256GCM"}`,
		`{"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2c":8192,"p2s":"AAAA"}`,
		`{"alg":"PBES2-HS256+A128KW","alg":"none","enc":"A256GCM","p2c":8192,"p2s":"AAAAAAAAAAA"}`,
		`[]`,
	} {
		f.Add([]byte(b64.EncodeToString([]byte(h)) + rest))
	}
	f.Add([]byte("eyJhbGciOi.truncated"))
	f.Add([]byte(""))

	f.Fuzz(func(t *testing.T, tok []byte) {
		p, err := parseToken(tok)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		hdr, err := b64.DecodeString(string(p.protected))
		if err != nil {
			t.Fatalf("accepted a header that is not base64url: %v", err)
		}
		var h map[string]any
		if err := json.Unmarshal(hdr, &h); err != nil {
			t.Fatalf("accepted a header that is not a JSON object: %v", err)
		}
		if h["alg"] != jweAlg || h["enc"] != jweEnc || h["zip"] != nil || h["crit"] != nil {
			t.Fatalf("accepted header %s", hdr)
		}
		if p.iter < jweMinP2C || p.iter > jweMaxP2C || len(p.saltInput) < 8 {
			t.Fatalf("accepted p2c %d with a %d-byte salt", p.iter, len(p.saltInput))
		}
		if len(p.wrapped) != jweCEKLen+8 || len(p.iv) != jweIVLen || len(p.tag) != jweTagLen {
			t.Fatalf("accepted key %d, iv %d, tag %d bytes", len(p.wrapped), len(p.iv), len(p.tag))
		}
		// Canonical: encoding the parts again gives the file back, so the
		// AAD authenticated is exactly the header that was read.
		again := strings.Join([]string{string(p.protected), b64.EncodeToString(p.wrapped),
			b64.EncodeToString(p.iv), b64.EncodeToString(p.ct), b64.EncodeToString(p.tag)}, ".")
		if again != string(tok) {
			t.Fatalf("accepted a non-canonical token:\n %q\n %q", tok, again)
		}
	})
}
