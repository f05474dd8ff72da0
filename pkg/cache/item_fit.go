package cache

import (
	"strings"
	"unicode/utf8"
)

// ellipsis marks where a shortened name lost something.
const ellipsis = "…"

// fitNames shortens a profile name and a role ARN so that their base64url
// forms and the dot between them take at most budget characters. It is
// deterministic (every run names a session the same way) and keeps what
// `assume sessions` needs to be readable:
//
//  1. both in full when they fit;
//  2. else the role without its path (arn:aws:iam::123456789012:role/…/NAME,
//     the account and the role's name);
//  3. else the profile keeps at least two fifths of the budget (all of it
//     when it is short) and is cut at its end, and the role gets the rest
//     and is cut in its middle, keeping its start (partition, account,
//     resource type) and its end (the role's name).
//
// The whole profile name is identified by the item name's tag, so a
// shortened one still matches `sessions clear PROFILE` exactly.
func fitNames(profile, role string, budget int) (string, string) {
	if b64Len(len(profile))+b64Len(len(role)) <= budget {
		return profile, role
	}
	role = withoutPath(role)
	p, r := b64Len(len(profile)), b64Len(len(role))
	if p+r <= budget {
		return profile, role
	}
	pBudget := min(p, max(budget-r, budget*2/5))
	profile = cutEnd(profile, rawLen(pBudget))
	role = cutMiddle(role, rawLen(budget-b64Len(len(profile))))
	return profile, role
}

// b64Len is the length of n bytes in unpadded base64.
func b64Len(n int) int { return (4*n + 2) / 3 }

// rawLen is the most bytes whose unpadded base64 fits in n characters.
func rawLen(n int) int { return max(0, n) * 3 / 4 }

// withoutPath drops an IAM ARN's path: "arn:aws:iam::1:role/a/b/NAME"
// becomes "arn:aws:iam::1:role/…/NAME". Anything else is returned as is.
func withoutPath(arn string) string {
	colon := strings.LastIndexByte(arn, ':')
	first := strings.IndexByte(arn[colon+1:], '/')
	last := strings.LastIndexByte(arn, '/')
	if !strings.HasPrefix(arn, "arn:") || first < 0 || colon+1+first == last {
		return arn
	}
	return arn[:colon+1+first+1] + ellipsis + arn[last:]
}

// cutEnd keeps the longest start of s that fits in n bytes with the
// ellipsis, on a character boundary.
func cutEnd(s string, n int) string {
	if len(s) <= n {
		return s
	}
	keep := n - len(ellipsis)
	if keep <= 0 {
		return ""
	}
	return validPrefix(s, keep) + ellipsis
}

// cutMiddle keeps the start of s up to its resource type ("…:role/") and
// as much of its end as fits in n bytes, the ellipsis between. Without
// room for that start, it keeps only the end.
func cutMiddle(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= len(ellipsis) {
		return ""
	}
	head := ""
	if colon := strings.LastIndexByte(s, ':'); colon >= 0 {
		if slash := strings.IndexByte(s[colon+1:], '/'); slash >= 0 {
			head = s[:colon+1+slash+1]
		}
	}
	// The end should keep at least a few characters of the name.
	if len(head)+len(ellipsis)+8 > n {
		head = ""
	}
	return head + ellipsis + validSuffix(s[len(head):], n-len(head)-len(ellipsis))
}

// validPrefix is the longest start of s of at most n bytes that does not
// cut a character in two.
func validPrefix(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// validSuffix is the longest end of s of at most n bytes that does not
// cut a character in two.
func validSuffix(s string, n int) string {
	if n >= len(s) {
		return s
	}
	i := len(s) - n
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return s[i:]
}
