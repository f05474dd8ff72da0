package e2e

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// consumeFor is how long each consumer keeps calling: four role lifetimes.
const consumeFor = 4 * roleLifetime

// The aws CLI (botocore's container provider) runs sts get-caller-identity
// every second under `assume c --server` for four role lifetimes.
func TestServerAWSCLIThroughRenewals(t *testing.T) {
	t.Parallel()
	aws := requireTool(t, "aws")
	c := newServedChain(t)
	script := fmt.Sprintf(`
env | grep '^AWS_' | cut -d= -f1 | sort | tr '\n' ' '; echo
ok=0 fail=0
end=$(( $(date +%%s) + %d ))
while [ "$(date +%%s)" -lt "$end" ]; do
  if out=$(%s sts get-caller-identity --output text --query Arn 2>&1); then ok=$((ok+1)); echo "$out" >> "$HOME/arns"
  else fail=$((fail+1)); echo "$out" >&2; fi
  sleep 1
done
echo "ok=$ok fail=$fail"`, int(consumeFor.Seconds()), aws)
	start := time.Now()
	r := mustSucceed(t, c.sb.run("c", "--server", "--refresh-margin", serverMarginFl, "--", "sh", "-c", script))
	elapsed := time.Since(start)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	names, summary := lines[0], lines[len(lines)-1]
	for _, want := range []string{"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION", "AWS_ENDPOINT_URL_STS"} {
		if !strings.Contains(names, want) {
			t.Errorf("the child lacks %s: %s", want, names)
		}
	}
	for _, bad := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"} {
		if strings.Contains(names, bad) {
			t.Errorf("the child has %s: SDKs would use it instead of the server", bad)
		}
	}
	m := regexp.MustCompile(`^ok=(\d+) fail=(\d+)$`).FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("no summary: %q\nstderr: %s", r.Stdout, r.Stderr)
	}
	var ok, fail int
	fmt.Sscan(m[1], &ok)
	fmt.Sscan(m[2], &fail)
	if fail != 0 || ok < int(consumeFor/roleLifetime) {
		t.Fatalf("aws CLI: %d ok, %d failed\nstderr: %s", ok, fail, r.Stderr)
	}
	arns := strings.Fields(readFile(t, c.sb.Home+"/arns"))
	for _, a := range arns {
		if !strings.HasPrefix(a, "arn:aws:sts::444444444444:assumed-role/c/") {
			t.Fatalf("aws CLI saw %q", a)
		}
	}
	keys := c.keysSeenByGetCallerIdentity()
	calls := c.checkRenewals(t, elapsed)
	t.Logf("aws CLI: %d calls, %d failures, over %s; %d distinct access keys signed them; AssumeRole per hop %v; GetSessionToken %d; MFA codes %d",
		ok+fail, fail, elapsed.Round(time.Second), len(keys), calls, c.sts.Calls("GetSessionToken"), c.codes(t))
	if len(keys) < int(consumeFor/roleLifetime) {
		t.Errorf("the aws CLI calls were signed by %d sets of credentials over %s: the renewals did not reach it", len(keys), elapsed)
	}
}

// keysSeenByGetCallerIdentity are the distinct access keys that signed the
// consumers' calls.
func (c *servedChain) keysSeenByGetCallerIdentity() []string {
	seen := map[string]bool{}
	var keys []string
	for _, r := range c.sts.Requests() {
		if r.Action == "GetCallerIdentity" && !seen[r.AccessKeyID] {
			seen[r.AccessKeyID] = true
			keys = append(keys, r.AccessKeyID)
		}
	}
	return keys
}

// A long-lived aws-sdk-go-v2 client does the same in one process: its
// credentials cache refreshes from the server.
func TestServerGoSDKThroughRenewals(t *testing.T) {
	t.Parallel()
	c := newServedChain(t)
	consumer := sdkConsumer(t)
	start := time.Now()
	r := mustSucceed(t, c.sb.run("c", "--server", "--refresh-margin", serverMarginFl, "--", consumer, "-duration", consumeFor.String(), "-interval", "1s"))
	elapsed := time.Since(start)
	var rep struct {
		Calls, Failures int
		Errors          []string
		AccessKeys      []string `json:"access_keys"`
		Arn             string
	}
	if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
		t.Fatalf("consumer output %q: %v\nstderr: %s", r.Stdout, err, r.Stderr)
	}
	if rep.Failures != 0 || rep.Calls < int(consumeFor/time.Second)/2 || !strings.HasPrefix(rep.Arn, "arn:aws:sts::444444444444:assumed-role/c/") {
		t.Fatalf("Go SDK: %+v\nstderr: %s", rep, r.Stderr)
	}
	calls := c.checkRenewals(t, elapsed)
	t.Logf("Go SDK: %d calls, %d failures, over %s; %d access keys in its cache; AssumeRole per hop %v; GetSessionToken %d; MFA codes %d",
		rep.Calls, rep.Failures, elapsed.Round(time.Second), len(rep.AccessKeys), calls, c.sts.Calls("GetSessionToken"), c.codes(t))
	if len(rep.AccessKeys) < int(consumeFor/roleLifetime) {
		t.Errorf("the client held %d sets of credentials over %s: it never refreshed", len(rep.AccessKeys), elapsed)
	}
}

// Eight clients asking at once while a renewal is under way share it:
// one STS call per hop.
func TestServerParallelClientsShareOneRenewal(t *testing.T) {
	t.Parallel()
	c := newServedChain(t)
	c.sts.SetDelay(400 * time.Millisecond) // a renewal (three hops) takes over a second
	consumer := sdkConsumer(t)
	r := mustSucceed(t, c.sb.run("c", "--server", "--refresh-margin", serverMarginFl, "--", consumer, "-parallel", "8", "-renew", serverMargin.String()))
	var rep struct {
		Before  string
		Clients []struct {
			AccessKey  string `json:"access_key"`
			Error      string
			Start, End time.Time
		}
	}
	if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil || len(rep.Clients) != 8 {
		t.Fatalf("consumer output %q: %v\nstderr: %s", r.Stdout, err, r.Stderr)
	}
	firstDone := rep.Clients[0].End
	for _, cl := range rep.Clients {
		if cl.End.Before(firstDone) {
			firstDone = cl.End
		}
	}
	for i, cl := range rep.Clients {
		if cl.Error != "" || cl.AccessKey != rep.Clients[0].AccessKey || cl.AccessKey == rep.Before {
			t.Errorf("client %d: key %s (before the renewal %s), error %q", i, cl.AccessKey, rep.Before, cl.Error)
		}
		if !cl.Start.Before(firstDone) {
			t.Errorf("client %d asked after the renewal had ended: not a parallel request", i)
		}
	}
	if calls := c.hopCalls(); calls != [3]int{2, 2, 2} {
		t.Errorf("AssumeRole calls per hop = %v, want 2 each: the first set and one shared renewal", calls)
	}
	if n := c.sts.Calls("GetSessionToken"); n != 1 || c.codes(t) != 1 {
		t.Errorf("GetSessionToken %d, codes %d", n, c.codes(t))
	}
	t.Logf("8 parallel clients during a renewal: AssumeRole per hop %v, all got %s", c.hopCalls(), rep.Clients[0].AccessKey)
}
