package assume

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/assume-cli/assume/pkg/debuglog"
	"github.com/assume-cli/assume/pkg/profiles"
)

// MFARequest says which device a code is needed for, and for which profile.
type MFARequest struct {
	Profile string
	Serial  string
	// Process is the profile's mfa_process command, if any.
	Process string
}

// MFASource hands out one-time codes. A TOTP code is accepted by STS only
// once, so a source must never return the same code for two requests.
type MFASource interface {
	Code(ctx context.Context, req MFARequest) (string, error)
}

// MFAChain tries, in order: a code given on the command line (used once),
// the profile's mfa_process, then a prompt on the terminal.
type MFAChain struct {
	Given  string // --mfa-token; consumed by the first request
	Prompt func(ctx context.Context, req MFARequest) (string, error)
	// ProcessTimeout bounds mfa_process; 0: one minute. A sooner deadline
	// on the context wins.
	ProcessTimeout time.Duration
	// Debug, when on, hears which source answered and the code as a
	// secret to mask, never the code itself.
	Debug *debuglog.Logger
}

// Code implements MFASource.
func (m *MFAChain) Code(ctx context.Context, req MFARequest) (string, error) {
	code, from, err := m.code(ctx, req)
	if m.Debug.On() {
		m.Debug.Secret(code)
		// The mfa_process command is not logged: it may hold a TOTP seed.
		m.Debug.Printf("mfa: code for %s (profile %q) from %s, error: %v", req.Serial, req.Profile, from, err)
	}
	return code, err
}

// The sources of codes, as errors and the debug log name them.
const (
	fromFlag    = "--mfa-token (or ASSUME_MFA_TOKEN)"
	fromProcess = "mfa_process"
	fromPrompt  = "the terminal prompt"
)

// code gets a code and checks it, once, wherever it came from: the given
// one was checked before the run (CheckCode), the prompt asks again until
// it has a well-formed one.
func (m *MFAChain) code(ctx context.Context, req MFARequest) (code, from string, err error) {
	if m.Given != "" {
		code := m.Given
		m.Given = ""
		return code, fromFlag + ", used once", nil
	}
	if req.Process != "" {
		code, err := m.runProcess(ctx, req)
		if err == nil {
			err = CheckCode(code, fromProcess)
		}
		if err != nil {
			return "", fromProcess, fmt.Errorf("profile %q: %w", req.Profile, err)
		}
		return code, fromProcess, nil
	}
	if m.Prompt == nil {
		return "", "nowhere", NoCodeError(req)
	}
	code, err = m.Prompt(ctx, req)
	return code, fromPrompt, err
}

// NoCodeError is the one way assume says it needs a code nobody can give.
func NoCodeError(req MFARequest) error {
	return fmt.Errorf("profile %q needs an MFA code for %s and there is no terminal to ask on: pass --mfa-token CODE or set mfa_process in the profile", req.Profile, req.Serial)
}

// CheckCode is the one check of an MFA code: exactly six digits, the only
// TokenCode STS accepts. from names where the code came from.
func CheckCode(code, from string) error {
	if profiles.ValidateMFAToken(code) == nil {
		return nil
	}
	return fmt.Errorf("the MFA code from %s must be exactly 6 digits, not %d characters%s", from, len(code), digitsHint(code))
}

func digitsHint(code string) string {
	if len(code) == 6 {
		return " with a non-digit"
	}
	return ""
}

func (m *MFAChain) runProcess(ctx context.Context, req MFARequest) (string, error) {
	h := helperCommand{what: "mfa_process", command: req.Process, stderr: os.Stderr, limit: m.ProcessTimeout}
	out, err := h.run(ctx)
	if err != nil {
		return "", fmt.Errorf("profile %q: %w", req.Profile, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// promptTries is how often a mistyped code (five digits, pasted junk) is
// asked for again before giving up.
const promptTries = 3

// PromptOn asks a person for a code: the prompt, naming the profile and
// the device, on out, the answer from in. A code that is not six digits
// is asked for again, up to three times. Callers pass the terminal, never
// stdout, which may be captured by eval or a credential_process consumer.
// ctx ends the wait.
func PromptOn(ctx context.Context, in io.Reader, out io.Writer, req MFARequest) (string, error) {
	type answer struct {
		line string
		err  error
	}
	lines := make(chan answer, 1)
	r := bufio.NewReader(in)
	for try := 1; ; try++ {
		fmt.Fprintf(out, "MFA code for %s (profile %s): ", req.Serial, req.Profile)
		go func() {
			line, err := r.ReadString('\n')
			lines <- answer{strings.TrimSpace(line), err}
		}()
		var a answer
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("profile %q: waiting for the MFA code: %w", req.Profile, ctx.Err())
		case a = <-lines:
		}
		if a.err != nil && a.line == "" {
			return "", fmt.Errorf("profile %q: reading the MFA code: %w", req.Profile, a.err)
		}
		err := CheckCode(a.line, fromPrompt)
		switch {
		case err == nil:
			return a.line, nil
		case try == promptTries:
			return "", fmt.Errorf("profile %q: %w (asked %d times)", req.Profile, err, promptTries)
		}
		fmt.Fprintf(out, "that is not a 6-digit code; try again (%d of %d)\n", try+1, promptTries)
	}
}
