package ssosync

import (
	"fmt"
	"sort"
	"strings"

	"github.com/assume-cli/assume/pkg/sso"
)

// DefaultTemplate names a profile after the account and the role.
const DefaultTemplate = "{account_name}-{role_name}"

// placeholders a naming template may use.
var placeholders = []string{"{account_name}", "{account_id}", "{role_name}", "{account_email}"}

// Profile is one generated profile.
type Profile struct {
	Name      string
	AccountID string
	Account   string // account name
	Role      string
}

// CheckTemplate rejects a template with an unknown {placeholder} or none.
func CheckTemplate(tmpl string) error {
	rest := tmpl
	for _, p := range placeholders {
		rest = strings.ReplaceAll(rest, p, "")
	}
	if i := strings.IndexByte(rest, '{'); i >= 0 {
		end := strings.IndexByte(rest[i:], '}')
		bad := rest[i:]
		if end >= 0 {
			bad = rest[i : i+end+1]
		}
		return fmt.Errorf("naming template %q: unknown placeholder %s (use %s)", tmpl, bad, strings.Join(placeholders, ", "))
	}
	if rest == tmpl {
		return fmt.Errorf("naming template %q uses no placeholder (use %s)", tmpl, strings.Join(placeholders, ", "))
	}
	return nil
}

// Name builds the profiles for every account and role: prefix, then the
// template with each value sanitised to a legal profile name. Names that
// collide get the account id, then the role, then a counter appended,
// all members of a collision alike, so the result depends only on the
// listing, never on the order it arrived in. Sorted by name.
func Name(accounts []sso.Account, prefix, tmpl string) ([]Profile, error) {
	if tmpl == "" {
		tmpl = DefaultTemplate
	}
	if err := CheckTemplate(tmpl); err != nil {
		return nil, err
	}
	var out []Profile
	for _, a := range accounts {
		for _, role := range a.Roles {
			name := strings.NewReplacer(
				"{account_name}", sanitize(a.Name, a.ID),
				"{account_id}", a.ID,
				"{role_name}", sanitize(role, "role"),
				"{account_email}", sanitize(a.Email, a.ID),
			).Replace(tmpl)
			out = append(out, Profile{Name: sanitize(prefix+name, a.ID), AccountID: a.ID, Account: a.Name, Role: role})
		}
	}
	disambiguate(out, func(p Profile) string { return p.AccountID })
	disambiguate(out, func(p Profile) string { return sanitize(p.Role, "role") })
	counter(out)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// disambiguate appends "-"+by(p) to every member of a group of equal
// names whose by values differ.
func disambiguate(ps []Profile, by func(Profile) string) {
	groups := map[string][]int{}
	for i, p := range ps {
		groups[p.Name] = append(groups[p.Name], i)
	}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		distinct := map[string]bool{}
		for _, i := range idx {
			distinct[by(ps[i])] = true
		}
		if len(distinct) < 2 {
			continue
		}
		for _, i := range idx {
			ps[i].Name += "-" + by(ps[i])
		}
	}
}

// counter numbers what still collides, in account id then role order.
func counter(ps []Profile) {
	groups := map[string][]int{}
	for i, p := range ps {
		groups[p.Name] = append(groups[p.Name], i)
	}
	taken := map[string]bool{}
	for n := range groups {
		taken[n] = true
	}
	for name, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		sort.Slice(idx, func(a, b int) bool {
			pa, pb := ps[idx[a]], ps[idx[b]]
			if pa.AccountID != pb.AccountID {
				return pa.AccountID < pb.AccountID
			}
			return pa.Role < pb.Role
		})
		n := 1
		for _, i := range idx[1:] {
			for {
				n++
				if candidate := fmt.Sprintf("%s-%d", name, n); !taken[candidate] {
					ps[i].Name, taken[candidate] = candidate, true
					break
				}
			}
		}
	}
}

// sanitize keeps letters, digits, '.', '_' and '-', turns every other run
// of characters into one '-', and trims '-' and '.' at the ends: such a
// name needs no quoting in a section header, a shell or a completion.
// An empty result is replaced by fallback.
func sanitize(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
			dash = r == '-'
		default:
			if !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.Trim(b.String(), "-.")
	if out == "" {
		return fallback
	}
	return out
}
