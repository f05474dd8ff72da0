package filering

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/dvsekhvalnov/jose2go"
)

const jwePass = "correct horse battery staple"

func sealT(t *testing.T, plain string) []byte {
	t.Helper()
	tok, err := jweSeal(jwePass, []byte(plain), time.Now().String())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestJWEInteropWithJose2go(t *testing.T) {
	ours := sealT(t, `{"Key":"a"}`)
	got, hdr, err := jose.Decode(string(ours), jwePass)
	if err != nil || got != `{"Key":"a"}` {
		t.Fatalf("jose2go reads ours: %q, %v", got, err)
	}
	theirs, err := jose.Encrypt(`{"Key":"b"}`, jose.PBES2_HS256_A128KW, jose.A256GCM, jwePass,
		jose.Headers(map[string]any{"created": time.Now().String()}))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := jweOpen(jwePass, []byte(theirs))
	if err != nil || string(plain) != `{"Key":"b"}` {
		t.Fatalf("we read jose2go's: %q, %v", plain, err)
	}
	// Same header members, same order (jose2go marshals a sorted map).
	_, theirHdr, _ := jose.Decode(theirs, jwePass)
	if a, b := slices.Sorted(maps.Keys(hdr)), slices.Sorted(maps.Keys(theirHdr)); !slices.Equal(a, b) {
		t.Fatalf("header members: ours %v, theirs %v", a, b)
	}
	if ourRaw, theirRaw := rawHeader(t, ours), rawHeader(t, []byte(theirs)); headerShape(ourRaw) != headerShape(theirRaw) {
		t.Fatalf("header layout:\n ours   %s\n theirs %s", ourRaw, theirRaw)
	}
}

func rawHeader(t *testing.T, tok []byte) []byte {
	t.Helper()
	h, err := b64.DecodeString(string(bytes.SplitN(tok, []byte{'.'}, 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// headerShape drops the per-item values, keeping member order and types.
func headerShape(h []byte) string {
	var m map[string]any
	_ = json.Unmarshal(h, &m)
	s := string(h)
	for _, k := range []string{"created", "p2s"} {
		s = strings.Replace(s, m[k].(string), "…", 1)
	}
	return s
}

func TestJWEWrongPassphrase(t *testing.T) {
	tok := sealT(t, "secret")
	if _, err := jweOpen("wrong", tok); !errors.Is(err, errDecrypt) {
		t.Fatalf("wrong passphrase: %v", err)
	}
}

// Flipping any bit of the decoded header, wrapped key, IV, ciphertext or
// tag must fail to decrypt (and never panic).
func TestJWETamper(t *testing.T) {
	tok := sealT(t, strings.Repeat("x", 40))
	parts := strings.Split(string(tok), ".")
	for p := range parts {
		raw, _ := b64.DecodeString(parts[p])
		for i := range raw {
			bad := bytes.Clone(raw)
			bad[i] ^= 0x01
			q := slices.Clone(parts)
			q[p] = b64.EncodeToString(bad)
			if _, err := jweOpen(jwePass, []byte(strings.Join(q, "."))); err == nil {
				t.Fatalf("part %d byte %d flipped: accepted", p, i)
			}
		}
	}
	// Truncation and extension of each part.
	for p := range parts {
		for _, v := range []string{parts[p][:len(parts[p])-2], parts[p] + "AA"} {
			q := slices.Clone(parts)
			q[p] = v
			if _, err := jweOpen(jwePass, []byte(strings.Join(q, "."))); err == nil {
				t.Fatalf("part %d resized: accepted", p)
			}
		}
	}
}

func TestJWEMalformed(t *testing.T) {
	tok := string(sealT(t, "x"))
	parts := strings.Split(tok, ".")
	for name, bad := range map[string]string{
		"empty":          "",
		"four parts":     strings.Join(parts[:4], "."),
		"six parts":      tok + ".AA",
		"padding":        tok + "==",
		"std alphabet":   strings.Join(append([]string{parts[0] + "+/"}, parts[1:]...), "."),
		"not base64":     "!!!." + strings.Join(parts[1:], "."),
		"header no json": b64.EncodeToString([]byte("nope")) + "." + strings.Join(parts[1:], "."),
		"truncated":      "eyJhbGciOi.truncated",
	} {
		if _, err := jweOpen(jwePass, []byte(bad)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// withHeader swaps the protected header of tok for h.
func withHeader(tok []byte, h map[string]any) []byte {
	hb, _ := json.Marshal(h)
	parts := strings.SplitN(string(tok), ".", 2)
	return []byte(b64.EncodeToString(hb) + "." + parts[1])
}

func TestJWERejectsOtherAlgorithms(t *testing.T) {
	tok := sealT(t, "x")
	base := map[string]any{"alg": jweAlg, "enc": jweEnc, "p2c": 8192, "p2s": "AAAAAAAAAAAAAAAA"}
	for _, mod := range []map[string]any{
		{"alg": "PBES2-HS512+A256KW"}, {"alg": "dir"}, {"alg": "none"}, {"alg": nil},
		{"enc": "A128GCM"}, {"enc": "A256CBC-HS512"}, {"enc": nil},
		{"zip": "DEF"}, {"crit": []string{"exp"}},
		{"p2c": nil}, {"p2c": "8192"}, {"p2s": nil}, {"p2s": "AAAA"}, {"p2s": "***"},
	} {
		h := maps.Clone(base)
		maps.Copy(h, mod)
		for k, v := range h {
			if v == nil {
				delete(h, k)
			}
		}
		if _, err := jweOpen(jwePass, withHeader(tok, h)); err == nil || errors.Is(err, errDecrypt) {
			t.Errorf("%v: want a header error, got %v", mod, err)
		}
	}
}

// An attacker-written p2c must not make a read spin: out-of-range counts
// are refused before any derivation.
func TestJWEIterationBounds(t *testing.T) {
	tok := sealT(t, "x")
	for _, c := range []any{0, -1, 999, 1_000_001, 1e12, 8192.5} {
		h := map[string]any{"alg": jweAlg, "enc": jweEnc, "p2c": c, "p2s": "AAAAAAAAAAAAAAAA"}
		start := time.Now()
		_, err := jweOpen(jwePass, withHeader(tok, h))
		if err == nil || !strings.Contains(err.Error(), "iteration count") {
			t.Errorf("p2c %v: %v", c, err)
		}
		if d := time.Since(start); d > 50*time.Millisecond {
			t.Errorf("p2c %v took %v", c, d)
		}
	}
	// The bounds themselves are accepted, and jose2go agrees.
	for _, c := range []int{jweMinP2C, 100_000} {
		tok, err := jweSealIter(jwePass, []byte("y"), "", c)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := jweOpen(jwePass, tok); err != nil || string(p) != "y" {
			t.Errorf("p2c %d: %q, %v", c, p, err)
		}
		if p, _, err := jose.Decode(string(tok), jwePass); err != nil || p != "y" {
			t.Errorf("jose2go, p2c %d: %q, %v", c, p, err)
		}
	}
}

// Member names are case-sensitive, as in jose2go: a header spelling alg
// "Alg" names no algorithm (found by FuzzParseToken).
func TestJWEHeaderMemberNamesAreCaseSensitive(t *testing.T) {
	tok := sealT(t, "x")
	base := map[string]any{"alg": jweAlg, "enc": jweEnc, "p2c": 8192, "p2s": "AAAAAAAAAAAAAAAA"}
	for _, name := range []string{"alg", "enc", "p2c", "p2s"} {
		h := maps.Clone(base)
		delete(h, name)
		h[strings.ToUpper(name[:1])+name[1:]] = base[name]
		if _, err := jweOpen(jwePass, withHeader(tok, h)); err == nil || errors.Is(err, errDecrypt) {
			t.Errorf("%v: want a header error, got %v", h, err)
		}
		if _, _, err := jose.Decode(string(withHeader(tok, h)), jwePass); err == nil {
			t.Errorf("jose2go accepts %v", h)
		}
	}
	// Null members are absent members, as before.
	h := maps.Clone(base)
	h["zip"] = nil
	hb, _ := json.Marshal(h)
	if _, _, err := checkJWEHeader(hb); err != nil {
		t.Errorf("zip: null refused: %v", err)
	}
}

// Line breaks anywhere in a token are refused: 99designs never writes
// them, and Go's base64 would skip them, so the token read would not be
// the one authenticated (found by FuzzParseToken).
func TestJWERefusesLineBreaks(t *testing.T) {
	tok := string(sealT(t, "x"))
	parts := strings.Split(tok, ".")
	bad := []string{tok + "\n", tok + "\r\n"}
	for i := range parts {
		q := slices.Clone(parts)
		q[i] = q[i][:1] + "\n" + q[i][1:]
		bad = append(bad, strings.Join(q, "."))
	}
	for _, b := range bad {
		if _, err := jweOpen(jwePass, []byte(b)); err == nil {
			t.Errorf("accepted %q", b)
		}
	}
}
