package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

// Config cases where assume used to read the shared files otherwise than
// botocore (issue 8), run with the real binary against the strict fake STS.

const (
	pathRoleARN = "arn:aws:iam::222222222222:role/ops~x/deploy"
	parityRole  = "arn:aws:iam::222222222222:role/parity"
)

// paritySandbox is a home whose config is config, whose credentials file
// gives alice's long-term keys as [alice] plus extraCreds, pointed at a
// strict fake STS where alice may assume parityRole and pathRoleARN.
func paritySandbox(t *testing.T, config, extraCreds string) (*sandbox, *fakests.Server, [2]string) {
	t.Helper()
	s := fakests.New(t)
	akid, secret := s.AddUser(aliceARN)
	s.AddRole(fakests.Role{ARN: parityRole, Trust: []string{aliceARN}})
	s.AddRole(fakests.Role{ARN: pathRoleARN, Trust: []string{aliceARN}})
	creds := fmt.Sprintf("[alice]\naws_access_key_id = %s\naws_secret_access_key = %s\n%s", akid, secret, extraCreds)
	sb := newSandbox(t, config, creds)
	sb.Env["AWS_ENDPOINT_URL_STS"] = s.URL()
	return sb, s, [2]string{akid, secret}
}

// lineOf is the 1-based line of text where the line holding s starts.
func lineOf(t *testing.T, text, s string) int {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q is not in the text", s)
	}
	return strings.Count(text[:i], "\n") + 1
}

func lastRequest(t *testing.T, s *fakests.Server, action string) fakests.Request {
	t.Helper()
	reqs := s.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Action == action {
			return reqs[i]
		}
	}
	t.Fatalf("no %s request among %d", action, len(reqs))
	return fakests.Request{}
}

// botocore reads aws_security_token as the session token; so must assume,
// or its calls with temporary keys are refused as InvalidClientTokenId.
func TestAWSSecurityTokenSignsAsTheSessionToken(t *testing.T) {
	config := "[profile viatoken]\nrole_arn = " + parityRole + "\nsource_profile = temp\n"
	sb, s, _ := paritySandbox(t, config, "")
	temp := s.Issue(aliceARN, true)
	if err := os.WriteFile(sb.Env["AWS_SHARED_CREDENTIALS_FILE"], []byte(fmt.Sprintf(
		"[temp]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_security_token = %s\n",
		temp.AccessKeyID, temp.SecretAccessKey, temp.SessionToken)), 0o600); err != nil {
		t.Fatal(err)
	}
	r := mustSucceed(t, sb.run("whoami", "temp"))
	if !strings.Contains(r.Stdout, aliceARN) {
		t.Fatalf("whoami with the legacy token: %s", r.Stdout)
	}
	mustSucceed(t, sb.run("--export", "viatoken"))
	if req := lastRequest(t, s, "AssumeRole"); req.AccessKeyID != temp.AccessKeyID || req.ErrorCode != "" || req.RoleARN != parityRole {
		t.Fatalf("AssumeRole %+v: want it signed with the temporary keys and accepted", req)
	}
}

// IAM paths may hold any printable ASCII; STS and assume accept such a role.
func TestRoleARNWithIAMPathIsAssumed(t *testing.T) {
	config := "[profile pathful]\nrole_arn = " + pathRoleARN + "\nsource_profile = alice\n"
	sb, s, _ := paritySandbox(t, config, "")
	r := mustSucceed(t, sb.run("--export", "pathful"))
	if !strings.Contains(r.Stdout, "export AWS_SESSION_TOKEN=") {
		t.Fatalf("no credentials exported: %s", r.Stdout)
	}
	mustSucceed(t, sb.run("--export", "pathful")) // from the cache: the path survives the cache key
	if n := s.RoleCalls(pathRoleARN); n != 1 {
		t.Fatalf("%d AssumeRole calls for %s, want 1 then a cache hit", n, pathRoleARN)
	}
	if r := mustSucceed(t, sb.run("plan", "pathful")); !strings.Contains(r.Stdout, pathRoleARN) {
		t.Fatalf("plan does not show the role: %s", r.Stdout)
	}
}

