package profiles

import (
	"strings"
	"testing"
)

func TestRoleAndMFAARNShapes(t *testing.T) {
	name64 := strings.Repeat("n", 64)
	cases := []struct {
		v         string
		role, mfa bool
	}{
		{"arn:aws:iam::123456789012:role/Admin", true, false},
		{"arn:aws-cn:iam::123456789012:role/path/to/R+=,.@-_9", true, false},
		{"arn:aws-us-gov:iam::123456789012:role/" + name64, true, false},
		{"arn:aws:iam::123456789012:role/" + name64 + "x", false, false},
		{"arn:aws:iam::123456789012:role/a//b", true, false}, // path "/a//": printable ASCII between slashes
		{"arn:aws:iam::123456789012:role/a/", false, false},
		{"arn:aws:iam::123456789012:role/", false, false},
		{"arn:aws:iam::12345678901:role/a", false, false},
		{"arn:aws:iam::1234567890123:role/a", false, false},
		{"arn:aws:iam::12345678901x:role/a", false, false},
		{"arn:azure:iam::123456789012:role/a", false, false},
		{"arn:aws:sts::123456789012:role/a", false, false},
		{"arn:aws:iam::123456789012:user/a", false, false},
		{"arn:aws:iam::123456789012:role/a b", false, false},
		{"arn:aws:iam::123456789012:mfa/alice", false, true},
		{"arn:aws:iam::123456789012:mfa/path/alice:x", false, true},
		{"arn:aws:iam::123456789012:mfa/", false, false},
		{"arn:aws:iam::123456789012:mfa/al ice", false, false},
	}
	for _, c := range cases {
		if got := isRoleARN(c.v); got != c.role {
			t.Errorf("isRoleARN(%q) = %v", c.v, got)
		}
		if got := isMFAARN(c.v); got != c.mfa {
			t.Errorf("isMFAARN(%q) = %v", c.v, got)
		}
	}
}

func TestAllOf(t *testing.T) {
	if allOf("", "-") || !allOf("ab_9-", "-") || allOf("a-b", "") || allOf("é", "") {
		t.Fatal("allOf disagrees with [\\w extra]+ on ASCII")
	}
}
