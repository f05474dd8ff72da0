package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// regionProfiles are two roles on the same source in two regions.
var regionProfiles = fmt.Sprintf(`
[profile east]
role_arn = %s
source_profile = alice
external_id = ext-a
region = us-east-1

[profile west]
role_arn = %s
source_profile = alice
external_id = ext-a
region = us-west-2
`, roleA, roleA)

// TestRegionFollowsTheProfileInEveryShell: switching profiles with the
// hook (and with eval) gives each profile its own region: the region the
// previous profile exported is not the user's choice. A region the user
// sets by hand still wins. The aws CLI then really signs for that region.
func TestRegionFollowsTheProfileInEveryShell(t *testing.T) {
	forEachShell(t, func(t *testing.T, h hookShell) {
		sb, s := strictSandbox(t, regionProfiles)
		setRegion := "export AWS_REGION=eu-north-1"
		if h.name == "fish" {
			setRegion = "set -gx AWS_REGION eu-north-1"
		}
		r := mustSucceed(t, h.run(t, sb, `assume east
printf 'east=%s\0' "$AWS_REGION"
assume west
printf 'west=%s\0' "$AWS_REGION"
assume east
printf 'east_again=%s\0' "$AWS_REGION"
`+setRegion+`
assume west
printf 'by_hand=%s\0' "$AWS_REGION"
`))
		got := shown(r.Stdout)
		for k, want := range map[string]string{"east": "us-east-1", "west": "us-west-2", "east_again": "us-east-1", "by_hand": "eu-north-1"} {
			if got[k] != want {
				t.Errorf("%s: AWS_REGION=%q, want %q\nstderr: %s", k, got[k], want, r.Stderr)
			}
		}
		// One role session serves both regions: the region is not in the key.
		if n := s.Calls("AssumeRole"); n != 1 {
			t.Errorf("AssumeRole calls = %d, want 1 for two regions of one role", n)
		}
	})
}

func TestAWSCLICallsTheSwitchedProfilesRegion(t *testing.T) {
	aws := requireTool(t, "aws")
	sb, s := strictSandbox(t, regionProfiles)
	sb.Env["PATH"] = sb.Env["PATH"] + ":" + aws[:strings.LastIndex(aws, "/")]
	mustSucceed(t, sb.bash(`set -e
eval "$(assume -x east)"
eval "$(assume -x west)"
test "$AWS_REGION" = us-west-2
aws sts get-caller-identity >/dev/null`))
	reqs := s.Requests()
	last := reqs[len(reqs)-1]
	if last.Action != "GetCallerIdentity" || last.Region != "us-west-2" {
		t.Errorf("the aws CLI signed %s for %q, want us-west-2", last.Action, last.Region)
	}
}
