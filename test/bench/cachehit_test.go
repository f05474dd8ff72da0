package bench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

// cachedRun is `assume --export` of a profile whose session is cached,
// primed so the full program has also left its memo of the run.
type cachedRun struct {
	env  []string
	args []string
	out  []byte // what every hit must print
	akid string // the cached session's access key id
	sts  *fakests.Server
}

// cachedHome is an n-profile organisation config plus a chain of depth
// hops at its very end, the last one's session cached in backend.
func cachedHome(b *testing.B, assume string, n int, backend string, depth int) cachedRun {
	b.Helper()
	env := orgHome(b, n)
	home := strings.TrimPrefix(env[0], "HOME=")
	s, err := fakests.Start()
	must(b, err)
	b.Cleanup(s.Close)
	target, role := addChain(b, s, home, depth)
	env = append(env, "AWS_ENDPOINT_URL_STS="+s.URL())
	env = append(env, backendEnv(b, backend, home)...)
	forgetCached(b, assume, backend, env)
	r := cachedRun{env: env, args: []string{assume, "--export", target}, sts: s}
	r.prime(b, role)
	return r
}

// prime runs the command until it has been a hit twice: the first run
// fetches and stores the session, the first hit writes the memo, the
// second shows the memo answers. Every run's output is checked.
func (r *cachedRun) prime(b *testing.B, role string) {
	b.Helper()
	for run, hits := 0, 0; hits < 2; run++ {
		if run == 6 {
			b.Fatalf("%v: no cache hit in %d runs", r.args, run)
		}
		before := r.sts.Calls("AssumeRole")
		cmd := exec.Command(r.args[0], r.args[1:]...)
		cmd.Env = r.env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %v\n%s", r.args, err, stderr.Bytes())
		}
		akid, err := exported(r.sts, role, out)
		if err != nil {
			b.Fatalf("%v: %v\nstdout: %s\nstderr: %s", r.args, err, out, stderr.Bytes())
		}
		if r.sts.Calls("AssumeRole") != before {
			continue // a miss: fetched and stored
		}
		if r.akid != "" && akid != r.akid {
			b.Fatalf("%v: a hit printed %s, the one before %s", r.args, akid, r.akid)
		}
		r.akid, r.out = akid, out
		hits++
	}
}

// check is ratio's check of a hit: exit 0 (ratio's own) and the cached key.
func (r *cachedRun) check(stdout []byte) error {
	if !bytes.Contains(stdout, []byte("export AWS_ACCESS_KEY_ID="+r.akid+"\n")) && !bytes.Contains(stdout, []byte("export AWS_ACCESS_KEY_ID='"+r.akid+"'\n")) {
		return fmt.Errorf("not the cached session %s", r.akid)
	}
	return nil
}

// measure times the hits against a Go binary printing the same text, and
// reports the STS calls the checked runs made (0 for hits that are hits).
// launcher, if not "", runs both programs (see FirstHit).
func (r *cachedRun) measure(b *testing.B, launcher string) {
	b.Helper()
	baseline, subject := []string{echoBinary(b, string(r.out))}, r.args
	if launcher != "" {
		baseline, subject = append([]string{launcher}, baseline...), append([]string{launcher}, subject...)
	}
	before, calls, runs := r.sts.Calls("AssumeRole"), 0, 0
	ratio(b, r.env, baseline, subject, func(stdout []byte) error {
		calls, runs = r.sts.Calls("AssumeRole")-before, runs+1
		return r.check(stdout)
	})
	b.ReportMetric(float64(calls)/float64(runs), "sts-calls/run")
}

// cacheHit is `assume --export` answered from the cache of backend, the
// profile a one-hop role at the end of an n-profile config.
func cacheHit(b *testing.B, n int, backend string) {
	r := cachedHome(b, assumePair(b), n, backend, 1)
	r.measure(b, "")
}

// echoBinary builds a Go program that prints exactly text: the baseline a
// cache hit is compared with is a process doing nothing but that.
func echoBinary(b *testing.B, text string) string {
	b.Helper()
	return buildProgram(b, "echo", "package main\n\nimport \"os\"\n\nfunc main() { os.Stdout.WriteString("+strconv.Quote(text)+") }\n")
}

func appendFile(b *testing.B, path, text string) {
	b.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	must(b, err)
	defer f.Close()
	_, err = f.WriteString(text)
	must(b, err)
}
