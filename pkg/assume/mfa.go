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

func (m *MFAChain) code(ctx context.Context, req MFARequest) (code, from string, err error) {
	if m.Given != "" {
		code := m.Given
		m.Given = ""
		return code, "--mfa-token (or ASSUME_MFA_TOKEN), used once", nil
	}
	if req.Process != "" {
		code, err := m.runProcess(ctx, req)
		return code, "mfa_process", err
	}
	if m.Prompt == nil {
		return "", "nowhere", fmt.Errorf("profile %q needs an MFA code for %s: pass --mfa-token CODE or set mfa_process in the profile", req.Profile, req.Serial)
	}
	code, err = m.Prompt(ctx, req)
	return code, "the terminal prompt", err
}

func (m *MFAChain) runProcess(ctx context.Context, req MFARequest) (string, error) {
	h := helperCommand{what: "mfa_process", command: req.Process, stderr: os.Stderr, limit: m.ProcessTimeout}
	out, err := h.run(ctx)
	if err != nil {
		return "", fmt.Errorf("profile %q: %w", req.Profile, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// PromptOn asks a person for a code: the prompt on out, the answer from
// in. Callers pass the terminal, never stdout, which may be captured by
// eval or a credential_process consumer. ctx ends the wait.
func PromptOn(ctx context.Context, in io.Reader, out io.Writer, req MFARequest) (string, error) {
	fmt.Fprintf(out, "MFA code for %s (profile %s): ", req.Serial, req.Profile)
	type answer struct {
		line string
		err  error
	}
	ch := make(chan answer, 1)
	go func() {
		line, err := bufio.NewReader(in).ReadString('\n')
		ch <- answer{strings.TrimSpace(line), err}
	}()
	select {
	case <-ctx.Done():
		return "", fmt.Errorf("profile %q: waiting for the MFA code: %w", req.Profile, ctx.Err())
	case a := <-ch:
		if a.err != nil && a.line == "" {
			return "", fmt.Errorf("profile %q: reading the MFA code: %w", req.Profile, a.err)
		}
		return a.line, nil
	}
}