// A source profile holding half a key pair (and a role of its own) is
// refused as botocore refuses it, not walked through to the next source.
func TestPartialSourceKeysAreRefusedBeforeAnyCall(t *testing.T) {
	config := "[profile r]\nrole_arn = " + parityRole + "\nsource_profile = half\n\n" +
		"[profile half]\naws_access_key_id = AKIAEXAMPLEHALF\nrole_arn = " + parityRole + "\nsource_profile = alice\n"
	sb, s, _ := paritySandbox(t, config, "")
	line := lineOf(t, config, "aws_access_key_id = AKIAEXAMPLEHALF")
	mustFailCleanly(t, sb.run("--export", "r"), `profile "half"`, fmt.Sprintf("config:%d", line), "partial credentials")
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d STS requests for a config that is wrong before any call", n)
	}
}

// botocore takes " # prod" as part of the role ARN; assume refuses it with
// the place to fix instead of sending it or silently cutting it.
func TestInlineCommentInRoleARNIsRefused(t *testing.T) {
	config := "[profile commented]\nrole_arn = " + parityRole + " # prod\nsource_profile = alice\n"
	sb, s, _ := paritySandbox(t, config, "")
	mustFailCleanly(t, sb.run("--export", "commented"), `profile "commented"`, "config:2",
		"inline comments are not comments in AWS config files")
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d STS requests for a config that is wrong before any call", n)
	}
}

// credential_process is taken whole, " ; " and all: the first command
// leaves a mark, the second prints the credentials.
func TestCredentialProcessWithSemicolonRunsWhole(t *testing.T) {
	dir := t.TempDir()
	mark, creds := filepath.Join(dir, "first-ran"), filepath.Join(dir, "creds.json")
	config := fmt.Sprintf("[profile proc]\ncredential_process = touch %s ; cat %s\n\n[profile viaproc]\nrole_arn = %s\nsource_profile = proc\n",
		mark, creds, parityRole)
	sb, s, keys := paritySandbox(t, config, "")
	body, err := json.Marshal(map[string]any{"Version": 1, "AccessKeyId": keys[0], "SecretAccessKey": keys[1]})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(creds, body, 0o600); err != nil {
		t.Fatal(err)
	}
	mustSucceed(t, sb.run("--export", "viaproc"))
	if _, err := os.Stat(mark); err != nil {
		t.Fatalf("the command before ' ; ' did not run: %v", err)
	}
	if req := lastRequest(t, s, "AssumeRole"); req.AccessKeyID != keys[0] || req.ErrorCode != "" {
		t.Fatalf("AssumeRole %+v: want it signed with the keys the command after ' ; ' printed", req)
	}
}

// A header missing its "]" and a key line missing its "=" are named at
// their own lines, by the profile command and by doctor.
func TestMalformedHeaderAndLineAreNamed(t *testing.T) {
	config := "[default]\nregion = us-east-1\n\n[profile default]\nregion = eu-west-1\n\n" +
		"[profile noeq]\nregion = eu-west-1\nsource_profile alice\n\n" +
		"[profile broken\nrole_arn = " + parityRole + "\nsource_profile = alice\n"
	sb, s, _ := paritySandbox(t, config, "")
	cfg := sb.Env["AWS_CONFIG_FILE"]
	header := lineOf(t, config, "[profile broken")
	noEq := lineOf(t, config, "source_profile alice")

	mustFailCleanly(t, sb.run("--export", "broken"), `unknown profile "broken"`,
		fmt.Sprintf("%s:%d", cfg, header), `"[profile broken" has no closing "]"`)
	mustFailCleanly(t, sb.run("--export", "noeq"), `profile "noeq"`,
		fmt.Sprintf("%s:%d", cfg, noEq), `line has no "="`, "write source_profile = VALUE")
	if n := len(s.Requests()); n != 0 {
		t.Fatalf("%d STS requests for configs that are wrong before any call", n)
	}

	r := sb.run("doctor", "--json")
	var fs []doctorFinding
	if err := json.Unmarshal([]byte(r.Stdout), &fs); err != nil {
		t.Fatalf("doctor --json does not parse: %v\n%s\n%s", err, r.Stdout, r.Stderr)
	}
	want := map[string]int{"malformed-header": header, "malformed-line": noEq, "duplicate-default": 1}
	for _, f := range fs {
		if line, ok := want[f.Code]; ok && f.File == cfg && f.Line == line {
			delete(want, f.Code)
		}
	}
	if len(want) != 0 {
		t.Fatalf("doctor does not report %v:\n%s", want, r.Stdout)
	}
}
