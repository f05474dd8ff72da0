package assume

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
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
	// ProcessTimeout bounds mfa_process.
	ProcessTimeout time.Duration
}

// Code implements MFASource.
func (m *MFAChain) Code(ctx context.Context, req MFARequest) (string, error) {
	if m.Given != "" {
		code := m.Given
		m.Given = ""
		return code, nil
	}
	if req.Process != "" {
		return m.runProcess(ctx, req)
	}
	if m.Prompt == nil {
		return "", fmt.Errorf("profile %q needs an MFA code for %s: pass --mfa-token CODE or set mfa_process in the profile", req.Profile, req.Serial)
	}
	return m.Prompt(ctx, req)
}

func (m *MFAChain) runProcess(ctx context.Context, req MFARequest) (string, error) {
	timeout := m.ProcessTimeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", req.Process)
	cmd.Stdin = nil
	cmd.Stderr = os.Stderr // lets the helper talk to the user (e.g. a touch prompt)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("profile %q: mfa_process failed: %w", req.Profile, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// TTYPrompt asks for a code on the controlling terminal, never on stdout,
// which may be captured by eval or a credential_process consumer.
func TTYPrompt(ctx context.Context, req MFARequest) (string, error) {
	tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return "", fmt.Errorf("profile %q needs an MFA code for %s and there is no terminal to ask on: pass --mfa-token CODE or set mfa_process", req.Profile, req.Serial)
	}
	defer tty.Close()
	return promptOn(ctx, tty, tty, req)
}

func promptOn(ctx context.Context, in io.Reader, out io.Writer, req MFARequest) (string, error) {
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
