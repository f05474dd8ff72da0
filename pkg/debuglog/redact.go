package debuglog

import (
	"io"
	"strings"
)

// Redactor is the last line of defence on the debug writer: it masks every
// value it was told is secret, and anything shaped like an AWS secret
// access key (a run of exactly 40 base64 characters with both upper- and
// lower-case letters) or a session token (a run of 100 or more). Access key
// ids (20 upper-case characters and digits) pass: they are not secret.
// Write must be given whole lines, as Logger does.
type Redactor struct {
	w       io.Writer
	secrets Secrets
}

// NewRedactor wraps w.
func NewRedactor(w io.Writer) *Redactor { return &Redactor{w: w} }

// minSecretLen is the shortest told value masked: shorter ones (a one-letter
// test passphrase) would mask letters all over the log, and are never
// printed anyway: redaction by value is the second line of defence.
const minSecretLen = 4

// Add registers secret values to mask. A short one (an MFA code) is masked
// where it stands as a word of its own (see wholeWordBelow).
func (r *Redactor) Add(values ...string) { r.secrets.Add(values...) }

// Write masks p and writes it in one call. It reports len(p) on success so
// callers see a complete write of what they gave.
func (r *Redactor) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, r.secrets.Scrub(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Redact masks what looks like a secret access key or a session token.
func Redact(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !isB64(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isB64(s[j]) {
			j++
		}
		for j < len(s) && s[j] == '=' { // padding ends a token
			j++
		}
		if looksSecret(s[i:j]) {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			b.WriteString(redacted)
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// looksSecret: a session token is long; a secret access key is 40
// characters of mixed case (which keeps upper-case key ids, lower-case
// paths and hex fingerprints visible).
func looksSecret(run string) bool {
	if len(run) >= 100 {
		return true
	}
	body := strings.TrimRight(run, "=")
	if len(body) != 40 {
		return false
	}
	return strings.ContainsAny(body, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") && strings.ContainsAny(body, "abcdefghijklmnopqrstuvwxyz")
}

func sortByLenDesc(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && len(s[j]) > len(s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
