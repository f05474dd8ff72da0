package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

const (
	aliceARN = "arn:aws:iam::111111111111:user/alice"
	aliceMFA = "arn:aws:iam::111111111111:mfa/alice"
	roleA    = "arn:aws:iam::222222222222:role/a"
	roleB    = "arn:aws:iam::333333333333:role/b"
	roleC    = "arn:aws:iam::444444444444:role/c"
	roleMFA  = "arn:aws:iam::222222222222:role/mfa"
)

// strictSandbox points the binary at the strict fake STS with a three-hop
// chain (a → b → c, each with its own external id) and an MFA role.
func strictSandbox(t *testing.T, extra string) (*sandbox, *fakests.Server) {
	t.Helper()
	s := fakests.New(t)
	akid, secret := s.AddUser(aliceARN)
	s.AddMFADevice(aliceMFA, "123456", "654321")
	s.AddRole(fakests.Role{ARN: roleA, Trust: []string{aliceARN}, ExternalID: "ext-a", MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleB, Trust: []string{roleA}, ExternalID: "ext-b", MaxSessionDuration: 12 * time.Hour})
	s.AddRole(fakests.Role{ARN: roleC, Trust: []string{roleB}})
	s.AddRole(fakests.Role{ARN: roleMFA, Trust: []string{aliceARN}, RequireMFA: true})
	config := fmt.Sprintf(`[profile a]
role_arn = %s
source_profile = alice
external_id = ext-a

[profile b]
role_arn = %s
source_profile = a
external_id = ext-b
duration_seconds = 43200

[profile c]
role_arn = %s
source_profile = b
region = eu-central-1

[profile mfa]
role_arn = %s
source_profile = alice
mfa_serial = %s
%s`, roleA, roleB, roleC, roleMFA, aliceMFA, extra)
	creds := fmt.Sprintf("[alice]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret)
	sb := newSandbox(t, config, creds)
	sb.Env["AWS_ENDPOINT_URL_STS"] = s.URL()
	return sb, s
}

func TestChainEvalThenWhoamiFromEnvironment(t *testing.T) {
	sb, s := strictSandbox(t, "")
	r := mustSucceed(t, sb.bash(`set -e
eval "$(assume --export c)"
test "$AWS_REGION" = eu-central-1
assume whoami`))
	if !strings.Contains(r.Stdout, `"arn:aws:sts::444444444444:assumed-role/c/tester@`) {
		t.Fatalf("whoami after eval: %s", r.Stdout)
	}
	if n := s.Calls("AssumeRole"); n != 3 {
		t.Fatalf("AssumeRole calls = %d, want one per hop", n)
	}
	if !strings.Contains(r.Stderr, `profile "b": asked 12h0m0s, requesting 1h0m0s`) {
		t.Fatalf("no notice for the capped hop on stderr: %q", r.Stderr)
	}
}

func TestAWSCLIConsumesCredentialProcessFromStrictSTS(t *testing.T) {
	aws := requireTool(t, "aws")
	sb, _ := strictSandbox(t, "")
	appendConfig(t, sb, fmt.Sprintf("\n[profile tool]\ncredential_process = %s --credential-process c\nregion = us-east-1\n", binary))
	r := mustSucceed(t, sb.exec(aws, "sts", "get-caller-identity", "--profile", "tool", "--output", "json"))
	if id := decodeIdentity(t, r.Stdout); !strings.HasPrefix(id.Arn, "arn:aws:sts::444444444444:assumed-role/c/") {
		t.Fatalf("aws CLI identity %q", id.Arn)
	}
}

func TestMFATokenFlagAndReplayFailsCleanly(t *testing.T) {
	sb, s := strictSandbox(t, "")
	r := mustSucceed(t, sb.run("--export", "--mfa-token", "123456", "mfa"))
	if !strings.Contains(r.Stdout, "export AWS_SESSION_TOKEN=") {
		t.Fatalf("no export: %s", r.Stdout)
	}
	r = sb.run("--export", "--mfa-token", "123456", "mfa", "--no-cache")
	mustFailCleanly(t, r, `profile "mfa"`, "AccessDenied", "MultiFactorAuthentication", "already used")
	// The code goes to the MFA session that signs the role call: the
	// replay fails there, before any AssumeRole.
	if n, g := s.Calls("AssumeRole"), s.Calls("GetSessionToken"); n != 1 || g != 2 {
		t.Fatalf("AssumeRole calls = %d, GetSessionToken calls = %d", n, g)
	}
}

func TestMFAFromEnvironmentVariable(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	sb.Env["ASSUME_MFA_TOKEN"] = "654321"
	mustSucceed(t, sb.run("--export", "mfa"))
}

func TestBadInputFailsBeforeAnyNetworkCall(t *testing.T) {
	cases := []struct {
		name  string
		extra string
		args  []string
		want  []string
	}{
		{"bad mfa token", "", []string{"--mfa-token", "12345", "mfa"}, []string{"--mfa-token", "6 digits"}},
		{"cycle", "\n[profile x]\nrole_arn = " + roleA + "\nsource_profile = y\n\n[profile y]\nrole_arn = " + roleA + "\nsource_profile = x\n",
			[]string{"x"}, []string{`"x"`, "cycle", "x -> y -> x"}},
		{"malformed arn", "\n[profile bad]\nrole_arn = arn:aws:iam::12:role/x\nsource_profile = alice\n",
			[]string{"bad"}, []string{`"bad"`, "config:23", "role_arn"}},
		{"missing source", "\n[profile orphan]\nrole_arn = " + roleA + "\nsource_profile = ghost\n",
			[]string{"orphan"}, []string{`"orphan"`, "ghost"}},
		{"both sources", "\n[profile both]\nrole_arn = " + roleA + "\nsource_profile = alice\ncredential_source = Environment\n",
			[]string{"both"}, []string{`"both"`, "source_profile", "credential_source"}},
		{"duration out of range", "\n[profile short]\nrole_arn = " + roleA + "\nsource_profile = alice\nduration_seconds = 60\n",
			[]string{"short"}, []string{`"short"`, "duration_seconds", "900"}},
		{"bad duration flag", "", []string{"--duration", "soon", "a"}, []string{"--duration"}},
		{"profile twice", "", []string{"-p", "a", "b"}, []string{"profile given twice"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb, s := strictSandbox(t, tc.extra)
			r := sb.run(append([]string{"--export"}, tc.args...)...)
			mustFailCleanly(t, r, tc.want...)
			if n := len(s.Requests()); n != 0 {
				t.Fatalf("%d STS requests for input that is wrong before any call", n)
			}
		})
	}
}

func TestTimeoutFromEnvironmentCutsAHungSTS(t *testing.T) {
	sb, s := strictSandbox(t, "")
	s.SetDelay(5 * time.Second)
	sb.Env["ASSUME_TIMEOUT"] = "300ms"
	start := time.Now()
	r := sb.run("--export", "a")
	mustFailCleanly(t, r, `profile "a"`, "timeout", s.URL())
	if elapsed := time.Since(start); elapsed > 4*time.Second {
		t.Fatalf("took %s: the 300ms timeout did not cut the call", elapsed)
	}
}

func TestTrustFailureShowsCodeAndHint(t *testing.T) {
	sb, _ := strictSandbox(t, "\n[profile wrongext]\nrole_arn = "+roleA+"\nsource_profile = alice\nexternal_id = not-it\n")
	mustFailCleanly(t, sb.run("--export", "wrongext"), `profile "wrongext"`, "AccessDenied", "trust policy", "external_id")
}

func TestExecReceivesOnlyIntendedCredentials(t *testing.T) {
	sb, _ := strictSandbox(t, "")
	sb.Env["AWS_PROFILE"] = "a"
	sb.Env["AWS_SESSION_TOKEN"] = "stale-token"
	sb.Env["AWS_ROLE_ARN"] = "arn:aws:iam::999999999999:role/other"
	r := mustSucceed(t, sb.run("c", "--", "sh", "-c", `printf '%s|%s|%s|%s' "${AWS_PROFILE-unset}" "${AWS_ROLE_ARN-unset}" "$ASSUME_PROFILE" "$AWS_REGION"`))
	if r.Stdout != "unset|unset|c|eu-central-1" {
		t.Fatalf("child environment: %q", r.Stdout)
	}
}

func TestPlanPrintsHopsWithoutSecretsOrNetwork(t *testing.T) {
	sb, s := strictSandbox(t, "")
	r := mustSucceed(t, sb.run("plan", "c"))
	for _, want := range []string{roleA, roleB, roleC, "ext-a", "ext-b", "1h0m0s", "chaining"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("plan lacks %q:\n%s", want, r.Stdout)
		}
	}
	secret := strings.SplitN(strings.Split(readFile(t, sb.Env["AWS_SHARED_CREDENTIALS_FILE"]), "aws_secret_access_key = ")[1], "\n", 2)[0]
	if strings.Contains(r.Stdout+r.Stderr, secret) {
		t.Fatal("plan printed the secret access key")
	}
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("plan made %d STS requests", n)
	}
}
