package bench

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assume-cli/assume/internal/fakests"
)

const benchUser = "arn:aws:iam::111111111111:user/bench"

// hopRole is the role of the i-th hop (from 1) of a benchmark's chain.
func hopRole(i int) string { return fmt.Sprintf("arn:aws:iam::%012d:role/hop-%d", 200000000000+i, i) }

// addChain appends to home's config, at its very end (the worst case for
// finding it), a chain of depth role hops from a user with static keys:
// bench-user → hop-1 (with an external id) → … → hop-depth, each role
// trusting the one before on the fake STS s. It returns the last hop's
// profile and role.
func addChain(b *testing.B, s *fakests.Server, home string, depth int) (target, role string) {
	b.Helper()
	akid, secret := s.AddUser(benchUser)
	var cfg strings.Builder
	source := "bench-user"
	for i := 1; i <= depth; i++ {
		trust := benchUser
		if i > 1 {
			trust = hopRole(i - 1)
		}
		r := fakests.Role{ARN: hopRole(i), Trust: []string{trust}}
		fmt.Fprintf(&cfg, "\n[profile bench-hop-%d]\nrole_arn = %s\nsource_profile = %s\n", i, r.ARN, source)
		if i == 1 {
			r.ExternalID = "ext-bench"
			cfg.WriteString("external_id = ext-bench\n")
		}
		s.AddRole(r)
		source = fmt.Sprintf("bench-hop-%d", i)
	}
	appendFile(b, filepath.Join(home, ".aws", "config"), cfg.String())
	appendFile(b, filepath.Join(home, ".aws", "credentials"), fmt.Sprintf("\n[bench-user]\naws_access_key_id = %s\naws_secret_access_key = %s\n", akid, secret))
	return source, hopRole(depth)
}

// exported checks stdout is what `assume --export` prints for a session
// of role that s issued (sh syntax) and returns its access key id.
func exported(s *fakests.Server, role string, stdout []byte) (akid string, err error) {
	vars := map[string]string{}
	for _, line := range strings.Split(string(stdout), "\n") {
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if ok && strings.HasPrefix(line, "export ") {
			vars[name] = strings.Trim(value, "'\"")
		}
	}
	akid = vars["AWS_ACCESS_KEY_ID"]
	if akid == "" {
		return "", fmt.Errorf("no export AWS_ACCESS_KEY_ID=")
	}
	info, err := s.VerifySession(akid, vars["AWS_SECRET_ACCESS_KEY"], vars["AWS_SESSION_TOKEN"])
	if err != nil {
		return "", fmt.Errorf("the exported credentials: %w", err)
	}
	name := role[strings.LastIndex(role, "/")+1:]
	if info.Kind != fakests.RoleSession || !strings.Contains(info.CallerARN, ":assumed-role/"+name+"/") {
		return "", fmt.Errorf("the exported credentials are %s's (%s), not a session of %s", info.CallerARN, info.Kind, role)
	}
	return akid, nil
}
