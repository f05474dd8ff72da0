package profiles

import (
	"fmt"
	"sort"
	"strings"
)

// unknownProfile builds the error for a name in neither file, suggesting up
// to three near names.
func (c *Config) unknownProfile(name string) error {
	f := c.Files()
	e := &ConfigError{
		Profile: name,
		Msg:     fmt.Sprintf("unknown profile %s (not in %s or %s)", quote(name), f.Config, f.Credentials),
		Err:     ErrUnknownProfile,
	}
	for i := range c.sections {
		s := &c.sections[i]
		if s.kind == secIgnored && s.file == fileConfig && s.name == name {
			e.Hint = fmt.Sprintf("%s:%d has [%s]; in the config file write [profile %s]", f.Config, s.line, name, name)
			return e
		}
		if hp, ok := c.diagnoseHeader(s); ok && hp.Meant == name {
			e.At = Location{File: c.files[s.file].name, Line: int(s.line)}
			e.Hint = fmt.Sprintf("%s: %s; %s", e.At, hp.Problem, hp.Fix)
			return e
		}
	}
	names := c.Names()
	if near := suggest(name, names, 3); len(near) > 0 {
		e.Hint = "did you mean " + strings.Join(near, ", ") + "?"
	} else if len(names) == 0 {
		e.Hint = "no profiles are configured; run `aws configure --profile " + name + "`"
	}
	return e
}

// suggest returns up to max names close to name by edit distance, or sharing
// a prefix with it, best first.
func suggest(name string, names []string, limitN int) []string {
	type cand struct {
		n string
		d int
	}
	limit := min(max(len(name)/4, 1), 3)
	lname := strings.ToLower(name)
	var cs []cand
	for _, n := range names {
		ln := strings.ToLower(n)
		d := editDistance(lname, ln, limit)
		if ln == lname {
			d = 0 // only case differs: the best hint of all
		} else if d > limit && len(name) >= 3 && (strings.HasPrefix(ln, lname) || strings.HasPrefix(lname, ln)) {
			d = limit
		}
		if d <= limit {
			cs = append(cs, cand{n, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].d != cs[j].d {
			return cs[i].d < cs[j].d
		}
		return cs[i].n < cs[j].n
	})
	var out []string
	for i := 0; i < len(cs) && i < limitN; i++ {
		out = append(out, cs[i].n)
	}
	return out
}

// editDistance is the optimal-string-alignment distance (Levenshtein plus
// adjacent transpositions, the commonest typo) over bytes. It gives up,
// returning limit+1, once the result must exceed limit, so checking 10,000
// names stays cheap.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// quote prints a name with Go quoting so control characters stay visible.
func quote(s string) string { return fmt.Sprintf("%q", s) }
