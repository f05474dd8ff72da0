// Package debuglog is assume's --debug output: one line per event on
// stderr, for a person working out why a run did what it did.
//
// Secrets are kept out in two layers. Structurally, callers log only
// non-secret fields (ids, ARNs, fingerprints, durations) and wrap anything
// secret they must mention in Secret, which prints as [REDACTED] under every
// fmt verb and in JSON. As a last line of defence every line passes a
// Redactor, which masks each value it was told is secret (Logger.Secret)
// and anything shaped like an AWS secret access key or session token.
//
// A nil *Logger is off and costs one nil check: callers guard each call
// with On, so no arguments are boxed and no line is formatted.
package debuglog

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"
)

// Logger writes debug lines. The zero value is unusable; nil is "off".
type Logger struct {
	mu    sync.Mutex
	out   *Redactor
	start time.Time
	now   func() time.Time
	buf   []byte
}

// New returns a Logger writing to w (stderr) through a Redactor. now may
// be nil (time.Now); lines carry the time since New.
func New(w io.Writer, now func() time.Time) *Logger {
	if now == nil {
		now = time.Now
	}
	return &Logger{out: NewRedactor(w), start: now(), now: now}
}

// On reports whether debug logging is enabled. It inlines to a nil check.
func (l *Logger) On() bool { return l != nil }

// Printf writes one line: "assume: debug +12.3ms: " and the message. It is
// safe on a nil Logger, but callers on hot paths guard it with On so the
// arguments are not even boxed.
func (l *Logger) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	elapsed := l.now().Sub(l.start)
	l.buf = fmt.Appendf(l.buf[:0], "assume: debug +%.1fms: ", float64(elapsed.Microseconds())/1000)
	l.buf = fmt.Appendf(l.buf, format, args...)
	if n := len(l.buf); n == 0 || l.buf[n-1] != '\n' {
		l.buf = append(l.buf, '\n')
	}
	_, _ = l.out.Write(l.buf) // a failing stderr must not fail the run
}

// Secret tells the redactor that values are secret: from now on they are
// masked wherever they would appear in a line. Empty values are ignored.
func (l *Logger) Secret(values ...string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out.Add(values...)
}

// Since is the time elapsed since t on the logger's clock.
func (l *Logger) Since(t time.Time) time.Duration { return l.now().Sub(t) }

// Now is the logger's clock; the zero time on a nil Logger, so a hot path
// can time a step without a clock read when logging is off.
func (l *Logger) Now() time.Time {
	if l == nil {
		return time.Time{}
	}
	return l.now()
}

// Secret is a value that must never be printed: every fmt verb and JSON
// show [REDACTED] (or "" when empty, so "is it set" stays visible).
type Secret string

const redacted = "[REDACTED]"

func (s Secret) mask() string {
	if s == "" {
		return ""
	}
	return redacted
}

// Format implements fmt.Formatter, covering %v %s %q %x %d and the rest.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", s.mask())
		return
	}
	_, _ = io.WriteString(f, s.mask())
}

// String implements fmt.Stringer.
func (s Secret) String() string { return s.mask() }

// GoString implements fmt.GoStringer.
func (s Secret) GoString() string { return s.mask() }

// MarshalText keeps encoding/json and friends from writing the value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }

// Call is what the HTTP layer saw of one API call, across its retries. The
// caller that knows the action puts one in the context (WithCall); the
// Transport fills it in.
type Call struct {
	mu        sync.Mutex
	Attempts  int
	Status    int    // HTTP status of the last attempt; 0 if none answered
	RequestID string // x-amzn-RequestId of the last answer
}

type callKey struct{}

// WithCall returns ctx carrying c for the Transport to fill.
func WithCall(ctx context.Context, c *Call) context.Context {
	return context.WithValue(ctx, callKey{}, c)
}

func callFrom(ctx context.Context) *Call {
	c, _ := ctx.Value(callKey{}).(*Call)
	return c
}

// Snapshot returns the counts recorded so far.
func (c *Call) Snapshot() (attempts, status int, requestID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Attempts, c.Status, c.RequestID
}

func (c *Call) record(status int, requestID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Attempts++
	c.Status = status
	if requestID != "" {
		c.RequestID = requestID
	}
}
