package debuglog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

const (
	secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" // 40, mixed case
	accessKey = "AKIAIOSFODNN7EXAMPLE"
)

func TestSecretNeverFormats(t *testing.T) {
	s := Secret("123456")
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10s", "%T"} {
		got := fmt.Sprintf(verb, s)
		if strings.Contains(got, "123456") || strings.Contains(got, "313233343536") {
			t.Errorf("%s printed the secret: %q", verb, got)
		}
	}
	got := fmt.Sprintf("%v", struct{ Code Secret }{s})
	if strings.Contains(got, "123456") {
		t.Errorf("struct field printed the secret: %q", got)
	}
	b, err := json.Marshal(struct{ Code Secret }{s})
	if err != nil || strings.Contains(string(b), "123456") {
		t.Errorf("json printed the secret: %s %v", b, err)
	}
	if Secret("").String() != "" {
		t.Error("an empty secret should print empty, so unset stays visible")
	}
}

func TestRedactShapes(t *testing.T) {
	token := "IQoJb3JpZ2luX2VjE+/" + strings.Repeat("AbCd0123+/", 40) + "=="
	cases := []struct {
		in, want string
	}{
		{"secret " + secretKey + " end", "secret [REDACTED] end"},
		{"token=" + token, "token=[REDACTED]"},
		{"id " + accessKey + " stays", "id " + accessKey + " stays"},
		{"fingerprint 0123456789abcdef0123456789abcdef stays", "fingerprint 0123456789abcdef0123456789abcdef stays"},
		{"arn:aws:iam::222222222222:role/a stays", "arn:aws:iam::222222222222:role/a stays"},
		{"/home/someone/.local/share/assume/keyring/x stays", "/home/someone/.local/share/assume/keyring/x stays"},
		{"two " + secretKey + "," + secretKey, "two [REDACTED],[REDACTED]"},
	}
	for _, c := range cases {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLoggerMasksToldSecrets(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, func() time.Time { return time.Unix(0, 0) })
	l.Secret("sandbox passphrase", "", "654321")
	l.Printf("passphrase %s and code %s and %s", "sandbox passphrase", "654321", secretKey)
	got := buf.String()
	for _, s := range []string{"sandbox passphrase", "654321", secretKey} {
		if strings.Contains(got, s) {
			t.Errorf("line holds %q: %q", s, got)
		}
	}
	if !strings.HasPrefix(got, "assume: debug +0.0ms: ") || !strings.HasSuffix(got, "\n") {
		t.Errorf("line shape: %q", got)
	}
}

func TestNilLoggerIsOffAndFree(t *testing.T) {
	var l *Logger
	if l.On() {
		t.Fatal("nil logger is on")
	}
	key := "fingerprint"
	allocs := testing.AllocsPerRun(100, func() {
		if l.On() {
			l.Printf("cache get %s: hit", key)
		}
		l.Secret()
		_ = l.Now()
	})
	if allocs != 0 {
		t.Fatalf("off logger allocates %v times per call", allocs)
	}
}
