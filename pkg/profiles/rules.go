package profiles

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Limits STS puts on durations.
const (
	MinDuration             = 15 * time.Minute
	MaxDuration             = 12 * time.Hour
	DefaultDuration         = time.Hour      // what STS uses when nothing is asked
	MaxSessionTokenDuration = 36 * time.Hour // GetSessionToken's upper bound
	DefaultSessionDuration  = 12 * time.Hour // GetSessionToken's default
	fallbackSessionName     = "assume-session"
)

// ValidateDuration checks an AssumeRole DurationSeconds: 15m to 12h.
func ValidateDuration(d time.Duration) error {
	if d < MinDuration || d > MaxDuration {
		return fmt.Errorf("duration %s is outside %s..%s (900..43200 seconds)", d, MinDuration, MaxDuration)
	}
	return nil
}

// ValidateMFAToken checks a TOTP code: exactly six ASCII digits.
func ValidateMFAToken(code string) error {
	if len(code) != 6 {
		return fmt.Errorf("mfa code must be exactly 6 digits, got %d characters", len(code))
	}
	for i := 0; i < len(code); i++ {
		if code[i] < '0' || code[i] > '9' {
			return fmt.Errorf("mfa code must be exactly 6 digits")
		}
	}
	return nil
}

// DefaultSessionName turns user and host into a valid RoleSessionName
// (2-64 of [\w+=,.@-]), so a default never makes STS reject the call.
func DefaultSessionName(user, host string) string {
	switch {
	case user != "" && host != "":
		return sanitizeSessionName(user + "@" + host)
	case user != "":
		return sanitizeSessionName(user)
	}
	return sanitizeSessionName(host)
}

// sanitizeSessionName replaces every disallowed rune with '-' and fixes the
// length: too long is cut, too short falls back or is padded.
func sanitizeSessionName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && isSessionByte(byte(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
		if b.Len() >= 64 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	switch len(out) {
	case 0:
		return fallbackSessionName
	case 1:
		return "assume-" + out
	}
	return out
}

func isSessionByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("_+=,.@-", c) >= 0
}

// The check* functions return a message, empty when the value is valid.

func checkRoleARN(v string) string {
	if len(v) > 2048 || !isRoleARN(v) {
		return fmt.Sprintf("role_arn %q is not an IAM role ARN (arn:aws:iam::123456789012:role/NAME or role/PATH/NAME; NAME 1-64 of [A-Za-z0-9_+=,.@-], PATH printable ASCII, at most 512 characters with its slashes)", v)
	}
	return ""
}

func checkExternalID(v string) string {
	if len(v) < 2 || len(v) > 1224 || !allOf(v, "+=,.@:/-") {
		return fmt.Sprintf("external_id %q must be 2-1224 characters of [A-Za-z0-9_+=,.@:/-]", v)
	}
	return ""
}

func checkSessionName(key, v string) string {
	if key == "source_identity" && strings.HasPrefix(strings.ToLower(v), "aws:") {
		return fmt.Sprintf("source_identity %q must not start with \"aws:\"", v)
	}
	if len(v) < 2 || len(v) > 64 || !allOf(v, "+=,.@-") {
		return fmt.Sprintf("%s %q must be 2-64 characters of [A-Za-z0-9_+=,.@-]", key, v)
	}
	return ""
}

// checkMFASerial accepts a hardware serial or an MFA device ARN. Something
// that starts like an ARN must be an MFA ARN: a pasted role or user ARN is a
// mistake STS would only report as a failed MFA check.
func checkMFASerial(v string) string {
	if len(v) < 9 || len(v) > 256 || !allOf(v, "+=/:,.@-") {
		return fmt.Sprintf("mfa_serial %q must be an MFA device ARN or a 9-256 character serial number", v)
	}
	if strings.HasPrefix(v, "arn:") && !isMFAARN(v) {
		return fmt.Sprintf("mfa_serial %q is an ARN but not an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME)", v)
	}
	return ""
}

// parseSeconds reads duration_seconds as a whole number within [lo, hi].
func parseSeconds(v string, lo, hi time.Duration) (time.Duration, string) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < int64(lo/time.Second) || n > int64(hi/time.Second) {
		return 0, fmt.Sprintf("duration_seconds %q must be a whole number of seconds from %d to %d", v, int64(lo/time.Second), int64(hi/time.Second))
	}
	return time.Duration(n) * time.Second, ""
}
