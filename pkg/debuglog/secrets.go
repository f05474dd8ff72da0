package debuglog

import (
	"context"
	"strings"
	"sync"
)

// Secrets is the set of secret values a run has learnt: secret keys,
// session tokens, MFA codes, the passphrase. Unlike the debug log it is
// always on, because the final error line is printed with or without
// --debug and may quote a secret (an endpoint that echoes the request puts
// the previous hop's session token in its error message). pkg/assume adds
// every secret it obtains; main masks the error line with Scrub. Adding is
// an append under a mutex; the replacer is built only when text is masked,
// so a run that succeeds pays nothing more. A nil *Secrets holds nothing.
type Secrets struct {
	mu     sync.Mutex
	values []string
	repl   *strings.Replacer // the long values, built on first use after an Add
	short  []string          // the values masked as whole words only
}

// wholeWordBelow: a value shorter than this (an MFA code, a short
// passphrase) is masked only where it stands as a word of its own, not
// inside a longer run of letters and digits: "123456" inside an account
// id "123456789012" is not the code, and masking it there would garble
// the account in the very error that is meant to help.
const wholeWordBelow = 16

// Add registers values as secret. Empty values, values shorter than
// minSecretLen and repeats are ignored.
func (s *Secrets) Add(values ...string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range values {
		if len(v) < minSecretLen || s.hasLocked(v) {
			continue
		}
		s.values = append(s.values, v)
		s.repl = nil
	}
}

func (s *Secrets) hasLocked(v string) bool {
	for _, x := range s.values {
		if x == v {
			return true
		}
	}
	return false
}

// Mask replaces every registered value in text with [REDACTED].
func (s *Secrets) Mask(text string) string {
	if s == nil {
		return text
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.values) == 0 {
		return text
	}
	if s.repl == nil {
		// Longest first, so a secret containing another is masked whole.
		sorted := append([]string(nil), s.values...)
		sortByLenDesc(sorted)
		pairs := make([]string, 0, 2*len(sorted))
		s.short = s.short[:0]
		for _, v := range sorted {
			if len(v) < wholeWordBelow {
				s.short = append(s.short, v)
				continue
			}
			pairs = append(pairs, v, redacted)
		}
		s.repl = strings.NewReplacer(pairs...)
	}
	text = s.repl.Replace(text)
	for _, v := range s.short {
		text = maskWord(text, v)
	}
	return text
}

// maskWord replaces v in text wherever no letter or digit touches it.
func maskWord(text, v string) string {
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(text[i:], v)
		if j < 0 {
			break
		}
		start, end := i+j, i+j+len(v)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			b.WriteString(text[last:start])
			b.WriteString(redacted)
			last = end
		}
		i = start + 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Scrub is the redaction the debug log applies, for text printed outside
// it (the final error line): the registered values first, while they are
// still whole, then anything shaped like a secret key or session token.
func (s *Secrets) Scrub(text string) string {
	return Redact(s.Mask(text))
}

type secretsKey struct{}

// WithSecrets returns ctx carrying s, so code that obtains secrets deep in
// a run (pkg/assume) can register them without every layer passing s on.
func WithSecrets(ctx context.Context, s *Secrets) context.Context {
	return context.WithValue(ctx, secretsKey{}, s)
}

// SecretsFrom returns the registry ctx carries, or nil (which ignores
// Add) when it carries none.
func SecretsFrom(ctx context.Context) *Secrets {
	s, _ := ctx.Value(secretsKey{}).(*Secrets)
	return s
}
