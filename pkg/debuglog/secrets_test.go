package debuglog

import (
	"context"
	"strings"
	"sync"
	"testing"
)

func TestSecretsMaskRegisteredValues(t *testing.T) {
	var s Secrets
	// Neither looks like a key or token, so only registration masks them.
	token := "tok.en-with_separators.0123"
	code := "123456"
	s.Add(token, code, "", "ab")
	got := s.Scrub("AccessDenied: echo X-Amz-Security-Token=" + token + "&TokenCode=" + code + " ab")
	for _, secret := range []string{token, code} {
		if strings.Contains(got, secret) {
			t.Errorf("scrubbed line holds %q: %q", secret, got)
		}
	}
	if !strings.HasSuffix(got, " ab") {
		t.Errorf("a value under 4 bytes was masked: %q", got)
	}
}

func TestSecretsMaskWholeBeforeShapes(t *testing.T) {
	var s Secrets
	// A token whose middle alone is shaped like one: masking the shape
	// first would leave its two ends in the line.
	token := "head." + strings.Repeat("AbCd0123", 16) + ".tail"
	s.Add(token)
	got := s.Scrub("echo " + token + " end")
	if got != "echo [REDACTED] end" {
		t.Fatalf("Scrub = %q, want the token masked whole", got)
	}
}

func TestSecretsLongestFirst(t *testing.T) {
	var s Secrets
	s.Add("secret", "secret-and-more")
	if got := s.Mask("x secret-and-more y"); got != "x [REDACTED] y" {
		t.Fatalf("Mask = %q, want the longer secret masked whole", got)
	}
	s.Add("y secr") // a later Add rebuilds the replacer
	if got := s.Mask("x y secret"); strings.Contains(got, "y secr") {
		t.Fatalf("value added after a Mask is not masked: %q", got)
	}
}

func TestSecretsNilAndContext(t *testing.T) {
	var nilSet *Secrets
	nilSet.Add("whatever")
	if got := nilSet.Scrub("plain text"); got != "plain text" {
		t.Fatalf("nil Secrets changed text: %q", got)
	}
	if SecretsFrom(context.Background()) != nil {
		t.Fatal("a bare context carries a registry")
	}
	s := &Secrets{}
	ctx := WithSecrets(context.Background(), s)
	SecretsFrom(ctx).Add("passphrase")
	if got := s.Mask("the passphrase"); got != "the [REDACTED]" {
		t.Fatalf("registry from the context is not the one given: %q", got)
	}
}

func TestSecretsConcurrentAddAndMask(t *testing.T) {
	var s Secrets
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := strings.Repeat(string(rune('a'+i)), 8)
			s.Add(v)
			if got := s.Mask(v); got != redacted {
				t.Errorf("Mask(%q) = %q", v, got)
			}
		}()
	}
	wg.Wait()
}

func TestShortSecretsAreMaskedAsWholeWordsOnly(t *testing.T) {
	s := &Secrets{}
	s.Add("123456", "averylongsecretvaluethatisnotshort")
	for in, want := range map[string]string{
		"code 123456 was refused":          "code [REDACTED] was refused",
		"(123456)":                         "([REDACTED])",
		"123456":                           "[REDACTED]",
		"arn:aws:iam::123456789012:role/x": "arn:aws:iam::123456789012:role/x",
		"x123456 and 1234567":              "x123456 and 1234567",
		"token=averylongsecretvaluethatisnotshortANDMORE": "token=[REDACTED]ANDMORE",
	} {
		if got := s.Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}
