package picker

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// profileIndex holds the picker's candidates, lower-cased once, so each
// keystroke costs one pass over the names (10,000 in well under a frame).
type profileIndex struct {
	names  []string
	lower  []string
	recent map[string]int // name → position in the MRU list, 0 = latest
}

func newProfileIndex(names, recent []string) *profileIndex {
	ix := &profileIndex{names: names, lower: make([]string, len(names)), recent: map[string]int{}}
	for i, n := range names {
		ix.lower[i] = strings.ToLower(n)
	}
	for i, n := range recent {
		if _, seen := ix.recent[n]; !seen {
			ix.recent[n] = i
		}
	}
	return ix
}

// Match tiers: a better tier always ranks first; within a tier recently
// used names come first, then shorter, then alphabetical.
const (
	tierNone = iota
	tierFuzzy
	tierSubstring
	tierWordSubstring
	tierPrefix
	tierExact
)

type ranked struct {
	name  string
	tier  int
	score int // within tierFuzzy: tighter matches higher
	mru   int
}

// rank returns the names matching query, best first. An empty query lists
// every name, recently used first.
func (ix *profileIndex) rank(query string) []string {
	q := strings.ToLower(query)
	out := make([]ranked, 0, len(ix.names))
	for i, n := range ix.names {
		tier, score := matchTier(ix.lower[i], q)
		if tier == tierNone {
			continue
		}
		mru, ok := ix.recent[n]
		if !ok {
			mru = len(ix.recent) + 1
		}
		out = append(out, ranked{name: n, tier: tier, score: score, mru: mru})
	}
	sort.SliceStable(out, func(a, b int) bool {
		x, y := &out[a], &out[b]
		switch {
		case x.tier != y.tier:
			return x.tier > y.tier
		case x.score != y.score:
			return x.score > y.score
		case x.mru != y.mru:
			return x.mru < y.mru
		case len(x.name) != len(y.name) && q != "":
			return len(x.name) < len(y.name)
		}
		return x.name < y.name
	})
	names := make([]string, len(out))
	for i := range out {
		names[i] = out[i].name
	}
	return names
}

// matchTier classifies how name (lower-cased) contains q (lower-cased).
func matchTier(name, q string) (tier, score int) {
	switch {
	case q == "":
		return tierExact, 0 // every name, ordered by recency alone
	case name == q:
		return tierExact, 0
	case strings.HasPrefix(name, q):
		return tierPrefix, 0
	}
	if i := strings.Index(name, q); i >= 0 {
		for ; i >= 0; i = nextIndex(name, q, i) {
			if isBoundary(name, i) {
				return tierWordSubstring, 0
			}
		}
		return tierSubstring, 0
	}
	if s, ok := fuzzyScore(name, q); ok {
		return tierFuzzy, s
	}
	return tierNone, 0
}

func nextIndex(s, sub string, after int) int {
	j := strings.Index(s[after+1:], sub)
	if j < 0 {
		return -1
	}
	return after + 1 + j
}

// isBoundary: i starts a word of a profile name (prod-admin, team/role).
func isBoundary(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// fuzzyScore matches q's runes in order in name, greedily, rewarding
// runes that start a word or follow the previous match ("stadm" finds
// staging-admin before a name where the letters are scattered).
func fuzzyScore(name, q string) (int, bool) {
	score, pos := 0, 0
	for i, r := range q {
		j := strings.IndexRune(name[pos:], r)
		if j < 0 {
			return 0, false
		}
		at := pos + j
		switch {
		case i > 0 && j == 0:
			score += 3 // right after the previous match
		case isBoundary(name, at):
			score += 2
		default:
			score--
		}
		pos = at + utf8.RuneLen(r)
	}
	return score, true
}
