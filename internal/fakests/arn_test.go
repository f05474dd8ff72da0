package fakests

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// STS accepts a role ARN with any IAM path: "/" or printable ASCII ('!' to
// '~') between slashes, at most 512 characters; the session ARN drops it.
func TestRoleARNWithAnyLegalIAMPath(t *testing.T) {
	s := New(t)
	alice := userClient(t, s, aliceARN)
	for _, path := range []string{
		"/",
		"/ops~x/",
		`/a!"#$%&'()*+,-.:;<=>?@[\]^_` + "`{|}~z/",
		"/a//",
		"/" + strings.Repeat("p", 510) + "/",
	} {
		arn := "arn:aws:iam::222222222222:role" + path + "deploy"
		s.AddRole(Role{ARN: arn, Trust: []string{aliceARN}})
		out, _ := assume(t, alice, assumeIn(arn, "s1"))
		if got := aws.ToString(out.AssumedRoleUser.Arn); got != "arn:aws:sts::222222222222:assumed-role/deploy/s1" {
			t.Errorf("path %.20q: assumed role %q", path, got)
		}
	}
	for _, arn := range []string{
		"arn:aws:iam::222222222222:role/" + strings.Repeat("p", 511) + "/deploy", // path of 513
		"arn:aws:iam::222222222222:role//deploy",                                 // "//" is no path
		"arn:aws:iam::222222222222:role/a b/deploy",                              // a blank is not printable ASCII here
		"arn:aws:iam::222222222222:role/ops/de~ploy",                             // the name has its own rule
	} {
		_, err := alice.AssumeRole(context.Background(), assumeIn(arn, "s1"))
		wantErr(t, err, 400, "ValidationError", invalidARNMsg)
	}
}
