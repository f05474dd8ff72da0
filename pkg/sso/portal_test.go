package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func TestRoleCredentialsAreAcceptedByTheStrictSTS(t *testing.T) {
	w := newWorld(t)
	w.fake.AddAccount("111111111111", "prod", "AdministratorAccess")
	s := w.service(w.session(), nil)
	w.loginPKCE(s)
	c, err := s.RoleCredentials(context.Background(), "111111111111", "AdministratorAccess")
	if err != nil {
		t.Fatal(err)
	}
	if !c.Temporary() || c.Expires.Before(time.Now()) {
		t.Fatalf("credentials %v", c)
	}
	client := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(w.sts.URL()),
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)})
	id, err := client.GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(aws.ToString(id.Arn), ":assumed-role/AWSReservedSSO_AdministratorAccess_") {
		t.Errorf("identity %s", aws.ToString(id.Arn))
	}
}

func TestRoleNotAssignedSaysWhatToCheck(t *testing.T) {
	w := newWorld(t)
	w.fake.AddAccount("111111111111", "prod", "ReadOnly")
	s := w.service(w.session(), nil)
	w.loginPKCE(s)
	_, err := s.RoleCredentials(context.Background(), "111111111111", "AdministratorAccess")
	if err == nil || !strings.Contains(err.Error(), "ForbiddenException") || !strings.Contains(err.Error(), "sso_role_name") {
		t.Fatalf("err = %v", err)
	}
}

func TestAPortalRefusalForcesOneRenewal(t *testing.T) {
	w := newWorld(t)
	w.fake.AddAccount("111111111111", "prod", "Admin")
	w.loginPKCE(w.service(w.session(), nil))
	// The portal's clock is ahead: it sees the access token as expired
	// while ours still has 50 minutes; the refresh token still works.
	w.fake.Advance(61 * time.Minute)
	s := w.service(w.session(), nil)
	if _, err := s.RoleCredentials(context.Background(), "111111111111", "Admin"); err != nil {
		t.Fatal(err)
	}
	if n := w.fake.Calls("CreateToken/refresh_token"); n != 1 {
		t.Errorf("renewals = %d", n)
	}
	// Revoked: the renewal fails too, and a person must sign in.
	w.fake.RevokeSessions()
	w.fake.Advance(2 * time.Hour)
	_, err := s.RoleCredentials(context.Background(), "111111111111", "Admin")
	var lr *LoginRequiredError
	if !errors.As(err, &lr) {
		t.Fatalf("err = %v", err)
	}
}

func TestAssignmentsPagesAndBacksOffThrottling(t *testing.T) {
	w := newWorld(t)
	want := map[string]string{}
	for i := range 300 {
		id := fmt.Sprintf("%012d", 100000000000+i)
		w.fake.AddAccount(id, fmt.Sprintf("acct-%d", i), "Admin", "ReadOnly", "Billing")
		want[id] = "Admin,Billing,ReadOnly"
	}
	w.fake.SetPageSize(7)
	w.fake.SetThrottle(10)
	s := w.service(w.session(), nil)
	w.loginPKCE(s)
	progress := 0
	accounts, err := s.Assignments(context.Background(), ListOptions{Concurrency: 6, Progress: func(done, total int) {
		if done != progress+1 || total != 300 {
			t.Errorf("progress %d/%d after %d", done, total, progress)
		}
		progress = done
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 300 || progress != 300 {
		t.Fatalf("%d accounts, progress %d", len(accounts), progress)
	}
	for _, a := range accounts {
		if got := strings.Join(a.Roles, ","); got != want[a.ID] {
			t.Errorf("%s: roles %q", a.ID, got)
		}
	}
	throttled := 0
	for _, r := range w.fake.Requests() {
		if r.Code == "TooManyRequestsException" {
			throttled++
		}
	}
	if throttled < 30 {
		t.Errorf("only %d throttled calls: the fake did not throttle", throttled)
	}
}

func TestAssignmentsFailWholeOnAnError(t *testing.T) {
	w := newWorld(t)
	w.fake.AddAccount("111111111111", "a", "Admin")
	w.fake.AddAccount("222222222222", "b", "Admin")
	s := w.service(w.session(), nil)
	w.loginPKCE(s)
	w.fake.RevokeSessions()
	w.fake.Advance(2 * time.Hour)
	if accounts, err := s.Assignments(context.Background(), ListOptions{}); err == nil || accounts != nil {
		t.Fatalf("got %d accounts, %v", len(accounts), err)
	}
}

func TestResponsesAreCapped(t *testing.T) {
	huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"roleCredentials":{"accessKeyId":"`)
		chunk := strings.Repeat("A", 1<<16)
		for range 64 { // 4 MiB
			if _, err := fmt.Fprint(w, chunk); err != nil {
				return
			}
		}
		fmt.Fprint(w, `"}}`)
	}))
	defer huge.Close()
	w := newWorld(t)
	s := w.service(w.session(), nil)
	w.loginPKCE(s)
	s.cfg.PortalEndpoint = huge.URL
	s = New(s.cfg)
	_, err := s.RoleCredentials(context.Background(), "111111111111", "Admin")
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("err = %v", err)
	}
}
