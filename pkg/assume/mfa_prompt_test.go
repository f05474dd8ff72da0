package assume

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestPromptAsksAgainForAMistypedCode(t *testing.T) {
	req := MFARequest{Profile: "prod", Serial: "arn:aws:iam::111111111111:mfa/me"}
	var out bytes.Buffer
	code, err := PromptOn(context.Background(), strings.NewReader("12345\n12a456\n654321\n"), &out, req)
	if err != nil || code != "654321" {
		t.Fatalf("PromptOn = %q, %v", code, err)
	}
	if n := strings.Count(out.String(), "MFA code for arn:aws:iam::111111111111:mfa/me (profile prod): "); n != 3 {
		t.Errorf("asked %d times, want 3, naming profile and device:\n%s", n, out.String())
	}
	if n := strings.Count(out.String(), "not a 6-digit code"); n != 2 {
		t.Errorf("%d retry notes, want 2:\n%s", n, out.String())
	}

	out.Reset()
	_, err = PromptOn(context.Background(), strings.NewReader("1\nxx\n7777777\n123456\n"), &out, req)
	if err == nil || !strings.Contains(err.Error(), "asked 3 times") || !strings.Contains(err.Error(), `profile "prod"`) {
		t.Fatalf("three bad codes: %v", err)
	}
	if strings.Contains(err.Error(), "7777777") {
		t.Error("the error quotes what was typed")
	}
}

func TestOneWordingForABadCodeWhereverItComesFrom(t *testing.T) {
	for from, code := range map[string]string{"--mfa-token (or ASSUME_MFA_TOKEN)": "12345", "mfa_process": "abcdef"} {
		err := CheckCode(code, from)
		if err == nil || !strings.HasPrefix(err.Error(), "the MFA code from "+from+" must be exactly 6 digits") {
			t.Errorf("%s: %v", from, err)
		}
	}
	if CheckCode("012345", "x") != nil {
		t.Error("a six-digit code refused")
	}
	m := &MFAChain{}
	_, err := m.Code(context.Background(), MFARequest{Profile: "p", Serial: "s", Process: "echo 12345"})
	if err == nil || !strings.Contains(err.Error(), "the MFA code from mfa_process must be exactly 6 digits") {
		t.Errorf("mfa_process printing 5 digits: %v", err)
	}
	_, err = m.Code(context.Background(), MFARequest{Profile: "p", Serial: "s"})
	if err == nil || err.Error() != NoCodeError(MFARequest{Profile: "p", Serial: "s"}).Error() {
		t.Errorf("no way to get a code: %v", err)
	}
}
