package profiles

import "fmt"

// mfaSession decides where MFA codes go (one place for the rule).
//
// A person types one code per MFA device per MFA-session lifetime, for
// every role that shares the device. So when the first hop's source holds
// long-term keys and an MFA device is named (on the source profile or on
// the first role), the code goes to one GetSessionToken session on that
// device (cached, shared by every role on it), and that session signs the
// role call: AWS's documented pattern for MFA-protected API access, whose
// output carries MFA context (aws:MultiFactorAuthPresent) into the role
// call. The price: the role session is chained (1-hour cap), renewed from
// the MFA session without a prompt.
//
// AWS does not carry MFA context through role sessions (IAM User Guide,
// "Configuring MFA-protected API access": the credentials AssumeRole
// returns do not include MFA information), so a deeper hop with
// mfa_serial still sends a code on its own call.
//
// With NoMFASession (mfa-session: false) codes go per hop, as botocore
// sends them: a role hop with mfa_serial sends one on its own call and may
// ask for its full duration. A source profile's own mfa_serial still
// starts an MFA session when the profile is asked for by itself.
func (r *resolver) mfaSession(plan *Plan, srcProfile *Profile, srcIsHop bool) error {
	src := &plan.Source
	n := len(plan.Hops)
	longTerm := src.Kind == SourceStatic && src.SessionToken == ""
	switch {
	case n > 0 && r.opts.NoMFASession:
		if src.MFASerial != "" && plan.Hops[0].MFASerial == src.MFASerial && plan.Hops[0].MFAProcess == "" {
			plan.Hops[0].MFAProcess = src.MFAProcess // the same device: the same way to get its code
		}
		src.MFASerial, src.MFAProcess = "", ""
	case n > 0 && src.MFASerial == "" && longTerm && plan.Hops[0].MFASerial != "":
		hop := &plan.Hops[0]
		src.MFASerial = hop.MFASerial
		if src.MFAProcess, _ = srcProfile.Get("mfa_process"); hop.MFAProcess != "" {
			src.MFAProcess = hop.MFAProcess
		}
	}
	if src.MFASerial == "" {
		return nil
	}
	if err := r.sessionDuration(src, srcProfile, srcIsHop, n == 0); err != nil {
		return err
	}
	// The first hop is signed by the MFA session: it sends no code of its
	// own for that device. Deeper hops are signed by role sessions.
	if n > 0 && plan.Hops[0].MFASerial == src.MFASerial {
		plan.Hops[0].MFASerial = ""
	}
	return nil
}

// checkMFASessionDuration validates mfa-session-duration: GetSessionToken's range.
func checkMFASessionDuration(p *Profile, d int64) error {
	return &ConfigError{Profile: p.Name, Msg: fmt.Sprintf("mfa-session-duration %ds is outside %d..%d seconds (GetSessionToken's range)", d, int64(MinDuration.Seconds()), int64(MaxSessionTokenDuration.Seconds()))}
}
