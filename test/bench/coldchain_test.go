package bench

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// BenchmarkColdChain3 is a three-hop chain (user → a → b → c) with nothing
// cached (--no-cache), against a local fake STS: every run makes three
// AssumeRole calls. Besides the ratio it reports the STS calls per run and
// the wall time per hop, which is what a chain costs beyond startup.
func BenchmarkColdChain3(b *testing.B) {
	assume, _ := binaries(b)
	env := orgHome(b, 10)
	home := strings.TrimPrefix(env[0], "HOME=")
	s, err := fakests.Start()
	must(b, err)
	b.Cleanup(s.Close)
	const (
		user  = "arn:aws:iam::111111111111:user/bench"
		roleA = "arn:aws:iam::222222222222:role/a"
		roleB = "arn:aws:iam::333333333333:role/b"
		roleC = "arn:aws:iam::444444444444:role/c"
	)
	akid, secret := s.AddUser(user)
	s.AddRole(fakests.Role{ARN: roleA, Trust: []string{user}, ExternalID: "ext-a"})
	s.AddRole(fakests.Role{ARN: roleB, Trust: []string{roleA}})
	s.AddRole(fakests.Role{ARN: roleC, Trust: []string{roleB}})
	appendFile(b, filepath.Join(home, ".aws", "config"), fmt.Sprintf(`
[profile chain-a]
role_arn = %s
source_profile = chain-user
external_id = ext-a

[profile chain-b]
role_arn = %s
source_profile = chain-a

[profile chain-c]
role_arn = %s
source_profile = chain-b
`, roleA, roleB, roleC))
	appendFile(b, filepath.Join(home, ".aws", "credentials"), fmt.Sprintf("\n[chain-user]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	env = append(env, "AWS_ENDPOINT_URL_STS="+s.URL())
	args := []string{assume, "--export", "--no-cache", "chain-c"}

	// The baseline prints what assume prints, as for a cache hit.
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	out, err := cmd.Output()
	must(b, err)
	mean := ratio(b, env, []string{echoBinary(b, string(out))}, args)
	before := s.Calls("AssumeRole")
	cmd = exec.Command(args[0], args[1:]...)
	cmd.Env = env
	must(b, cmd.Run())
	b.ReportMetric(float64(s.Calls("AssumeRole")-before), "sts-calls/run")
	b.ReportMetric(float64(mean.Microseconds())/3/1000, "ms/hop")
	b.ReportMetric(stsTimePerCall(b, append(env, "ASSUME_DEBUG=1"), args, 20), "ms-sts/hop")
}

// stsLine is a --debug line of one AssumeRole call; its elapsed time (as
// assume saw it: signing, HTTP, parsing) is the field before the outcome.
var stsLine = regexp.MustCompile(`sts AssumeRole .*, ([0-9.]+(?:µs|ms|s)): \{`)

// stsTimePerCall runs args n times with the debug log on and returns the
// mean time of an AssumeRole call in milliseconds, read from the log.
func stsTimePerCall(b *testing.B, env, args []string, n int) float64 {
	b.Helper()
	var total time.Duration
	calls := 0
	for i := 0; i < n; i++ {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		must(b, cmd.Run())
		for _, m := range stsLine.FindAllStringSubmatch(stderr.String(), -1) {
			d, err := time.ParseDuration(m[1])
			must(b, err)
			total += d
			calls++
		}
	}
	if calls == 0 {
		b.Fatal("no AssumeRole call in the debug log")
	}
	return float64(total.Microseconds()) / float64(calls) / 1000
}
