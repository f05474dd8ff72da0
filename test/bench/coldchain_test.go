package bench

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/assume-cli/assume/internal/fakests"
)

// coldChain is a chain of depth hops (user → hop-1 → … → hop-depth) with
// nothing cached (--no-cache), against a local fake STS: every run makes
// depth AssumeRole calls. Besides the ratio it reports the STS calls per
// run and the wall time per hop, which is what a chain costs beyond
// startup.
func coldChain(b *testing.B, depth int) {
	assume := assumePair(b)
	env := orgHome(b, 10)
	home := strings.TrimPrefix(env[0], "HOME=")
	s, err := fakests.Start()
	must(b, err)
	b.Cleanup(s.Close)
	target, role := addChain(b, s, home, depth)
	env = append(env, "AWS_ENDPOINT_URL_STS="+s.URL())
	args := []string{assume, "--export", "--no-cache", target}
	check := func(stdout []byte) error {
		_, err := exported(s, role, stdout)
		return err
	}

	// The baseline prints what assume prints, as for a cache hit.
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	out, err := cmd.Output()
	must(b, err)
	must(b, check(out))
	mean := ratio(b, env, []string{echoBinary(b, string(out))}, args, check)
	before := s.Calls("AssumeRole")
	cmd = exec.Command(args[0], args[1:]...)
	cmd.Env = env
	must(b, cmd.Run())
	b.ReportMetric(float64(s.Calls("AssumeRole")-before), "sts-calls/run")
	b.ReportMetric(float64(mean.Microseconds())/float64(depth)/1000, "ms/hop")
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
